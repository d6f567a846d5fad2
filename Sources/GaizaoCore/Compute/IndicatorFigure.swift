import Foundation

/// Progress colour of a figure against time progress.
public enum Status: String, Codable, Sendable {
    case green, yellow, red

    public var chinese: String {
        switch self {
        case .green: return "绿"
        case .yellow: return "黄"
        case .red: return "红"
        }
    }
}

/// One indicator's figures for one scope and month: a row of `indicators.json` (SPEC §7).
public struct IndicatorFigure: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var unit: String
    /// `total` or a unit code.
    public var scope: String
    public var scopeName: String
    public var yearTarget: Double?
    public var monthValue: Double?
    public var ytd: Double?
    public var planToDate: Double?
    public var planTarget: Double?
    public var completion: Double?
    public var timeProgress: Double
    public var gapPP: Double?
    public var status: Status?
    public var rank: Int?
    /// Extra context for the workbook, not part of the JSON contract.
    public var lead: String?
    public var carriedForward: Bool = false

    /// plan-to-date / T(plan end).
    public var planCompletion: Double? {
        guard let p = planToDate, let t = planTarget, t != 0 else { return nil }
        return p / t
    }

    public var json: JSON {
        .object([
            ("code", .string(code)), ("name", .string(name)), ("unit", .string(unit)), ("scope", .string(scope)),
            ("scope_name", .string(scopeName)), ("year_target", .optional(yearTarget)),
            ("month_value", .optional(monthValue)), ("ytd", .optional(ytd)), ("plan_to_date", .optional(planToDate)),
            ("plan_target", .optional(planTarget)), ("completion", .optional(completion)),
            ("time_progress", .number(timeProgress)), ("gap_pp", .optional(gapPP)),
            ("status", .optional(status?.rawValue)), ("rank", .optional(rank)),
        ])
    }
}

/// SPEC §6 formulas that turn accrued values and targets into progress.
public enum Progress {
    /// 序时进度 = m / 12.
    public static func timeProgress(_ p: Period) -> Double { Double(p.month) / 12 }

    /// 年度目标: T(Y) for `year`, T(Y) − T(Y−1) for `plan` (T before the plan's first year is 0).
    public static func yearTarget(_ targets: Targets, accumulate: Indicator.Accumulate, year: Int,
                                  plan: Plan) -> Double? {
        switch accumulate {
        case .year:
            return targets.value(year, originYear: nil)
        case .plan:
            let origin = plan.start.year - 1
            guard year > origin, let t = targets.value(year, originYear: origin) else { return nil }
            let before = year - 1 <= origin ? 0 : (targets.value(year - 1, originYear: origin) ?? 0)
            return t - before
        }
    }

    /// 规划期目标: T(plan end) for milestones; the sum of the years for annual targets.
    public static func planTarget(_ targets: Targets, accumulate: Indicator.Accumulate, plan: Plan) -> Double? {
        switch accumulate {
        case .plan: return targets.value(plan.end.year, originYear: plan.start.year - 1)
        case .year:
            let years = (plan.start.year...plan.end.year).compactMap { targets.value($0, originYear: nil) }
            return years.isEmpty ? nil : years.reduce(0, +)
        }
    }

    public static func completion(_ value: Double?, target: Double?) -> Double? {
        guard let v = value, let t = target, t != 0 else { return nil }
        return v / t
    }

    public static func status(gap: Double?, thresholds: Thresholds) -> Status? {
        guard let g = gap else { return nil }
        if g >= thresholds.green { return .green }
        if g >= thresholds.yellow { return .yellow }
        return .red
    }

    /// Ranks by descending value; ties share a rank (1, 2, 2, 4); nil values get no rank.
    public static func ranks(_ values: [Double?]) -> [Int?] {
        values.map { v in
            guard let v else { return nil }
            return 1 + values.filter { ($0 ?? -.infinity) > v + 1e-12 }.count
        }
    }
}

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

/// What a rate figure is combined from (the sums over its units), so the level above adds these and divides once
/// instead of averaging rates (上报表). A level has none: it is listed per unit, not totalled.
public enum Components: Codable, Sendable, Equatable {
    case ratio(numerator: Double, denominator: Double)
    case growth(current: Double, previous: Double)
    /// An intensity's use and its base (能耗 and 增加值) now and in the base year's same month.
    case decline(use: Double, per: Double, baseUse: Double, basePer: Double)

    /// The rate the components give, as a fraction (0.12 for 12%); nil when a divisor is zero. The one formula for
    /// compute's totals, the 上报表's own rows and the check on them at the level above.
    public var rate: Double? {
        switch self {
        case .ratio(let n, let d): return d == 0 ? nil : n / d
        case .growth(let a, let b): return b == 0 ? nil : a / b - 1
        case .decline(let e, let v, let eb, let vb): return v == 0 || eb == 0 || vb == 0 ? nil : 1 - (e / v) / (eb / vb)
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
    /// 环比: change of the month's value (count, sum) or of the value (other kinds) from last month.
    public var monthOnMonth: Double?
    /// 同比: year-to-date against the same months of last year, as a rate (count, sum); change of the value otherwise.
    public var yearOnYear: Double?
    /// The parts a rate kind's value is combined from (stored with the figure, written to the 上报表).
    public var components: Components?

    public init(code: String, name: String, unit: String, scope: String, scopeName: String, yearTarget: Double?,
                monthValue: Double?, ytd: Double?, planToDate: Double?, planTarget: Double?, completion: Double?,
                timeProgress: Double, gapPP: Double?, status: Status?, rank: Int?, lead: String?, carriedForward: Bool = false,
                monthOnMonth: Double? = nil, yearOnYear: Double? = nil) {
        self.code = code
        self.name = name
        self.unit = unit
        self.scope = scope
        self.scopeName = scopeName
        self.yearTarget = yearTarget
        self.monthValue = monthValue
        self.ytd = ytd
        self.planToDate = planToDate
        self.planTarget = planTarget
        self.completion = completion
        self.timeProgress = timeProgress
        self.gapPP = gapPP
        self.status = status
        self.rank = rank
        self.lead = lead
        self.carriedForward = carriedForward
        self.monthOnMonth = monthOnMonth
        self.yearOnYear = yearOnYear
    }

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
            ("carried_forward", .bool(carriedForward)),
        ])
    }
}

/// SPEC §6 formulas that turn accrued values and targets into progress.
public enum Progress {
    /// 序时进度 = m / 12.
    public static func timeProgress(_ p: Period) -> Double { Double(p.month) / 12 }

    /// T(year) as the targets state it: milestones from the plan start (`plan`, T before the plan = 0),
    /// annual figures (`year`), or figures measured from the base year (`base`, T(base year) = 0).
    public static func target(_ targets: Targets, accumulate: Indicator.Accumulate, year: Int, plan: Plan,
                              baseValue: Double = 0) -> Double? {
        switch accumulate {
        case .year: return targets.value(year, originYear: nil)
        case .plan:
            let origin = plan.start.year - 1
            return year <= origin ? nil : targets.value(year, originYear: origin)
        case .base:
            return year <= plan.baseYear ? nil : targets.value(year, originYear: plan.baseYear, origin: baseValue)
        }
    }

    /// 年度目标: for count and sum kinds under `plan`, T(Y) − T(Y−1) (T(plan start − 1) = 0); otherwise T(Y).
    public static func yearTarget(_ targets: Targets, accumulate: Indicator.Accumulate, year: Int, plan: Plan,
                                  accrued: Bool = true, baseValue: Double = 0) -> Double? {
        guard let t = target(targets, accumulate: accumulate, year: year, plan: plan, baseValue: baseValue) else { return nil }
        guard accrued, accumulate == .plan else { return t }
        let before = year - 1 < plan.start.year ? 0 : (target(targets, accumulate: .plan, year: year - 1, plan: plan) ?? 0)
        return t - before
    }

    /// 规划期目标: T(plan end), or the sum of the years for annual count and sum targets.
    public static func planTarget(_ targets: Targets, accumulate: Indicator.Accumulate, plan: Plan,
                                  accrued: Bool = true) -> Double? {
        if accrued, accumulate == .year {
            let years = (plan.start.year...plan.end.year).compactMap { targets.value($0, originYear: nil) }
            return years.isEmpty ? nil : years.reduce(0, +)
        }
        return target(targets, accumulate: accumulate, year: plan.end.year, plan: plan)
    }

    /// The plan-to-date milestone at the end of `year` (the cumulative figure the plan wants by then), for what
    /// accrues: a shortfall of an earlier year stays visible against it, where the year's own target starts afresh.
    public static func milestone(_ targets: Targets, accumulate: Indicator.Accumulate, year: Int, plan: Plan) -> Double? {
        switch accumulate {
        case .year:
            let years = (plan.start.year...max(plan.start.year, year)).compactMap { targets.value($0, originYear: nil) }
            return years.isEmpty ? nil : years.reduce(0, +)
        case .plan: return target(targets, accumulate: .plan, year: year, plan: plan)
        case .base: return nil
        }
    }

    /// 完成率: value / target; lower-is-better: (baseline − value) / (baseline − target).
    public static func completion(_ value: Double?, target: Double?, baseline: Double? = nil) -> Double? {
        guard let v = value, let t = target else { return nil }
        if let b = baseline {
            return b == t ? nil : (b - v) / (b - t)
        }
        return t == 0 ? nil : v / t
    }

    /// 进度差 in percentage points: against time progress for count and sum kinds, against 100% otherwise.
    public static func gap(_ completion: Double?, timeProgress: Double, againstTime: Bool) -> Double? {
        completion.map { ($0 - (againstTime ? timeProgress : 1)) * 100 }
    }

    public static func status(gap: Double?, thresholds: Thresholds) -> Status? {
        guard let g = gap else { return nil }
        if g >= thresholds.green - 1e-9 { return .green }
        if g >= thresholds.yellow - 1e-9 { return .yellow }
        return .red
    }

    /// Ranks by descending value; ties share a rank (1, 2, 2, 4); nil values get no rank.
    public static func ranks(_ values: [Double?]) -> [Int?] {
        values.map { v in
            guard let v else { return nil }
            return 1 + values.filter { ($0 ?? -.infinity) > v + 1e-12 }.count
        }
    }

    /// Town race composite: weighted mean of completion clamped to [0, 1.2] over the race indicators a town has a
    /// completion for; nil when it has none.
    public static func composite(_ completions: [(completion: Double?, weight: Double)]) -> Double? {
        // Capped at 120% so one runaway figure cannot carry a town, floored at 0 so one negative growth cannot sink it.
        let present = completions.compactMap { c in c.completion.map { (min(max($0, 0), 1.2), c.weight) } }
        let weight = present.reduce(0) { $0 + $1.1 }
        guard weight > 0 else { return nil }
        return present.reduce(0) { $0 + $1.0 * $1.1 } / weight
    }
}

/// One town's place in the race (镇街赛马).
public struct RaceStanding: Sendable, Equatable {
    public var unit: String
    public var name: String
    public var score: Double?
    public var rank: Int?

    /// Standings of every ranked unit (`Pipeline.rankedKind`) from the month's figures, in unit order.
    public static func standings(_ figures: [IndicatorFigure], pipeline: Pipeline) -> [RaceStanding] {
        let race = pipeline.indicators.filter { $0.raceWeight != nil && !$0.hidden }
        let kind = pipeline.rankedKind
        let units = pipeline.units.filter { $0.kind == kind }
        let scores = units.map { u in
            Progress.composite(race.map { ind in
                (figures.first { $0.code == ind.code && $0.scope == u.code }?.completion, ind.raceWeight ?? 0)
            })
        }
        let ranks = Progress.ranks(scores)
        return units.indices.map { RaceStanding(unit: units[$0].code, name: units[$0].name, score: scores[$0], rank: ranks[$0]) }
    }
}

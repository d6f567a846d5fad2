import CSVStream
import Foundation

/// One programme: its units, submission templates, indicators and targets (`pipelines/<id>.yaml`).
public struct Pipeline: Sendable {
    public var id: String
    public var title: String
    public var region: Region
    public var plan: Plan
    public var deadlineDay: Int
    public var thresholds: Thresholds
    public var outlierFactor: Double
    public var units: [Unit]
    public var templates: [Template]
    public var indicators: [Indicator]
    /// Per-unit targets from `<id>.targets.csv`, keyed by indicator code then unit code.
    public var unitTargets: [String: [String: Targets]] = [:]
    /// Where the file was read from (for messages).
    public var source: String = ""
    /// Caps on one submitted file (`limits:` in the pipeline file).
    public var limits = CSVLimits()
    /// Also write 季度通报.txt at the end of each quarter (月度监测、季度通报、年度考核).
    public var quarterlyNotice = false
    /// The snapshot template listed row by row in the workbook (项目清单); default: the first snapshot template.
    public var detailTemplate: String?
    /// Source lines of pipeline parts (`indicators.3.measure`, `templates.projects`), for messages.
    public var lines: [String: Int] = [:]

    public func unit(code: String) -> Unit? { units.first { $0.code == code } }
    /// The unit's name for a code, the code itself when unknown, "" for none.
    public func unitName(_ code: String?) -> String { code.map { unit(code: $0)?.name ?? $0 } ?? "" }
    public func template(id: String) -> Template? { templates.first { $0.id == id } }
    public func indicator(code: String) -> Indicator? { indicators.first { $0.code == code } }
    public var towns: [Unit] { units.filter { $0.kind == "town" } }

    /// The unit whose code, name or alias equals `text` after normalisation.
    public func unit(named text: String) -> Unit? {
        let t = Normalise.header(text)
        return units.first { u in
            Normalise.header(u.code) == t || Normalise.header(u.name) == t || u.aliases.contains { Normalise.header($0) == t }
        }
    }

    /// When month `period`'s submissions are due, as the UTC ISO 8601 instant `received_at` is compared with:
    /// the end of day `deadline_day` of the next month in China (UTC+8).
    public func deadline(for period: Period) -> String {
        String(format: "%@-%02dT16:00:00Z", period.next.description, deadlineDay)
    }

    /// Units expected to submit `template`.
    public func submitters(of template: Template) -> [Unit] {
        units.filter { template.submittedBy.contains($0.kind) || template.submittedBy.contains($0.code) }
    }
}

public struct Region: Codable, Sendable {
    public var code: String
    public var name: String
}

/// The plan period: targets count from `start`; `baseYear` anchors declines and growth.
public struct Plan: Codable, Sendable {
    public var start: Period
    public var end: Period
    public var baseYear: Int

    enum CodingKeys: String, CodingKey { case start, end, baseYear = "base_year" }
}

/// Gap thresholds in percentage points: green at or above `green`, yellow at or above `yellow`, red below.
public struct Thresholds: Codable, Sendable {
    public var green: Double = 0
    public var yellow: Double = -10

    public init(green: Double = 0, yellow: Double = -10) {
        self.green = green
        self.yellow = yellow
    }
}

/// A town, street or department that submits or leads.
public struct Unit: Codable, Sendable, Hashable {
    public var code: String
    public var name: String
    /// `town` (镇/街道) or `department` (部门).
    public var kind: String
    public var aliases: [String] = []

    public init(code: String, name: String, kind: String, aliases: [String] = []) {
        self.code = code
        self.name = name
        self.kind = kind
        self.aliases = aliases
    }

    enum CodingKeys: String, CodingKey { case code, name, kind, aliases }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        code = try c.decode(String.self, forKey: .code)
        name = try c.decode(String.self, forKey: .name)
        kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? "town"
        aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
    }
}

/// A submission template: the columns a CSV must carry and how its rows add up over months.
public struct Template: Sendable {
    public enum Mode: String, Codable, Sendable {
        /// Each file replaces the unit's whole ledger.
        case snapshot
        /// One row per month (统计月份); values are that month's.
        case increment
    }

    public var id: String
    public var title: String
    /// Unit kinds (`town`, `department`) or unit codes expected to submit.
    public var submittedBy: [String]
    public var mode: Mode
    public var key: [String]
    /// Column naming the unit a row belongs to (所属镇街), used when the file name names none.
    public var unitColumn: String?
    /// Column holding the month of an increment row (统计月份).
    public var monthColumn: String?
    /// A second identity checked across units (统一社会信用代码 + 项目名称).
    public var alternateKey: [String] = []
    public var columns: [Column]

    public func column(named name: String) -> Column? { columns.first { $0.name == name } }
}

/// A template column with its type and constraints.
public struct Column: Codable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case string, number, integer, date, month, `enum`, uscc, percent
    }

    public var name: String
    public var type: Kind
    /// Measurement unit shown in the header, e.g. 万元 in `累计完成投资（万元）`.
    public var unit: String?
    public var required: Bool
    public var min: Double?
    public var max: Double?
    public var values: [String]?
    public var pattern: String?
    /// A running total that should never fall from one month's snapshot to the next.
    public var cumulative = false

    /// The header text a clerk sees: `name（unit）`.
    public var header: String { unit.map { "\(name)（\($0)）" } ?? name }

    public init(name: String, type: Kind, unit: String? = nil, required: Bool = false, min: Double? = nil,
                max: Double? = nil, values: [String]? = nil, pattern: String? = nil) {
        self.name = name
        self.type = type
        self.unit = unit
        self.required = required
        self.min = min
        self.max = max
        self.values = values
        self.pattern = pattern
    }

    enum CodingKeys: String, CodingKey { case name, type, unit, required, min, max, values, pattern, cumulative }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        values = try c.decodeIfPresent([String].self, forKey: .values)
        type = try c.decodeIfPresent(Kind.self, forKey: .type) ?? (values == nil ? .string : .enum)
        unit = try c.decodeIfPresent(String.self, forKey: .unit)
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
        min = try c.decodeIfPresent(Double.self, forKey: .min)
        max = try c.decodeIfPresent(Double.self, forKey: .max)
        pattern = try c.decodeIfPresent(String.self, forKey: .pattern)
        cumulative = try c.decodeIfPresent(Bool.self, forKey: .cumulative) ?? false
    }
}

/// Milestone or per-year targets by year; missing years between milestones are interpolated.
public struct Targets: Sendable, Equatable {
    public var byYear: [Int: Double]

    public init(_ byYear: [Int: Double]) { self.byYear = byYear }
    public var isEmpty: Bool { byYear.isEmpty }

    /// T(year): given, or linear between the neighbouring given years. Before the first given year,
    /// `origin` (the value at `originYear`, 0 for plan milestones) anchors the line; past the last, the last holds.
    public func value(_ year: Int, originYear: Int?, origin: Double = 0) -> Double? {
        if let v = byYear[year] { return v }
        let years = byYear.keys.sorted()
        guard let first = years.first, let last = years.last else { return nil }
        if year > last { return byYear[last] }
        if year < first {
            guard let o = originYear, year > o else { return originYear == nil ? byYear[first] : nil }
            return origin + (byYear[first]! - origin) * Double(year - o) / Double(first - o)
        }
        let lo = years.last { $0 < year }!
        let hi = years.first { $0 > year }!
        return byYear[lo]! + (byYear[hi]! - byYear[lo]!) * Double(year - lo) / Double(hi - lo)
    }
}

/// A monitored figure with its target.
public struct Indicator: Sendable {
    public enum Accumulate: String, Codable, Sendable {
        /// Milestones count from the plan's start; the year target is T(Y) − T(Y−1).
        case plan
        /// Each year's target stands alone and resets in January.
        case year
        /// Targets measured from the base year (a decline or rise "by 2025"): T(base year) = 0, years between interpolated.
        case base
    }

    public var code: String
    public var name: String
    public var unit: String
    public var measure: Measure
    public var accumulate: Accumulate
    public var targets: Targets
    /// Unit kind whose per-unit targets come from the targets CSV (`town`).
    public var decompose: String?
    public var lead: String?
    /// Weight in the town race; nil keeps the indicator out of it.
    public var raceWeight: Double?
    /// 口径: how the figure is counted, in words for the cover sheet.
    public var note: String?
    /// Lower-is-better: the starting value the target is measured down from (印染企业 53 → 25).
    public var baseline: Double?
    /// With `accumulate: base`: the measured base-year value the targets start from (coverage 40% → 100% by 2025).
    public var baseValue: Double?
    /// A helper only other indicators use (the numerator of a ratio): computed, not reported.
    public var hidden = false

    /// Count and sum kinds accrue over time windows; the others are a value at the month.
    public var isAccrued: Bool { measure.kind == .count || measure.kind == .sum }
    public var lowerIsBetter: Bool { baseline != nil }
}

/// How an indicator's value is obtained from the stored rows.
public struct Measure: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Distinct keys meeting a filter.
        case count
        /// Sum of a numeric column, converted to the indicator's unit.
        case sum
        /// Ratio of two other indicators' sums (never a mean of ratios).
        case ratio
        /// Year-on-year change of a stock: now / a year earlier − 1 (or / the base year with `against: base`).
        case growth
        /// Fall of an intensity column/denominator against the base year's same month: 1 − now / base.
        case decline
        /// The latest value of a column (a stock, an index or a rate).
        case level
    }

    /// Where a ratio takes its operands' values from.
    public enum Window: String, Sendable, Codable { case month, ytd, plan, level }

    public var kind: Kind
    /// Template measured (empty for ratios).
    public var template: String
    /// Column summed or read.
    public var column: String?
    /// Only rows whose column holds one of the listed values.
    public var filter: [(column: String, values: [String])] = []
    /// Date column that places each row in a month (accrual).
    public var date: String?
    /// Already-cumulative columns: `plan` for plan-to-date, `year` for year-to-date.
    public var cumulativePlan: String?
    public var cumulativeYear: String?
    /// Increment rows whose column is already a year-to-date figure (本年新增…).
    public var yearToDateColumn = false
    /// Ratio: numerator and denominator indicator codes, and the window their values come from.
    public var operands: [String] = []
    public var window: Window = .plan
    /// Growth: a column holding the same month of last year (上年同期…); without it the stored row a year back.
    public var previous: String?
    /// Growth against the base year's same month instead of last year's.
    public var againstBase = false
    /// Decline: the intensity is column / denominator.
    public var denominator: String?

    public init(kind: Kind, template: String, column: String? = nil) {
        self.kind = kind
        self.template = template
        self.column = column
    }

    /// Every template column the measure reads, for lint.
    public var columnsRead: [String] {
        [column, date, cumulativePlan, cumulativeYear, previous, denominator].compactMap { $0 } + filter.map(\.column)
    }
}

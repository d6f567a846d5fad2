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
    /// Words and names the reports use (`report:` in the pipeline): what the ranked units are called, who sends it.
    public var wording = ReportWording()
    /// The zone of every time a person reads, and of deadlines (`timezone:`, default Asia/Shanghai).
    public var clock = LocalClock.china
    /// Source lines of pipeline parts (`indicators.3.measure`, `templates.projects`), for messages.
    public var lines: [String: Int] = [:]

    public init(id: String, title: String, region: Region, plan: Plan, deadlineDay: Int, thresholds: Thresholds,
                outlierFactor: Double, units: [Unit], templates: [Template], indicators: [Indicator]) {
        self.id = id
        self.title = title
        self.region = region
        self.plan = plan
        self.deadlineDay = deadlineDay
        self.thresholds = thresholds
        self.outlierFactor = outlierFactor
        self.units = units
        self.templates = templates
        self.indicators = indicators
    }

    public func unit(code: String) -> Unit? { units.first { $0.code == code } }
    /// The unit's name for a code, the code itself when unknown, "" for none.
    public func unitName(_ code: String?) -> String { code.map { unit(code: $0)?.name ?? $0 } ?? "" }
    public func template(id: String) -> Template? { templates.first { $0.id == id } }
    public func indicator(code: String) -> Indicator? { indicators.first { $0.code == code } }
    public var towns: [Unit] { units.filter { $0.kind == "town" } }
    /// The kind of unit the town race ranks: the one its indicators are decomposed to (towns in a county, counties
    /// in a city that rolls up their 上报表).
    public var rankedKind: String {
        indicators.first { $0.raceWeight != nil && !$0.hidden && $0.decompose != nil }?.decompose ?? "town"
    }

    /// A warning when `period` lies outside the plan (its targets are then extrapolated or missing), else nil.
    public func outsidePlan(_ period: Period) -> String? {
        guard period < plan.start || period > plan.end else { return nil }
        return "注意：报告期\(period.chinese)不在规划期（\(plan.start.chinese)至\(plan.end.chinese)）内，目标和完成率仅供参考"
    }

    /// The unit whose code, name or alias equals `text` after normalisation.
    public func unit(named text: String) -> Unit? {
        let t = Normalise.header(text)
        return units.first { u in
            Normalise.header(u.code) == t || Normalise.header(u.name) == t || u.aliases.contains { Normalise.header($0) == t }
        }
    }

    /// When month `period`'s submissions stop being on time, as the UTC ISO 8601 instant `received_at` is compared
    /// with: the first moment after day `deadline_day` of the next month, in the pipeline's zone. On time: `<` it.
    public func deadline(for period: Period) -> String {
        clock.instant(afterDay: deadlineDay, of: period.next)
    }

    /// The deadline as an office writes it: 2023年7月5日.
    public func deadlineText(for period: Period) -> String {
        "\(period.next.year)年\(period.next.month)月\(deadlineDay)日"
    }

    /// Units expected to submit `template`.
    public func submitters(of template: Template) -> [Unit] {
        units.filter { template.submittedBy.contains($0.kind) || template.submittedBy.contains($0.code) }
    }
}

/// A time zone for what people read: stored instants are UTC ISO 8601, shown and judged in this zone.
public struct LocalClock: Sendable {
    public let zone: TimeZone

    /// China has had no daylight saving since 1991, so a machine without tzdata still gets UTC+8 right.
    public static let china = LocalClock(identifier: "Asia/Shanghai")
        ?? LocalClock(zone: TimeZone(secondsFromGMT: 8 * 3600) ?? .current)

    package init(zone: TimeZone) { self.zone = zone }

    public init?(identifier: String) {
        guard let z = TimeZone(identifier: identifier) else {
            if identifier == "Asia/Shanghai", let z = TimeZone(secondsFromGMT: 8 * 3600) { self.zone = z; return }
            return nil
        }
        zone = z
    }

    private func formatter(_ format: String) -> DateFormatter {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = format
        return f
    }

    /// A stored instant (`2023-07-07T08:06:00Z`) as local time, `2023-07-07 16:06`; the text itself if unparsable.
    public func minute(_ iso: String) -> String {
        guard let d = ISO8601DateFormatter().date(from: iso) else { return iso }
        return formatter("yyyy-MM-dd HH:mm").string(from: d)
    }

    /// Local wall-clock text (`2023-07-06 07:00`, `2023/7/6 7:00:05`, or a bare date) as an instant. Read by hand,
    /// not with a DateFormatter per line, so a receipt log of a million lines takes a second, not minutes.
    public func parse<S: StringProtocol>(_ text: S) -> Date? { parse(bytes: Array(text.utf8)[...]) }

    /// The same, from UTF-8 bytes (the receipt log is read as bytes).
    public func parse(bytes b: ArraySlice<UInt8>) -> Date? {
        let b = Array(b)
        var i = 0
        func number(_ most: Int) -> Int? {
            var v = 0, n = 0
            while i < b.count, n < most, (0x30...0x39).contains(b[i]) { v = v * 10 + Int(b[i] - 0x30); i += 1; n += 1 }
            return n == 0 ? nil : v
        }
        func skip(_ allowed: [UInt8]) -> Bool {
            guard i < b.count, allowed.contains(b[i]) else { return false }
            i += 1
            return true
        }
        guard let y = number(4), skip([0x2D, 0x2F]), let mo = number(2), skip([0x2D, 0x2F]), let d = number(2) else { return nil }
        var h = 0, mi = 0, s = 0
        if skip([0x20, 0x54]) {
            guard let hh = number(2), skip([0x3A]), let mm = number(2) else { return nil }
            h = hh; mi = mm
            if skip([0x3A]) { guard let ss = number(2) else { return nil }; s = ss }
        }
        guard i == b.count, (1900...2200).contains(y), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 60 else {
            return nil
        }
        // Days from the civil date (Howard Hinnant's algorithm), then the zone's offset at that moment.
        let yy = mo <= 2 ? y - 1 : y
        let era = yy / 400, yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
        let wall = Double(days * 86_400 + h * 3600 + mi * 60 + s)
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall))
        return Date(timeIntervalSince1970: wall - Double(offset))
    }

    /// The first instant after local day `day` of `month` (its midnight), as UTC ISO 8601.
    package func instant(afterDay day: Int, of month: Period) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let start = calendar.date(from: DateComponents(year: month.year, month: month.month, day: day)) ?? Date(timeIntervalSince1970: 0)
        let next = calendar.date(byAdding: .day, value: 1, to: start) ?? start
        let iso = ISO8601DateFormatter()
        return iso.string(from: next)
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

    package enum CodingKeys: String, CodingKey { case start, end, baseYear = "base_year" }
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
/// What the reports call the ranked units and who signs them (`report: {ranked, race, office, contact}`), so a
/// province's workbook says 市 where a county's says 镇（街道）.
public struct ReportWording: Codable, Sendable, Hashable {
    /// The ranked level as a column header: 镇（街道）, 市, 区（县、市）.
    public var ranked = "镇（街道）"
    /// The ranking's sheet and section name: 镇街赛马, 各市赛马.
    public var race = "镇街赛马"
    /// The office that compiles and sends the report (制表单位, 落款); nil: the region's name.
    public var office: String?
    /// Who to call about a 回执 (name and telephone).
    public var contact: String?

    public init() {}
}

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

    package enum CodingKeys: String, CodingKey { case code, name, kind, aliases }

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
    /// Reads the 上报表 of lower jurisdictions (`rollup: true`): its columns are `UpwardReportFormat`'s, each file is
    /// checked for its 报告期, digests and components, and `measure: {rollup: …}` indicators add its figures up.
    public var upward = false

    public init(id: String, title: String, submittedBy: [String], mode: Mode, key: [String], unitColumn: String? = nil,
                monthColumn: String? = nil, alternateKey: [String] = [], columns: [Column]) {
        self.id = id
        self.title = title
        self.submittedBy = submittedBy
        self.mode = mode
        self.key = key
        self.unitColumn = unitColumn
        self.monthColumn = monthColumn
        self.alternateKey = alternateKey
        self.columns = columns
    }

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
    /// Required only when another column of the row holds one of some values: `required_when: {项目状态: [竣工]}`
    /// makes 竣工日期 required for a finished project.
    public var requiredWhen: (column: String, values: [String])?

    /// No figure a town sends is this large (10¹² 万元 is 10¹⁶ yuan); past it a cell is a typo or an attack, and
    /// refusing it at ingest keeps every later sum, width and format finite.
    public static let saneMagnitude: Double = 1e12

    /// Why a number cannot be stored in this column, or nil: the one rule both paths of ingest apply.
    public func refusal(_ v: Double) -> (code: IssueCode, message: String)? {
        if !(abs(v) <= Column.saneMagnitude) {
            return (.constraintError, "数值过大（绝对值超过 \(Column.saneMagnitude.plain)），请核对单位和小数点")
        }
        if type == .integer && v.rounded() != v { return (.typeError, "应为整数") }
        if let lo = min, v < lo { return (.constraintError, "小于允许的最小值 \(lo.plain)") }
        if let hi = max, v > hi { return (.constraintError, "大于允许的最大值 \(hi.plain)") }
        return nil
    }

    /// Holds percentage numbers (`type: percent` or `unit: "%"`): 40.4 and 40.4% are both stored as 40.4.
    public var isPercent: Bool { type == .percent || unit == "%" || unit == "％" }

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

    package enum CodingKeys: String, CodingKey { case name, type, unit, required, min, max, values, pattern, cumulative }
    /// Read, not written back: the condition is a pipeline-file spelling (`{项目状态: [竣工]}`).
    package enum ConditionKeys: String, CodingKey { case requiredWhen = "required_when" }

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
        let conditions = try decoder.container(keyedBy: ConditionKeys.self)
        if let when = try conditions.decodeIfPresent([String: [String]].self, forKey: .requiredWhen) {
            guard when.count == 1, let (column, values) = when.first else {
                throw DecodingError.dataCorruptedError(forKey: .requiredWhen, in: conditions,
                                                       debugDescription: "required_when 只能写一列，如 {项目状态: [竣工]}")
            }
            requiredWhen = (column, values)
        }
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
        let given = byYear.sorted { $0.key < $1.key }
        guard let first = given.first, let last = given.last else { return nil }
        if year > last.key { return last.value }
        if year < first.key {
            guard let o = originYear, year > o else { return originYear == nil ? first.value : nil }
            return origin + (first.value - origin) * Double(year - o) / Double(first.key - o)
        }
        // Between two given years (both exist: year is neither before the first nor after the last, nor given).
        guard let lo = given.last(where: { $0.key < year }), let hi = given.first(where: { $0.key > year }) else { return nil }
        return lo.value + (hi.value - lo.value) * Double(year - lo.key) / Double(hi.key - lo.key)
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
    /// `targets: sum_of_units`: a rollup's targets are the sum of those the lower jurisdictions report.
    public var targetsFromUnits = false

    public init(code: String, name: String, unit: String, measure: Measure, accumulate: Accumulate, targets: Targets,
                decompose: String? = nil, lead: String? = nil, raceWeight: Double? = nil, note: String? = nil,
                baseline: Double? = nil, baseValue: Double? = nil, hidden: Bool = false) {
        self.code = code
        self.name = name
        self.unit = unit
        self.measure = measure
        self.accumulate = accumulate
        self.targets = targets
        self.decompose = decompose
        self.lead = lead
        self.raceWeight = raceWeight
        self.note = note
        self.baseline = baseline
        self.baseValue = baseValue
        self.hidden = hidden
    }

    /// Count and sum kinds accrue over time windows; the others are a value at the month.
    public var isAccrued: Bool { measure.kind == .count || measure.kind == .sum }
    public var lowerIsBetter: Bool { baseline != nil }
    /// Judged against the calendar: its year-to-date against 序时进度 (count and sum kinds that are not
    /// lower-is-better). Every other indicator is judged on its value against the target (进度差 = 完成率 − 100%).
    public var againstTime: Bool { isAccrued && !lowerIsBetter }
}

/// A named subset of a template's rows that several measures share (`sets:` in the pipeline): SPEC §8's
/// 计入项目 — 在建/竣工 and 开工日期 in the plan — said once, so no indicator can forget half of it.
public struct RowSet: Sendable {
    public var name: String
    public var template: String
    public var filter: [(column: String, values: [String])]
    /// Date columns that must fall within the plan period.
    public var withinPlan: [String]

    public init(name: String, template: String, filter: [(column: String, values: [String])], withinPlan: [String]) {
        self.name = name
        self.template = template
        self.filter = filter
        self.withinPlan = withinPlan
    }
}

/// A figure read from lower jurisdictions' 上报表 (`measure: {rollup: projects, kind: count, codes: {…}}`).
public struct Rollup: Sendable, Equatable {
    /// The kind the lower pipelines compute it as, which decides how the units add up.
    public var kind: Measure.Kind
    /// The lower pipelines' 指标代码.
    public var code: String
    /// Unit code → its own 指标代码, where a lower pipeline names the indicator differently.
    public var codes: [String: String]

    public init(kind: Measure.Kind, code: String, codes: [String: String] = [:]) {
        self.kind = kind
        self.code = code
        self.codes = codes
    }

    /// The 指标代码 to read in `unit`'s report.
    public func code(for unit: String) -> String { codes[unit] ?? code }
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

    /// What a sum adds up.
    public enum Summand: Sendable, Equatable {
        /// A column of rows placed in months by the measure's date (or every row, without one).
        case column(String)
        /// Already-cumulative columns: `plan` for plan-to-date, `year` for year-to-date (累计完成投资, 本年完成投资).
        case cumulative(plan: String, year: String)
        /// An increment column that already runs from January (本年新增…).
        case yearToDate(String)
    }

    /// What a growth compares the stock with.
    public enum Baseline: Sendable, Equatable {
        /// A column of the same row holding last year's same month (上年同期…).
        case previousColumn(String)
        /// The stored row of the same month a year earlier.
        case yearAgo
        /// The stored row of the base year's same month (`against: base`).
        case baseYear
    }

    /// One case per kind, each with exactly what that kind reads: a measure the loader built can always be computed.
    public enum Shape: Sendable, Equatable {
        case count
        case sum(Summand)
        /// Numerator and denominator indicator codes, and the window their values come from.
        case ratio(numerator: String, denominator: String, window: Window)
        case growth(column: String, against: Baseline)
        /// The intensity column / per, against the base year's same month.
        case decline(column: String, per: String)
        case level(column: String)
        /// A lower jurisdiction's figure from its 上报表, added up as its kind says.
        case rollup(Rollup)
    }

    public var shape: Shape
    /// Template measured (empty for ratios).
    public var template: String
    /// Only rows whose column holds one of the listed values.
    public var filter: [(column: String, values: [String])] = []
    /// Date columns whose value must lie in the plan period (from a row set).
    public var withinPlan: [String] = []
    /// The row set the measure was written against, for messages.
    public var rowSet: String?
    /// Date column that places each row in a month (accrual).
    public var date: String?

    public init(_ shape: Shape, template: String) {
        self.shape = shape
        self.template = template
    }

    public var kind: Kind {
        switch shape {
        case .rollup(let r): return r.kind
        case .count: return .count
        case .sum: return .sum
        case .ratio: return .ratio
        case .growth: return .growth
        case .decline: return .decline
        case .level: return .level
        }
    }

    /// The column whose unit the figure takes (the plan column of a cumulative sum); nil for counts and ratios.
    public var column: String? {
        switch shape {
        case .count, .ratio, .rollup: return nil
        case .sum(.column(let c)), .sum(.yearToDate(let c)), .sum(.cumulative(plan: let c, year: _)): return c
        case .growth(let c, _), .decline(let c, _), .level(let c): return c
        }
    }

    /// A sum of already-cumulative columns, whose year column restarts each January.
    public var readsYearColumn: Bool {
        if case .sum(.cumulative) = shape { return true }
        return false
    }

    /// A ratio's operand indicator codes (none for the other kinds).
    public var operands: [String] {
        if case .ratio(let n, let d, _) = shape { return [n, d] }
        return []
    }

    /// Every template column the measure reads, for lint.
    public var columnsRead: [String] {
        var read: [String]
        switch shape {
        case .count, .ratio, .rollup: read = []
        case .sum(.column(let c)), .sum(.yearToDate(let c)), .level(let c): read = [c]
        case .sum(.cumulative(let plan, let year)): read = [plan, year]
        case .growth(let c, .previousColumn(let p)): read = [c, p]
        case .growth(let c, _): read = [c]
        case .decline(let c, let per): read = [c, per]
        }
        return read + [date].compactMap { $0 } + filter.map(\.column) + withinPlan
    }

    /// The 上报表 figure a rollup reads, when it is one.
    public var rollup: Rollup? {
        if case .rollup(let r) = shape { return r }
        return nil
    }

    /// Narrows the measure to a row set: its template, its filters (both must hold) and its plan window.
    public mutating func restrict(to set: RowSet) {
        template = set.template
        rowSet = set.name
        filter = set.filter + filter
        withinPlan = set.withinPlan
    }
}

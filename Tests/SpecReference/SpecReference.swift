import Foundation

// An independent reading of SPEC §4–§6 for the property test's small programme (`Scenario.pipelineYAML`).
// It shares no code with the engine (this target depends on nothing but Foundation): the generator below
// records the truth of what it wrote — which rows are valid, which file supersedes which — and `figures`
// derives every number of indicators.json from that truth with the SPEC's formulas, written out plainly.

/// A month as (year, month), ordered.
public struct YM: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let y: Int, m: Int
    public init(_ y: Int, _ m: Int) { self.y = y; self.m = m }
    var index: Int { y * 12 + m - 1 }
    init(index: Int) { self.init(index / 12, index % 12 + 1) }
    public var previous: YM { YM(index: index - 1) }
    public static func < (a: YM, b: YM) -> Bool { a.index < b.index }
    public var description: String { String(format: "%04d-%02d", y, m) }
    var firstDay: String { description + "-01" }
    var lastDay: String {
        let days = [31, (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return description + String(format: "-%02d", days)
    }
}

/// One project row of a ledger snapshot.
public struct RefProject: Sendable {
    public var id: String
    public var status: String
    public var total: Double     // 累计投资（万元）
    public var year: Double      // 本年投资（万元）
    public var start: String     // 开工日期, ISO
    public var bad = false       // written with an invalid amount: the row is rejected
}

/// A ledger file: the unit's whole list as of `month`; `arrival` orders files of one month.
public struct RefLedger: Sendable {
    public var town: String
    public var month: YM
    public var arrival: Int
    public var projects: [RefProject]
}

/// One 统计月份 row of the monthly statistics.
public struct RefMonthRow: Sendable {
    public var month: YM
    public var energy: Double, value: Double, balance: Double, balancePrevious: Double, firms: Double
    public var bad = false
}

/// A monthly-statistics file sent in `folder` (its rows may backfill earlier months).
public struct RefIncrementFile: Sendable {
    public var town: String
    public var folder: YM
    public var rows: [RefMonthRow]
}

/// A generated multi-year history of one small programme.
public struct Scenario: Sendable {
    public static let towns = ["T1", "T2", "T3"]
    public static let townNames = ["T1": "甲镇", "T2": "乙镇", "T3": "丙街道"]
    public static let planStart = YM(2022, 1), planEnd = YM(2024, 12)
    public static let baseYear = 2021
    public var months: [YM] = []
    public var ledgers: [RefLedger] = []
    public var increments: [RefIncrementFile] = []

    /// Town targets by indicator, then town code (what `<id>.targets.csv` holds).
    public static let townTargets: [String: [String: [Int: Double]]] = [
        "projects": ["T1": [2022: 10, 2024: 30], "T2": [2022: 10, 2024: 30], "T3": [2022: 10, 2024: 30]],
        "investment": ["T1": [2022: 0.4, 2023: 1, 2024: 1.6], "T2": [2022: 0.3, 2023: 0.75, 2024: 1.2], "T3": [2022: 0.3, 2023: 0.75, 2024: 1.2]],
        "balance": ["T1": [2022: 30, 2024: 45], "T2": [2022: 40, 2024: 60], "T3": [2022: 30, 2024: 45]],
    ]

    typealias Random = SplitMix64

    /// Months 2022-01 … 2024-02; towns skip months (T2 always skips January 2023 and 2024), resend corrections,
    /// send rows that are rejected, and backfill the base year in their first monthly file.
    public init(seed: UInt64, through last: YM = YM(2024, 2)) {
        var rng = Random(state: seed)
        var month = Scenario.planStart
        while month <= last { months.append(month); month = YM(index: month.index + 1) }
        var books: [String: [RefProject]] = [:]
        var firstIncrement = Set<String>()
        var serial = 0
        for m in months {
            for town in Scenario.towns {
                // The ledger grows: new projects, progress on old ones, status changes.
                var list = books[town] ?? []
                for i in list.indices {
                    list[i].total += rng.amount(300)
                    list[i].year = m.m == 1 ? rng.amount(100) : list[i].year + rng.amount(100)
                    if rng.chance(0.1) { list[i].status = ["在建", "竣工", "未开工"][rng.int(0...2)] }
                    list[i].bad = false
                }
                for _ in 0..<rng.int(0...3) {
                    serial += 1
                    let startIndex = rng.int((m.index - 14)...m.index)   // some start before the plan
                    let start = YM(index: startIndex)
                    list.append(RefProject(id: "\(town)-\(serial)", status: ["在建", "竣工", "未开工", "在建"][rng.int(0...3)],
                                           total: rng.amount(2000), year: rng.amount(500),
                                           start: start.description + String(format: "-%02d", rng.int(1...28))))
                }
                books[town] = list
                let skipsJanuary = town == "T2" && m.m == 1
                if !skipsJanuary && rng.chance(0.85) {
                    var sent = list
                    for i in sent.indices where rng.chance(0.05) { sent[i].bad = true }
                    ledgers.append(RefLedger(town: town, month: m, arrival: 0, projects: sent))
                    if rng.chance(0.15) {   // a correction arrives later the same month
                        var fixed = list
                        for i in fixed.indices where rng.chance(0.3) { fixed[i].total += rng.amount(50) }
                        ledgers.append(RefLedger(town: town, month: m, arrival: 1, projects: fixed))
                    }
                }
                if !skipsJanuary && rng.chance(0.85) {
                    func row(_ at: YM) -> RefMonthRow {
                        let size = Double(Scenario.towns.firstIndex(of: town)! + 1)
                        return RefMonthRow(month: at, energy: size * (10 + rng.amount(5)), value: size * (50 + rng.amount(20)),
                                           balance: size * (30 + rng.amount(10)), balancePrevious: size * (27 + rng.amount(6)),
                                           firms: Double(15 + rng.int(0...8)), bad: rng.chance(0.06))
                    }
                    var rows: [RefMonthRow] = []
                    if !firstIncrement.contains(town) {
                        firstIncrement.insert(town)
                        for mm in 1...12 { var r = row(YM(Scenario.baseYear, mm)); r.bad = false; rows.append(r) }
                    }
                    rows.append(row(m))
                    increments.append(RefIncrementFile(town: town, folder: m, rows: rows))
                }
            }
        }
    }

    // MARK: - SPEC §6 from the truth

    /// The figures the SPEC gives for month `m`, keyed by "code|scope".
    public func figures(at m: YM) -> [String: RefFigure] {
        var out: [String: RefFigure] = [:]
        let tp = Double(m.m) / 12
        func put(_ code: String, _ scope: String, _ f: RefFigure) { out[code + "|" + scope] = f }

        // The current ledger of each town: its latest file at or before m (later arrival wins within a month).
        func ledger(_ town: String, _ at: YM) -> RefLedger? {
            ledgers.filter { $0.town == town && $0.month <= at }.max { ($0.month, $0.arrival) < ($1.month, $1.arrival) }
        }
        func counted(_ p: RefProject) -> Bool {
            !p.bad && (p.status == "在建" || p.status == "竣工")
                && p.start >= Scenario.planStart.firstDay && p.start <= Scenario.planEnd.lastDay
        }
        func rows(_ town: String, _ at: YM, from: String, _ include: (RefProject) -> Bool = { _ in true }) -> [RefProject] {
            (ledger(town, at)?.projects ?? []).filter { counted($0) && include($0) && $0.start >= from && $0.start <= at.lastDay }
        }
        // Accepted monthly rows: the latest file's row for a month wins (files are in arrival order).
        var stats: [String: [YM: RefMonthRow]] = [:]
        for f in increments where f.folder <= m { for r in f.rows where !r.bad && r.month <= m { stats[f.town, default: [:]][r.month] = r } }

        // Counts and sums, per town: month, year-to-date, plan-to-date.
        var projects: [String: (Double, Double, Double)] = [:], investment: [String: (Double, Double, Double)] = [:]
        var share: [String: (Double, Double)] = [:]
        for t in Scenario.towns {
            let c = { (from: String) in Double(rows(t, m, from: from).count) }
            projects[t] = (c(m.firstDay), c(YM(m.y, 1).firstDay), c(Scenario.planStart.firstDay))
            let plan = rows(t, m, from: Scenario.planStart.firstDay)
            func ytd(_ at: YM) -> Double {
                guard let l = ledger(t, at), l.month.y == at.y else { return 0 }   // last year's 本年 is not this year's
                return rows(t, at, from: Scenario.planStart.firstDay).reduce(0) { $0 + $1.year } / 10_000
            }
            let y = ytd(m)
            investment[t] = (y - (m.m == 1 ? 0 : ytd(m.previous)), y, plan.reduce(0) { $0 + $1.total } / 10_000)
            share[t] = (Double(plan.filter { $0.status == "竣工" }.count), Double(plan.count))
        }
        func accrued(_ code: String, _ values: [String: (Double, Double, Double)], _ targets: [String: [Int: Double]]) {
            var ranks: [String: Double?] = [:]
            var byScope: [String: RefFigure] = [:]
            for scope in ["total"] + Scenario.towns {
                let v = scope == "total"
                    ? Scenario.towns.reduce((0.0, 0.0, 0.0)) { ($0.0 + values[$1]!.0, $0.1 + values[$1]!.1, $0.2 + values[$1]!.2) }
                    : values[scope]!
                let t = targets[scope]!
                let yearTarget = milestone(t, m.y).map { $0 - (m.y == Scenario.planStart.y ? 0 : milestone(t, m.y - 1) ?? 0) }
                let completion = yearTarget.flatMap { $0 == 0 ? nil : v.1 / $0 }
                byScope[scope] = RefFigure(monthValue: v.0, ytd: v.1, planToDate: v.2, yearTarget: yearTarget,
                                           planTarget: milestone(t, Scenario.planEnd.y), completion: completion,
                                           gap: completion.map { ($0 - tp) * 100 })
                if scope != "total" { ranks[scope] = completion }
            }
            for (scope, f) in byScope { var f = f; f.rank = scope == "total" ? nil : rank(ranks, scope); put(code, scope, f) }
        }
        accrued("projects", projects, Scenario.townTargets["projects"]!.merging(["total": [2022: 30, 2024: 90]]) { a, _ in a })
        accrued("investment", investment,
                Scenario.townTargets["investment"]!.merging(["total": [2022: 1, 2023: 2.5, 2024: 4]]) { a, _ in a })

        // Rates, judged against 100%: completion = value / T(Y).
        func rate(_ code: String, _ value: Double?, target: Double?, planTarget: Double?, scope: String = "total",
                  baseline: Double? = nil) -> RefFigure {
            var completion: Double?
            if let v = value, let t = target {
                if let b = baseline { completion = b == t ? nil : (b - v) / (b - t) } else { completion = t == 0 ? nil : v / t }
            }
            return RefFigure(monthValue: value, ytd: nil, planToDate: nil, yearTarget: target, planTarget: planTarget,
                             completion: completion, gap: completion.map { ($0 - 1) * 100 })
        }
        let num = Scenario.towns.reduce(0) { $0 + share[$1]!.0 }, den = Scenario.towns.reduce(0) { $0 + share[$1]!.1 }
        put("done_share", "total", rate("done_share", den == 0 ? nil : num / den * 100, target: 40, planTarget: 40))

        // Growth of 余额 against 上年同期余额, from the month's own rows; towns without one are left out of both sums.
        let now = Scenario.towns.compactMap { stats[$0]?[m] }
        let growth = now.isEmpty || now.reduce(0, { $0 + $1.balancePrevious }) == 0 ? nil
            : (now.reduce(0) { $0 + $1.balance } / now.reduce(0) { $0 + $1.balancePrevious } - 1) * 100
        let growthTarget = yearly([2022: 10, 2024: 20], m.y)
        put("balance_growth", "total", rate("balance_growth", growth, target: growthTarget, planTarget: 20))

        // Decline of 能耗/增加值 against the base year's same month, over the towns that have all four figures.
        let pairs = Scenario.towns.compactMap { t -> (RefMonthRow, RefMonthRow)? in
            guard let a = stats[t]?[m], let b = stats[t]?[YM(Scenario.baseYear, m.m)] else { return nil }
            return (a, b)
        }
        var decline: Double?
        if !pairs.isEmpty {
            let e = pairs.reduce(0) { $0 + $1.0.energy }, v = pairs.reduce(0) { $0 + $1.0.value }
            let eb = pairs.reduce(0) { $0 + $1.1.energy }, vb = pairs.reduce(0) { $0 + $1.1.value }
            decline = (1 - (e / v) / (eb / vb)) * 100
        }
        let declineTarget = fromBase([2024: 12], origin: 0, m.y)
        put("intensity_decline", "total", rate("intensity_decline", decline, target: declineTarget, planTarget: 12))

        // Levels: each town's latest accepted value at or before m (carried forward), added up for the total.
        func latest(_ t: String, _ key: KeyPath<RefMonthRow, Double>) -> Double? {
            stats[t]?.filter { $0.key <= m }.max { $0.key < $1.key }?.value[keyPath: key]
        }
        let balances = Scenario.towns.compactMap { latest($0, \.balance) }
        let townTargets = Scenario.townTargets["balance"]!
        put("balance", "total", rate("balance", balances.isEmpty ? nil : balances.reduce(0, +),
                                     target: yearly([2022: 100, 2024: 150], m.y), planTarget: 150))
        var ranks: [String: Double?] = [:]
        for t in Scenario.towns {
            var f = rate("balance", latest(t, \.balance), target: yearly(townTargets[t]!, m.y), planTarget: yearly(townTargets[t]!, 2024))
            f.rank = nil
            put("balance", t, f)
            ranks[t] = f.completion
        }
        for t in Scenario.towns { out["balance|" + t]!.rank = rank(ranks, t) }
        let firms = Scenario.towns.compactMap { latest($0, \.firms) }
        put("firms", "total", rate("firms", firms.isEmpty ? nil : firms.reduce(0, +), target: fromBase([2024: 30], origin: 60, m.y),
                                   planTarget: 30, baseline: 60))
        return out
    }

    /// Plan milestones: given years, linear between them, from 0 in the year before the plan; the last holds after.
    func milestone(_ t: [Int: Double], _ year: Int) -> Double? { fromBase(t, origin: 0, year, originYear: Scenario.planStart.y - 1) }

    /// Yearly targets: given, linear between given years, the nearest given year outside them.
    func yearly(_ t: [Int: Double], _ year: Int) -> Double? {
        if let v = t[year] { return v }
        let years = t.keys.sorted()
        guard let first = years.first, let last = years.last else { return nil }
        if year < first { return t[first] }
        if year > last { return t[last] }
        let lo = years.last { $0 < year }!, hi = years.first { $0 > year }!
        return t[lo]! + (t[hi]! - t[lo]!) * Double(year - lo) / Double(hi - lo)
    }

    /// Targets measured from `origin` at `originYear` (the base year by default), linear up to the first given year.
    func fromBase(_ t: [Int: Double], origin: Double, _ year: Int, originYear: Int = Scenario.baseYear) -> Double? {
        if year <= originYear { return nil }
        let first = t.keys.min()!
        if year < first { return origin + (t[first]! - origin) * Double(year - originYear) / Double(first - originYear) }
        return yearly(t, year)
    }

    /// Rank by completion, descending; ties share (1, 2, 2, 4); no completion, no rank.
    func rank(_ all: [String: Double?], _ scope: String) -> Int? {
        guard let v = all[scope] ?? nil else { return nil }
        return 1 + all.values.filter { ($0 ?? -.infinity) > v + 1e-12 }.count
    }
}

/// SplitMix64: small, fast and reproducible, so a seed names its case.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) < p * 10_000 }
    mutating func amount(_ hi: Int) -> Double { Double(int(0...hi * 10)) / 10 }
}

/// One row of indicators.json as the SPEC defines it (status follows from `gap`).
public struct RefFigure: Sendable {
    public var monthValue: Double?, ytd: Double?, planToDate: Double?
    public var yearTarget: Double?, planTarget: Double?
    public var completion: Double?, gap: Double?
    public var rank: Int?

    /// Green at or above 0, yellow down to −10, red below (the pipeline's default thresholds).
    public var status: String? { gap.map { $0 >= 0 ? "green" : $0 >= -10 ? "yellow" : "red" } }
}

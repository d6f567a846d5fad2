import Foundation
import GaizaoModel
import GaizaoStore

/// One unit's values for an indicator and month: the three accrual windows of count and sum kinds,
/// and the parts a rate kind is combined from (so a total is a ratio of sums, never a mean of ratios).
struct Accrued: Sendable {
    var month: Double?
    var ytd: Double?
    var planToDate: Double?
    var parts: Parts = .none
    /// The value is the unit's last one from an earlier month (a snapshot or level it did not renew).
    var carried = false
    /// The targets a lower jurisdiction's 上报表 gives for it (rollups only).
    var reported: ReportedTargets?

    static let zero = Accrued(month: 0, ytd: 0, planToDate: 0)

    /// Element-wise sum over units, in the order given (so the floating-point total is stable).
    static func total(_ units: [Accrued]) -> Accrued {
        units.reduce(into: Accrued(month: nil, ytd: nil, planToDate: nil)) { acc, a in
            acc.month = add(acc.month, a.month)
            acc.ytd = add(acc.ytd, a.ytd)
            acc.planToDate = add(acc.planToDate, a.planToDate)
            // A unit joins a combined rate only with all of its components: a town that missed the month must not
            // leave its base-year intensity in the denominator while its current one is missing from the numerator.
            if a.parts.isComplete { acc.parts = acc.parts.adding(a.parts) }
            acc.carried = acc.carried || a.carried
            if let r = a.reported {
                acc.reported = ReportedTargets(year: add(acc.reported?.year, r.year), plan: add(acc.reported?.plan, r.plan))
            }
        }
    }

    func value(_ window: Measure.Window) -> Double? {
        switch window {
        case .month: return month
        case .ytd: return ytd
        case .plan, .level: return planToDate
        }
    }
}

/// A year and a plan target as a lower jurisdiction reports them.
struct ReportedTargets: Sendable {
    var year: Double?
    var plan: Double?
}

/// What a rate kind is combined from, by name: totals add each part over the units, then combine once.
enum Parts: Sendable {
    case none
    /// A level: the stock or rate itself.
    case value(Double?)
    case ratio(numerator: Double?, denominator: Double?)
    case growth(now: Double?, before: Double?)
    /// An intensity use / per now and in the base year's same month.
    case decline(use: Double?, per: Double?, baseUse: Double?, basePer: Double?)

    /// Complete parts, as a lower jurisdiction's 上报表 gives them.
    init(_ c: Components) {
        switch c {
        case .ratio(let n, let d): self = .ratio(numerator: n, denominator: d)
        case .growth(let a, let b): self = .growth(now: a, before: b)
        case .decline(let e, let v, let eb, let vb): self = .decline(use: e, per: v, baseUse: eb, basePer: vb)
        }
    }

    /// Every component is there (a unit joins a combined rate only then).
    var isComplete: Bool {
        switch self {
        case .none: return true
        case .value(let v): return v != nil
        case .ratio(let n, let d): return n != nil && d != nil
        case .growth(let a, let b): return a != nil && b != nil
        case .decline(let a, let b, let c, let d): return a != nil && b != nil && c != nil && d != nil
        }
    }

    /// Component-wise sum; `.none` is the empty total.
    func adding(_ other: Parts) -> Parts {
        switch (self, other) {
        case (.none, _): return other
        case (_, .none): return self
        case let (.value(a), .value(b)): return .value(add(a, b))
        case let (.ratio(a, b), .ratio(c, d)): return .ratio(numerator: add(a, c), denominator: add(b, d))
        case let (.growth(a, b), .growth(c, d)): return .growth(now: add(a, c), before: add(b, d))
        case let (.decline(a, b, c, d), .decline(e, f, g, h)):
            return .decline(use: add(a, e), per: add(b, f), baseUse: add(c, g), basePer: add(d, h))
        default: return self   // parts of one indicator are always of one kind
        }
    }
}

/// Stage 3: every indicator for the month, for the whole jurisdiction and each unit with a target.
public struct ComputeStage {
    public var pipeline: Pipeline
    public var period: Period

    public init(pipeline: Pipeline, period: Period) {
        self.pipeline = pipeline
        self.period = period
    }

    /// Computes, stores in `indicator_values` (replacing the month's earlier figures) and returns the figures.
    @discardableResult
    public func run(warehouse: Warehouse) throws -> [IndicatorFigure] {
        let figures = try warehouse.read(pipeline: pipeline.id) { try compute($0) }
        try warehouse.write(pipeline: pipeline.id) { try $0.replaceFigures(figures, period: period) }
        return figures
    }

    func compute(_ db: StoreSession) throws -> [IndicatorFigure] {
        var out: [IndicatorFigure] = []
        var evaluator = Evaluator(pipeline: pipeline, db: db)
        let lastMonth = period.previous, lastYear = Period(index: period.index - 12)
        for indicator in pipeline.indicators where !indicator.hidden {
            let byUnit = try evaluator.evaluate(indicator, at: period)
            let before = try evaluator.evaluate(indicator, at: lastMonth)
            let yearAgo = try evaluator.evaluate(indicator, at: lastYear)
            let carried = try carriedUnits(indicator, db: db).union(byUnit.filter { $0.value.carried }.keys)
            // A rollup of a level has no components to add: each unit's value is listed, the total left empty. A
            // lower-is-better stock (印染企业数, with its baseline) is a count of things and adds.
            let listedOnly = indicator.measure.rollup?.kind == .level && !indicator.lowerIsBetter
            func total(_ m: [String: Accrued]) -> Accrued {
                listedOnly ? Accrued(parts: .value(nil)) : Accrued.total(m.sorted { $0.key < $1.key }.map(\.value))
            }
            let whole = total(byUnit)
            var t = figure(indicator, scope: "total", scopeName: pipeline.region.name, accrued: whole,
                           targets: indicator.targets, reported: indicator.targetsFromUnits ? whole.reported ?? ReportedTargets() : nil,
                           carried: !carried.isEmpty)
            changes(&t, indicator, now: whole, lastMonth: total(before), lastYear: total(yearAgo))
            out.append(t)
            // Each unit's figure for a decomposed indicator; a rollup's for every lower jurisdiction, decomposed or not
            // (its figures are the ones that jurisdiction reports, and `decompose` only puts it in the race).
            let ranked: [GaizaoModel.Unit]
            if let kind = indicator.decompose {
                ranked = pipeline.units.filter { $0.kind == kind }
            } else if indicator.measure.rollup != nil, let template = pipeline.template(id: indicator.measure.template) {
                ranked = pipeline.submitters(of: template)
            } else {
                continue
            }
            var units: [IndicatorFigure] = []
            // A town without rows has none of the count (0); a county whose 上报表 lacks the code reported nothing (blank).
            let none = indicator.isAccrued && indicator.measure.rollup == nil ? Accrued.zero : Accrued(month: nil, ytd: nil, planToDate: nil)
            for unit in ranked {
                let own = pipeline.unitTargets[indicator.code]?[unit.code]
                let a = byUnit[unit.code] ?? none
                // A lower jurisdiction without a target of the upper level's own is judged by the one it reports.
                let reported = own == nil && indicator.measure.rollup != nil ? a.reported ?? ReportedTargets() : nil
                var f = figure(indicator, scope: unit.code, scopeName: unit.name, accrued: a, targets: own ?? Targets([:]),
                               reported: reported, carried: carried.contains(unit.code))
                changes(&f, indicator, now: a, lastMonth: before[unit.code] ?? none, lastYear: yearAgo[unit.code] ?? none)
                units.append(f)
            }
            let ranks = Progress.ranks(units.map(\.completion))
            for i in units.indices { units[i].rank = ranks[i] }
            out.append(contentsOf: units)
        }
        return out
    }

    /// 环比 and 同比: count and sum kinds compare the month's value with last month's and the year-to-date with
    /// the same months of last year (as a rate); the other kinds give the change of their value in its own unit.
    func changes(_ f: inout IndicatorFigure, _ indicator: Indicator, now: Accrued, lastMonth: Accrued, lastYear: Accrued) {
        if indicator.againstTime {
            f.monthOnMonth = zip2(now.month, lastMonth.month) { $0 - $1 }
            f.yearOnYear = zip2(now.ytd, lastYear.ytd) { $1 == 0 ? nil : $0 / $1 - 1 }
        } else {
            let value = { (a: Accrued) in indicator.isAccrued ? a.planToDate : Evaluator.combine(indicator, a.parts) }
            f.monthOnMonth = zip2(value(now), value(lastMonth)) { $0 - $1 }
            f.yearOnYear = zip2(value(now), value(lastYear)) { $0 - $1 }
        }
    }

    /// `reported`: targets a lower jurisdiction's 上报表 gives (or their sum), used instead of `targets`.
    func figure(_ indicator: Indicator, scope: String, scopeName: String, accrued: Accrued, targets: Targets,
                reported: ReportedTargets? = nil, carried: Bool) -> IndicatorFigure {
        let tp = Progress.timeProgress(period)
        let accruedKind = indicator.againstTime
        let yearTarget = reported.map(\.year) ?? Progress.yearTarget(targets, accumulate: indicator.accumulate, year: period.year,
                                                                      plan: pipeline.plan, accrued: accruedKind,
                                                                      baseValue: indicator.baseValue ?? indicator.baseline ?? 0)
        // Rate kinds and lower-is-better stocks are judged on their value at the month.
        let current = accruedKind ? accrued.ytd : indicator.lowerIsBetter && indicator.isAccrued
            ? accrued.planToDate : Evaluator.combine(indicator, accrued.parts)
        let completion = Progress.completion(current, target: yearTarget, baseline: indicator.baseline)
        let gap = Progress.gap(completion, timeProgress: tp, againstTime: accruedKind)
        var f = IndicatorFigure(
            code: indicator.code, name: indicator.name, unit: indicator.unit, scope: scope, scopeName: scopeName,
            yearTarget: yearTarget, monthValue: accruedKind ? accrued.month : current,
            ytd: accruedKind ? accrued.ytd : nil, planToDate: accruedKind ? accrued.planToDate : nil,
            planTarget: reported.map(\.plan) ?? Progress.planTarget(targets, accumulate: indicator.accumulate, plan: pipeline.plan,
                                                                     accrued: accruedKind),
            completion: completion, timeProgress: tp, gapPP: gap,
            status: Progress.status(gap: gap, thresholds: pipeline.thresholds), rank: nil,
            lead: indicator.lead.flatMap { pipeline.unit(code: $0)?.name } ?? indicator.lead, carriedForward: carried)
        if !accruedKind { f.components = Self.components(accrued.parts) }
        return f
    }

    /// The parts as the level above needs them, when all are there.
    static func components(_ parts: Parts) -> Components? {
        switch parts {
        case .ratio(let n?, let d?): return .ratio(numerator: n, denominator: d)
        case .growth(let a?, let b?): return .growth(current: a, previous: b)
        case .decline(let e?, let v?, let eb?, let vb?): return .decline(use: e, per: v, baseUse: eb, basePer: vb)
        case .none, .value, .ratio, .growth, .decline: return nil
        }
    }

    /// Units expected to submit the indicator's snapshot template that sent nothing this month but have an
    /// earlier snapshot: their figures are carried forward.
    func carriedUnits(_ indicator: Indicator, db: StoreSession) throws -> Set<String> {
        guard let template = pipeline.template(id: indicator.measure.template), template.mode == .snapshot else { return [] }
        let snaps = try db.currentSnapshots(template: template.id, at: period)
        let sent = try db.senders(of: template.id, period: period)
        return Set(snaps.map(\.unit)).subtracting(sent)
    }
}

/// Evaluates measures against the warehouse, per unit; remembers results so ratios reuse their operands.
struct Evaluator {
    let pipeline: Pipeline
    let db: StoreSession
    var memo: [String: [String: Accrued]] = [:]
    /// Snapshot accruals by `template@month`, then indicator code: one pass over the rows per template and month.
    var batches: [String: [String: [String: Accrued]]] = [:]
    /// 上报表 rows by `template@month`, then unit and 指标代码.
    var reports: [String: [String: [String: ReportedFigure]]] = [:]

    init(pipeline: Pipeline, db: StoreSession) {
        self.pipeline = pipeline
        self.db = db
    }

    mutating func evaluate(_ indicator: Indicator, at month: Period) throws -> [String: Accrued] {
        let key = "\(indicator.code)@\(month)"
        if let hit = memo[key] { return hit }
        let m = indicator.measure
        var result: [String: Accrued]
        if let r = m.rollup {
            guard let template = pipeline.template(id: m.template) else { return [:] }
            result = try rolledUp(indicator, r, template: template, at: month)
        } else if m.kind == .ratio {
            result = try ratio(indicator, at: month)
        } else {
            guard let template = pipeline.template(id: m.template) else { return [:] }
            let source: RowSource = template.mode == .snapshot
                ? SnapshotSource(pipeline: pipeline, template: template, db: db)
                : try IncrementSource(pipeline: pipeline, template: template, db: db, through: month)
            let factor = conversion(indicator, template: template)
            switch m.kind {
            case .count, .sum:
                if template.mode == .snapshot {
                    result = try snapshotAccrual(indicator, template: template, at: month)
                    if m.readsYearColumn {
                        let previous = month.month == 1 ? [:] : try snapshotAccrual(indicator, template: template, at: month.previous)
                        result = SnapshotSource.monthFromYearToDate(result, previous: previous)
                    }
                } else {
                    result = try source.accrue(m, at: month, plan: pipeline.plan)
                }
                for (u, a) in result {
                    result[u] = Accrued(month: a.month.map { $0 * factor }, ytd: a.ytd.map { $0 * factor },
                                        planToDate: a.planToDate.map { $0 * factor }, carried: a.carried)
                }
            case .level:
                guard case .level(let column) = m.shape else { result = [:]; break }
                // SPEC §4: the latest value at or before the month; an older one is marked carried forward.
                result = try source.latest(m, column: column, at: month).mapValues {
                    Accrued(parts: .value($0.value * factor), carried: $0.month != month)
                }
            case .growth:
                guard case .growth(let column, let against) = m.shape else { result = [:]; break }
                let now = try source.levels(m, column: column, at: month)
                let before: [String: Double]
                switch against {
                case .previousColumn(let prev):
                    before = try source.levels(m, column: prev, at: month)
                case .yearAgo:
                    before = try source.levels(m, column: column, at: Period(index: month.index - 12))
                case .baseYear:
                    before = try source.levels(m, column: column, at: Period(year: pipeline.plan.baseYear, month: month.month))
                }
                result = [:]
                for u in Set(now.keys).union(before.keys) { result[u] = Accrued(parts: .growth(now: now[u], before: before[u])) }
            case .decline:
                guard case .decline(let column, let denominator) = m.shape else { result = [:]; break }
                let base = Period(year: pipeline.plan.baseYear, month: month.month)
                let e = try source.levels(m, column: column, at: month)
                let v = try source.levels(m, column: denominator, at: month)
                let eb = try source.levels(m, column: column, at: base)
                let vb = try source.levels(m, column: denominator, at: base)
                result = [:]
                for u in Set(e.keys).union(eb.keys) { result[u] = Accrued(parts: .decline(use: e[u], per: v[u], baseUse: eb[u], basePer: vb[u])) }
            case .ratio:
                result = [:]
            }
        }
        memo[key] = result
        return result
    }

    /// A rollup: each lower jurisdiction's figure from its current 上报表, as the kind adds up — count and sum
    /// windows, a rate's components, a level's value. A report from an earlier month carries forward: its plan-to-
    /// date (and, within the year, its year-to-date) stand, and the month adds nothing.
    mutating func rolledUp(_ indicator: Indicator, _ r: Rollup, template: Template, at month: Period) throws -> [String: Accrued] {
        let tag = "\(template.id)@\(month)"
        if reports[tag] == nil {
            reports[tag] = Dictionary(grouping: try db.reportedFigures(of: template, at: month), by: \.unit)
                .mapValues { Dictionary($0.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first }) }
        }
        var out: [String: Accrued] = [:]
        for (unit, figures) in reports[tag] ?? [:] {
            guard let f = figures[r.code(for: unit)] else { continue }
            let carried = f.period != month, sameYear = f.period.year == month.year
            let v = { (column: String) in f.values[column] }
            var a: Accrued
            switch r.kind {
            case .count, .sum:
                let factor = Normalise.unitFactor(from: f.unitText, to: indicator.unit) ?? 1
                a = Accrued(month: carried ? 0 : v("本月").map { $0 * factor },
                            ytd: sameYear ? v("本年累计").map { $0 * factor } : 0,
                            planToDate: v("规划期累计").map { $0 * factor })
                a.reported = ReportedTargets(year: sameYear ? v("年度目标").map { $0 * factor } : nil,
                                             plan: v("规划期目标").map { $0 * factor })
            case .ratio, .growth, .decline:
                // Without all of its components a unit adds nothing to the total, as a town missing its row.
                a = Accrued(parts: UpwardReportFormat.components(r.kind, v).map(Parts.init) ?? .none)
            case .level: a = Accrued(parts: .value(v("本月")))
            }
            if !indicator.isAccrued, sameYear {
                a.reported = ReportedTargets(year: v("年度目标"), plan: v("规划期目标"))
            }
            a.carried = carried
            out[unit] = a
        }
        return out
    }

    /// A snapshot count or sum, read together with every other count and sum on the same template and month.
    mutating func snapshotAccrual(_ indicator: Indicator, template: Template, at month: Period) throws -> [String: Accrued] {
        let tag = "\(template.id)@\(month)"
        if batches[tag] == nil {
            let group = pipeline.indicators.filter {
                ($0.measure.kind == .count || $0.measure.kind == .sum) && $0.measure.template == template.id
            }
            let source = SnapshotSource(pipeline: pipeline, template: template, db: db)
            let accrued = try source.accrueTogether(group.map(\.measure), at: month, plan: pipeline.plan)
            batches[tag] = Dictionary(zip(group.map(\.code), accrued), uniquingKeysWith: { first, _ in first })
        }
        return batches[tag]?[indicator.code] ?? [:]
    }

    /// Ratio of two indicators' values in one window, kept as parts so totals divide sums.
    mutating func ratio(_ indicator: Indicator, at month: Period) throws -> [String: Accrued] {
        let m = indicator.measure
        guard case .ratio(let n, let d, let window) = m.shape, let num = pipeline.indicator(code: n),
              let den = pipeline.indicator(code: d) else { return [:] }
        let a = try evaluate(num, at: month), b = try evaluate(den, at: month)
        func value(_ ind: Indicator, _ x: Accrued?) -> Double? {
            guard let x else { return nil }
            return ind.isAccrued ? x.value(window) : Evaluator.combine(ind, x.parts)
        }
        var out: [String: Accrued] = [:]
        for u in Set(a.keys).union(b.keys) {
            out[u] = Accrued(parts: .ratio(numerator: value(num, a[u]), denominator: value(den, b[u])),
                             carried: (a[u]?.carried ?? false) || (b[u]?.carried ?? false))
        }
        return out
    }

    /// A rate kind's value from its (summed) parts, in the indicator's unit (% scales by 100).
    static func combine(_ indicator: Indicator, _ parts: Parts) -> Double? {
        if case .value(let v) = parts { return v }
        guard let r = ComputeStage.components(parts)?.rate else { return nil }
        return indicator.unit == "%" ? r * 100 : r
    }

    /// Factor from the measured column's unit to the indicator's unit (万元 → 亿元).
    func conversion(_ indicator: Indicator, template: Template) -> Double {
        guard indicator.measure.kind == .sum || indicator.measure.kind == .level,
              let name = indicator.measure.column else { return 1 }
        // Percent cells are stored as percentage numbers (38.6% → 38.6), as % indicators show them.
        if let column = template.column(named: name), column.isPercent { return indicator.unit == "%" ? 1 : 0.01 }
        guard let from = template.column(named: name)?.unit else { return 1 }
        return Normalise.unitFactor(from: from, to: indicator.unit) ?? 1
    }
}

/// Where a measure's rows come from: the current snapshots of a snapshot template, or the month rows of
/// an increment template.
protocol RowSource {
    /// Count and sum over the month, year-to-date and plan-to-date windows, per unit.
    func accrue(_ m: Measure, at month: Period, plan: Plan) throws -> [String: Accrued]
    /// The value of a column at a month (a stock), per unit.
    func levels(_ m: Measure, column: String, at month: Period) throws -> [String: Double]
    /// Each unit's latest value of a column at or before the month, and the month it is from (SPEC §4's level).
    func latest(_ m: Measure, column: String, at month: Period) throws -> [String: (value: Double, month: Period)]
}

/// Snapshot templates: each unit's latest accepted ledger at or before the month; rows placed in months by a
/// date column, or read from already-cumulative columns.
struct SnapshotSource: RowSource {
    let pipeline: Pipeline
    let template: Template
    let db: StoreSession

    func accrue(_ m: Measure, at month: Period, plan: Plan) throws -> [String: Accrued] {
        let result = try accrueTogether([m], at: month, plan: plan)[0]
        guard m.readsYearColumn else { return result }
        let previous = month.month == 1 ? [:] : try accrueTogether([m], at: month.previous, plan: plan)[0]
        return Self.monthFromYearToDate(result, previous: previous)
    }

    /// An already-cumulative year column gives the month as the change from last month's snapshot.
    static func monthFromYearToDate(_ now: [String: Accrued], previous: [String: Accrued]) -> [String: Accrued] {
        var result = now
        for (unit, a) in now { result[unit]?.month = (a.ytd ?? 0) - (previous[unit]?.ytd ?? 0) }
        return result
    }

    /// The month, year-to-date and plan-to-date windows of several count and sum measures in one pass over the
    /// current snapshots. Already-cumulative year columns come back as read (see `monthFromYearToDate`).
    func accrueTogether(_ measures: [Measure], at month: Period, plan: Plan) throws -> [[String: Accrued]] {
        var results = [[String: Accrued]](repeating: [:], count: measures.count)
        for snapshot in try db.snapshotTotals(of: template, measures: measures, at: month, plan: plan) {
            // A snapshot from an earlier year carries its plan-to-date forward, but its year-to-date column (本年…)
            // is that year's: it adds nothing to this one.
            let oldYear = (snapshot.period?.year ?? month.year) < month.year
            for (i, w) in snapshot.windows.enumerated() {
                let stale = measures[i].readsYearColumn && oldYear
                results[i][snapshot.unit] = Accrued(month: w.month, ytd: stale ? 0 : w.ytd, planToDate: w.plan)
            }
        }
        return results
    }

    func levels(_ m: Measure, column: String, at month: Period) throws -> [String: Double] {
        try db.snapshotSums(of: template, measure: m, column: column, at: month, plan: pipeline.plan)
    }

    /// A unit's current snapshot already is its latest at or before the month (carried units are marked apart).
    func latest(_ m: Measure, column: String, at month: Period) throws -> [String: (value: Double, month: Period)] {
        try levels(m, column: column, at: month).mapValues { ($0, month) }
    }
}

/// Increment templates: one row per unit and 统计月份; a later accepted row for the same month wins
/// (a correction sent with a later file, or a base-year backfill).
struct IncrementSource: RowSource {
    /// unit → month → column → value.
    let rows: [String: [Period: [String: Double]]]

    init(pipeline: Pipeline, template: Template, db: StoreSession, through month: Period) throws {
        rows = try db.incrementRows(of: template, through: month)
    }

    func accrue(_ m: Measure, at month: Period, plan: Plan) throws -> [String: Accrued] {
        let column: String, runsFromJanuary: Bool
        switch m.shape {
        case .sum(.column(let c)): (column, runsFromJanuary) = (c, false)
        case .sum(.yearToDate(let c)): (column, runsFromJanuary) = (c, true)
        default: return [:]   // a count, or cumulative columns, has no meaning on one-row-a-month templates
        }
        var out: [String: Accrued] = [:]
        for (unit, months) in rows {
            func v(_ p: Period) -> Double? { months[p]?[column] }
            if runsFromJanuary {
                // The column already runs from January: the month is the change, earlier plan years add their December.
                // A missing month keeps the latest figure of the same year (carried, nothing new this month); it
                // never reaches back into last year, whose year-to-date is not this year's.
                let latest = month.january.through(month).reversed().first { v($0) != nil }
                guard let at = latest, let ytd = v(at) else {
                    out[unit] = Accrued(month: nil, ytd: nil, planToDate: nil)
                    continue
                }
                let before = at.month == 1 ? 0 : v(at.previous)
                var planToDate: Double? = ytd
                for y in plan.start.year..<month.year { planToDate = add(planToDate, v(Period(year: y, month: 12))) }
                out[unit] = Accrued(month: at != month ? 0 : before.map { ytd - $0 }, ytd: ytd, planToDate: planToDate,
                                    carried: at != month)
            } else {
                let ytd = month.january.through(month).compactMap(v)
                let planned = plan.start.through(month).compactMap(v)
                out[unit] = Accrued(month: v(month), ytd: ytd.isEmpty ? nil : ytd.reduce(0, +),
                                    planToDate: planned.isEmpty ? nil : planned.reduce(0, +))
            }
        }
        return out
    }

    func levels(_ m: Measure, column: String, at month: Period) throws -> [String: Double] {
        rows.compactMapValues { $0[month]?[column] }
    }

    /// Each unit's latest value of `column` at or before `month`, and the month it is from.
    func latest(_ m: Measure, column: String, at month: Period) -> [String: (value: Double, month: Period)] {
        rows.compactMapValues { months in
            months.filter { $0.key <= month && $0.value[column] != nil }.max { $0.key < $1.key }
                .flatMap { entry in entry.value[column].map { ($0, entry.key) } }
        }
    }
}

func zip2(_ a: Double?, _ b: Double?, _ f: (Double, Double) -> Double?) -> Double? {
    guard let a, let b else { return nil }
    return f(a, b)
}

func add(_ a: Double?, _ b: Double?) -> Double? {
    switch (a, b) {
    case (nil, nil): return nil
    default: return (a ?? 0) + (b ?? 0)
    }
}

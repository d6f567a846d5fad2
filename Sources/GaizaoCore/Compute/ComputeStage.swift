import Foundation
import GRDB

/// Values accrued over the three windows of a month.
struct Accrued: Sendable {
    var month: Double?
    var ytd: Double?
    var planToDate: Double?
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
        let figures = try warehouse.read { db in try compute(db) }
        try warehouse.write { db in
            try db.execute(sql: "DELETE FROM indicator_values WHERE pipeline = ? AND period = ?",
                           arguments: [pipeline.id, period.description])
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            for (i, f) in figures.enumerated() {
                try db.execute(sql: """
                    INSERT INTO indicator_values (pipeline, period, code, scope, position, json) VALUES (?,?,?,?,?,?)
                    """, arguments: [pipeline.id, period.description, f.code, f.scope, i,
                                     String(decoding: try encoder.encode(f), as: UTF8.self)])
            }
        }
        return figures
    }

    func compute(_ db: Database) throws -> [IndicatorFigure] {
        var out: [IndicatorFigure] = []
        let tp = Progress.timeProgress(period)
        for indicator in pipeline.indicators {
            let byUnit = try accrue(indicator, db: db, at: period)
            let carried = try carriedUnits(indicator, db: db)
            // The total adds up the units, so town figures always sum to the city's; in code order, so the
            // floating-point sum is the same on every run.
            let total = byUnit.keys.sorted().map { byUnit[$0]! }.reduce(into: Accrued(month: nil, ytd: nil, planToDate: nil)) { acc, a in
                acc.month = add(acc.month, a.month)
                acc.ytd = add(acc.ytd, a.ytd)
                acc.planToDate = add(acc.planToDate, a.planToDate)
            }
            out.append(figure(indicator, scope: "total", scopeName: pipeline.region.name, accrued: total,
                              targets: indicator.targets, timeProgress: tp, carried: false))
            guard let kind = indicator.decompose else { continue }
            var towns: [IndicatorFigure] = []
            for unit in pipeline.units where unit.kind == kind {
                let targets = pipeline.unitTargets[indicator.code]?[unit.code] ?? Targets([:])
                let a = byUnit[unit.code] ?? Accrued(month: 0, ytd: 0, planToDate: 0)
                towns.append(figure(indicator, scope: unit.code, scopeName: unit.name, accrued: a, targets: targets,
                                    timeProgress: tp, carried: carried.contains(unit.code)))
            }
            let ranks = Progress.ranks(towns.map(\.completion))
            for i in towns.indices { towns[i].rank = ranks[i] }
            out.append(contentsOf: towns)
        }
        return out
    }

    func figure(_ indicator: Indicator, scope: String, scopeName: String, accrued: Accrued, targets: Targets,
                timeProgress: Double, carried: Bool) -> IndicatorFigure {
        let yearTarget = Progress.yearTarget(targets, accumulate: indicator.accumulate, year: period.year,
                                             plan: pipeline.plan)
        let completion = Progress.completion(accrued.ytd, target: yearTarget)
        let gap = completion.map { ($0 - timeProgress) * 100 }
        return IndicatorFigure(
            code: indicator.code, name: indicator.name, unit: indicator.unit, scope: scope, scopeName: scopeName,
            yearTarget: yearTarget, monthValue: accrued.month, ytd: accrued.ytd, planToDate: accrued.planToDate,
            planTarget: Progress.planTarget(targets, accumulate: indicator.accumulate, plan: pipeline.plan),
            completion: completion, timeProgress: timeProgress, gapPP: gap,
            status: Progress.status(gap: gap, thresholds: pipeline.thresholds), rank: nil,
            lead: indicator.lead.flatMap { pipeline.unit(code: $0)?.name } ?? indicator.lead, carriedForward: carried)
    }

    /// Units whose snapshot for this indicator's template is older than the month (carried forward).
    func carriedUnits(_ indicator: Indicator, db: Database) throws -> Set<String> {
        let snaps = try Warehouse.currentSnapshots(db, pipeline: pipeline.id, template: indicator.measure.template,
                                                   at: period)
        return Set(snaps.filter { $0.period != period.description }.map(\.unit))
    }

    /// Accrued values per unit for the month `at`.
    func accrue(_ indicator: Indicator, db: Database, at month: Period) throws -> [String: Accrued] {
        let m = indicator.measure
        guard let template = pipeline.template(id: m.template) else { return [:] }
        let snaps = try Warehouse.currentSnapshots(db, pipeline: pipeline.id, template: template.id, at: month)
        guard !snaps.isEmpty else { return [:] }
        let table = Warehouse.table(pipeline: pipeline.id, template: template.id)
        let q = Warehouse.quote
        var args: [DatabaseValueConvertible?] = []
        // Window predicate on the accrual date column; without one every row counts in every window.
        func window(_ from: String) -> String {
            guard let d = m.date else { return "1" }
            args.append(from)
            args.append(month.lastDay)
            return "(\(q(d)) >= ? AND \(q(d)) <= ?)"
        }
        let factor = conversion(indicator, template: template)
        var selects: [String] = []
        switch m.kind {
        case .count:
            for from in [month.firstDay, month.january.firstDay, pipeline.plan.start.firstDay] {
                selects.append("COUNT(DISTINCT CASE WHEN \(window(from)) THEN key END)")
            }
        case .sum:
            if let planCol = m.cumulativePlan, let yearCol = m.cumulativeYear {
                let w1 = window(pipeline.plan.start.firstDay)
                selects.append("NULL")
                selects.append("SUM(CASE WHEN \(w1) THEN \(q(yearCol)) END)")
                let w2 = window(pipeline.plan.start.firstDay)
                selects.append("SUM(CASE WHEN \(w2) THEN \(q(planCol)) END)")
            } else {
                let col = q(m.column ?? "")
                for from in [month.firstDay, month.january.firstDay, pipeline.plan.start.firstDay] {
                    selects.append("SUM(CASE WHEN \(window(from)) THEN \(col) END)")
                }
            }
        }
        var filters = ["file_id IN (\(snaps.map { String($0.id) }.joined(separator: ",")))", "rejected = 0"]
        for f in m.filter {
            filters.append("\(q(f.column)) IN (\(f.values.map { _ in "?" }.joined(separator: ",")))")
            args.append(contentsOf: f.values.map { $0 as DatabaseValueConvertible? })
        }
        let sql = "SELECT unit, \(selects.joined(separator: ", ")) FROM \(table) WHERE \(filters.joined(separator: " AND ")) GROUP BY unit"
        var result: [String: Accrued] = [:]
        for unit in Set(snaps.map(\.unit)) { result[unit] = Accrued(month: 0, ytd: 0, planToDate: 0) }
        for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)) {
            let unit: String = row[0]
            let v1: Double? = row[1], v2: Double? = row[2], v3: Double? = row[3]
            result[unit] = Accrued(month: v1.map { $0 * factor } ?? 0, ytd: (v2 ?? 0) * factor,
                                   planToDate: (v3 ?? 0) * factor)
        }
        // An already-cumulative year column gives the month as the change from last month's snapshot.
        if m.kind == .sum, m.cumulativeYear != nil {
            let previous = month.month == 1 ? [:] : try accrue(indicator, db: db, at: month.previous)
            for (unit, a) in result {
                result[unit]!.month = (a.ytd ?? 0) - (previous[unit]?.ytd ?? 0)
            }
        }
        return result
    }

    /// Factor from the measured column's unit to the indicator's unit (万元 → 亿元).
    func conversion(_ indicator: Indicator, template: Template) -> Double {
        guard indicator.measure.kind == .sum,
              let name = indicator.measure.cumulativePlan ?? indicator.measure.column,
              let from = template.column(named: name)?.unit else { return 1 }
        return Normalise.unitFactor(from: from, to: indicator.unit) ?? 1
    }
}

func add(_ a: Double?, _ b: Double?) -> Double? {
    switch (a, b) {
    case (nil, nil): return nil
    default: return (a ?? 0) + (b ?? 0)
    }
}

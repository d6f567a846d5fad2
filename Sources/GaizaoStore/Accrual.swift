import Foundation
import GRDB
import GaizaoModel

/// A count or sum of one unit's current snapshot over the month, January to the month, and plan start to the month.
/// For a measure with already-cumulative columns, `month` is 0 and the two others are the columns' sums as read.
public struct Windows: Sendable, Equatable {
    public var month: Double
    public var ytd: Double
    public var plan: Double
}

/// One unit's current snapshot: the month it was sent for, and the windows of each measure asked for.
public struct SnapshotTotals: Sendable {
    public var unit: String
    public var period: Period?
    public var windows: [Windows]
}

extension StoreSession {
    /// `column IN (?, …)` for each of a measure's filters, and `date BETWEEN plan start AND plan end` for each of
    /// its plan-window columns, appending their values to `args` in order. (Two filters on one column both hold.)
    static func conditions(_ m: Measure, plan: Plan, args: inout [DatabaseValueConvertible?]) -> [String] {
        let filters = m.filter.map { f in
            args.append(contentsOf: f.values.map { $0 as DatabaseValueConvertible? })
            return "\(Warehouse.quote(f.column)) IN (\(f.values.map { _ in "?" }.joined(separator: ",")))"
        }
        let windows = m.withinPlan.map { d in
            args.append(plan.start.firstDay)
            args.append(plan.end.lastDay)
            return "\(Warehouse.quote(d)) >= ? AND \(Warehouse.quote(d)) <= ?"
        }
        return filters + windows
    }

    /// The windows of several count and sum measures over each unit's current snapshot, in one pass: each measure's
    /// filter moves into its CASE, so a million-row month is read once, not once per indicator.
    public func snapshotTotals(of template: Template, measures: [Measure], at month: Period, plan: Plan) throws -> [SnapshotTotals] {
        let q = Warehouse.quote
        let snaps = try currentSnapshots(template: template.id, at: month)
        guard !snaps.isEmpty, !measures.isEmpty else { return [] }
        var args: [DatabaseValueConvertible?] = []
        var selects: [String] = []
        for m in measures {
            // The measure's filter and the window on its accrual date; without a date every row is in every window.
            func when(_ from: String) -> String {
                var conditions = Self.conditions(m, plan: plan, args: &args)
                if let d = m.date {
                    conditions.append("\(q(d)) >= ? AND \(q(d)) <= ?")
                    args.append(from)
                    args.append(month.lastDay)
                }
                return conditions.isEmpty ? "1" : conditions.joined(separator: " AND ")
            }
            switch m.shape {
            case .count:
                // A unit's current snapshot is one file and keys are unique within a file (duplicate-key), so plain
                // COUNT equals COUNT(DISTINCT key) here, without a temporary b-tree per window over every row.
                for from in [month.firstDay, month.january.firstDay, plan.start.firstDay] {
                    selects.append("COUNT(CASE WHEN \(when(from)) THEN 1 END)")
                }
            case .sum(.cumulative(let planCol, let yearCol)):
                selects.append("NULL")
                selects.append("SUM(CASE WHEN \(when(plan.start.firstDay)) THEN \(q(yearCol)) END)")
                selects.append("SUM(CASE WHEN \(when(plan.start.firstDay)) THEN \(q(planCol)) END)")
            case .sum(.column(let c)), .sum(.yearToDate(let c)):
                for from in [month.firstDay, month.january.firstDay, plan.start.firstDay] {
                    selects.append("SUM(CASE WHEN \(when(from)) THEN \(q(c)) END)")
                }
            case .ratio, .growth, .decline, .level, .rollup:
                selects += ["NULL", "NULL", "NULL"]   // not an accrual: asked for by mistake, adds nothing
            }
        }
        var totals: [Int64: SnapshotTotals] = [:]
        for s in snaps where totals[s.id] == nil {
            totals[s.id] = SnapshotTotals(unit: s.unit, period: Period(s.period),
                                          windows: measures.map { _ in Windows(month: 0, ytd: 0, plan: 0) })
        }
        // Grouped by file (one current file per unit) so the file_id index delivers the groups in order:
        // GROUP BY unit sorted every row through a temporary b-tree first.
        let sql = """
            SELECT file_id, \(selects.joined(separator: ", ")) FROM \(Warehouse.table(pipeline: pipeline, template: template.id))
            WHERE file_id IN (\(snaps.map { String($0.id) }.joined(separator: ","))) AND rejected = 0 GROUP BY file_id
            """
        for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)) {
            let fileID: Int64 = row[0]
            guard totals[fileID] != nil else { continue }
            for i in measures.indices {
                let v1: Double? = row[1 + 3 * i], v2: Double? = row[2 + 3 * i], v3: Double? = row[3 + 3 * i]
                totals[fileID]?.windows[i] = Windows(month: v1 ?? 0, ytd: v2 ?? 0, plan: v3 ?? 0)
            }
        }
        return snaps.compactMap { totals.removeValue(forKey: $0.id) }
    }

    /// Σ `column` over each unit's current snapshot rows that meet the measure's filters (a stock at the month).
    public func snapshotSums(of template: Template, measure m: Measure, column: String, at month: Period, plan: Plan) throws -> [String: Double] {
        let snaps = try currentSnapshots(template: template.id, at: month)
        guard !snaps.isEmpty else { return [:] }
        var args: [DatabaseValueConvertible?] = []
        let filter = (["file_id IN (\(snaps.map { String($0.id) }.joined(separator: ",")))", "rejected = 0"]
            + Self.conditions(m, plan: plan, args: &args)).joined(separator: " AND ")
        let sql = "SELECT unit, SUM(\(Warehouse.quote(column))) FROM \(Warehouse.table(pipeline: pipeline, template: template.id)) WHERE \(filter) GROUP BY unit"
        var out: [String: Double] = [:]
        for row in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)) {
            if let v: Double = row[1] { out[row[0]] = v }
        }
        return out
    }

    /// Every row of each unit's current 上报表 at `month` (an upward template's snapshots), with the month the
    /// report is for: what a rollup adds up, and what carries forward for a unit that sent nothing.
    public func reportedFigures(of template: Template, at month: Period) throws -> [ReportedFigure] {
        let snaps = try currentSnapshots(template: template.id, at: month)
        guard !snaps.isEmpty else { return [] }
        let months = Dictionary(snaps.map { ($0.id, Period($0.period) ?? month) }, uniquingKeysWith: { a, _ in a })
        let numbers = UpwardReportFormat.numeric.map { UpwardReportFormat.headers[$0] }
        let sql = """
            SELECT file_id, unit, key, "单位", \(numbers.map(Warehouse.quote).joined(separator: ", "))
            FROM \(Warehouse.table(pipeline: pipeline, template: template.id))
            WHERE file_id IN (\(snaps.map { String($0.id) }.joined(separator: ","))) AND rejected = 0 ORDER BY unit, line
            """
        return try Row.fetchAll(db, sql: sql).compactMap { row in
            guard let unit: String = row[1], let code: String = row[2] else { return nil }
            var values: [String: Double] = [:]
            for (i, name) in numbers.enumerated() { if let v: Double = row[4 + i] { values[name] = v } }
            return ReportedFigure(unit: unit, period: months[row[0]] ?? month, code: code, unitText: row[3] ?? "", values: values)
        }
    }

    /// An increment template's accepted rows through `month`: unit → 统计月份 → numeric column → value. Files are
    /// read in arrival order, so a later accepted row for the same month wins (a correction, a backfill).
    public func incrementRows(of template: Template, through month: Period) throws -> [String: [Period: [String: Double]]] {
        guard try db.tableExists(Warehouse.rowTables(pipeline: pipeline, template: template.id).versionsName) else { return [:] }
        let numeric = template.columns.filter { [.number, .integer, .percent].contains($0.type) }.map(\.name)
        let cols = numeric.map { "r." + Warehouse.quote($0) }.joined(separator: ", ")
        let sql = """
            SELECT r.unit, r.month\(cols.isEmpty ? "" : ", " + cols) FROM \(Warehouse.table(pipeline: pipeline, template: template.id)) r
            JOIN files f ON f.id = r.file_id
            WHERE f.pipeline = ? AND f.status = 'loaded' AND f.superseded_by IS NULL AND f.period <= ? AND r.rejected = 0
              AND r.month IS NOT NULL AND r.month <= ?
            ORDER BY f.period, f.received_at, f.id, r.line
            """
        var out: [String: [Period: [String: Double]]] = [:]
        for row in try Row.fetchAll(db, sql: sql, arguments: [pipeline, month.description, month.description]) {
            guard let unit: String = row[0], let text: String = row[1], let m = Period(text) else { continue }
            var values: [String: Double] = [:]
            for (i, name) in numeric.enumerated() { if let v: Double = row[2 + i] { values[name] = v } }
            out[unit, default: [:]][m] = values
        }
        return out
    }

    /// Units that sent the template this month (loaded or unchanged files).
    public func senders(of template: String, period: Period) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: """
            SELECT unit FROM files WHERE pipeline = ? AND period = ? AND template = ? AND status IN ('loaded', 'unchanged')
              AND unit IS NOT NULL
            """, arguments: [pipeline, period.description, template]))
    }
}

/// One row of a lower jurisdiction's 上报表 as stored: its indicator code, unit of measure and figures by column.
public struct ReportedFigure: Sendable {
    public var unit: String
    /// The month the report is for (earlier than the month computed when it is carried forward).
    public var period: Period
    public var code: String
    /// 单位 as the report gives it (万元, 亿元, %).
    public var unitText: String
    /// 本月 … 基期分母 by column name; absent where the cell is empty.
    public var values: [String: Double]
}

import Foundation
import GRDB
import GaizaoModel

/// The accepted rows of a snapshot template as the month stands (each unit's current ledger), streamed
/// from the warehouse in unit and row order so a million-row detail never sits in memory.
public struct DetailRows {
    public var template: Template
    public var count: Int
    /// Calls the body once per row with the unit's name and the row's values (template column order).
    public var each: ((String, [FieldValue]) throws -> Void) throws -> Void

    public init(template: Template, count: Int, each: @escaping ((String, [FieldValue]) throws -> Void) throws -> Void) {
        self.template = template
        self.count = count
        self.each = each
    }
}

extension StoreSession {
    /// The detail template's current rows (项目清单), or nil when the pipeline has no snapshot template.
    public func detailRows(_ pipeline: Pipeline, period: Period) throws -> DetailRows? {
        let db = self.db
        guard pipeline.detailTemplate != "none", let template = pipeline.templates.first(where: { $0.id == pipeline.detailTemplate })
            ?? pipeline.templates.first(where: { $0.mode == .snapshot }) else { return nil }
        // Unit order, then each file's rows in line order.
        // One indexed query per file needs no sort; ORDER BY unit, line over all files sorted a million wide rows.
        let ids = try currentSnapshots(template: template.id, at: period)
            .sorted { ($0.unit, $0.id) < ($1.unit, $1.id) }.map(\.id)
        let tables = Warehouse.rowTables(pipeline: pipeline.id, template: template.id)
        let count = ids.isEmpty ? 0 : try Int.fetchOne(db, sql: """
            SELECT IFNULL(SUM(count), 0) FROM \(tables.spans) WHERE file_id IN (\(ids.map(String.init).joined(separator: ","))) AND rejected = 0
            """) ?? 0
        let cols = template.columns.map { "v." + Warehouse.quote($0.name) }.joined(separator: ", ")
        let numeric = template.columns.map { [.number, .integer, .percent].contains($0.type) }
        // Looked up once, not by a scan of the unit list for each of a million rows.
        let names = Dictionary(pipeline.units.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        return DetailRows(template: template, count: count) { body in
            // No current file yet means the rows table may not exist either (a programme's first month without it).
            if ids.isEmpty { return }
            var values = [FieldValue](repeating: .null, count: template.columns.count)
            // Ordered by span, then version within it — line order, read straight from the two keys with no sort.
            let statement = try db.makeStatement(sql: """
                SELECT v.unit, \(cols) FROM \(tables.spansWithVersions) WHERE s.file_id = ? AND s.rejected = 0 ORDER BY s.line, v.id
                """)
            func emit(_ row: Row) throws {
                for i in values.indices {
                    let v: DatabaseValue = row[i + 1]
                    switch v.storage {
                    case .null: values[i] = .null
                    case .double(let d): values[i] = numeric[i] ? .number(d) : .text(d.plain)
                    case .int64(let n): values[i] = numeric[i] ? .number(Double(n)) : .text(String(n))
                    case .string(let s): values[i] = .text(s)
                    case .blob: values[i] = .null
                    }
                }
                let code: String = row[0]
                try body(names[code] ?? code, values)
            }
            for id in ids {
                let rows = try Row.fetchCursor(statement, arguments: [id])
                while let row = try rows.next() { try emit(row) }
            }
        }
    }
}

import Foundation
import GRDB
import GaizaoModel
import GaizaoStore
import XLSXWriter

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

    /// The detail template's current rows, or nil when the pipeline has no snapshot template.
    static func current(_ db: Database, pipeline: Pipeline, period: Period) throws -> DetailRows? {
        guard pipeline.detailTemplate != "none", let template = pipeline.templates.first(where: { $0.id == pipeline.detailTemplate })
            ?? pipeline.templates.first(where: { $0.mode == .snapshot }) else { return nil }
        // Unit order, then each file's rows in rowid order, which is line order (ingest inserts rows as read).
        // One indexed query per file needs no sort; ORDER BY unit, line over all files sorted a million wide rows.
        let ids = try Warehouse.currentSnapshots(db, pipeline: pipeline.id, template: template.id, at: period)
            .sorted { ($0.unit, $0.id) < ($1.unit, $1.id) }.map(\.id)
        let table = Warehouse.table(pipeline: pipeline.id, template: template.id)
        let filter = "file_id IN (\(ids.map(String.init).joined(separator: ","))) AND rejected = 0"
        let count = ids.isEmpty ? 0 : try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE \(filter)") ?? 0
        let cols = template.columns.map { Warehouse.quote($0.name) }.joined(separator: ", ")
        let numeric = template.columns.map { [.number, .integer, .percent].contains($0.type) }
        // Looked up once, not by a scan of the unit list for each of a million rows.
        let names = Dictionary(pipeline.units.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        return DetailRows(template: template, count: count) { body in
            // No current file yet means the rows table may not exist either (a programme's first month without it).
            if ids.isEmpty { return }
            var values = [FieldValue](repeating: .null, count: template.columns.count)
            let statement = try db.makeStatement(
                sql: "SELECT unit, \(cols) FROM \(table) WHERE file_id = ? AND rejected = 0 ORDER BY rowid")
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

/// 项目清单 sheets: one header row, then rows; past Excel's last row the list continues on 项目清单(2), (3) ….
struct DetailSheet {
    /// Data rows per sheet: Excel's 1,048,576 rows less the header row.
    static let rowsPerSheet = 1_048_575
    var baseName = "项目清单"
    var printTitle: String

    func sheetName(_ index: Int) -> String { index == 0 ? baseName : "\(baseName)(\(index + 1))" }

    /// Writes the rows; returns the sheet names used. Rows are written strictly in order (constant-memory safe).
    @discardableResult
    func write(_ detail: DetailRows, to wb: Workbook, styles s: Styles) throws -> [String] {
        let columns = detail.template.columns
        let headers = ["所属单位"] + columns.map(\.header)
        let formats = columns.map { c -> Format in
            switch c.type {
            case .integer: return s.number(.integer)
            case .number: return s.number(.decimal2)
            case .percent: return s.number(.percent)
            default: return s.text
            }
        }
        let sheets = max(1, (detail.count + Self.rowsPerSheet - 1) / Self.rowsPerSheet)
        var names: [String] = []
        var sheet: Worksheet?
        var row = 0
        func open(_ index: Int) throws {
            let ws = try wb.addSheet(sheetName(index))
            names.append(ws.name)
            // Widths from the headers and typical content: unit names and dates are short, names wrap at 40.
            for (c, h) in headers.enumerated() {
                let typical: Double = c == 0 ? 10 : columns[c - 1].type == .string ? 24 : 12
                try ws.setColumn(c, width: min(max(displayWidth(h) + 2, typical), 40))
            }
            for (c, h) in headers.enumerated() { try ws.write(0, c, h, s.header) }
            ws.freeze(rows: 1)
            let last = index == sheets - 1 ? max(1, detail.count - index * Self.rowsPerSheet) : Self.rowsPerSheet
            try ws.autofilter(0, 0, last, headers.count - 1)
            try ws.setPrint(PrintSetup(landscape: true, fitToWidth: true, repeatRows: 0...0,
                                       header: "&C&\"-,Bold\"\(printTitle.replacingOccurrences(of: "&", with: "&&"))·\(baseName)",
                                       footer: "&C第 &P 页，共 &N 页"))
            sheet = ws
            row = 1
        }
        try open(0)
        var written = 0
        try detail.each { unitName, values in
            if row > Self.rowsPerSheet { try open(names.count) }
            guard let ws = sheet else { return }
            try ws.write(row, 0, unitName, s.text)
            for (i, v) in values.enumerated() {
                switch v {
                case .null: break
                case .number(let d): try ws.write(row, i + 1, d, formats[i])
                case .text(let t): try ws.write(row, i + 1, t, formats[i])
                }
            }
            row += 1
            written += 1
        }
        return names
    }
}

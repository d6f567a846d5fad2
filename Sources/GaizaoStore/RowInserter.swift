import GRDB
import GRDBSQLite
import GaizaoModel

/// The bulk INSERT of accepted rows, bound straight from a row's byte buffer. GRDB's argument path builds a
/// `DatabaseValue` (a String per text cell) for every field; at a million rows that was a fifth of ingest.
/// This is the only place gaizao calls the SQLite C API itself.
///
/// A row is stored once (issue 17): its digest is looked up among the unit's ledger of last month, and only a row
/// that is new or changed becomes a version; the file's rows become spans of versions (`finish` writes the last).
package struct RowInserter {
    private let versionStatement: Statement
    private let spanStatement: Statement
    private var spans = SpanBuilder()
    private var fileID: Int64 = 0
    private let connection: SQLiteConnection
    private var digester: RowDigester
    /// Digest → version of the ledger the rows are compared with, for `knownUnit`.
    private var known: [RowDigest: Int64] = [:]
    private var knownUnit: String?
    private let previousLedger: (String) throws -> [RowDigest: Int64]
    /// SQLite copies bound text at once, so the buffer may change after the call.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    /// Statements for the template's versions and spans tables; `previousLedger(unit)` gives the unit's ledger
    /// of last month, read when the unit's first row arrives.
    package init(_ db: Database, tables: RowTables, columns: [String],
                 previousLedger: @escaping (String) throws -> [RowDigest: Int64]) throws {
        let names = ["digest", "unit", "month", "key", "first_file", "first_line"] + columns
        versionStatement = try db.makeStatement(sql: """
            INSERT INTO \(tables.versions) (\(names.map(Warehouse.quote).joined(separator: ","))) \
            VALUES (\(Array(repeating: "?", count: names.count).joined(separator: ",")))
            """)
        spanStatement = try db.makeStatement(sql: "INSERT INTO \(tables.spans) (file_id, line, version, count) VALUES (?,?,?,?)")
        guard let connection = db.sqliteConnection else { throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "connection closed") }
        self.connection = connection
        digester = RowDigester(columns: columns)
        self.previousLedger = previousLedger
    }

    /// Inserts every row of the batch (bindings persist across steps, so file and unit are bound once).
    package mutating func insert(fileID: Int64, batch: RowBatch) throws {
        let v = versionStatement.sqliteStatement
        self.fileID = fileID
        if knownUnit != batch.unit {
            known = try previousLedger(batch.unit)
            knownUnit = batch.unit
        }
        try check(sqlite3_bind_int64(v, 5, fileID))
        try bind(v, 2, batch.unit)
        for (r, head) in batch.heads.enumerated() {
            let month = head.month?.description
            let digest = digester.digest(unit: batch.unit, key: head.key, month: month, cells: batch.cells, from: r * batch.width)
            let version: Int64
            if let existing = known[digest] {
                version = existing
            } else {
                var bytes = (digest.high.bigEndian, digest.low.bigEndian)
                try withUnsafeBytes(of: &bytes) { try check(sqlite3_bind_blob(v, 1, $0.baseAddress, 16, Self.transient)) }
                if let month { try bind(v, 3, month) } else { try check(sqlite3_bind_null(v, 3)) }
                try bind(v, 4, head.key)
                try check(sqlite3_bind_int64(v, 6, Int64(head.line)))
                try bindCells(v, batch.cells, from: r * batch.width, count: batch.width)
                try step(v)
                // Not remembered: a second identical row in one file repeats its key, which ingest rejects first,
                // and remembering every new row made the map as large as a first month's ledger.
                version = sqlite3_last_insert_rowid(connection)
            }
            if let closed = spans.add(line: Int64(head.line), version: version) { try write(closed) }
        }
    }

    /// Writes the file's last span; call once after the last batch.
    package mutating func finish() throws {
        if let last = spans.finish() { try write(last) }
    }

    private func write(_ span: Span) throws {
        let s = spanStatement.sqliteStatement
        try check(sqlite3_bind_int64(s, 1, fileID))
        try check(sqlite3_bind_int64(s, 2, span.line))
        try check(sqlite3_bind_int64(s, 3, span.version))
        try check(sqlite3_bind_int64(s, 4, span.count))
        try step(s)
    }

    private func bindCells(_ s: SQLiteStatement, _ cells: RowCells, from first: Int, count: Int) throws {
        try cells.bytes.withUnsafeBufferPointer { bytes in
            for i in 0..<count {
                let cell = cells.cells[first + i]
                let index = Int32(7 + i)
                switch cell {
                case .null:
                    try check(sqlite3_bind_null(s, index))
                case .number(let v):
                    try check(sqlite3_bind_double(s, index, v))
                case .text(let r):
                    // An empty range, or an empty buffer, binds '' (a nil pointer would bind NULL).
                    guard !r.isEmpty, let base = bytes.baseAddress else {
                        try check(sqlite3_bind_text(s, index, "", 0, Self.transient))
                        continue
                    }
                    let text = UnsafeRawPointer(base + r.lowerBound).assumingMemoryBound(to: CChar.self)
                    try check(sqlite3_bind_text(s, index, text, Int32(r.count), Self.transient))
                }
            }
        }
    }

    /// Every bind's result code is checked: a failed bind would otherwise insert the previous row's value.
    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(connection)))
        }
    }

    private func step(_ s: SQLiteStatement) throws {
        let code = sqlite3_step(s)
        sqlite3_reset(s)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(connection)))
        }
    }

    /// Binds a Swift string as UTF-8 text; an empty string stays '' (a nil pointer would bind NULL).
    private func bind(_ s: SQLiteStatement, _ index: Int32, _ text: String) throws {
        var text = text
        let code: Int32 = text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return sqlite3_bind_text(s, index, "", 0, Self.transient) }
            return UnsafeRawPointer(base).withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                sqlite3_bind_text(s, index, $0, Int32(utf8.count), Self.transient)
            }
        }
        try check(code)
    }
}

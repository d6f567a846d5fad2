import GRDB
import GRDBSQLite
import GaizaoModel

/// The bulk INSERT of accepted rows, bound straight from a row's byte buffer. GRDB's argument path builds a
/// `DatabaseValue` (a String per text cell) for every field; at a million rows that was a fifth of ingest.
/// This is the only place gaizao calls the SQLite C API itself.
package struct RowInserter {
    private let statement: Statement
    private let connection: SQLiteConnection?
    /// SQLite copies bound text at once, so the buffer may change after the call.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    /// `INSERT INTO table (file_id, line, unit, month, key, <template columns>) VALUES (?, …)`.
    package init(_ db: Database, table: String, columns: [String]) throws {
        let names = ["file_id", "line", "unit", "month", "key"] + columns
        statement = try db.makeStatement(sql: """
            INSERT INTO \(table) (\(names.map(Warehouse.quote).joined(separator: ","))) \
            VALUES (\(Array(repeating: "?", count: names.count).joined(separator: ",")))
            """)
        connection = db.sqliteConnection
    }

    /// Inserts every row of the batch (bindings persist across steps, so file and unit are bound once).
    package func insert(fileID: Int64, batch: RowBatch) throws {
        let s = statement.sqliteStatement
        try check(sqlite3_bind_int64(s, 1, fileID))
        try bind(s, 3, batch.unit)
        for (r, head) in batch.heads.enumerated() {
            try check(sqlite3_bind_int64(s, 2, Int64(head.line)))
            if let month = head.month { try bind(s, 4, month.description) } else { try check(sqlite3_bind_null(s, 4)) }
            try bind(s, 5, head.key)
            try bindCells(s, batch.cells, from: r * batch.width, count: batch.width)
            try step(s)
        }
    }

    private func bindCells(_ s: SQLiteStatement, _ cells: RowCells, from first: Int, count: Int) throws {
        try cells.bytes.withUnsafeBufferPointer { bytes in
            for i in 0..<count {
                let cell = cells.cells[first + i]
                let index = Int32(6 + i)
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
                                message: connection.map { String(cString: sqlite3_errmsg($0)) })
        }
    }

    private func step(_ s: SQLiteStatement) throws {
        let code = sqlite3_step(s)
        sqlite3_reset(s)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: connection.map { String(cString: sqlite3_errmsg($0)) })
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

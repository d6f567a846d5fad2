import Crypto
import Foundation
import GRDB
import GaizaoModel

/// What identifies a row version: SHA-256 (first 16 bytes) of its unit, key, month and non-empty cells, each cell
/// named by its column, in column-name order — so a template that gains or reorders columns keeps its digests.
package struct RowDigest: Hashable, Sendable {
    package var high: UInt64
    package var low: UInt64

    package init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The 16 bytes stored in `versions_<pipeline>_<template>.digest`.
    package var blob: Data {
        var d = Data(count: 16)
        d.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: low.bigEndian, toByteOffset: 8, as: UInt64.self)
        }
        return d
    }

    package init?(blob: Data) {
        guard blob.count == 16 else { return nil }
        self.init(bigEndian: blob)
    }

    /// The first 16 bytes, read as two big-endian halves (a stored blob, or a SHA-256 digest).
    init<Bytes: Sequence<UInt8>>(bigEndian bytes: Bytes) {
        var h: UInt64 = 0, l: UInt64 = 0
        for (i, b) in bytes.prefix(16).enumerated() {
            if i < 8 { h = h << 8 | UInt64(b) } else { l = l << 8 | UInt64(b) }
        }
        self.init(high: h, low: l)
    }
}

/// Builds digests for one template's rows. Ingest feeds `RowCells`, the v5 migration stored values; both write the
/// same byte stream (tag, UInt32 length, bytes per field), so a migrated row and a newly read one compare equal.
package struct RowDigester {
    /// Template column indices in column-name order, with each name's field bytes.
    private let order: [(index: Int, name: [UInt8])]
    private var buffer: [UInt8] = []

    package init(columns: [String]) {
        order = columns.enumerated().sorted { $0.element < $1.element }.map { ($0.offset, Array($0.element.utf8)) }
        buffer.reserveCapacity(512)
    }

    private mutating func field<C: Collection<UInt8>>(_ tag: UInt8, _ bytes: C) {
        buffer.append(tag)
        var n = UInt32(bytes.count).littleEndian
        withUnsafeBytes(of: &n) { buffer.append(contentsOf: $0) }
        buffer.append(contentsOf: bytes)
    }

    private mutating func number(_ v: Double) {
        buffer.append(0x4E)   // N
        var bits = (v == 0 ? 0 : v).bitPattern.littleEndian   // -0 and 0 are one value
        withUnsafeBytes(of: &bits) { buffer.append(contentsOf: $0) }
    }

    private mutating func head(unit: String, key: String, month: String?) {
        buffer.removeAll(keepingCapacity: true)
        field(0x55, unit.utf8)   // U
        field(0x4B, key.utf8)    // K
        if let month { field(0x4D, month.utf8) }   // M
    }

    private mutating func finish() -> RowDigest {
        RowDigest(bigEndian: SHA256.hash(data: buffer))
    }

    /// The digest of row `first / width` of a batch's cells.
    package mutating func digest(unit: String, key: String, month: String?, cells: RowCells, from first: Int) -> RowDigest {
        head(unit: unit, key: key, month: month)
        cells.bytes.withUnsafeBufferPointer { bytes in
            for (index, name) in order {
                switch cells.cells[first + index] {
                case .null: continue
                case .number(let v): field(0x43, name); number(v)   // C
                case .text(let r): field(0x43, name); field(0x54, UnsafeBufferPointer(rebasing: bytes[r]))   // T
                }
            }
        }
        return finish()
    }

    /// The digest of a stored row whose template cells are `values` (template column order).
    package mutating func digest(unit: String, key: String, month: String?, values: [DatabaseValue]) -> RowDigest {
        head(unit: unit, key: key, month: month)
        for (index, name) in order {
            switch values[index].storage {
            case .null, .blob: continue
            case .double(let v): field(0x43, name); number(v)
            case .int64(let n): field(0x43, name); number(Double(n))
            case .string(let s): field(0x43, name); field(0x54, s.utf8)
            }
        }
        return finish()
    }
}

/// A run of a file's rows: lines `line ..< line + count` are versions `version ..< version + count`. A ledger sent
/// again with a few changes is a few runs, not a reference per row; a rejected row is a run of its own.
package struct Span: Equatable, Sendable {
    package var line: Int64
    package var version: Int64
    package var count: Int64
    package var rejected: Bool
}

/// Gathers a file's rows, in line order, into spans.
package struct SpanBuilder {
    private var open: Span?

    package init() {}

    /// Adds a row; returns the span it closed, if it could not extend it.
    package mutating func add(line: Int64, version: Int64, rejected: Bool = false) -> Span? {
        if let o = open, line == o.line + o.count, version == o.version + o.count, rejected == o.rejected {
            open?.count += 1
            return nil
        }
        let closed = open
        open = Span(line: line, version: version, count: 1, rejected: rejected)
        return closed
    }

    /// The last span, once the file's rows are all added.
    package mutating func finish() -> Span? {
        defer { open = nil }
        return open
    }
}

/// The tables of one template (docs/warehouse.md): each distinct row once in `versions_…`, each file's rows as runs
/// of versions in `spans_…`, and two views a person can query — `rows_…` (every file's rows, as before v5) and
/// `current_…` (the rows in force for each month).
package struct RowTables {
    package let pipeline: String
    package let template: String

    package init(pipeline: String, template: String) {
        self.pipeline = pipeline
        self.template = template
    }

    private var suffix: String { "\(pipeline)_\(template)" }
    package var versionsName: String { "versions_" + suffix }
    package var spansName: String { "spans_" + suffix }
    package var rowsName: String { "rows_" + suffix }
    package var currentName: String { "current_" + suffix }
    package var versions: String { Warehouse.quote(versionsName) }
    package var spans: String { Warehouse.quote(spansName) }
    /// The view of every stored file's rows: file_id, line, unit, month, key, rejected, version, template columns.
    package var rows: String { Warehouse.quote(rowsName) }
    /// Each span joined to the versions it covers (`s` and `v`): the one place a span becomes its rows.
    package var spansWithVersions: String {
        "\(spans) s JOIN \(versions) v ON v.id BETWEEN s.version AND s.version + s.count - 1"
    }

    package static let fixedColumns: Set<String> = ["id", "digest", "unit", "month", "key", "first_file", "first_line"]

    /// Creates the tables (template columns with their SQL types) and the views.
    package func create(_ db: Database, columns: [(name: String, type: String)]) throws {
        let q = Warehouse.quote
        let cols = columns.map { "\(q($0.name)) \($0.type)" }.joined(separator: ", ")
        try db.execute(sql: """
            CREATE TABLE \(versions) (id INTEGER PRIMARY KEY, digest BLOB NOT NULL, unit TEXT NOT NULL, month TEXT,
                key TEXT NOT NULL, first_file INTEGER NOT NULL, first_line INTEGER NOT NULL\(cols.isEmpty ? "" : ", " + cols));
            CREATE INDEX \(q(versionsName + "_first")) ON \(versions)(first_file);
            CREATE TABLE \(spans) (file_id INTEGER NOT NULL, line INTEGER NOT NULL, version INTEGER NOT NULL,
                count INTEGER NOT NULL, rejected INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (file_id, line)) WITHOUT ROWID;
            """)
        try createViews(db)
    }

    /// Adds template columns the versions table lacks, and rebuilds the views over them.
    package func widen(_ db: Database, columns: [(name: String, type: String)]) throws {
        let existing = Set(try db.columns(in: versionsName).map(\.name))
        let missing = columns.filter { !existing.contains($0.name) }
        guard !missing.isEmpty else { return }
        for c in missing { try db.execute(sql: "ALTER TABLE \(versions) ADD COLUMN \(Warehouse.quote(c.name)) \(c.type)") }
        try createViews(db)
    }

    private func createViews(_ db: Database) throws {
        let q = Warehouse.quote
        let templateColumns = try db.columns(in: versionsName).map(\.name).filter { !Self.fixedColumns.contains($0) }
        let cols = templateColumns.map { "v." + q($0) }.joined(separator: ", ")
        let p = "'" + pipeline.replacingOccurrences(of: "'", with: "''") + "'"
        let t = "'" + template.replacingOccurrences(of: "'", with: "''") + "'"
        try db.execute(sql: """
            DROP VIEW IF EXISTS \(rows);
            CREATE VIEW \(rows) AS
              SELECT s.file_id AS file_id, s.line + (v.id - s.version) AS line, v.unit AS unit, v.month AS month,
                     v.key AS key, s.rejected AS rejected, v.id AS version\(cols.isEmpty ? "" : ", " + cols)
              FROM \(spansWithVersions);
            DROP VIEW IF EXISTS \(q(currentName));
            CREATE VIEW \(q(currentName)) AS
              WITH months AS (SELECT DISTINCT period FROM files WHERE pipeline = \(p)),
              candidates AS (
                SELECT mo.period AS as_of, f.unit, f.id, f.period, COALESCE(f.same_as, f.id) AS data_id
                FROM months mo JOIN files f ON f.pipeline = \(p) AND f.template = \(t) AND f.unit IS NOT NULL
                  AND f.status IN ('loaded', 'unchanged') AND f.superseded_by IS NULL AND f.period <= mo.period),
              latest AS (SELECT as_of, unit, MAX(period || printf('%012d', id)) AS tag FROM candidates GROUP BY as_of, unit)
              SELECT c.as_of AS period, c.period AS sent_for, r.*
              FROM candidates c JOIN latest l ON l.as_of = c.as_of AND l.unit = c.unit AND l.tag = c.period || printf('%012d', c.id)
              JOIN \(rows) r ON r.file_id = c.data_id AND r.rejected = 0;
            """)
    }

    /// Digest → version of every row of `file` (the ledger a new file is compared with).
    package func versions(of file: Int64, _ db: Database) throws -> [RowDigest: Int64] {
        var out: [RowDigest: Int64] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT v.digest, v.id FROM \(spansWithVersions) WHERE s.file_id = ?
            """, arguments: [file])
        while let row = try rows.next() {
            if let d = RowDigest(blob: row[0]) { out[d] = row[1] }
        }
        return out
    }
}

extension Warehouse {
    /// The file whose rows a unit's new file of `template` for `period` is compared with: its ledger in force last
    /// month — the same one validate's month-on-month check reads, so a row is fresh exactly when it changed.
    static func previousLedger(_ db: Database, pipeline: String, template: String, unit: String, period: Period) throws -> Int64? {
        try currentSnapshots(db, pipeline: pipeline, template: template, at: period.previous).first { $0.unit == unit }?.id
    }

    /// v5: each template's `rows_…` table becomes versions + spans, every row digested and each unit's rows
    /// compared with its ledger of the month before, as ingest does from now on; `rows_…` becomes a view.
    static func storeRowsOnce(_ db: Database) throws {
        let templates = try Row.fetchAll(db, sql: "SELECT DISTINCT pipeline, template FROM files WHERE template IS NOT NULL")
        for t in templates {
            let tables = RowTables(pipeline: t["pipeline"], template: t["template"])
            guard try db.tableExists(tables.rowsName) else { continue }
            let old = Warehouse.quote(tables.rowsName + "_v4")
            // v1 tables gained `rejected` only when a later build touched them.
            if try !db.columns(in: tables.rowsName).contains(where: { $0.name == "rejected" }) {
                try db.execute(sql: "ALTER TABLE \(tables.rows) ADD COLUMN rejected INTEGER NOT NULL DEFAULT 0")
            }
            try db.execute(sql: "ALTER TABLE \(tables.rows) RENAME TO \(old)")
            let info = try Row.fetchAll(db, sql: "SELECT name, type FROM pragma_table_info(?)", arguments: [tables.rowsName + "_v4"])
            let fixed: Set<String> = ["file_id", "line", "unit", "month", "key", "rejected"]
            let columns = info.map { (name: $0["name"] as String, type: $0["type"] as String) }.filter { !fixed.contains($0.name) }
            try tables.create(db, columns: columns)
            var digester = RowDigester(columns: columns.map(\.name))
            let names = (["file_id", "line", "unit", "month", "key", "rejected"] + columns.map(\.name)).map(Warehouse.quote)
            let insertVersion = try db.makeStatement(sql: """
                INSERT INTO \(tables.versions) (digest, unit, month, key, first_file, first_line\(columns.isEmpty ? "" : ", ")\
                \(columns.map { Warehouse.quote($0.name) }.joined(separator: ", ")))
                VALUES (\(Array(repeating: "?", count: 6 + columns.count).joined(separator: ",")))
                """)
            let insertSpan = try db.makeStatement(sql: "INSERT INTO \(tables.spans) (file_id, line, version, count, rejected) VALUES (?,?,?,?,?)")
            // Files in the order the months were run, so each month's earlier ledger is already converted.
            let files = try Row.fetchAll(db, sql: """
                SELECT DISTINCT r.file_id, f.period, f.unit FROM \(old) r JOIN files f ON f.id = r.file_id ORDER BY f.period, f.id
                """)
            for file in files {
                let id: Int64 = file["file_id"]
                let unit: String? = file["unit"]
                var known: [RowDigest: Int64] = [:]
                if let unit, let period = Period(file["period"]),
                   let before = try previousLedger(db, pipeline: tables.pipeline, template: tables.template, unit: unit, period: period) {
                    known = try tables.versions(of: before, db)
                }
                var builder = SpanBuilder()
                func write(_ span: Span?) throws {
                    guard let span else { return }
                    try insertSpan.execute(arguments: [id, span.line, span.version, span.count, span.rejected])
                }
                let rows = try Row.fetchCursor(db, sql: "SELECT \(names.joined(separator: ", ")) FROM \(old) WHERE file_id = ? ORDER BY rowid",
                                               arguments: [id])
                while let row = try rows.next() {
                    let values = (0..<columns.count).map { row[6 + $0] as DatabaseValue }
                    let rowUnit: String = row[2], key: String = row[4], month: String? = row[3]
                    let digest = digester.digest(unit: rowUnit, key: key, month: month, values: values)
                    let version: Int64
                    if let v = known[digest] {
                        version = v
                    } else {
                        let head: [DatabaseValueConvertible?] = [digest.blob, rowUnit, month, key, id, row[1] as Int64]
                        try insertVersion.execute(arguments: StatementArguments(head + values.map { $0 as DatabaseValueConvertible? }))
                        version = db.lastInsertedRowID
                        known[digest] = version
                    }
                    try write(builder.add(line: row[1], version: version, rejected: (row[5] as Int64) != 0))
                }
                try write(builder.finish())
            }
            try db.execute(sql: "DROP TABLE \(old)")
        }
    }
}

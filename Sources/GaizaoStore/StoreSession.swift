import Foundation
import GRDB
import GaizaoModel

/// One open transaction on the warehouse, with the named operations a stage may perform. Stages never see a
/// `Database` or write SQL: every statement against the warehouse's tables is in this target.
public struct StoreSession {
    let db: Database
    /// The pipeline whose tables and records the session works on.
    public let pipeline: String
}

extension Warehouse {
    /// A read transaction for `pipeline`.
    public func read<T>(pipeline: String, _ body: (StoreSession) throws -> T) throws -> T {
        try db.read { try body(StoreSession(db: $0, pipeline: pipeline)) }
    }

    /// A write transaction for `pipeline`: everything in `body` is stored, or nothing.
    public func write<T>(pipeline: String, _ body: (StoreSession) throws -> T) throws -> T {
        try db.write { try body(StoreSession(db: $0, pipeline: pipeline)) }
    }
}

// MARK: - Figures (indicator_values)

extension StoreSession {
    /// Replaces the month's figures, in the order given.
    public func replaceFigures(_ figures: [IndicatorFigure], period: Period) throws {
        try db.execute(sql: "DELETE FROM indicator_values WHERE pipeline = ? AND period = ?",
                       arguments: [pipeline, period.description])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        for (i, f) in figures.enumerated() {
            try db.execute(sql: """
                INSERT INTO indicator_values (pipeline, period, code, scope, position, json) VALUES (?,?,?,?,?,?)
                """, arguments: [pipeline, period.description, f.code, f.scope, i,
                                 String(decoding: try encoder.encode(f), as: UTF8.self)])
        }
    }

    /// The month's stored figures in their order; only the jurisdiction's with `totalsOnly`.
    public func figures(period: Period, totalsOnly: Bool = false) throws -> [IndicatorFigure] {
        try String.fetchAll(db, sql: """
            SELECT json FROM indicator_values WHERE pipeline = ? AND period = ? \(totalsOnly ? "AND scope = 'total'" : "")
            ORDER BY position
            """, arguments: [pipeline, period.description])
            .map { try JSONDecoder().decode(IndicatorFigure.self, from: Data($0.utf8)) }
    }
}

// MARK: - Runs

extension StoreSession {
    /// A row in `runs`: what a command did to a month.
    public func recordRun(period: Period, command: String, startedAt: String, finishedAt: String, exitStatus: Int32,
                          fingerprint: String, manifest: String) throws {
        try db.execute(sql: """
            INSERT INTO runs (pipeline, period, command, started_at, finished_at, exit_status, fingerprint, manifest)
            VALUES (?,?,?,?,?,?,?,?)
            """, arguments: [pipeline, period.description, command, startedAt, finishedAt, exitStatus, fingerprint, manifest])
    }

    /// One line per stored file up to and including `period`, for the fingerprint of a month's inputs.
    public func fileFingerprintLines(through period: Period) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT id || '|' || name || '|' || sha256 || '|' || status || '|' || IFNULL(superseded_by, '') || '|' || rows_rejected_validate
            FROM files WHERE pipeline = ? AND period <= ? ORDER BY id
            """, arguments: [pipeline, period.description])
    }
}

// MARK: - Files and issues

extension StoreSession {
    /// The month's files in arrival order of their records.
    public func files(period: Period) throws -> [StoredFile] {
        try StoredFile.fetchAll(db, sql: "SELECT * FROM files WHERE pipeline = ? AND period = ? ORDER BY id",
                                arguments: [pipeline, period.description])
    }

    /// The month's issues, errors first, then by unit, file, line and column.
    public func issues(period: Period) throws -> [Issue] {
        try Issue.fetchAll(db, sql: """
            SELECT * FROM issues WHERE pipeline = ? AND period = ?
            ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, unit, file, line, col, id
            """, arguments: [pipeline, period.description])
    }

    /// How many issues of each code the month has, by code.
    public func issueCounts(period: Period) throws -> [(code: String, count: Int)] {
        try Row.fetchAll(db, sql: "SELECT code, COUNT(*) AS n FROM issues WHERE pipeline = ? AND period = ? GROUP BY code ORDER BY code",
                         arguments: [pipeline, period.description]).map { ($0["code"], $0["n"]) }
    }

    public func add(_ issue: Issue, period: Period, fileID: Int64?) throws {
        try issue.insert(db, pipeline: pipeline, period: period, fileID: fileID)
    }

    /// Whether the month already has an issue of this code about this file name (one not stored as a file).
    public func hasIssue(_ code: IssueCode, file: String, period: Period) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS(SELECT 1 FROM issues WHERE pipeline = ? AND period = ? AND file = ? AND code = ?)
            """, arguments: [pipeline, period.description, file, code.rawValue]) ?? false
    }

    /// Latest accepted, not superseded, file of each unit for a snapshot template at or before `period`.
    public func currentSnapshots(template: String, at period: Period) throws -> [(id: Int64, unit: String, period: String)] {
        try Warehouse.currentSnapshots(db, pipeline: pipeline, template: template, at: period)
    }
}

// MARK: - Loading files (ingest)

/// A stored file with the same bytes as one being received.
public struct EarlierCopy: Sendable {
    public var id: Int64
    public var name: String
    public var period: String
    public var template: String?
    public var unit: String?
}

extension StoreSession {
    /// True when this very file (same name, same bytes) is already stored for the month.
    public func hasFile(named name: String, sha256: String, period: Period) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS(SELECT 1 FROM files WHERE pipeline = ? AND period = ? AND name = ? AND sha256 = ?)
            """, arguments: [pipeline, period.description, name, sha256]) ?? false
    }

    /// The latest loaded file, of any month, with these bytes.
    public func loadedCopy(sha256: String) throws -> EarlierCopy? {
        try Row.fetchOne(db, sql: """
            SELECT id, name, period, template, unit FROM files WHERE pipeline = ? AND sha256 = ? AND status = 'loaded'
            ORDER BY period DESC, id DESC LIMIT 1
            """, arguments: [pipeline, sha256]).map {
            EarlierCopy(id: $0["id"], name: $0["name"], period: $0["period"], template: $0["template"], unit: $0["unit"])
        }
    }

    /// A new file record; its counts are filled in by `finishFile` once it has been read.
    public func addFile(period: Period, name: String, sha256: String, size: Int, receivedAt: String, status: FileStatus,
                        loadedAt: String, template: String?, unit: String?) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO files (pipeline, period, name, sha256, size, received_at, status, loaded_at, template, unit)
            VALUES (?,?,?,?,?,?,?,?,?,?)
            """, arguments: [pipeline, period.description, name, sha256, size, receivedAt, status.rawValue, loadedAt,
                             template, unit])
        return db.lastInsertedRowID
    }

    /// Marks an unchanged file as standing for the earlier file it repeats.
    public func markSame(_ file: Int64, as earlier: Int64) throws {
        try db.execute(sql: "UPDATE files SET same_as = ? WHERE id = ?", arguments: [earlier, file])
    }

    /// What reading the file found: its encoding, template, unit and row counts.
    public func finishFile(_ id: Int64, encoding: String?, template: String?, unit: String?, headerLine: Int,
                           read: Int, accepted: Int, rejected: Int, blank: Int, status: FileStatus, contact: String? = nil) throws {
        try db.execute(sql: """
            UPDATE files SET encoding = ?, template = ?, unit = ?, header_line = ?, rows_read = ?,
                rows_accepted = ?, rows_rejected = ?, rows_blank = ?, status = ?, contact = ? WHERE id = ?
            """, arguments: [encoding, template, unit, headerLine, read, accepted, rejected, blank, status.rawValue, contact, id])
    }

    /// Earlier loaded files of the same unit, template and month are superseded by `file`; returns their ids and names.
    public func supersedeEarlier(than file: Int64, template: String, unit: String, period: Period) throws -> [(id: Int64, name: String)] {
        let earlier = try Row.fetchAll(db, sql: """
            SELECT id, name FROM files WHERE pipeline = ? AND period = ? AND template = ? AND unit = ?
              AND status = 'loaded' AND superseded_by IS NULL AND id <> ?
            """, arguments: [pipeline, period.description, template, unit, file]).map { (id: $0["id"] as Int64, name: $0["name"] as String) }
        for e in earlier {
            try db.execute(sql: "UPDATE files SET superseded_by = ? WHERE id = ?", arguments: [file, e.id])
        }
        return earlier
    }

    /// The template's rows table, created or widened to the template's columns.
    public func prepareRows(of template: Template) throws {
        try Warehouse.ensureTable(db, pipeline: pipeline, template: template)
    }

    /// A prepared insert into the template's tables for a file sent for `period` (call `prepareRows` first).
    package func rowInserter(for template: Template, period: Period) throws -> RowInserter {
        let db = self.db, pipeline = self.pipeline
        let tables = Warehouse.rowTables(pipeline: pipeline, template: template.id)
        return try RowInserter(db, tables: tables, columns: template.columns.map(\.name)) { unit in
            guard let before = try Warehouse.previousLedger(db, pipeline: pipeline, template: template.id, unit: unit, period: period)
            else { return [:] }
            return try tables.versions(of: before, db)
        }
    }

    /// Drops a file's rows (it was refused whole after some rows were read), with the versions only it had.
    public func deleteRows(of template: Template, file: Int64) throws {
        let tables = Warehouse.rowTables(pipeline: pipeline, template: template.id)
        guard try db.tableExists(tables.versionsName) else { return }
        try db.execute(sql: "DELETE FROM \(tables.spans) WHERE file_id = ?", arguments: [file])
        try db.execute(sql: "DELETE FROM \(tables.versions) WHERE first_file = ?", arguments: [file])
    }

    /// How many row versions, file rows and spans the template's tables hold (each distinct row is one version).
    public func storedRowCounts(of template: Template) throws -> (versions: Int, rows: Int, spans: Int) {
        let tables = Warehouse.rowTables(pipeline: pipeline, template: template.id)
        guard try db.tableExists(tables.versionsName) else { return (0, 0, 0) }
        return (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(tables.versions)") ?? 0,
                try Int.fetchOne(db, sql: "SELECT IFNULL(SUM(count), 0) FROM \(tables.spans)") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(tables.spans)") ?? 0)
    }
}

// MARK: - Cross-file checks (validate)

/// What identifies a row across units: the template's key, or a combination of columns (an alternate key).
public enum RowIdentity: Sendable {
    case key
    case columns([String])

    var sql: String {
        switch self {
        case .key: return "key"
        case .columns(let names): return names.map { "COALESCE(\(Warehouse.quote($0)), '')" }.joined(separator: " || '\u{1F}' || ")
        }
    }
}

/// A stored row found by identity.
public struct IdentifiedRow: Sendable {
    public var file: Int64
    public var line: Int
    public var unit: String
    public var identity: String
}

extension StoreSession {
    /// Undoes validate's previous pass on the month: its issues, the rows it rejected, the files' counts of them.
    public func resetValidation(period: Period, templates: [Template]) throws {
        try db.execute(sql: "DELETE FROM issues WHERE pipeline = ? AND period = ? AND stage = 'validate'",
                       arguments: [pipeline, period.description])
        for t in templates {
            let tables = Warehouse.rowTables(pipeline: pipeline, template: t.id)
            guard try db.tableExists(tables.versionsName) else { continue }
            // Only rows that were rejected: rewriting every row would copy the whole table through the WAL.
            try db.execute(sql: """
                UPDATE \(tables.spans) SET rejected = 0
                WHERE rejected <> 0 AND file_id IN (SELECT id FROM files WHERE pipeline = ? AND period = ?)
                """, arguments: [pipeline, period.description])
        }
        try db.execute(sql: "UPDATE files SET rows_rejected_validate = 0 WHERE pipeline = ? AND period = ?",
                       arguments: [pipeline, period.description])
    }

    /// Streams the unit and each identity's value of every accepted row of `files`, in storage order.
    public func scanIdentities(of template: Template, files: [Int64], identities: [RowIdentity],
                               _ body: (_ unit: String, _ values: [String]) -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT unit, \(identities.map(\.sql).joined(separator: ", ")) FROM \(Warehouse.table(pipeline: pipeline, template: template.id))
            WHERE file_id IN (\(files.map(String.init).joined(separator: ","))) AND rejected = 0
            """)
        var values = [String](repeating: "", count: identities.count)
        while let row = try rows.next() {
            for i in values.indices { values[i] = row[i + 1] }
            body(row[0], values)
        }
    }

    /// The accepted rows of `files` whose identity is one of `values`, by identity, then arrival, file and line.
    public func rows(of template: Template, files: [Int64], identity: RowIdentity, among values: [String]) throws -> [IdentifiedRow] {
        let json = String(decoding: try JSONEncoder().encode(values), as: UTF8.self)
        return try Row.fetchAll(db, sql: """
            SELECT r.file_id, r.line, r.unit, \(identity.sql) AS ident FROM \(Warehouse.table(pipeline: pipeline, template: template.id)) r
            JOIN files f ON f.id = r.file_id
            WHERE r.file_id IN (\(files.map(String.init).joined(separator: ","))) AND r.rejected = 0 AND \(identity.sql) IN (SELECT value FROM json_each(?))
            ORDER BY ident, f.received_at, r.file_id, r.line
            """, arguments: [json]).map {
            IdentifiedRow(file: $0["file_id"], line: $0["line"], unit: $0["unit"], identity: $0["ident"])
        }
    }

    /// Rejects one stored row after the fact, counting it against its file: its span is split so the row has a
    /// span of its own, marked rejected.
    public func reject(_ row: IdentifiedRow, of template: Template) throws {
        let spans = Warehouse.rowTables(pipeline: pipeline, template: template.id).spans
        let line = Int64(row.line)
        guard let found = try Row.fetchOne(db, sql: """
            SELECT line, version, count, rejected FROM \(spans) WHERE file_id = ? AND line <= ? ORDER BY line DESC LIMIT 1
            """, arguments: [row.file, line]) else { return }
        let span = Span(line: found["line"], version: found["version"], count: found["count"], rejected: found["rejected"])
        guard !span.rejected, line < span.line + span.count else { return }
        let offset = line - span.line
        let parts = [Span(line: span.line, version: span.version, count: offset, rejected: false),
                     Span(line: line, version: span.version + offset, count: 1, rejected: true),
                     Span(line: line + 1, version: span.version + offset + 1, count: span.count - offset - 1, rejected: false)]
        try db.execute(sql: "DELETE FROM \(spans) WHERE file_id = ? AND line = ?", arguments: [row.file, span.line])
        for part in parts where part.count > 0 {
            try db.execute(sql: "INSERT INTO \(spans) (file_id, line, version, count, rejected) VALUES (?,?,?,?,?)",
                           arguments: [row.file, part.line, part.version, part.count, part.rejected])
        }
        try db.execute(sql: "UPDATE files SET rows_rejected_validate = rows_rejected_validate + 1 WHERE id = ?",
                       arguments: [row.file])
    }

    /// The accepted rows `file` stored as new versions — those that differ from the unit's ledger of last month:
    /// line, key and the values of `columns` (numbers or nil). A row sent again unchanged is not among them.
    public func freshValues(of template: Template, columns: [String], file: Int64) throws -> [(line: Int, key: String, values: [Double?])] {
        let tables = Warehouse.rowTables(pipeline: pipeline, template: template.id)
        let cols = columns.map { "v." + Warehouse.quote($0) }.joined(separator: ", ")
        let rows = try Row.fetchCursor(db, sql: """
            SELECT v.first_line, v.key, \(cols) FROM \(tables.versions) v
            WHERE v.first_file = ? AND (SELECT s.rejected FROM \(tables.spans) s WHERE s.file_id = v.first_file
                                          AND s.line <= v.first_line ORDER BY s.line DESC LIMIT 1) = 0
            ORDER BY v.first_line
            """, arguments: [file])
        var out: [(line: Int, key: String, values: [Double?])] = []
        while let row = try rows.next() { out.append((row[0], row[1], columns.indices.map { row[$0 + 2] })) }
        return out
    }

    /// The accepted rows of `file` whose key is one of `keys`: key → the values of `columns`.
    public func values(of template: Template, columns: [String], file: Int64, keys: Set<String>) throws -> [String: [Double?]] {
        guard !keys.isEmpty else { return [:] }
        let json = String(decoding: try JSONEncoder().encode(keys.sorted()), as: UTF8.self)
        let cols = columns.map(Warehouse.quote).joined(separator: ", ")
        let rows = try Row.fetchCursor(db, sql: """
            SELECT key, \(cols) FROM \(Warehouse.table(pipeline: pipeline, template: template.id))
            WHERE file_id = ? AND rejected = 0 AND key IN (SELECT value FROM json_each(?))
            """, arguments: [file, json])
        var out: [String: [Double?]] = [:]
        while let row = try rows.next() { out[row[0]] = columns.indices.map { row[$0 + 1] } }
        return out
    }
}

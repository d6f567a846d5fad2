import Foundation
import GRDB
import GaizaoModel

/// A warehouse that cannot be used as it is: corrupted, or written by a newer gaizao.
public struct WarehouseError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public var description: String { "\(path)：\(message)" }
}

/// The embedded SQLite store: the boundary between stages (SPEC §2).
public final class Warehouse: @unchecked Sendable {
    public let path: String
    package let db: DatabaseQueue

    public init(path: String) throws {
        self.path = path
        try ensureParentFolder(of: path)
        try Warehouse.checkExisting(path)
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        }
        do {
            db = try DatabaseQueue(path: path, configuration: config)
            let known = Set(Warehouse.migrator.migrations)
            let applied = try db.read { db in try Warehouse.migrator.appliedIdentifiers(db) }
            if let newer = applied.subtracting(known).sorted().first {
                throw WarehouseError(path: path, message: "数据仓库由更新版本的 gaizao 写入（含未知结构版本“\(newer)”），本版本不能使用；请升级 gaizao，仓库未作任何改动")
            }
            try Warehouse.migrator.migrate(db)
        } catch let e as WarehouseError {
            throw e
        } catch let e as DatabaseError {
            throw WarehouseError(path: path, message: "数据仓库无法打开（\(e.message ?? "SQLite 错误 \(e.resultCode)")）；文件可能已损坏，请从备份恢复，仓库未作任何改动")
        }
    }

    /// An existing store is checked before anything is written to it: an empty file is not a new store (its history
    /// would be lost without a word), and a damaged one is refused untouched. Only a missing file makes a new store.
    package static func checkExisting(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue { throw WarehouseError(path: path, message: "这是一个目录，不是数据仓库文件；请用 --store 指定一个文件") }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        if size == 0 {
            throw WarehouseError(path: path, message: "数据仓库文件为空（0 字节），历史数据已不在其中；请从备份恢复。确需从头开始，请先删除该文件。仓库未作任何改动")
        }
        var config = Configuration()
        config.readonly = true
        var verdict: String
        do {
            let probe = try DatabaseQueue(path: path, configuration: config)
            verdict = try probe.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check").joined(separator: "；") }
            try probe.close()
        } catch let e as DatabaseError {
            verdict = e.message ?? "SQLite 错误 \(e.resultCode)"
        }
        guard verdict == "ok" else {
            throw WarehouseError(path: path, message: "数据仓库已损坏（完整性检查：\(verdict.prefix(200))）；请从备份恢复（sqlite3 备份.sqlite \".backup \(path)\"），仓库未作任何改动")
        }
    }

    /// The schema versions this build knows, oldest first.
    public static var schemaVersions: [String] { migrator.migrations }

    package static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE files (
                    id INTEGER PRIMARY KEY,
                    pipeline TEXT NOT NULL, period TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL,
                    size INTEGER NOT NULL, encoding TEXT, template TEXT, unit TEXT, received_at TEXT NOT NULL,
                    header_line INTEGER NOT NULL DEFAULT 0,
                    rows_read INTEGER NOT NULL DEFAULT 0, rows_accepted INTEGER NOT NULL DEFAULT 0,
                    rows_rejected INTEGER NOT NULL DEFAULT 0, rows_blank INTEGER NOT NULL DEFAULT 0,
                    status TEXT NOT NULL, superseded_by INTEGER REFERENCES files(id), loaded_at TEXT NOT NULL);
                CREATE INDEX files_by_period ON files(pipeline, period);
                CREATE INDEX files_by_sha ON files(pipeline, sha256);
                CREATE TABLE issues (
                    id INTEGER PRIMARY KEY, pipeline TEXT NOT NULL, period TEXT NOT NULL,
                    file_id INTEGER REFERENCES files(id), file TEXT NOT NULL, severity TEXT NOT NULL,
                    code TEXT NOT NULL, line INTEGER, col INTEGER, column_name TEXT, raw TEXT,
                    message TEXT NOT NULL, unit TEXT, stage TEXT NOT NULL);
                CREATE INDEX issues_by_period ON issues(pipeline, period, stage);
                CREATE TABLE indicator_values (
                    pipeline TEXT NOT NULL, period TEXT NOT NULL, code TEXT NOT NULL, scope TEXT NOT NULL,
                    position INTEGER NOT NULL, json TEXT NOT NULL,
                    PRIMARY KEY (pipeline, period, code, scope));
                """)
        }
        m.registerMigration("v2: rows rejected by cross-file rules") { db in
            try db.execute(sql: "ALTER TABLE files ADD COLUMN rows_rejected_validate INTEGER NOT NULL DEFAULT 0")
        }
        m.registerMigration("v3: runs") { db in
            try db.execute(sql: """
                CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, pipeline TEXT NOT NULL, period TEXT NOT NULL,
                    command TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT NOT NULL, exit_status INTEGER NOT NULL,
                    fingerprint TEXT NOT NULL, manifest TEXT NOT NULL);
                """)
        }
        m.registerMigration("v4: unchanged files point at the file they repeat") { db in
            try db.execute(sql: "ALTER TABLE files ADD COLUMN same_as INTEGER REFERENCES files(id)")
        }
        m.registerMigration("v5: rows stored once (versions, spans, views)") { db in
            try storeRowsOnce(db)
        }
        m.registerMigration("v6: the contact a form's footer names") { db in
            try db.execute(sql: "ALTER TABLE files ADD COLUMN contact TEXT")
        }
        return m
    }

    /// Quotes an identifier for SQL (Chinese column names are kept as they are).
    package static func quote(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// The view of every stored file's rows of one template (`rows_<pipeline>_<template>`), for reading.
    package static func table(pipeline: String, template: String) -> String { rowTables(pipeline: pipeline, template: template).rows }

    /// The tables and views of one template's rows.
    package static func rowTables(pipeline: String, template: String) -> RowTables { RowTables(pipeline: pipeline, template: template) }

    /// Creates the row tables of a template, adding columns the pipeline gained since.
    package static func ensureTable(_ db: Database, pipeline: String, template: Template) throws {
        let tables = rowTables(pipeline: pipeline, template: template.id)
        let columns = template.columns.map { c -> (name: String, type: String) in
            switch c.type {
            case .number, .integer, .percent: return (c.name, "REAL")
            default: return (c.name, "TEXT")
            }
        }
        if try db.tableExists(tables.versionsName) {
            try tables.widen(db, columns: columns)
        } else {
            try tables.create(db, columns: columns)
        }
    }

    /// Raw access for the tests (which check what is stored) and this target; stages use `read(pipeline:)`.
    func readDatabase<T>(_ body: (Database) throws -> T) throws -> T { try db.read(body) }
    func writeDatabase<T>(_ body: (Database) throws -> T) throws -> T { try db.write(body) }
}

/// A row of the `files` table.
public struct StoredFile: Sendable, Codable, FetchableRecord {
    public var id: Int64
    public var pipeline: String
    public var period: String
    public var name: String
    public var sha256: String
    public var size: Int
    public var encoding: String?
    public var template: String?
    public var unit: String?
    public var received_at: String
    public var header_line: Int
    public var rows_read: Int
    public var rows_accepted: Int
    public var rows_rejected: Int
    public var rows_blank: Int
    public var status: FileStatus
    public var superseded_by: Int64?
    public var loaded_at: String
    /// Rows the validate stage rejected afterwards (duplicate keys across units).
    public var rows_rejected_validate: Int
    /// Who filled in and checked the form (its footer), when it says.
    public var contact: String?

    /// Accepted rows net of cross-file rejections: read = accepted + rejected + blank still holds.
    public var acceptedNet: Int { rows_accepted - rows_rejected_validate }
    public var rejectedTotal: Int { rows_rejected + rows_rejected_validate }
}

/// The month's row counts, computed here and nowhere else, so the log, manifest, workbook, 回执 and
/// `indicators.json` say the same: over the files in force (not superseded), net of validate's rejections.
public struct Books: Sendable, Equatable {
    public var rowsRead = 0
    public var rowsAccepted = 0
    public var rowsRejected = 0
    public var rowsBlank = 0

    public init(files: [StoredFile]) {
        for f in files where f.superseded_by == nil {
            rowsRead += f.rows_read
            rowsAccepted += f.acceptedNet
            rowsRejected += f.rejectedTotal
            rowsBlank += f.rows_blank
        }
    }

    package var jsonFields: [(String, JSON)] {
        [("rows_read", .number(Double(rowsRead))), ("rows_accepted", .number(Double(rowsAccepted))),
         ("rows_rejected", .number(Double(rowsRejected))), ("rows_blank", .number(Double(rowsBlank)))]
    }

    /// read = accepted + rejected + blank, in the words a clerk reads.
    public var chinese: String { "读入 \(rowsRead) 行 = 载入 \(rowsAccepted) + 退回 \(rowsRejected) + 空行 \(rowsBlank)" }
    public var english: String { "rows read \(rowsRead) = accepted \(rowsAccepted) + rejected \(rowsRejected) + blank \(rowsBlank)" }
}

extension Issue: FetchableRecord {
    public init(row: Row) throws {
        self.init(Severity(rawValue: row["severity"]) ?? .error, IssueCode(rawValue: row["code"]) ?? .typeError,
                  file: row["file"], line: row["line"], column: row["col"], columnName: row["column_name"],
                  raw: row["raw"], message: row["message"], unit: row["unit"], stage: row["stage"])
    }

    package func insert(_ db: Database, pipeline: String, period: Period, fileID: Int64?) throws {
        try db.execute(sql: """
            INSERT INTO issues (pipeline, period, file_id, file, severity, code, line, col, column_name, raw,
                                message, unit, stage) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
            """, arguments: [pipeline, period.description, fileID, file, severity.rawValue, code.rawValue, line,
                             column, columnName, raw.map { String($0.prefix(500)) }, message, unit, stage])
    }
}

extension Warehouse {
    public func files(pipeline: String, period: Period) throws -> [StoredFile] {
        try read(pipeline: pipeline) { try $0.files(period: period) }
    }

    public func books(pipeline: String, period: Period) throws -> Books {
        Books(files: try files(pipeline: pipeline, period: period))
    }

    public func issues(pipeline: String, period: Period) throws -> [Issue] {
        try read(pipeline: pipeline) { try $0.issues(period: period) }
    }

    /// Latest accepted, not superseded, file of each unit for a snapshot template at or before `period`. A file
    /// marked unchanged stands for the earlier file it repeats (its rows are that file's rows).
    static func currentSnapshots(_ db: Database, pipeline: String, template: String,
                                 at period: Period) throws -> [(id: Int64, unit: String, period: String)] {
        let rows = try Row.fetchAll(db, sql: """
            WITH candidates AS (
              SELECT id, unit, period, COALESCE(same_as, id) AS data_id FROM files
              WHERE pipeline = ? AND template = ? AND status IN ('loaded', 'unchanged') AND superseded_by IS NULL
                AND period <= ? AND unit IS NOT NULL),
            latest AS (
              SELECT unit, MAX(period || printf('%012d', id)) AS tag FROM candidates GROUP BY unit)
            SELECT c.data_id AS id, c.unit, c.period FROM candidates c JOIN latest l
              ON l.unit = c.unit AND l.tag = c.period || printf('%012d', c.id)
            ORDER BY c.unit
            """, arguments: [pipeline, template, period.description])
        return rows.map { ($0["id"], $0["unit"], $0["period"]) }
    }
}

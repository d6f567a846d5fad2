import CSVStream
import Foundation
import GaizaoModel
import GaizaoStore

/// Counts from one ingest pass.
public struct IngestSummary: Sendable {
    public init() {}
    public var filesSeen = 0
    public var filesLoaded = 0
    public var filesSkipped = 0
    public var filesRejected = 0
    public var rowsRead = 0
    public var rowsAccepted = 0
    public var rowsRejected = 0
    public var rowsBlank = 0
}

/// Stage 1: finds the month's files and loads each in one transaction (rows and issues, or nothing).
public struct IngestStage {
    public var pipeline: Pipeline
    public var period: Period
    public var limits: CSVLimits
    /// Called before each file is read: (1-based index, count, file name). For a progress line on a terminal.
    public var progress: ((Int, Int, String) -> Void)?

    public init(pipeline: Pipeline, period: Period, limits: CSVLimits? = nil) {
        self.pipeline = pipeline
        self.period = period
        self.limits = limits ?? pipeline.limits
    }

    public func run(inputs directory: String, warehouse: Warehouse) throws -> IngestSummary {
        var summary = IngestSummary()
        // Files are taken in the order the office received them, so a resent file supersedes the earlier one.
        let receipts = Submission.receipts(in: directory, clock: pipeline.clock)
        var submissions: [Submission] = []
        var paths: [String] = []
        for entry in Submission.entries(in: directory) {
            switch entry {
            case .submission(let path): paths.append(path)
            case .refused(let name, let reason):
                summary.filesSeen += 1
                summary.filesRejected += 1
                try record(.unreadable(file: name, reason: reason), warehouse: warehouse)
            }
        }
        // Hashing every file is a full read of the month; both cores share it.
        let hashed = paths.concurrentMap { path in Result { try Submission(path: path, receipts: receipts) } }
        for (path, result) in zip(paths, hashed) {
            summary.filesSeen += 1
            do {
                submissions.append(try result.get())
            } catch {
                try recordUnreadable(path: path, error: error, warehouse: warehouse)
                summary.filesRejected += 1
            }
        }
        // A workbook with templates on several sheets is read sheet by sheet, each as a submission of its own.
        let reader = SubmissionReader(pipeline: pipeline, period: period, limits: limits)
        submissions = submissions.flatMap { submission -> [Submission] in
            let sheets = reader.templateSheets(of: submission)
            guard sheets.count > 1 else { return [submission] }
            summary.filesSeen += sheets.count - 1
            return sheets.map { submission.sheet($0) }
        }
        submissions.sort { ($0.receivedAt, $0.name) < ($1.receivedAt, $1.name) }
        for (i, submission) in submissions.enumerated() {
            progress?(i + 1, submissions.count, submission.name)
            if try alreadyLoaded(submission, warehouse: warehouse) {
                summary.filesSkipped += 1
                continue
            }
            let report = try load(submission, warehouse: warehouse)
            switch report.status {
            case .rejected, .loading: summary.filesRejected += 1
            case .loaded: summary.filesLoaded += 1
            case .duplicate, .unchanged: summary.filesSkipped += 1
            }
            summary.rowsRead += report.rowsRead
            summary.rowsAccepted += report.rowsAccepted
            summary.rowsRejected += report.rowsRejected
            summary.rowsBlank += report.rowsBlank
        }
        return summary
    }

    /// True when this very file (same name, same bytes) is already stored for the month: nothing to do.
    func alreadyLoaded(_ s: Submission, warehouse: Warehouse) throws -> Bool {
        try warehouse.read(pipeline: pipeline.id) { try $0.hasFile(named: s.name, sha256: s.sha256, period: period) }
    }

    func recordUnreadable(path: String, error: Error, warehouse: Warehouse) throws {
        try record(.unreadable(file: Submission.safeName((path as NSString).lastPathComponent)), warehouse: warehouse)
    }

    /// An issue about a file that is not stored (so it has no file row), recorded once however often the month runs.
    func record(_ issue: Issue, warehouse: Warehouse) throws {
        let name = issue.file
        try warehouse.write(pipeline: pipeline.id) { store in
            if try !store.hasIssue(issue.code, file: name, period: period) { try store.add(issue, period: period, fileID: nil) }
        }
    }

    /// Reads and stores one file in a single transaction.
    func load(_ submission: Submission, warehouse: Warehouse) throws -> FileReport {
        let reader = SubmissionReader(pipeline: pipeline, period: period, limits: limits)
        let receivedAt = ISO8601DateFormatter().string(from: submission.receivedAt)
        let loadedAt = ISO8601DateFormatter().string(from: Date())
        return try warehouse.write(pipeline: pipeline.id) { store in
            // A byte-identical file already loaded is not loaded twice. From an earlier month it is an unchanged
            // snapshot (the unit did submit); within the month it is a resent copy.
            // A 上报表 names its own month: another month's report sent again is read, and refused as period-mismatch.
            if let earlier = try store.loadedCopy(sha256: submission.sha256),
               earlier.period == period.description || !(earlier.template.flatMap(pipeline.template(id:))?.upward ?? false) {
                var report = FileReport(submission: submission)
                let earlierName = earlier.name
                let earlierPeriod = earlier.period
                let sameMonth = earlierPeriod == period.description
                report.template = earlier.template.flatMap(pipeline.template(id:))
                report.unit = earlier.unit.flatMap(pipeline.unit(code:))
                report.issues.append(Issue(sameMonth ? .warning : .info, .duplicateFile, file: submission.name,
                                           message: sameMonth
                                               ? "与本月已载入的文件“\(earlierName)”内容完全相同，是重复报送，未重复载入"
                                               : "与\(Period(earlierPeriod)?.chinese ?? earlierPeriod)报送的“\(earlierName)”内容完全相同（本月无变化），未重复载入，沿用其数据",
                                           unit: report.unit?.code))
                report.copyOf = sameMonth ? .duplicate : .unchanged
                let id = try insertFile(store, report: report, status: report.status, receivedAt: receivedAt, loadedAt: loadedAt)
                if !sameMonth { try store.markSame(id, as: earlier.id) }
                return report
            }
            // Insert the file row first so rows can reference it; counts are filled in at the end.
            var report = FileReport(submission: submission)
            let fileID = try insertFile(store, report: report, status: .loading, receivedAt: receivedAt, loadedAt: loadedAt)
            // Parsing runs on its own thread while this one writes to SQLite: the two halves of ingest cost
            // about the same, and the machines have two cores.
            let channel = RowChannel()
            Thread.detachNewThread { Self.read(submission, with: reader, into: channel) }
            var inserter: RowInserter?
            do {
                while let item = channel.receive() {
                    switch item {
                    case .template(let template):
                        try store.prepareRows(of: template)
                        inserter = try store.rowInserter(for: template, period: period)
                    case .rows(let batch):
                        try inserter?.insert(fileID: fileID, batch: batch)
                    }
                }
                try inserter?.finish()
            } catch {
                channel.cancel()
                throw error
            }
            report = try channel.result()
            if report.rejected {
                // Structural error: drop any rows read before it was found; keep the file record and issues.
                // (A file refused before its first row never created the template's table: nothing to drop.)
                if let t = report.template { try store.deleteRows(of: t, file: fileID) }
            }
            try store.finishFile(fileID, encoding: report.encoding?.rawValue ?? report.format, template: report.template?.id,
                                 unit: report.unit?.code, headerLine: report.headerLine, read: report.rowsRead,
                                 accepted: report.storedAccepted, rejected: report.storedRejected, blank: report.rowsBlank,
                                 status: report.status, contact: report.contact)
            if !report.rejected, let t = report.template, let u = report.unit {
                try supersede(store, fileID: fileID, template: t.id, unit: u.code, name: submission.name)
            }
            for issue in report.issues { try store.add(issue, period: period, fileID: fileID) }
            return report
        }
    }

    /// The reading half of `load`: accepted rows go into the channel in batches, then the report.
    static func read(_ submission: Submission, with reader: SubmissionReader, into channel: RowChannel) {
        let batchSize = 1024
        var batch: RowBatch?
        let result = Result {
            let report = try reader.read(submission) { row in
                if batch == nil { batch = RowBatch(width: row.cells.count, capacity: batchSize) }
                batch?.append(row)   // in place: a `var` copy here would copy the whole batch for every row
                if let full = batch, full.count == batchSize {
                    try channel.send(.rows(full))
                    batch = nil
                }
            } prepare: { template in
                try channel.send(.template(template))
            }
            if let rest = batch { try channel.send(.rows(rest)) }
            return report
        }
        channel.finish(result)
    }

    @discardableResult
    func insertFile(_ store: StoreSession, report: FileReport, status: FileStatus, receivedAt: String,
                    loadedAt: String) throws -> Int64 {
        let s = report.submission
        let id = try store.addFile(period: period, name: s.name, sha256: s.sha256, size: s.size, receivedAt: receivedAt,
                                   status: status, loadedAt: loadedAt, template: report.template?.id, unit: report.unit?.code)
        for issue in report.issues where status == .duplicate || status == .unchanged {
            try store.add(issue, period: period, fileID: id)
        }
        return id
    }

    /// An earlier loaded file of the same unit, template and month is superseded by this one; both stay stored.
    func supersede(_ store: StoreSession, fileID: Int64, template: String, unit: String, name: String) throws {
        for old in try store.supersedeEarlier(than: fileID, template: template, unit: unit, period: period) {
            try store.add(Issue(.info, .supersededFile, file: old.name,
                                message: "已被同一单位本月后报的“\(name)”替代，本文件数据不再计入", unit: unit),
                          period: period, fileID: old.id)
        }
    }
}

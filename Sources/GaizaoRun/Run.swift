import CSVStream
import Foundation
import GaizaoCompute
import GaizaoIngest
import GaizaoModel
import GaizaoPipeline
import GaizaoReport
import GaizaoStore
import GaizaoValidate
import Logging

/// Where a run reads and writes (SPEC §3 shared options, resolved).
public struct RunContext: Sendable {
    public var pipeline: Pipeline
    public var period: Period
    public var inputsRoot: String
    public var outputsRoot: String
    public var storePath: String
    public var limits: CSVLimits
    /// Write the 项目清单 detail sheets in the workbook.
    public var includeDetail = true
    /// Seconds to wait for another run holding the warehouse before giving up (exit 1).
    public var wait: Double = 0

    public init(pipeline: Pipeline, period: Period, inputsRoot: String = "inputs", outputsRoot: String = "outputs",
                storePath: String? = nil) {
        self.pipeline = pipeline
        self.period = period
        self.inputsRoot = inputsRoot
        self.outputsRoot = outputsRoot
        self.limits = pipeline.limits
        self.storePath = storePath ?? ((outputsRoot as NSString).appendingPathComponent(pipeline.id) as NSString)
            .appendingPathComponent("warehouse.sqlite")
    }

    /// Takes the warehouse's run lock (released when the value goes away).
    public func lock() throws -> RunLock { try RunLock(store: storePath, wait: wait) }

    /// `<outputs>/<id>/<YYYY-MM>/`.
    public var outputDirectory: String {
        ((outputsRoot as NSString).appendingPathComponent(pipeline.id) as NSString).appendingPathComponent(period.description)
    }

    /// `<inputs>/<id>/<YYYY-MM>/`.
    public var inputDirectory: String {
        ((inputsRoot as NSString).appendingPathComponent(pipeline.id) as NSString)
            .appendingPathComponent(period.description)
    }

    /// Refuses a layout in which writing a month's outputs could touch its inputs: the output folder or its staging
    /// folder is, contains or lies inside the input month folder (the swap would delete the submissions), or the
    /// store lies inside the inputs. Paths are compared resolved, so a symlink or `a/../b` cannot hide it.
    public func checkLayout() throws {
        let input = Self.resolved(inputDirectory), inputs = Self.resolved(inputsRoot)
        let staging = ((outputsRoot as NSString).appendingPathComponent(pipeline.id) as NSString)
            .appendingPathComponent(".\(period).staging")
        for (what, path) in [("输出目录", outputDirectory), ("临时输出目录", staging)] {
            let out = Self.resolved(path)
            if out == input || Self.contains(out, input) || Self.contains(input, out) {
                throw LayoutError(message: "\(what) \(path) 与本月报送目录 \(inputDirectory) 重叠；写出报告会覆盖报送文件。请让 --outputs 与 --inputs 指向不同的目录")
            }
        }
        let store = Self.resolved(storePath)
        if store == inputs || Self.contains(inputs, store) {
            throw LayoutError(message: "数据仓库 \(storePath) 位于报送目录 \(inputsRoot) 之内；请把 --store 放到报送目录以外")
        }
    }

    /// Refuses a folder `gaizao export` would write into that is or lies inside the inputs root: the 上报表 would be
    /// read back as a submission next month.
    public func checkExportFolder(_ folder: String) throws {
        let out = Self.resolved(folder), inputs = Self.resolved(inputsRoot)
        if out == inputs || Self.contains(inputs, out) {
            throw LayoutError(message: "导出目录 \(folder) 位于报送目录 \(inputsRoot) 之内；请把 --out 放到报送目录以外")
        }
    }

    static func contains(_ folder: String, _ path: String) -> Bool { path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") }

    /// An absolute path with `.`/`..` removed and the symlinks of its longest existing prefix resolved.
    static func resolved(_ path: String) -> String {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var tail: [String] = []
        while !FileManager.default.fileExists(atPath: url.path), url.path != "/" {
            tail.insert(url.lastPathComponent, at: 0)
            url.deleteLastPathComponent()
        }
        let base = url.path == "/" ? "" : (url.resolvingSymlinksInPath().path)
        return ([base] + tail).joined(separator: "/")
    }
}

/// The report stage returned without calling its finish step, so there is no result to record (exit 1).
struct ReportNotRecorded: Error, CustomStringConvertible {
    var description: String { "报告未生成（内部错误：报告阶段未执行完成步骤），请重新运行" }
}

/// Inputs and outputs laid out so that a run would overwrite what it reads (a usage error, exit 2).
public struct LayoutError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// Process exit codes (SPEC §3).
public enum ExitStatus: Int32, Sendable {
    /// All done, every expected unit submitted, nothing rejected.
    case clean = 0
    /// Any other failure.
    case failure = 1
    /// Usage or pipeline-file error.
    case usage = 2
    /// Report written, but rows or files were rejected or a unit is missing.
    case incomplete = 3
}

/// What a month came to, as far as the exit code goes: the one rule every command that reports on a month uses
/// (SPEC §3) — 0 when every expected unit submitted and nothing was rejected, else 3.
public struct MonthOutcome: Sendable, Equatable {
    public var rejectedRows: Int
    public var rejectedFiles: Int
    public var missingUnits: [String]

    public init(rejectedRows: Int, rejectedFiles: Int, missingUnits: [String]) {
        self.rejectedRows = rejectedRows
        self.rejectedFiles = rejectedFiles
        self.missingUnits = missingUnits
    }

    /// From the month's files (in force), its refused directory entries and `missing-submission` issues, as stored.
    public init(files: [StoredFile], issues: [Issue]) {
        let current = files.filter { $0.superseded_by == nil }
        self.init(rejectedRows: Books(files: files).rowsRejected,
                  // A refused directory entry (a FIFO, a link out, a GBK name) has no file record, only its issue.
                  rejectedFiles: current.filter { $0.status == .rejected }.count
                      + Set(issues.filter { $0.code == .unreadableFile }.map(\.file)).subtracting(files.map(\.name)).count,
                  missingUnits: Array(Set(issues.filter { $0.code == .missingSubmission }.compactMap(\.unit))).sorted())
    }

    /// The month as the warehouse holds it now.
    public static func stored(_ warehouse: Warehouse, pipeline: Pipeline, period: Period) throws -> MonthOutcome {
        MonthOutcome(files: try warehouse.files(pipeline: pipeline.id, period: period),
                     issues: try warehouse.issues(pipeline: pipeline.id, period: period))
    }

    public var exitStatus: ExitStatus {
        missingUnits.isEmpty && rejectedRows == 0 && rejectedFiles == 0 ? .clean : .incomplete
    }
}

/// The result of `gaizao run` for one month.
public struct RunResult: Sendable {
    public var ingest: IngestSummary
    public var figures: [IndicatorFigure]
    public var outputs: ReportOutputs
    public var missingUnits: [GaizaoModel.Unit]
    public var outcome: MonthOutcome

    public var exitStatus: ExitStatus { outcome.exitStatus }
}

/// ingest → validate → compute → report for one month.
public struct Run {
    public var context: RunContext
    public var logger: Logger
    /// Progress of ingest, file by file (the CLI draws it on a terminal).
    public var progress: ((Int, Int, String) -> Void)?

    public init(context: RunContext, logger: Logger = Logger(label: "gaizao")) {
        self.context = context
        self.logger = logger
    }

    public func execute() throws -> RunResult {
        let c = context
        try c.checkLayout()
        let lock = try c.lock()
        defer { withExtendedLifetime(lock) {} }
        if let warning = c.pipeline.outsidePlan(c.period) { logger.warning("\(warning)") }
        let started = Date()
        OutputFolder.recover(c.outputDirectory)
        let warehouse = try Warehouse(path: c.storePath)
        var timings: [(stage: String, seconds: Double)] = []
        var clock = ContinuousClock.now
        func lap(_ stage: String) -> String {
            let d = ContinuousClock.now - clock
            clock = .now
            let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            timings.append((stage, seconds))
            return String(format: "%.2fs", seconds)
        }
        var stage = IngestStage(pipeline: c.pipeline, period: c.period, limits: c.limits)
        stage.progress = progress
        let ingest = try stage.run(inputs: c.inputDirectory, warehouse: warehouse)
        let ingestTime = lap("ingest")   // timed before logging: a quiet logger never builds its message
        logger.info("ingest: \(ingest.filesSeen) files (\(ingest.filesLoaded) loaded, \(ingest.filesSkipped) unchanged, \(ingest.filesRejected) rejected) in \(ingestTime)")
        // Nothing changed since the last run of this month and its outputs are intact: keep them.
        let before = try warehouse.read(pipeline: c.pipeline.id) { try Manifest.fingerprint($0, pipeline: c.pipeline, period: c.period, detail: c.includeDetail) }
        if let previous = Manifest.intact(in: c.outputDirectory), previous.fingerprint == before {
            logger.info("unchanged since the last run: outputs kept (\(c.outputDirectory))")
            let books = try warehouse.books(pipeline: c.pipeline.id, period: c.period)
            logger.info("books: \(books.english)")
            let stage = ReportStage(pipeline: c.pipeline, period: c.period)
            let kept = result(c, ingest: ingest, data: try stage.load(warehouse: warehouse),
                              outputs: stage.paths(outputs: c.outputsRoot))
            let manifest = (try? String(contentsOfFile: (c.outputDirectory as NSString).appendingPathComponent(Manifest.fileName),
                                        encoding: .utf8)) ?? ""
            try logRun(c, "run (unchanged)", status: kept.exitStatus, fingerprint: before, manifest: manifest,
                       started: started, warehouse: warehouse)
            return kept
        }
        let validation = try ValidateStage(pipeline: c.pipeline, period: c.period).run(warehouse: warehouse)
        let validateTime = lap("validate")   // timed before logging: a quiet logger never builds its message
        logger.info("validate: \(validation.duplicateKeys) duplicate keys across units, \(validation.decreases) cumulative decreases, \(validation.outliers) outlier jumps, \(validation.missing.count) units missing, \(validation.late) late files in \(validateTime)")
        let books = try warehouse.books(pipeline: c.pipeline.id, period: c.period)
        logger.info("books: \(books.english)")
        let figures = try ComputeStage(pipeline: c.pipeline, period: c.period).run(warehouse: warehouse)
        let computeTime = lap("compute")   // timed before logging: a quiet logger never builds its message
        logger.info("compute: \(figures.count) figures in \(computeTime)")
        return try report(c, warehouse: warehouse, ingest: ingest, started: started) { staged in
            let reportTime = lap("report")   // timed before logging: a quiet logger never builds its message
            logger.info("report: \(staged.files.count) files in \(reportTime)")
            return timings
        }
    }

    /// The report stage of month `c`, with its manifest and `runs` row written as part of it, so every command
    /// that writes a month's outputs (run, report, recompute) leaves the same record and the same exit status.
    func report(_ c: RunContext, warehouse: Warehouse, ingest: IngestSummary, started: Date, command: String = "run",
                timed: (ReportOutputs) -> [(stage: String, seconds: Double)] = { _ in [] }) throws -> RunResult {
        var recorded: RunResult?
        var report = ReportStage(pipeline: c.pipeline, period: c.period)
        report.includeDetail = c.includeDetail
        let outputs = try report.run(warehouse: warehouse, outputs: c.outputsRoot) { staged, data in
            let timings = timed(staged)
            let staged = self.result(c, ingest: ingest, data: data, outputs: staged)
            try record(c, staged, warehouse: warehouse, timings: timings, started: started, command: command)
            recorded = staged
        }
        logger.info("report: \(outputs.workbook)")
        // ReportStage.run calls its finish before it returns; without it nothing was written to record.
        guard var result = recorded else { throw ReportNotRecorded() }
        result.outputs = outputs
        return result
    }

    /// Only the report stage of the month, from what the warehouse holds.
    public func reportOnly() throws -> RunResult {
        try context.checkLayout()
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        return try report(context, warehouse: try Warehouse(path: context.storePath), ingest: IngestSummary(),
                          started: Date(), command: "report")
    }

    /// The month's result as stored: figures, missing units and rejections.
    func result(_ c: RunContext, ingest: IngestSummary, data: ReportData, outputs: ReportOutputs) -> RunResult {
        let outcome = MonthOutcome(files: data.files, issues: data.issues)
        return RunResult(ingest: ingest, figures: data.figures, outputs: outputs,
                         missingUnits: c.pipeline.units.filter { outcome.missingUnits.contains($0.code) }, outcome: outcome)
    }

    /// Writes `manifest.json` next to the outputs and a row in the warehouse's `runs` table.
    func record(_ c: RunContext, _ result: RunResult, warehouse: Warehouse, timings: [(stage: String, seconds: Double)],
                started: Date, command: String) throws {
        let dir = result.outputs.directory
        let (fingerprint, files, issues) = try warehouse.read(pipeline: c.pipeline.id) { store in
            (try Manifest.fingerprint(store, pipeline: c.pipeline, period: c.period, detail: c.includeDetail),
             try store.files(period: c.period), try store.issueCounts(period: c.period))
        }
        let outputs = result.outputs.files.map { f in
            (f, Manifest.sha256(ofFile: (dir as NSString).appendingPathComponent(f)) ?? "")
        }
        let manifest = Manifest(pipeline: c.pipeline.id, period: c.period, fingerprint: fingerprint, inputs: files,
                                outputs: outputs, issues: issues, timings: timings, exitStatus: result.exitStatus)
        let text = manifest.json.rendered()
        try AtomicFile.write(Data(text.utf8), to: (dir as NSString).appendingPathComponent(Manifest.fileName))
        try logRun(c, command, status: result.exitStatus, fingerprint: fingerprint, manifest: text, started: started,
                   warehouse: warehouse)
    }

    /// A row in the warehouse's `runs` table.
    func logRun(_ c: RunContext, _ command: String, status: ExitStatus, fingerprint: String, manifest: String,
                started: Date, warehouse: Warehouse) throws {
        let stamp = ISO8601DateFormatter()
        try warehouse.write(pipeline: c.pipeline.id) {
            try $0.recordRun(period: c.period, command: command, startedAt: stamp.string(from: started),
                             finishedAt: stamp.string(from: Date()), exitStatus: status.rawValue, fingerprint: fingerprint,
                             manifest: manifest)
        }
    }
}

extension Run {
    /// Rebuilds validate → compute → report from the warehouse alone for every month from `from` to `to`
    /// (after a target or pipeline change); nothing is read from the inputs folder.
    public func recompute(from: Period, to: Period) throws -> [RunResult] {
        for month in from.through(to) {
            var c = context
            c.period = month
            try c.checkLayout()
        }
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        let warehouse = try Warehouse(path: context.storePath)
        var results: [RunResult] = []
        for month in from.through(to) {
            var c = context
            c.period = month
            let started = Date()
            try ValidateStage(pipeline: c.pipeline, period: month).run(warehouse: warehouse)
            let figures = try ComputeStage(pipeline: c.pipeline, period: month).run(warehouse: warehouse)
            let result = try report(c, warehouse: warehouse, ingest: IngestSummary(), started: started, command: "recompute")
            logger.info("recompute \(month): \(figures.count) figures → \(result.outputs.workbook)")
            results.append(result)
        }
        return results
    }
}

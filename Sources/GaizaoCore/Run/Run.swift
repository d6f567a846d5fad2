import CSVStream
import Foundation
import Logging

/// Where a run reads and writes (SPEC §3 shared options, resolved).
public struct RunContext: Sendable {
    public var pipeline: Pipeline
    public var period: Period
    public var inputsRoot: String
    public var outputsRoot: String
    public var storePath: String
    public var limits: CSVLimits

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

    /// `<inputs>/<id>/<YYYY-MM>/`.
    public var inputDirectory: String {
        ((inputsRoot as NSString).appendingPathComponent(pipeline.id) as NSString)
            .appendingPathComponent(period.description)
    }
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

/// The result of `gaizao run` for one month.
public struct RunResult: Sendable {
    public var ingest: IngestSummary
    public var figures: [IndicatorFigure]
    public var outputs: ReportOutputs
    public var missingUnits: [Unit]
    public var rejectedRows: Int
    public var rejectedFiles: Int

    public var exitStatus: ExitStatus {
        missingUnits.isEmpty && rejectedRows == 0 && rejectedFiles == 0 ? .clean : .incomplete
    }
}

/// ingest → validate → compute → report for one month.
public struct Run {
    public var context: RunContext
    public var logger: Logger

    public init(context: RunContext, logger: Logger = Logger(label: "gaizao")) {
        self.context = context
        self.logger = logger
    }

    public func execute() throws -> RunResult {
        let c = context
        let warehouse = try Warehouse(path: c.storePath)
        var clock = ContinuousClock.now
        func lap() -> String {
            let d = ContinuousClock.now - clock
            clock = .now
            return String(format: "%.2fs", Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
        }
        let ingest = try IngestStage(pipeline: c.pipeline, period: c.period, limits: c.limits)
            .run(inputs: c.inputDirectory, warehouse: warehouse)
        logger.info("ingest: \(ingest.filesSeen) files (\(ingest.filesLoaded) loaded, \(ingest.filesSkipped) unchanged, \(ingest.filesRejected) rejected), rows read \(ingest.rowsRead) = accepted \(ingest.rowsAccepted) + rejected \(ingest.rowsRejected) + blank \(ingest.rowsBlank) in \(lap())")
        let validation = try ValidateStage(pipeline: c.pipeline, period: c.period).run(warehouse: warehouse)
        logger.info("validate: \(validation.duplicateKeys) duplicate keys across units, \(validation.decreases) cumulative decreases, \(validation.outliers) outlier jumps, \(validation.missing.count) units missing, \(validation.late) late files in \(lap())")
        let figures = try ComputeStage(pipeline: c.pipeline, period: c.period).run(warehouse: warehouse)
        logger.info("compute: \(figures.count) figures in \(lap())")
        let outputs = try ReportStage(pipeline: c.pipeline, period: c.period)
            .run(warehouse: warehouse, outputs: c.outputsRoot)
        logger.info("report: \(outputs.workbook) in \(lap())")
        let files = try warehouse.files(pipeline: c.pipeline.id, period: c.period)
        let current = files.filter { $0.superseded_by == nil }
        return RunResult(ingest: ingest, figures: figures, outputs: outputs, missingUnits: validation.missing,
                         rejectedRows: current.reduce(0) { $0 + $1.rejectedTotal },
                         rejectedFiles: current.filter { $0.status == .rejected }.count)
    }
}

extension Run {
    /// Rebuilds validate → compute → report from the warehouse alone for every month from `from` to `to`
    /// (after a target or pipeline change); nothing is read from the inputs folder.
    public func recompute(from: Period, to: Period) throws -> [ReportOutputs] {
        let warehouse = try Warehouse(path: context.storePath)
        var outputs: [ReportOutputs] = []
        for month in from.through(to) {
            try ValidateStage(pipeline: context.pipeline, period: month).run(warehouse: warehouse)
            let figures = try ComputeStage(pipeline: context.pipeline, period: month).run(warehouse: warehouse)
            let out = try ReportStage(pipeline: context.pipeline, period: month).run(warehouse: warehouse, outputs: context.outputsRoot)
            logger.info("recompute \(month): \(figures.count) figures → \(out.workbook)")
            outputs.append(out)
        }
        return outputs
    }
}

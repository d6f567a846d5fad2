import ArgumentParser
import Foundation
import GaizaoCompute
import GaizaoIngest
import GaizaoModel
import GaizaoPipeline
import GaizaoReport
import GaizaoRun
import GaizaoStore
import GaizaoValidate
import Logging

@main
struct Gaizao: ParsableCommand {
    /// SIGTERM and SIGINT stop a run at once (outputs are swapped in whole, the lock dies with the process), even
    /// when the parent (a test runner, some cron daemons) started us with those signals blocked or ignored.
    static func main() {
        var stop = sigset_t()
        sigemptyset(&stop)
        sigaddset(&stop, SIGTERM)
        sigaddset(&stop, SIGINT)
        sigprocmask(SIG_UNBLOCK, &stop, nil)
        signal(SIGTERM, SIG_DFL)
        signal(SIGINT, SIG_DFL)
        do {
            var command = try parseAsRoot(nil)
            try command.run()
        } catch {
            // SPEC §3: every usage error exits 2 (swift-argument-parser's own is 64, EX_USAGE).
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "gaizao",
        abstract: "制造业数字化绿色化改造（两化改造）月度统计：核对报送、汇总指标、镇街赛马、生成领导小组工作簿。",
        discussion: """
            Exit codes / 退出码:
              0  all done: every expected unit submitted and nothing rejected / 全部完成，无缺报、无退回
              3  report written, but rows or files were rejected or a unit is missing / 已出报告，但有退回或缺报
              2  usage or pipeline-file error / 用法或流程文件错误
              1  any other failure / 其他失败
            """,
        subcommands: [RunCommand.self, IngestCommand.self, ValidateCommand.self, ComputeCommand.self, ReportCommand.self, CheckCommand.self,
                      RecomputeCommand.self, StatusCommand.self, LintCommand.self, TemplateCommand.self])
}

/// Options every stage shares (SPEC §3).
struct SharedOptions: ParsableArguments {
    @Option(help: "Pipeline file, e.g. pipelines/tongxiang.yaml / 流程文件")
    var pipeline: String

    @Option(help: "Reporting month YYYY-MM (default: the previous calendar month) / 报告月份")
    var period: Period?

    @Option(help: "Inputs root; files are read from <inputs>/<id>/<YYYY-MM>/ / 报送文件根目录")
    var inputs: String = "inputs"

    @Option(help: "Outputs root; results go to <outputs>/<id>/<YYYY-MM>/ / 输出根目录")
    var outputs: String = "outputs"

    @Option(help: "Warehouse file (default: <outputs>/<id>/warehouse.sqlite) / 数据仓库文件")
    var store: String?

    @Flag(help: "No progress or log lines on stderr (for cron) / 安静模式")
    var quiet = false

    @Option(help: "Seconds to wait while another run holds the warehouse, then exit 1 (default 0) / 等待秒数")
    var wait: Double = 0

    func validate() throws {
        guard wait.isFinite, wait >= 0, wait <= 86_400 else { throw ValidationError("--wait 应为 0 到 86400 之间的秒数") }
        for (flag, path) in [("--inputs", inputs), ("--outputs", outputs), ("--store", store ?? "x")] where path.isEmpty {
            throw ValidationError("\(flag) 不能为空")
        }
    }

    @Option(help: "Append log lines to this file as well / 日志文件（追加）")
    var logFile: String?

    @Flag(name: .customLong("no-detail"), help: "Leave the 项目清单 detail sheets out of the workbook / 不输出项目清单")
    var noDetail = false

    /// A one-line progress display on stderr, only when stderr is a terminal and not --quiet.
    var progress: ((Int, Int, String) -> Void)? {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        return { i, n, name in
            FileHandle.standardError.write(Data("\r\u{1B}[K读取 [\(i)/\(n)] \(name)\(i == n ? "\n" : "")".utf8))
        }
    }

    func context() throws -> RunContext {
        let p = try loadPipeline(pipeline)
        var c = RunContext(pipeline: p, period: period ?? Period.previousMonth(), inputsRoot: inputs, outputsRoot: outputs,
                           storePath: store)
        c.wait = wait
        c.includeDetail = !noDetail
        do {
            try c.checkLayout()
        } catch let e as LayoutError {
            throw usage(e.description)
        }
        return c
    }

    /// Runs one stage on the resolved context and its warehouse, mapping failures to SPEC §3 exit codes.
    func stage(_ body: (RunContext, Warehouse) throws -> ExitStatus) throws {
        try guarded {
            let c = try context()
            let lock = try c.lock()
            defer { withExtendedLifetime(lock) {} }
            return try body(c, try Warehouse(path: c.storePath))
        }
    }

    /// Log lines go to stderr (unless --quiet) and, with --log-file, are appended to that file.
    var logger: Logger {
        let file = logFile.flatMap(LogFile.init(path:))
        let quiet = self.quiet
        var l = Logger(label: "gaizao") { label in
            var handlers: [LogHandler] = []
            if !quiet { handlers.append(StreamLogHandler.standardError(label: label)) }
            if let file { handlers.append(file) }
            return handlers.isEmpty ? SwiftLogNoOpLogHandler() : MultiplexLogHandler(handlers)
        }
        l.logLevel = .info
        return l
    }
}

func loadPipeline(_ path: String) throws -> Pipeline {
    do {
        return try PipelineLoader.load(path: path)
    } catch let e as PipelineError {
        throw usage(e.description)
    }
}

func usage(_ message: String) -> Error {
    FileHandle.standardError.write(Data("gaizao: \(message)\n".utf8))
    return ExitCode(ExitStatus.usage.rawValue)
}

/// Runs `body`, turning unexpected errors into exit 1 with a message.
func guarded(_ body: () throws -> ExitStatus) throws {
    let status: ExitStatus
    do {
        status = try body()
    } catch let e as ExitCode {
        throw e
    } catch let e as LockBusy {
        FileHandle.standardError.write(Data("gaizao: \(e)\n".utf8))
        throw ExitCode(ExitStatus.failure.rawValue)
    } catch {
        FileHandle.standardError.write(Data("gaizao: 失败：\(error)\n".utf8))
        throw ExitCode(ExitStatus.failure.rawValue)
    }
    if status != .clean { throw ExitCode(status.rawValue) }
}

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "ingest → validate → compute → report for one month / 一次完成一个月的全部处理")

    @OptionGroup var options: SharedOptions

    func run() throws {
        try guarded {
            var run = Run(context: try options.context(), logger: options.logger)
            run.progress = options.progress
            let result = try run.execute()
            print(result.outputs.workbook)
            if !result.missingUnits.isEmpty, !options.quiet {
                FileHandle.standardError.write(Data("未报送：\(result.missingUnits.map(\.name).joined(separator: "、"))\n".utf8))
            }
            return result.exitStatus
        }
    }
}

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Load the month's files into the warehouse / 读取并载入本月报送文件")

    @OptionGroup var options: SharedOptions

    func run() throws {
        try options.stage { c, warehouse in
            var stage = IngestStage(pipeline: c.pipeline, period: c.period, limits: c.limits)
            stage.progress = options.progress
            let s = try stage.run(inputs: c.inputDirectory, warehouse: warehouse)
            let books = try warehouse.books(pipeline: c.pipeline.id, period: c.period)
            if !options.quiet {
                print("文件 \(s.filesSeen) 个：载入 \(s.filesLoaded)，已载入过或内容未变 \(s.filesSkipped)，退回 \(s.filesRejected)；\(books.chinese)")
            }
            return s.filesRejected + books.rowsRejected == 0 ? .clean : .incomplete
        }
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Cross-row and cross-file rules on the stored month / 跨行跨文件核查")

    @OptionGroup var options: SharedOptions

    func run() throws {
        try options.stage { c, warehouse in
            let s = try ValidateStage(pipeline: c.pipeline, period: c.period).run(warehouse: warehouse)
            if !options.quiet {
                print("跨单位重复 \(s.duplicateKeys) 行，累计数减少 \(s.decreases) 处，异常跳增 \(s.outliers) 处，未报送 \(s.missing.count) 个单位，逾期 \(s.late) 个文件")
            }
            return s.duplicateKeys == 0 && s.missing.isEmpty ? .clean : .incomplete
        }
    }
}

struct ComputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute", abstract: "Compute every indicator for the month from the warehouse / 计算指标")

    @OptionGroup var options: SharedOptions

    func run() throws {
        try options.stage { c, warehouse in
            let figures = try ComputeStage(pipeline: c.pipeline, period: c.period).run(warehouse: warehouse)
            if !options.quiet { print("\(figures.count) 项指标数值已计算（\(c.period)）") }
            return .clean
        }
    }
}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write the workbook and files from the warehouse / 生成报告")

    @OptionGroup var options: SharedOptions

    func run() throws {
        try guarded {
            let result = try Run(context: try options.context(), logger: options.logger).reportOnly()
            print(result.outputs.workbook)
            return result.exitStatus
        }
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check files without storing anything / 只检查文件，不入库",
        discussion: "Exit 0 when every file is clean, 3 when issues were found, 2 on usage errors.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv }

    @Option(help: "Pipeline file / 流程文件") var pipeline: String
    @Option(help: "Month the files are for (default: previous month) / 报送月份") var period: Period?
    @Option(help: "text: a summary per file; csv: the issues in the columns of issues.csv / 输出格式")
    var format: Format = .text
    @Argument(help: "CSV files to check / 要检查的文件") var files: [String]

    func run() throws {
        try guarded {
            let p = try loadPipeline(pipeline)
            let reports = FileCheck(pipeline: p, period: period ?? Period.previousMonth()).run(paths: files)
            switch format {
            case .csv:
                print(IssuesCSV.header, terminator: "\r\n")
                for r in reports { print(IssuesCSV.lines(r.issues, unitName: p.unitName).joined(), terminator: "") }
            case .text:
                for r in reports {
                    print("\(r.submission.name)：\(r.template?.title ?? "未识别模板")，\(r.unit?.name ?? "未识别单位")，读入 \(r.rowsRead) 行 = 载入 \(r.storedAccepted) + 退回 \(r.storedRejected) + 空行 \(r.rowsBlank)")
                    for i in r.issues {
                        print("  [\(i.severity.chinese)] \(i.code.rawValue) \(i.position.isEmpty ? "" : i.position + " ")\(i.message)")
                    }
                }
            }
            let found = reports.contains { $0.status != .loaded || $0.issues.contains { $0.severity != .info } }
            return found ? .incomplete : .clean
        }
    }
}

struct RecomputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recompute",
        abstract: "Rebuild indicators and reports for a range of months from the warehouse / 按已入库数据重算若干月份",
        discussion: "Reads nothing from the inputs folder: validate, compute and report run on stored data, month by month.")

    @OptionGroup var options: SharedOptions
    @Option(help: "First month YYYY-MM / 起始月份") var from: Period
    @Option(help: "Last month YYYY-MM / 截止月份") var to: Period

    func validate() throws {
        guard from <= to else { throw ValidationError("--from \(from) 晚于 --to \(to)") }
    }

    func run() throws {
        try guarded {
            let results = try Run(context: try options.context(), logger: options.logger).recompute(from: from, to: to)
            for r in results { print(r.outputs.workbook) }
            // The same rule as run, month by month: the worst month decides.
            return results.contains { $0.exitStatus != .clean } ? .incomplete : .clean
        }
    }
}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint", abstract: "Check a pipeline file and say exactly what is wrong / 检查流程文件",
        discussion: "Exit 0 when the file has no errors (warnings are printed), 2 otherwise.")

    @Argument(help: "Pipeline file, e.g. pipelines/tongxiang.yaml / 流程文件") var pipeline: String

    func run() throws {
        let findings: [LintFinding]
        do {
            findings = PipelineLint.findings(try PipelineLoader.load(path: pipeline, lint: false))
        } catch let e as PipelineError {
            print(e.description)
            throw ExitCode(ExitStatus.usage.rawValue)
        }
        for f in findings { print(f) }
        let errors = findings.filter { $0.level == .error }.count
        print(errors == 0 ? "\(pipeline)：通过（\(findings.count) 条警告）" : "\(pipeline)：\(errors) 个错误")
        if errors > 0 { throw ExitCode(ExitStatus.usage.rawValue) }
    }
}

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Blank submission templates, .xlsx with drop-downs and .csv / 生成空白报送模板")

    @Option(help: "Pipeline file / 流程文件") var pipeline: String
    @Option(help: "Only the templates this unit submits, named for it (name, alias or code) / 报送单位") var unit: String?
    @Option(help: "Folder to write into / 输出目录") var out: String = "templates"

    func run() throws {
        try guarded {
            let p = try loadPipeline(pipeline)
            var forUnit: GaizaoModel.Unit?
            if let unit {
                guard let u = p.unit(named: unit) else { throw usage("单位“\(unit)”不在流程文件的单位名单中") }
                forUnit = u
            }
            let templates = p.templates.filter { t in forUnit.map { u in p.submitters(of: t).contains { $0.code == u.code } } ?? true }
            if templates.isEmpty { throw usage("\(forUnit?.name ?? "")不报送任何模板") }
            for t in templates {
                for path in try BlankTemplate(pipeline: p, template: t, unit: forUnit).write(into: out) { print(path) }
            }
            return .clean
        }
    }
}

/// A swift-log handler appending lines to a file (`--log-file`), for cron.
struct LogFile: LogHandler {
    let handle: FileHandle
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init?(path: String) {
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let h = FileHandle(forWritingAtPath: path) else { return nil }
        h.seekToEndOfFile()
        handle = h
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        handle.write(Data("\(stamp) \(event.level) gaizao[\(getpid())]: \(event.message)\n".utf8))
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Who has submitted, who is late or missing / 报送情况",
        discussion: "Reads the warehouse (run ingest first). Exit 0 when every expected unit has submitted, 3 otherwise.")

    @OptionGroup var options: SharedOptions

    func run() throws {
        try options.stage { c, warehouse in
            let s = try SubmissionStatus(pipeline: c.pipeline, period: c.period).read(warehouse: warehouse)
            print("\(c.pipeline.title) · \(c.period.chinese) · 截止 \(s.deadline)")
            for line in s.lines {
                let files = line.files.map { "\($0.name)（\($0.receivedAt)）" }.joined(separator: "、")
                print("\(line.state.chinese)\t\(line.unit.name)\t\(line.template.title)\t\(files)")
            }
            let missing = s.lines.filter { $0.state == .missing }
            print("应报 \(s.lines.count) 项：已报 \(s.lines.count - missing.count)，逾期 \(s.lines.filter { $0.state == .late }.count)，未报 \(missing.count)")
            return missing.isEmpty ? .clean : .incomplete
        }
    }
}

/// `--period 2023-06` parsed where it is given, so a bad month is a usage error (exit 2) with the option named.
extension Period: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

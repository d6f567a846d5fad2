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

/// The month a command works on and how it runs (SPEC §3): every command that reads or writes a month has these.
struct MonthOptions: ParsableArguments {
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

    /// A one-line progress display on stderr, only when stderr is a terminal and not --quiet.
    var progress: ((Int, Int, String) -> Void)? {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return nil }
        return { i, n, name in
            FileHandle.standardError.write(Data("\r\u{1B}[K读取 [\(i)/\(n)] \(name)\(i == n ? "\n" : "")".utf8))
        }
    }

    func context(includeDetail: Bool = true) throws -> RunContext {
        let p = try loadPipeline(pipeline)
        var c = RunContext(pipeline: p, period: period ?? Period.previousMonth(), inputsRoot: inputs, outputsRoot: outputs,
                           storePath: store)
        c.wait = wait
        c.includeDetail = includeDetail
        return c
    }

    /// Runs one stage on the resolved context and its warehouse, mapping failures to SPEC §3 exit codes.
    func stage(_ body: (RunContext, Warehouse) throws -> ExitStatus) throws {
        try guarded {
            let c = try context()
            try c.checkLayout()   // run, report and recompute check it inside Run
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

/// `--no-detail`: only for the commands that write the workbook (run, report, recompute).
struct DetailOption: ParsableArguments {
    @Flag(name: .customLong("no-detail"), help: "Leave the 项目清单 detail sheets out of the workbook / 不输出项目清单")
    var noDetail = false
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
    } catch let e as LayoutError {
        // Outputs that would overwrite the inputs are a usage error (SPEC §3), wherever the layout is checked.
        FileHandle.standardError.write(Data("gaizao: \(e)\n".utf8))
        throw ExitCode(ExitStatus.usage.rawValue)
    } catch {
        FileHandle.standardError.write(Data("gaizao: 失败：\(error)\n".utf8))
        throw ExitCode(ExitStatus.failure.rawValue)
    }
    if status != .clean { throw ExitCode(status.rawValue) }
}

/// `--period 2023-06` parsed where it is given, so a bad month is a usage error (exit 2) with the option named.
extension Period: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

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
        subcommands: [RunCommand.self, IngestCommand.self, ValidateCommand.self, ComputeCommand.self, ReportCommand.self, ExportCommand.self, CheckCommand.self,
                      RecomputeCommand.self, StatusCommand.self, LintCommand.self, TemplateCommand.self])
}

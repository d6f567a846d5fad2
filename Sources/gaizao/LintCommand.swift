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

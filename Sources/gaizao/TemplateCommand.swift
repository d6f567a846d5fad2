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

import ArgumentParser
import Foundation
import GaizaoModel
import GaizaoReport
import GaizaoRun
import GaizaoStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a stored month's 上报表 for the level above / 导出上报表")

    @OptionGroup var options: MonthOptions
    @Option(help: "Folder to write <region code>-<period>.csv and .xlsx into / 输出目录") var out: String

    func validate() throws {
        if out.isEmpty { throw ValidationError("--out 不能为空") }
    }

    func run() throws {
        try options.stage { c, warehouse in
            try c.checkExportFolder(out)
            let stored = try warehouse.read(pipeline: c.pipeline.id) { try $0.figures(period: c.period, totalsOnly: true) }
            guard !stored.isEmpty else { throw usage("\(c.period.chinese)尚未计算，请先运行 gaizao run --period \(c.period)") }
            for path in try ReportStage(pipeline: c.pipeline, period: c.period).exportUpward(warehouse: warehouse, into: out) {
                print(path)
            }
            return .clean
        }
    }
}

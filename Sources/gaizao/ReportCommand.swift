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

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write the workbook and files from the warehouse / 生成报告")

    @OptionGroup var options: MonthOptions
    @OptionGroup var detail: DetailOption

    func run() throws {
        try guarded {
            let result = try Run(context: try options.context(includeDetail: !detail.noDetail), logger: options.logger).reportOnly()
            print(result.outputs.workbook)
            return result.exitStatus
        }
    }
}

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

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "ingest → validate → compute → report for one month / 一次完成一个月的全部处理")

    @OptionGroup var options: MonthOptions
    @OptionGroup var detail: DetailOption

    func run() throws {
        try guarded {
            var run = Run(context: try options.context(includeDetail: !detail.noDetail), logger: options.logger)
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

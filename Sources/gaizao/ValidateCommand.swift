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

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Cross-row and cross-file rules on the stored month / 跨行跨文件核查")

    @OptionGroup var options: MonthOptions

    func run() throws {
        try options.stage { c, warehouse in
            let s = try ValidateStage(pipeline: c.pipeline, period: c.period).run(warehouse: warehouse)
            if !options.quiet {
                print("跨单位重复 \(s.duplicateKeys) 行，累计数减少 \(s.decreases) 处，异常跳增 \(s.outliers) 处，未报送 \(s.missing.count) 个单位，逾期 \(s.late) 个文件")
            }
            return try MonthOutcome.stored(warehouse, pipeline: c.pipeline, period: c.period).exitStatus
        }
    }
}

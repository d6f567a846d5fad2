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

struct ComputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compute", abstract: "Compute every indicator for the month from the warehouse / 计算指标")

    @OptionGroup var options: MonthOptions

    func run() throws {
        try options.stage { c, warehouse in
            let figures = try ComputeStage(pipeline: c.pipeline, period: c.period).run(warehouse: warehouse)
            if !options.quiet { print("\(figures.count) 项指标数值已计算（\(c.period)）") }
            return .clean
        }
    }
}

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

struct RecomputeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recompute",
        abstract: "Rebuild indicators and reports for a range of months from the warehouse / 按已入库数据重算若干月份",
        discussion: "Reads nothing from the inputs folder: validate, compute and report run on stored data, month by month.")

    @OptionGroup var options: MonthOptions
    @OptionGroup var detail: DetailOption
    @Option(help: "First month YYYY-MM / 起始月份") var from: Period
    @Option(help: "Last month YYYY-MM / 截止月份") var to: Period

    func validate() throws {
        guard from <= to else { throw ValidationError("--from \(from) 晚于 --to \(to)") }
    }

    func run() throws {
        try guarded {
            let results = try Run(context: try options.context(includeDetail: !detail.noDetail), logger: options.logger).recompute(from: from, to: to)
            for r in results { print(r.outputs.workbook) }
            // The same rule as run, month by month: the worst month decides.
            return results.contains { $0.exitStatus != .clean } ? .incomplete : .clean
        }
    }
}

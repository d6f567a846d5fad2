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

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Load the month's files into the warehouse / 读取并载入本月报送文件")

    @OptionGroup var options: MonthOptions

    func run() throws {
        try options.stage { c, warehouse in
            var stage = IngestStage(pipeline: c.pipeline, period: c.period, limits: c.limits)
            stage.progress = options.progress
            let s = try stage.run(inputs: c.inputDirectory, warehouse: warehouse)
            let books = try warehouse.books(pipeline: c.pipeline.id, period: c.period)
            if !options.quiet {
                print("文件 \(s.filesSeen) 个：载入 \(s.filesLoaded)，已载入过或内容未变 \(s.filesSkipped)，退回 \(s.filesRejected)；\(books.chinese)")
            }
            return try MonthOutcome.stored(warehouse, pipeline: c.pipeline, period: c.period).exitStatus
        }
    }
}

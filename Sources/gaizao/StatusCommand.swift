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

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Who has submitted, who is late or missing / 报送情况",
        discussion: "Reads the warehouse (run ingest first). Exit 0 when every expected unit has submitted, 3 otherwise.")

    @OptionGroup var options: MonthOptions

    func run() throws {
        try options.stage { c, warehouse in
            let s = try SubmissionStatus(pipeline: c.pipeline, period: c.period).read(warehouse: warehouse)
            print("\(c.pipeline.title) · \(c.period.chinese) · 截止 \(s.deadline)")
            for line in s.lines {
                let files = line.files.map { "\($0.name)（\($0.receivedAt)）" }.joined(separator: "、")
                print("\(line.state.chinese)\t\(line.unit.name)\t\(line.template.title)\t\(files)")
            }
            let missing = s.lines.filter { $0.state == .missing }
            print("应报 \(s.lines.count) 项：已报 \(s.lines.count - missing.count)，逾期 \(s.lines.filter { $0.state == .late }.count)，未报 \(missing.count)")
            // Who is missing is decided here, as status reads it; the rule that turns it into 0 or 3 is the month's.
            return MonthOutcome(rejectedRows: 0, rejectedFiles: 0, missingUnits: missing.map(\.unit.code)).exitStatus
        }
    }
}

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

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check files without storing anything / 只检查文件，不入库",
        discussion: "Exit 0 when every file is clean, 3 when issues were found, 2 on usage errors.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, csv }

    @Option(help: "Pipeline file / 流程文件") var pipeline: String
    @Option(help: "Month the files are for (default: previous month) / 报送月份") var period: Period?
    @Option(help: "text: a summary per file; csv: the issues in the columns of issues.csv / 输出格式")
    var format: Format = .text
    @Argument(help: "CSV files to check / 要检查的文件") var files: [String]

    func run() throws {
        try guarded {
            let p = try loadPipeline(pipeline)
            let reports = FileCheck(pipeline: p, period: period ?? Period.previousMonth()).run(paths: files)
            switch format {
            case .csv:
                print(IssuesCSV.header, terminator: "\r\n")
                for r in reports { print(IssuesCSV.lines(Array(r.issues), unitName: p.unitName).joined(), terminator: "") }
            case .text:
                for r in reports {
                    if r.template == nil, r.rowsRead == 0, !r.rejected, r.issues.allSatisfy({ $0.severity == .info }) {
                        print("\(r.submission.name)：未检查")   // not a submission (the receipt log)
                        for i in r.issues { print("  [\(i.severity.chinese)] \(i.code.rawValue) \(i.message)") }
                        continue
                    }
                    print("\(r.submission.name)：\(r.template?.title ?? "未识别模板")，\(r.unit?.name ?? "未识别单位")，读入 \(r.rowsRead) 行 = 载入 \(r.storedAccepted) + 退回 \(r.storedRejected) + 空行 \(r.rowsBlank)")
                    for i in r.issues {
                        print("  [\(i.severity.chinese)] \(i.code.rawValue) \(i.position.isEmpty ? "" : i.position + " ")\(i.message)")
                    }
                }
            }
            let found = reports.contains { $0.status != .loaded || $0.issues.contains { $0.severity != .info } }
            return found ? .incomplete : .clean
        }
    }
}

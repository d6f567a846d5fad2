import Foundation
import GaizaoModel
import GaizaoStore
import XLSXWriter

/// 回执: one workbook per submitting unit — its files, row counts and every issue, ready to send back.
struct FeedbackWorkbook {
    let data: ReportData
    let unit: Unit

    /// `<unit name>.xlsx`, made safe so it cannot leave the 回执 folder (lint keeps two units from meeting here).
    var fileName: String { FileName.safe(unit.name, extension: "xlsx") }

    func write(to path: String) throws {
        let wb = try Workbook(path: path)
        try wb.setProperties(DocumentProperties(title: "\(unit.name)报送回执", company: data.pipeline.region.name,
                                                created: data.period.stableTimestamp))
        let styles = Styles(workbook: wb)
        let files = data.files.filter { $0.unit == unit.code }
        let issues = data.issues.filter { $0.unit == unit.code }
        let title = "\(unit.name)\(data.period.chinese)报送回执"
        let errors = issues.filter { $0.severity == .error }.count
        let warnings = issues.filter { $0.severity == .warning }.count
        let late = issues.contains { $0.code == .lateSubmission }
        // The headline says everything that needs the clerk: errors, warnings and lateness, never "未发现错误" alone.
        var findings: [String] = []
        if errors > 0 { findings.append("发现 \(errors) 个错误，相关行未计入统计，请更正后重新报送整个文件") }
        if warnings > 0 { findings.append("\(warnings) 个警告，数据已计入，请核实") }
        if late { findings.append("本月报送逾期（截止日为每月\(data.pipeline.deadlineDay)日）") }
        let resend = errors > 0 || files.isEmpty ? "请于\(data.compiledOn)前报送。" : ""
        let contact = data.pipeline.wording.contact.map { "如有疑问请联系\(data.office)（\($0)）。" } ?? "如有疑问请联系\(data.office)。"
        let summary = files.isEmpty
            ? "本月未收到贵单位报送的文件，" + resend + contact
            : "共收到 \(files.count) 个文件；" + (findings.isEmpty ? "数据全部通过核查。" : findings.joined(separator: "；") + "。") + resend + contact
        let fileRows: [[Cell]] = files.map { f in
            [.text(f.name), .text(f.template.flatMap { data.pipeline.template(id: $0)?.title } ?? "未识别"),
             .text(f.superseded_by != nil ? "已被替代" : f.status.chinese),
             .number(Double(f.rows_read), .integer), .number(Double(f.acceptedNet), .integer),
             .number(Double(f.rejectedTotal), .integer), .number(Double(f.rows_blank), .integer), .text(f.contact ?? "")]
        }
        let filesTable = SheetTable(title: title, subtitle: summary,
                                    headers: ["文件", "模板", "状态", "读入行数", "载入行数", "退回行数", "空行数", "填报人"],
                                    rows: fileRows, autofilter: false, footer: data.madeBy)
        try filesTable.write(to: try wb.addSheet("报送文件"), styles: styles, printTitle: title)
        let issueRows: [[Cell]] = issues.map { i in
            [.text(i.severity.chinese), .text(i.code.chinese), .text(i.file), i.line.map { .number(Double($0), .integer) } ?? .empty,
             i.column.map { .text(Issue.columnLetters($0)) } ?? .empty, .text(i.columnName ?? ""), .text(i.raw ?? ""),
             .text(i.message), .text(i.code.rawValue)]
        }
        let issuesTable = SheetTable(title: "需要处理的问题", subtitle: "错误：该行未计入，请更正；警告：已计入，请核实；提示：仅告知",
                                     headers: ["级别", "问题", "文件", "行", "列", "字段", "原值", "说明", "代码"],
                                     rows: issueRows, maxWidth: 60)
        let problems = try wb.addSheet("问题清单")
        let last = try issuesTable.write(to: problems, styles: styles, printTitle: title)
        if !issueRows.isEmpty {
            try problems.conditional(issuesTable.firstDataRow, 0, last, 0, .textEquals(Severity.error.chinese, styles.red))
            try problems.conditional(issuesTable.firstDataRow, 0, last, 0, .textEquals(Severity.warning.chinese, styles.yellow))
        }
        try wb.close()
    }
}

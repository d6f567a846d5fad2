import Foundation
import GaizaoModel
import GaizaoStore
import XLSXWriter

/// `gaizao template`: a blank submission form per template, as `.xlsx` (drop-down lists for enum columns,
/// number checks for numeric ones, a 填表说明 sheet) and as a `.csv` header, so clerks send what ingest reads.
public struct BlankTemplate {
    public var pipeline: Pipeline
    public var template: Template
    /// The unit the form is for; it names the file, as ingest expects.
    public var unit: GaizaoModel.Unit?

    public init(pipeline: Pipeline, template: Template, unit: GaizaoModel.Unit? = nil) {
        self.pipeline = pipeline
        self.template = template
        self.unit = unit
    }

    /// Rows made ready for entry (validations cover them).
    static let entryRows = 2000

    public var baseName: String { FileName.safe([unit?.name, template.title].compactMap { $0 }.joined(separator: "-")) }

    /// Writes `<base>.xlsx` and `<base>.csv` into `directory`; returns their paths.
    public func write(into directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let xlsx = (directory as NSString).appendingPathComponent(baseName + ".xlsx")
        let csv = (directory as NSString).appendingPathComponent(baseName + ".csv")
        try AtomicFile.write(to: xlsx) { try writeWorkbook($0) }
        let header = template.columns.map { IssuesCSV.field($0.header) }.joined(separator: ",")
        try AtomicFile.write(Data(("\u{FEFF}" + header + "\r\n").utf8), to: csv)
        return [xlsx, csv]
    }

    func writeWorkbook(_ path: String) throws {
        let wb = try Workbook(path: path)
        try wb.setProperties(DocumentProperties(title: template.title, company: pipeline.region.name, created: 0))
        let s = Styles(workbook: wb)
        let sheet = try wb.addSheet(template.title)
        let text = wb.format(CellStyle(numberFormat: "@"))
        var options: Worksheet?
        for (c, column) in template.columns.enumerated() {
            try sheet.write(0, c, column.header, s.header)
            try sheet.setColumn(c, width: max(displayWidth(column.header) + 4, column.type == .string ? 24 : 12),
                                column.type == .string || column.type == .uscc ? text : nil)
            let rows = (1, Self.entryRows)
            switch column.type {
            case .enum:
                let values = column.values ?? []
                if values.joined(separator: ",").utf8.count <= 255, !values.contains(where: { $0.contains(",") || $0.contains("\"") }) {
                    try sheet.validate(rows.0, c, rows.1, .list(values), prompt: "请从下拉列表中选择")
                } else {
                    // Too long, or a value with a comma or quote: the list lives on a hidden sheet instead.
                    let list = try options ?? wb.addSheet("下拉选项")
                    if options == nil { list.hide(); options = list }
                    for (r, v) in values.enumerated() { try list.write(r, c, v) }
                    try sheet.validate(rows.0, c, rows.1, .listRange(sheet: list.name, column: c, firstRow: 0,
                                                                     lastRow: max(values.count - 1, 0)),
                                       prompt: "请从下拉列表中选择")
                }
            case .number, .percent:
                try sheet.validate(rows.0, c, rows.1, .decimal(min: column.min ?? -1e15),
                                   prompt: column.unit.map { "单位：\($0)" } ?? "请填数字")
            case .integer:
                try sheet.validate(rows.0, c, rows.1, .integer(min: column.min ?? -1e15), prompt: "请填整数")
            case .date:
                try sheet.validate(rows.0, c, rows.1, .date, prompt: "日期，如 2023-06-01")
            case .string, .uscc, .month:
                break
            }
        }
        sheet.freeze(rows: 1)
        try sheet.setPrint(PrintSetup(landscape: true, fitToWidth: true, repeatRows: 0...0,
                                      header: "&C\(template.title)", footer: "&C第 &P 页，共 &N 页"))
        let help = try wb.addSheet("填表说明")
        var lines: [(String, String)] = [
            ("表名", template.title),
            ("报送单位", unit?.name ?? pipeline.submitters(of: template).map(\.name).joined(separator: "、")),
            ("报送要求", template.mode == .snapshot
                ? "每月报送截至月底的完整清单（不是当月新增），次月\(pipeline.deadlineDay)日前报送"
                : "每月一行，“\(template.monthColumn ?? "统计月份")”填写 YYYY-MM；更正以前月份的数据可在同一文件中另起一行"),
            ("文件命名", "“\(unit?.name ?? "单位名称")-\(template.title)-YYYY年M月.csv”，另存为 CSV（UTF-8 或 GBK 均可）"),
            ("不要改动", "第一行表头的文字和顺序；不要在表头上方加标题，不要在末尾加合计行"),
        ]
        for c in template.columns {
            var rule = c.required ? "必填；" : "选填；"
            switch c.type {
            case .enum: rule += "只能填：\((c.values ?? []).joined(separator: "、"))"
            case .number, .percent, .integer:
                rule += c.type == .integer ? "整数" : "数字"
                if let u = c.unit { rule += "，单位\(u)" }
                if let lo = c.min { rule += "，不小于\(lo.plain)" }
            case .date: rule += "日期，如 2023-06-01"
            case .month: rule += "年月，如 2023-06"
            case .uscc: rule += "18位统一社会信用代码"
            case .string: rule += "文字"
            }
            if template.key.contains(c.name) { rule += "；同一文件内不得重复" }
            lines.append(("列：\(c.header)", rule))
        }
        for (i, (k, v)) in lines.enumerated() {
            try help.write(i, 0, k, s.label)
            try help.write(i, 1, v, s.wrapped)
        }
        try help.setColumn(0, width: min((lines.map { displayWidth($0.0) }.max() ?? 10) + 2, 40))
        try help.setColumn(1, width: 80)
        try help.setPrint(PrintSetup(landscape: true, fitToWidth: true, footer: "&C第 &P 页，共 &N 页"))
        try wb.close()
    }
}

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

    /// The values a column may take, when the pipeline knows them: an enum's list; for the column naming the unit
    /// (所属镇街), the ranked units; for any other text column an indicator counts by value (认定类型), the values
    /// the indicators count — anything else would be accepted and count towards nothing.
    func knownValues(_ column: Column) -> [String]? {
        if column.type == .enum { return column.values ?? [] }
        guard column.type == .string else { return nil }
        // A 上报表 names its region by code (地区代码), a ledger its town by name.
        if column.name == template.unitColumn {
            return template.upward ? pipeline.submitters(of: template).map(\.code) : pipeline.towns.map(\.name)
        }
        var seen: [String] = []
        for ind in pipeline.indicators where ind.measure.template == template.id {
            for f in ind.measure.filter where f.column == column.name {
                for v in f.values where !seen.contains(v) { seen.append(v) }
            }
        }
        return seen.isEmpty ? nil : seen
    }

    /// A value a clerk may copy for the 填表示例 row.
    func example(_ column: Column) -> String {
        if let v = knownValues(column)?.first { return v }
        switch column.type {
        case .number, .percent: return "12.5"
        case .integer: return "3"
        case .date: return "2023-06-01"
        case .month: return "2023-06"
        case .uscc: return "913304836351RLGMYB"
        case .string, .enum: return column.name.hasSuffix("名称") ? "（\(column.name)）" : "（文字）"
        }
    }

    func writeWorkbook(_ path: String) throws {
        let wb = try Workbook(path: path)
        try wb.setProperties(DocumentProperties(title: template.title, company: pipeline.region.name, created: 0))
        let s = Styles(workbook: wb)
        let sheet = try wb.addSheet(template.title)
        let text = wb.format(CellStyle(numberFormat: "@"))
        var options: Worksheet?
        // Required columns' headers are red (填表说明 says so); the header text stays what ingest reads.
        let required = wb.format(CellStyle(bold: true, fontColor: 0xFFFFFF, fill: 0xC00000, border: true, wrap: true,
                                           align: .center, verticalCenter: true))
        var width = 0.0
        for (c, column) in template.columns.enumerated() {
            try sheet.write(0, c, column.header, column.required ? required : s.header)
            width += max(displayWidth(column.header) + 4, column.type == .string ? 24 : 12)
            try sheet.setColumn(c, width: max(displayWidth(column.header) + 4, column.type == .string ? 24 : 12),
                                column.type == .string || column.type == .uscc ? text : nil)
            let rows = (1, Self.entryRows)
            if let values = knownValues(column) {
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
                continue
            }
            switch column.type {
            case .enum:
                break
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
        // A form too wide to fit legibly prints at full size across pages, not as one 5 pt strip.
        try sheet.setPrint(PrintSetup(landscape: true, fitToWidth: width <= DetailSheet.legibleWidth, repeatRows: 0...0,
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
            ("必填列", "表头为红色的列必须填写：" + template.columns.filter(\.required).map(\.header).joined(separator: "、")),
        ]
        if template.key.count > 1 {
            lines.append(("不得重复", template.key.joined(separator: "+") + " 不得重复（同一组合只填一行）"))
        }
        for c in template.columns {
            var rule = c.required ? "必填；" : c.requiredWhen.map { "“\($0.column)”为\($0.values.joined(separator: "或"))时必填；" } ?? "选填；"
            switch c.type {
            case .enum: rule += "只能填：\((c.values ?? []).joined(separator: "、"))"
            case .string where knownValues(c) != nil: rule += "从下拉列表中选择：\((knownValues(c) ?? []).joined(separator: "、"))"
            case .number, .percent, .integer:
                rule += c.type == .integer ? "整数" : "数字"
                if let u = c.unit { rule += "，单位\(u)" }
                if let lo = c.min { rule += "，不小于\(lo.plain)" }
            case .date: rule += "日期，如 2023-06-01"
            case .month: rule += "年月，如 2023-06"
            case .uscc: rule += "18位统一社会信用代码"
            case .string: rule += "文字"
            }
            if template.key == [c.name] { rule += "；同一文件内不得重复" }
            lines.append(("列：\(c.header)", rule))
        }
        for (i, (k, v)) in lines.enumerated() {
            try help.write(i, 0, k, s.label)
            try help.write(i, 1, v, s.wrapped)
            let height = wrappedHeight(v, width: 80)
            if height > 18 { try help.setRow(i, height: height) }
        }
        // 填表示例: the form's header and one filled row, as the first sheet expects them.
        let start = lines.count + 1
        try help.write(start, 0, "填表示例", s.label)
        for (c, column) in template.columns.enumerated() {
            try help.write(start + 1, c, column.header, column.required ? required : s.header)
            try help.write(start + 2, c, example(column), s.text)
        }
        try help.setColumn(0, width: min((lines.map { displayWidth($0.0) }.max() ?? 10) + 2, 40))
        try help.setColumn(1, width: 80)
        try help.setPrint(PrintSetup(landscape: true, fitToWidth: true, footer: "&C第 &P 页，共 &N 页"))
        try wb.close()
    }
}

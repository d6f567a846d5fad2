import Foundation
import GaizaoModel
import GaizaoStore
import XLSXWriter

/// Everything a report needs, read back from the warehouse.
public struct ReportData: Sendable {
    public var pipeline: Pipeline
    public var period: Period
    public var figures: [IndicatorFigure]
    public var files: [StoredFile]
    public var issues: [Issue]
    /// Totals of each stored month of the year so far, January first (月度趋势).
    public var history: [(period: Period, figures: [IndicatorFigure])] = []

    public var totals: [IndicatorFigure] { figures.filter { $0.scope == "total" } }
    func unitName(_ code: String?) -> String { pipeline.unitName(code) }
}

/// The leadership workbook (SPEC §7): what the leading group reads at its monthly meeting.
struct LeadershipWorkbook {
    let data: ReportData
    var detail: DetailRows?
    /// Above this many detail rows the workbook streams rows to disk (libxlsxwriter constant memory) and is
    /// compressed at zlib's fastest level. Held in memory, 100,000 rows took 225 MB and a shared-string tree.
    static let constantMemoryThreshold = 20_000

    static let overviewHeaders = ["指标", "单位", "年度目标", "本月", "本年累计", "完成率", "序时进度", "进度差（百分点）",
                                  "状态", "规划期目标", "规划期累计", "规划期完成率", "牵头单位"]

    func write(to path: String) throws {
        let big = (detail?.count ?? 0) > Self.constantMemoryThreshold
        let wb = try Workbook(path: path, constantMemory: big,
                              tempDirectory: big ? (path as NSString).deletingLastPathComponent : nil)
        wb.fastCompression = big
        try wb.setProperties(DocumentProperties(title: data.pipeline.title, company: data.pipeline.region.name,
                                                created: data.period.stableTimestamp))
        let styles = Styles(workbook: wb)
        try cover(wb.addSheet("说明"), styles)
        try overview(wb.addSheet("总体进展"), styles, wb)
        try race(wb.addSheet("镇街赛马"), styles, wb)
        try departments(wb.addSheet("部门责任"), styles)
        try trend(wb.addSheet("月度趋势"), styles, wb)
        if let detail { try DetailSheet(printTitle: printTitle).write(detail, to: wb, styles: styles) }
        try submissions(wb.addSheet("报送情况"), styles)
        try problems(wb.addSheet("数据问题"), styles)
        try wb.close()
    }

    var printTitle: String { "\(data.pipeline.title)（\(data.period.chinese)）" }

    func cover(_ sheet: Worksheet, _ s: Styles) throws {
        let p = data.pipeline
        let submitters = Set(data.files.filter(\.status.countsAsSubmitted).compactMap(\.unit))
        let books = Books(files: data.files)
        var rows: [(String, String)] = [
            ("报告期", data.period.chinese + (p.outsidePlan(data.period).map { "（\($0)）" } ?? "")),
            ("数据截至", "\(data.period.year)年\(data.period.month)月\(data.period.daysInMonth)日"),
            ("地区", "\(p.region.name)（\(p.region.code)）"),
            ("规划期", "\(p.plan.start.chinese)至\(p.plan.end.chinese)"),
            ("序时进度", String(format: "%.1f%%（%d/12）", Progress.timeProgress(data.period) * 100, data.period.month)),
            ("收到文件", "\(data.files.count) 个，来自 \(submitters.count) 个单位"),
            ("数据行", books.chinese),
            ("数据问题", "\(data.issues.filter { $0.severity == .error }.count) 个错误，\(data.issues.filter { $0.severity == .warning }.count) 个警告（见“数据问题”表）"),
            ("状态说明", "绿：进度差≥\(p.thresholds.green.plain)个百分点；黄：\(p.thresholds.yellow.plain)至\(p.thresholds.green.plain)；红：低于\(p.thresholds.yellow.plain)"),
        ]
        for ind in p.indicators {
            rows.append(("口径：\(ind.name)", ind.note ?? Self.describe(ind, p)))
        }
        try sheet.merge(0, 0, 0, 1, p.title, s.title)
        try sheet.setRow(0, height: 30)
        try sheet.merge(1, 0, 1, 1, "\(data.period.chinese)工作进展 · 由 gaizao 根据各单位报送数据自动生成", s.subtitle)
        for (i, (k, v)) in rows.enumerated() {
            try sheet.write(i + 3, 0, k, s.label)
            try sheet.write(i + 3, 1, v, s.wrapped)
        }
        let keyWidth = rows.map { displayWidth($0.0) }.max() ?? 10
        try sheet.setColumn(0, width: min(keyWidth + 2, 40))
        try sheet.setColumn(1, width: 90)
        try sheet.setPrint(PrintSetup(landscape: true, fitToWidth: true, header: "&C\(printTitle)",
                                      footer: "&C第 &P 页，共 &N 页"))
    }

    /// Plain-words description of how an indicator is counted, when the pipeline gives none.
    static func describe(_ ind: Indicator, _ p: Pipeline) -> String {
        let m = ind.measure
        let t = p.template(id: m.template)?.title ?? m.template
        let filter = m.filter.isEmpty ? "" : m.filter.map { "\($0.column)为\($0.values.joined(separator: "或"))" }.joined(separator: "、") + "的"
        var s: String
        switch m.kind {
        case .count: s = "统计“\(t)”中\(filter)记录数"
        case .sum: s = "汇总“\(t)”中\(filter)“\(m.column ?? "")”之和"
        case .ratio: s = "指标 \(m.operands.first ?? "") 与 \(m.operands.last ?? "") 之比（先分别求和再相除）"
        case .level: s = "“\(t)”中“\(m.column ?? "")”的当月数值"
        case .growth:
            let againstBase: Bool
            if case .growth(_, .baseYear) = m.shape { againstBase = true } else { againstBase = false }
            s = "“\(t)”中“\(m.column ?? "")”的\(againstBase ? "较基年同月" : "同比")增长率"
        case .decline:
            let per: String
            if case .decline(_, let d) = m.shape { per = d } else { per = "" }
            s = "“\(m.column ?? "")”与“\(per)”之比较基年（\(p.plan.baseYear)年）同月的下降率"
        }
        if let d = m.date { s += "，按“\(d)”计入月份" }
        if let b = ind.baseline { s += "；越低越好，自基数 \(b.formatted()) 起算" }
        switch ind.accumulate {
        case .plan where ind.isAccrued: s += "；目标为规划期累计里程碑，年度目标为当年与上年里程碑之差"
        case .year: s += "；目标按年度设定"
        case .base: s += "；目标自基年（\(p.plan.baseYear)年）起算，中间年份线性插值"
        case .plan: s += "；目标为规划期里程碑"
        }
        return s + "。"
    }

    func overviewRows() -> [[Cell]] {
        data.totals.map { f in
            let style = NumberStyle.forUnit(f.unit)
            // Figures in % are stored as percentage numbers (30 = 30%); the percent format wants fractions.
            let k = f.unit == "%" ? 0.01 : 1
            return [
                .text(f.name), .text(f.unit),
                .optional(f.yearTarget.map { $0 * k }, NumberStyle.forTarget(f.yearTarget, unit: f.unit)),
                .optional(f.monthValue.map { $0 * k }, style),
                .optional(f.ytd, style), .optional(f.completion, .percent), .number(f.timeProgress, .percent),
                .optional(f.gapPP, .pp), f.status.map { .text($0.chinese) } ?? .empty,
                .optional(f.planTarget.map { $0 * k }, NumberStyle.forTarget(f.planTarget, unit: f.unit)), .optional(f.planToDate, style), .optional(f.planCompletion, .percent),
                .text(f.lead ?? ""),
            ]
        }
    }

    func overview(_ sheet: Worksheet, _ s: Styles, _ wb: Workbook) throws {
        let rows = overviewRows()
        let table = SheetTable(title: "总体进展", subtitle: "\(data.pipeline.title) · \(data.period.chinese) · 序时进度 \(String(format: "%.1f%%", Progress.timeProgress(data.period) * 100))",
                               headers: Self.overviewHeaders, rows: rows)
        let last = try table.write(to: sheet, styles: s, printTitle: printTitle)
        try statusFormats(sheet, s, rows: table.firstDataRow...last, column: 8)
        try sheet.conditional(table.firstDataRow, 5, last, 5, .dataBar(color: 0x5B9BD5))
        guard !rows.isEmpty else { return }
        let chart = wb.addChart(.bar)
        chart.setTitle("年度目标完成率与序时进度")
        let cats = Chart.Range(sheet: sheet.name, firstRow: table.firstDataRow, firstCol: 0, lastRow: last, lastCol: 0)
        chart.addSeries(name: "完成率", categories: cats,
                        values: .init(sheet: sheet.name, firstRow: table.firstDataRow, firstCol: 5, lastRow: last, lastCol: 5),
                        color: 0x2E75B6, labels: true)
        chart.addSeries(name: "序时进度", categories: cats,
                        values: .init(sheet: sheet.name, firstRow: table.firstDataRow, firstCol: 6, lastRow: last, lastCol: 6),
                        color: 0xBFBFBF)
        chart.setValueAxis(numberFormat: "0%")
        chart.reverseCategories()
        chart.setLegendBottom()
        try sheet.insert(chart, row: last + 2, col: 0, xScale: 1.6, yScale: 1.0 + Double(rows.count) / 12)
    }

    func statusFormats(_ sheet: Worksheet, _ s: Styles, rows: ClosedRange<Int>, column: Int) throws {
        try sheet.conditional(rows.lowerBound, column, rows.upperBound, column, .textEquals(Status.red.chinese, s.red))
        try sheet.conditional(rows.lowerBound, column, rows.upperBound, column, .textEquals(Status.yellow.chinese, s.yellow))
        try sheet.conditional(rows.lowerBound, column, rows.upperBound, column, .textEquals(Status.green.chinese, s.green))
    }

    /// Towns × race indicators: completion and rank per indicator, then the weighted composite and overall rank.
    func race(_ sheet: Worksheet, _ s: Styles, _ wb: Workbook) throws {
        let decomposed = data.pipeline.indicators.filter { $0.decompose == "town" && !$0.hidden }
        var headers = ["镇（街道）"]
        for ind in decomposed { headers += ["\(ind.name)完成率", "排名"] }
        headers += ["综合得分", "综合排名"]
        let standings = RaceStanding.standings(data.figures, pipeline: data.pipeline)
        let rows: [[Cell]] = standings.map { st in
            var row: [Cell] = [.text(st.name)]
            for ind in decomposed {
                let f = data.figures.first { $0.code == ind.code && $0.scope == st.unit }
                row += [.optional(f?.completion, .percent), f?.rank.map { .number(Double($0), .integer) } ?? .empty]
            }
            row += [.optional(st.score, .percent), st.rank.map { .number(Double($0), .integer) } ?? .empty]
            return row
        }
        let weights = data.pipeline.indicators.filter { $0.raceWeight != nil && !$0.hidden }
            .map { "\($0.name)×\(($0.raceWeight ?? 0).formatted())" }.joined(separator: "、")
        let table = SheetTable(title: "镇街赛马",
                               subtitle: "按年度目标完成率排名，并列者名次相同；综合得分为各项完成率（封顶120%）的加权平均（\(weights)） · \(data.period.chinese)",
                               headers: headers, rows: rows, maxWidth: 24)
        let last = try table.write(to: sheet, styles: s, printTitle: printTitle)
        guard !rows.isEmpty else { return }
        for i in decomposed.indices {
            try sheet.conditional(table.firstDataRow, 1 + 2 * i, last, 1 + 2 * i, .dataBar(color: 0x70AD47))
        }
        // Top three and bottom three on the composite score (晾晒).
        let scoreCol = 1 + 2 * decomposed.count
        try sheet.conditional(table.firstDataRow, scoreCol, last, scoreCol, .top(3, s.green))
        try sheet.conditional(table.firstDataRow, scoreCol, last, scoreCol, .bottom(3, s.red))
        let chart = wb.addChart(.bar)
        chart.setTitle("镇街综合得分")
        chart.addSeries(name: "综合得分",
                        categories: .init(sheet: sheet.name, firstRow: table.firstDataRow, firstCol: 0, lastRow: last, lastCol: 0),
                        values: .init(sheet: sheet.name, firstRow: table.firstDataRow, firstCol: scoreCol, lastRow: last, lastCol: scoreCol),
                        color: 0x70AD47, labels: true)
        chart.setValueAxis(numberFormat: "0%")
        chart.reverseCategories()
        try sheet.insert(chart, row: last + 2, col: 0, xScale: 1.5, yScale: 1.0 + Double(rows.count) / 16)
    }

    /// Month by month this year: year-to-date and completion of the main indicators, and a line chart of
    /// completion against time progress.
    func trend(_ sheet: Worksheet, _ s: Styles, _ wb: Workbook) throws {
        let accrued = data.pipeline.indicators.filter { $0.isAccrued && !$0.hidden && !$0.lowerIsBetter }
        let main = accrued.filter { $0.decompose != nil }.isEmpty ? Array(accrued.prefix(4)) : accrued.filter { $0.decompose != nil }
        var headers = ["月份", "序时进度"]
        for ind in main { headers += ["\(ind.name)本年累计（\(ind.unit)）", "\(ind.name)完成率"] }
        let rows: [[Cell]] = data.history.map { month in
            var row: [Cell] = [.text(month.period.chinese), .number(Progress.timeProgress(month.period), .percent)]
            for ind in main {
                let f = month.figures.first { $0.code == ind.code && $0.scope == "total" }
                row += [.optional(f?.ytd, NumberStyle.forUnit(ind.unit)), .optional(f?.completion, .percent)]
            }
            return row
        }
        let table = SheetTable(title: "月度趋势", subtitle: "\(data.period.year)年各月本年累计与年度目标完成率（按各月计算结果）",
                               headers: headers, rows: rows, maxWidth: 22)
        let last = try table.write(to: sheet, styles: s, printTitle: printTitle)
        guard !rows.isEmpty else { return }
        let chart = wb.addChart(.line)
        chart.setTitle("年度目标完成率（按月）")
        let cats = Chart.Range(sheet: sheet.name, firstRow: table.firstDataRow, firstCol: 0, lastRow: last, lastCol: 0)
        let colors: [UInt32] = [0x2E75B6, 0xC55A11, 0x70AD47, 0x7030A0, 0xBF9000, 0x00B0F0]
        for (i, ind) in main.enumerated() {
            let col = 3 + 2 * i
            chart.addSeries(name: ind.name, categories: cats,
                            values: .init(sheet: sheet.name, firstRow: table.firstDataRow, firstCol: col, lastRow: last, lastCol: col),
                            color: colors[i % colors.count])
        }
        chart.addSeries(name: "序时进度", categories: cats,
                        values: .init(sheet: sheet.name, firstRow: table.firstDataRow, firstCol: 1, lastRow: last, lastCol: 1),
                        color: 0x7F7F7F)
        chart.setValueAxis(numberFormat: "0%")
        chart.setLegendBottom()
        try sheet.insert(chart, row: last + 2, col: 0, xScale: 1.6, yScale: 1.2)
    }

    /// Each lead unit's indicators, so every department sees its own line of the leadership's table.
    func departments(_ sheet: Worksheet, _ s: Styles) throws {
        let order = data.pipeline.units.map(\.name)
        let byLead = Dictionary(grouping: data.totals) { $0.lead ?? "（未指定）" }
        let leads = byLead.keys.sorted { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }
        var rows: [[Cell]] = []
        for lead in leads {
            for f in byLead[lead] ?? [] {
                rows.append([.text(lead), .text(f.name), .optional(f.completion, .percent), .optional(f.gapPP, .pp),
                             f.status.map { .text($0.chinese) } ?? .empty])
            }
        }
        let table = SheetTable(title: "部门责任", subtitle: "按牵头单位列出所负责指标的完成情况 · \(data.period.chinese)",
                               headers: ["牵头单位", "指标", "完成率", "进度差（百分点）", "状态"], rows: rows)
        let last = try table.write(to: sheet, styles: s, printTitle: printTitle)
        if !rows.isEmpty { try statusFormats(sheet, s, rows: table.firstDataRow...last, column: 4) }
    }

    func submissions(_ sheet: Worksheet, _ s: Styles) throws {
        let headers = ["单位", "文件", "模板", "编码", "状态", "读入行数", "载入行数", "退回行数", "空行数", "接收时间", "填报人"]
        let rows: [[Cell]] = data.files.map { f in
            var status = f.status.chinese
            if f.superseded_by != nil { status = "已被替代" }
            return [
                .text(data.unitName(f.unit)), .text(f.name),
                .text(f.template.flatMap { data.pipeline.template(id: $0)?.title } ?? ""), .text(f.encoding ?? ""),
                .text(status), .number(Double(f.rows_read), .integer), .number(Double(f.acceptedNet), .integer),
                .number(Double(f.rejectedTotal), .integer), .number(Double(f.rows_blank), .integer),
                .text(data.pipeline.clock.minute(f.received_at)), .text(f.contact ?? ""),
            ]
        }
        let table = SheetTable(title: "报送情况", subtitle: "读入行数 = 载入行数 + 退回行数 + 空行数", headers: headers, rows: rows)
        try table.write(to: sheet, styles: s, printTitle: printTitle)
    }

    func problems(_ sheet: Worksheet, _ s: Styles) throws {
        let headers = ["级别", "代码", "单位", "文件", "行", "列", "字段", "原值", "说明"]
        let rows: [[Cell]] = data.issues.map { i in
            [
                .text(i.severity.chinese), .text(i.code.rawValue), .text(data.unitName(i.unit)), .text(i.file),
                i.line.map { .number(Double($0), .integer) } ?? .empty,
                i.column.map { .text(Issue.columnLetters($0)) } ?? .empty,
                .text(i.columnName ?? ""), .text(i.raw ?? ""), .text(i.message),
            ]
        }
        let table = SheetTable(title: "数据问题", subtitle: "错误：该行（或整个文件）未载入；警告：已载入但请核实；提示：仅作记录",
                               headers: headers, rows: rows, maxWidth: 60)
        let last = try table.write(to: sheet, styles: s, printTitle: printTitle)
        if !rows.isEmpty {
            try sheet.conditional(table.firstDataRow, 0, last, 0, .textEquals(Severity.error.chinese, s.red))
            try sheet.conditional(table.firstDataRow, 0, last, 0, .textEquals(Severity.warning.chinese, s.yellow))
        }
    }
}

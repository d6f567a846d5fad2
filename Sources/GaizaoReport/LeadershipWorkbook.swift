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
    /// Every figure of the month before (each unit's too), for the ranking's change since then.
    public var lastMonth: [IndicatorFigure] = []

    public var totals: [IndicatorFigure] { figures.filter { $0.scope == "total" } }
    /// 制表日期: the reporting deadline of the month after (the day the office compiles the month), so the same
    /// inputs always give the same documents.
    public var compiledOn: String {
        let next = period.next
        return "\(next.year)年\(next.month)月\(pipeline.deadlineDay)日"
    }
    /// The office that compiles and signs the reports.
    public var office: String { pipeline.wording.office ?? pipeline.region.name }
    /// 制表单位 and 制表日期, under the tables a leader signs and on a 回执.
    var madeBy: String { "制表单位：\(office)    制表日期：\(compiledOn)" }
    /// The figure's indicator is judged against 序时进度 (`Indicator.againstTime`).
    func againstTime(_ f: IndicatorFigure) -> Bool { pipeline.indicator(code: f.code)?.againstTime ?? true }
    func unitName(_ code: String?) -> String { pipeline.unitName(code) }
}

/// The leadership workbook (SPEC §7): what the leading group reads at its monthly meeting.
struct LeadershipWorkbook {
    let data: ReportData
    var detail: DetailRows?
    /// Above this many detail rows the workbook streams rows to disk (libxlsxwriter constant memory) and is
    /// compressed at zlib's fastest level. Held in memory, 100,000 rows took 225 MB and a shared-string tree.
    static let constantMemoryThreshold = 20_000

    static let overviewHeaders = ["序号", "指标", "单位", "年度目标", "本月", "本年累计", "完成率", "序时进度", "进度差（百分点）",
                                  "状态", "规划期目标", "规划期累计", "规划期完成率", "至本年末里程碑", "里程碑完成率", "环比", "同比",
                                  "牵头单位", "备注"]
    /// Columns of 总体进展 the formats and the chart refer to.
    enum OverviewColumn {
        static let name = 1, completion = 6, timeProgress = 7, status = 9
    }
    /// Past this completion a bar or percentage says nothing more (400% next to 90% only flattens the others): the
    /// table says 已超额完成 with target and actual, and the chart's axis stops here.
    static let completionCap = 1.5

    func write(to path: String) throws {
        let big = (detail?.count ?? 0) > Self.constantMemoryThreshold
        let wb = try Workbook(path: path, constantMemory: big,
                              tempDirectory: big ? (path as NSString).deletingLastPathComponent : nil)
        wb.fastCompression = big
        try wb.setProperties(DocumentProperties(title: data.pipeline.title, company: data.pipeline.region.name,
                                                created: data.period.stableTimestamp))
        let styles = Styles(workbook: wb)
        try frontPage(wb.addSheet("首页"), styles)
        try cover(wb.addSheet("说明"), styles)
        try overview(wb.addSheet("总体进展"), styles, wb)
        try race(wb.addSheet(data.pipeline.wording.race), styles, wb)
        if data.pipeline.templates.contains(where: \.upward) { try byUnit(wb.addSheet(byUnitTitle), styles) }
        try departments(wb.addSheet("部门责任"), styles)
        try trend(wb.addSheet("月度趋势"), styles, wb)
        try monthly(wb.addSheet("逐月数据"), styles)
        if let detail { try DetailSheet(baseName: detail.template.title, printTitle: printTitle).write(detail, to: wb, styles: styles) }
        try submissions(wb.addSheet("报送情况"), styles)
        try problems(wb.addSheet("数据问题"), styles)
        try wb.close()
    }

    var printTitle: String { "\(data.pipeline.title)（\(data.period.chinese)）" }

    /// 首页: the month on one A4 page — status counts, the five indicators furthest behind, the top and bottom three
    /// units, who is missing or late, and who compiled it.
    func frontPage(_ sheet: Worksheet, _ s: Styles) throws {
        let p = data.pipeline, totals = data.totals
        var r = 0
        try sheet.merge(r, 0, r, 3, p.title, s.titleWrapped)
        // 16 pt characters are 1.45 times as wide and tall as the 11 pt ones `wrappedHeight` counts.
        try sheet.setRow(r, height: wrappedHeight(p.title, width: 86 / 1.45) * 1.45 + 4)
        r += 1
        try sheet.merge(r, 0, r, 3, "\(data.period.chinese) · 数据截至\(data.period.year)年\(data.period.month)月\(data.period.daysInMonth)日", s.subtitle)
        r += 2
        func section(_ title: String) throws {
            try sheet.merge(r, 0, r, 3, title, s.label)
            r += 1
        }
        try section("一、指标状态（共\(totals.count)项）")
        for (status, format) in [(Status.green, s.green), (.yellow, s.yellow), (.red, s.red)] {
            let n = totals.filter { $0.status == status }.count
            try sheet.write(r, 0, status.chinese, format)
            try sheet.write(r, 1, Double(n), s.number(.integer))
            try sheet.merge(r, 2, r, 3, status == .green ? "达到或超过进度要求" : status == .yellow ? "略有滞后，需关注" : "明显滞后，需加快推进", s.text)
            r += 1
        }
        let noStatus = totals.filter { $0.status == nil }.count
        if noStatus > 0 {
            try sheet.write(r, 0, "无目标", s.text)
            try sheet.write(r, 1, Double(noStatus), s.number(.integer))
            try sheet.merge(r, 2, r, 3, "未设目标或本月无数据，只列数值", s.text)
            r += 1
        }
        r += 1
        let behind = totals.filter { $0.gapPP != nil && $0.status != .green }.sorted { ($0.gapPP ?? 0) < ($1.gapPP ?? 0) }.prefix(5)
        try section("二、进度最慢的指标")
        for (c, h) in ["指标", "完成率", "差距", "牵头单位"].enumerated() { try sheet.write(r, c, h, s.header) }
        r += 1
        if behind.isEmpty {
            try sheet.merge(r, 0, r, 3, "各项指标均达到进度要求。", s.text)
            r += 1
        }
        for f in behind {
            try sheet.write(r, 0, f.name, s.wrapped)
            if let c = f.completion { try sheet.write(r, 1, c, s.number(.percent)) } else { try sheet.blank(r, 1, s.text) }
            try sheet.write(r, 2, gapWords(f), s.wrapped)
            try sheet.write(r, 3, f.lead ?? "", s.wrapped)
            let height = max(wrappedHeight(f.name, width: 34), wrappedHeight(gapWords(f), width: 28))
            if height > 18 { try sheet.setRow(r, height: height) }
            r += 1
        }
        r += 1
        let standings = RaceStanding.standings(data.figures, pipeline: p).filter { $0.score != nil }
            .sorted { ($0.rank ?? .max, $0.unit) < ($1.rank ?? .max, $1.unit) }
        if !standings.isEmpty {
            try section("三、\(p.wording.race)（综合得分，满分120分）")
            for (c, h) in ["", "名次", p.wording.ranked, "综合得分（分）"].enumerated() { try sheet.write(r, c, h, s.header) }
            r += 1
            let top = Array(standings.prefix(3)), bottom = Array(standings.suffix(min(3, max(standings.count - 3, 0))))
            for (label, group, format) in [("前三位", top, s.green), ("后三位", bottom, s.red)] where !group.isEmpty {
                for (i, st) in group.enumerated() {
                    try sheet.write(r, 0, i == 0 ? label : "", format)
                    try sheet.write(r, 1, Double(st.rank ?? 0), s.number(.integer))
                    try sheet.write(r, 2, st.name, s.text)
                    try sheet.write(r, 3, (st.score ?? 0) * 100, s.number(.decimal1))
                    r += 1
                }
            }
            r += 1
        }
        try section("\(standings.isEmpty ? "三" : "四")、报送情况")
        let missing = Set(data.issues.filter { $0.code == .missingSubmission }.compactMap(\.unit)).sorted().map(p.unitName)
        let late = Set(data.issues.filter { $0.code == .lateSubmission }.compactMap(\.unit)).sorted().map(p.unitName)
        let books = Books(files: data.files)
        for (k, v) in [("未报送", missing.isEmpty ? "无" : missing.joined(separator: "、") + "（按上次报送数据结转）"),
                       ("逾期报送", late.isEmpty ? "无" : late.joined(separator: "、")),
                       ("数据行", books.chinese)] {
            try sheet.write(r, 0, k, s.label)
            try sheet.merge(r, 1, r, 3, v, s.wrapped)
            let height = wrappedHeight(v, width: 64)
            if height > 18 { try sheet.setRow(r, height: height) }
            r += 1
        }
        r += 1
        try sheet.merge(r, 0, r, 3, madeBy, s.subtitle)
        for (c, w) in [34.0, 10, 28, 18].enumerated() { try sheet.setColumn(c, width: w) }
        try sheet.setPrint(PrintSetup(landscape: false, header: "&C\(printTitle.replacingOccurrences(of: "&", with: "&&"))", onePage: true))
    }

    /// How far an indicator is from where it should be, in the notice's words.
    func gapWords(_ f: IndicatorFigure) -> String { Notice(data: data).gapWords(f) }

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
            let height = wrappedHeight(v, width: 90)
            if height > 18 { try sheet.setRow(i + 3, height: height) }
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

    /// A figure's completion in words when past the cap: 已超额完成（目标1家，完成4家）.
    static func overAchieved(_ f: IndicatorFigure) -> String? {
        guard let c = f.completion, c > completionCap, let target = f.yearTarget, let actual = f.ytd ?? f.monthValue else { return nil }
        return "已超额完成（目标\(Notice.amount(target, f.unit))，完成\(Notice.amount(actual, f.unit))）"
    }


    /// Where the plan wants the figure by the end of this year (only for what accrues over the plan).
    func milestone(_ f: IndicatorFigure) -> Double? {
        guard let ind = data.pipeline.indicator(code: f.code), ind.againstTime, f.planToDate != nil else { return nil }
        return Progress.milestone(ind.targets, accumulate: ind.accumulate, year: data.period.year, plan: data.pipeline.plan)
    }

    func overviewRows() -> [[Cell]] {
        data.totals.enumerated().map { i, f in
            let style = NumberStyle.forUnit(f.unit)
            // Figures in % are stored as percentage numbers (30 = 30%); the percent format wants fractions.
            let k = f.unit == "%" ? 0.01 : 1
            var remarks: [String] = []
            if let over = Self.overAchieved(f) { remarks.append(over) }
            if f.carriedForward { remarks.append("本月未报，沿用上期数据") }
            return [
                .number(Double(i + 1), .integer), .text(f.name), .text(f.unit),
                .optional(f.yearTarget.map { $0 * k }, NumberStyle.forTarget(f.yearTarget, unit: f.unit)),
                .optional(f.monthValue.map { $0 * k }, style),
                .optional(f.ytd, style), .optional(f.completion, .percent),
                // 序时进度 only beside what is judged against it.
                data.againstTime(f) ? .number(f.timeProgress, .percent) : .empty,
                .optional(f.gapPP, .pp), f.status.map { .text($0.chinese) } ?? .empty,
                .optional(f.planTarget.map { $0 * k }, NumberStyle.forTarget(f.planTarget, unit: f.unit)), .optional(f.planToDate, style), .optional(f.planCompletion, .percent),
                .optional(milestone(f), NumberStyle.forTarget(milestone(f), unit: f.unit)),
                .optional(milestone(f).flatMap { m in f.planToDate.map { m > 0 ? $0 / m : 0 } }, .percent),
                .optional(f.monthOnMonth, .percent), .optional(f.yearOnYear, .percent),
                .text(f.lead ?? ""), .text(remarks.joined(separator: "；")),
            ]
        }
    }

    func overview(_ sheet: Worksheet, _ s: Styles, _ wb: Workbook) throws {
        let rows = overviewRows()
        let table = SheetTable(title: "总体进展", subtitle: "\(data.pipeline.title) · \(data.period.chinese) · 序时进度 \(String(format: "%.1f%%", Progress.timeProgress(data.period) * 100))（只用于按累计计算的指标；比率、水平类指标以目标为准）",
                               headers: Self.overviewHeaders, rows: rows, maxWidth: 30, footer: madeBy, chartBelow: true)
        let last = try table.write(to: sheet, styles: s, printTitle: printTitle)
        try statusFormats(sheet, s, rows: table.firstDataRow...last, column: OverviewColumn.status)
        try sheet.conditional(table.firstDataRow, OverviewColumn.completion, last, OverviewColumn.completion, .dataBar(color: 0x5B9BD5))
        guard !rows.isEmpty else { return }
        let chart = wb.addChart(.bar)
        chart.setTitle("年度目标完成率与序时进度")
        let cats = Chart.Range(sheet: sheet.name, firstRow: table.firstDataRow, firstCol: OverviewColumn.name, lastRow: last, lastCol: OverviewColumn.name)
        chart.addSeries(name: "完成率", categories: cats,
                        values: .init(sheet: sheet.name, firstRow: table.firstDataRow, firstCol: OverviewColumn.completion,
                                      lastRow: last, lastCol: OverviewColumn.completion),
                        color: 0x2E75B6, labels: true)
        chart.addSeries(name: "序时进度", categories: cats,
                        values: .init(sheet: sheet.name, firstRow: table.firstDataRow, firstCol: OverviewColumn.timeProgress,
                                      lastRow: last, lastCol: OverviewColumn.timeProgress),
                        color: 0xBFBFBF)
        let completions = data.totals.compactMap(\.completion)
        chart.setValueAxis(numberFormat: "0%", min: completions.allSatisfy { $0 >= 0 } ? 0 : nil,
                           max: (completions.max() ?? 1) > Self.completionCap ? Self.completionCap : nil)
        chart.reverseCategories()
        chart.setLegendBottom()
        // On a page of its own below the table, so it never splits across two.
        try sheet.insert(chart, row: last + 3, col: 1, xScale: 1.6, yScale: 1.0 + Double(rows.count) / 12)
        try sheet.pageBreak(before: last + 2)
    }

    var madeBy: String { data.madeBy }

    func statusFormats(_ sheet: Worksheet, _ s: Styles, rows: ClosedRange<Int>, column: Int) throws {
        try sheet.conditional(rows.lowerBound, column, rows.upperBound, column, .textEquals(Status.red.chinese, s.red))
        try sheet.conditional(rows.lowerBound, column, rows.upperBound, column, .textEquals(Status.yellow.chinese, s.yellow))
        try sheet.conditional(rows.lowerBound, column, rows.upperBound, column, .textEquals(Status.green.chinese, s.green))
    }

    /// Ranked units × race indicators: completion and rank per indicator, then the weighted composite (in 分) and
    /// the overall rank, best first; a unit ranked on figures carried forward from an earlier month says so.
    func race(_ sheet: Worksheet, _ s: Styles, _ wb: Workbook) throws {
        let wording = data.pipeline.wording
        let decomposed = data.pipeline.indicators.filter { $0.decompose == data.pipeline.rankedKind && !$0.hidden }
        var headers = ["序号", wording.ranked]
        for ind in decomposed { headers += ["\(ind.name)完成率", "排名"] }
        headers += ["综合得分（分）", "综合排名", "较上月", "备注"]
        let standings = RaceStanding.standings(data.figures, pipeline: data.pipeline)
            .enumerated().sorted { ($0.element.rank ?? .max, $0.offset) < ($1.element.rank ?? .max, $1.offset) }.map(\.element)
        let before = Dictionary(RaceStanding.standings(data.lastMonth, pipeline: data.pipeline).compactMap { st in st.rank.map { (st.unit, $0) } },
                                uniquingKeysWith: { a, _ in a })
        /// ↑2: two places up since last month; — unchanged; blank when either month has no rank.
        func change(_ st: RaceStanding) -> Cell {
            guard let now = st.rank, let then = before[st.unit] else { return .empty }
            return .text(now == then ? "—" : now < then ? "↑\(then - now)" : "↓\(now - then)")
        }
        let rows: [[Cell]] = standings.enumerated().map { i, st in
            var row: [Cell] = [.number(Double(i + 1), .integer), .text(st.name)]
            var carried: [String] = []
            for ind in decomposed {
                let f = data.figures.first { $0.code == ind.code && $0.scope == st.unit }
                if f?.carriedForward == true { carried.append(ind.name) }
                row += [.optional(f?.completion, .percent), f?.rank.map { .number(Double($0), .integer) } ?? .empty]
            }
            let missing = data.issues.contains { $0.code == .missingSubmission && $0.unit == st.unit }
            let remark = missing ? "本月未报送，按上期数据排名" : carried.isEmpty ? "" : "沿用上期数据：" + carried.joined(separator: "、")
            row += [.optional(st.score.map { $0 * 100 }, .decimal1), st.rank.map { .number(Double($0), .integer) } ?? .empty,
                    change(st), .text(remark)]
            return row
        }
        let weights = data.pipeline.indicators.filter { $0.raceWeight != nil && !$0.hidden }
            .map { "\($0.name)×\(($0.raceWeight ?? 0).formatted())" }.joined(separator: "、")
        let table = SheetTable(title: wording.race,
                               subtitle: "按年度目标完成率排名，并列者名次相同；综合得分为各项完成率（封顶120%）的加权平均，满分120分（\(weights)） · \(data.period.chinese)",
                               headers: headers, rows: rows, maxWidth: 24, footer: madeBy, chartBelow: true)
        let last = try table.write(to: sheet, styles: s, printTitle: printTitle)
        guard !rows.isEmpty else { return }
        for i in decomposed.indices {
            try sheet.conditional(table.firstDataRow, 2 + 2 * i, last, 2 + 2 * i, .dataBar(color: 0x70AD47))
        }
        // Top three and bottom three on the composite score (晾晒).
        let scoreCol = 2 + 2 * decomposed.count
        try sheet.conditional(table.firstDataRow, scoreCol, last, scoreCol, .top(3, s.green))
        try sheet.conditional(table.firstDataRow, scoreCol, last, scoreCol, .bottom(3, s.red))
        let chart = wb.addChart(.bar)
        chart.setTitle("\(wording.race.replacingOccurrences(of: "赛马", with: ""))综合得分")
        chart.addSeries(name: "综合得分",
                        categories: .init(sheet: sheet.name, firstRow: table.firstDataRow, firstCol: 1, lastRow: last, lastCol: 1),
                        values: .init(sheet: sheet.name, firstRow: table.firstDataRow, firstCol: scoreCol, lastRow: last, lastCol: scoreCol),
                        color: 0x70AD47, labels: true)
        chart.setValueAxis(numberFormat: "0")
        chart.reverseCategories()
        try sheet.insert(chart, row: last + 3, col: 1, xScale: 1.5, yScale: 1.0 + Double(rows.count) / 16)
        try sheet.pageBreak(before: last + 2)
    }

    /// Month by month this year: year-to-date and completion of the main indicators, and a line chart of
    /// completion against time progress.
    func trend(_ sheet: Worksheet, _ s: Styles, _ wb: Workbook) throws {
        let accrued = data.pipeline.indicators.filter { $0.againstTime && !$0.hidden }
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
                               headers: headers, rows: rows, maxWidth: 22, chartBelow: true)
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

    static let sideBySideHead = ["序号", "指标", "单位", "口径"]

    /// One row per reported indicator — 序号, 指标, 单位, 口径 — then its figure in each column as a leader reads it:
    /// 本年累计 for what accrues, the value for rates and levels (逐月数据 by month, 分…数据 by unit).
    func sideBySide<C: Collection>(_ columns: C, _ figure: (C.Element, String) -> IndicatorFigure?) -> [[Cell]] {
        var rows: [[Cell]] = []
        for ind in data.pipeline.indicators where !ind.hidden {
            let accrues = ind.againstTime
            let k = ind.unit == "%" ? 0.01 : 1
            let style = NumberStyle.forUnit(ind.unit)
            let head: [Cell] = [.number(Double(rows.count + 1), .integer), .text(ind.name), .text(ind.unit), .text(accrues ? "本年累计" : "当月")]
            rows.append(head + columns.map { c -> Cell in
                let f = figure(c, ind.code)
                return .optional(accrues ? f?.ytd : f?.monthValue.map { $0 * k }, style)
            })
        }
        return rows
    }

    /// Every indicator month by month this year: 本年累计 for what accrues, the month's value for rates and
    /// levels, so a figure's course is on paper for all of them, not just the charted few.
    func monthly(_ sheet: Worksheet, _ s: Styles) throws {
        let headers = Self.sideBySideHead + data.history.map { "\($0.period.month)月" }
        let rows = sideBySide(data.history) { month, code in month.figures.first { $0.code == code && $0.scope == "total" } }
        let table = SheetTable(title: "逐月数据", subtitle: "\(data.period.year)年各月计算结果：累计指标为本年累计，比率、水平指标为当月数值",
                               headers: headers, rows: rows, maxWidth: 30, footer: madeBy)
        try table.write(to: sheet, styles: s, printTitle: printTitle)
    }

    var byUnitTitle: String { "分\(data.pipeline.wording.ranked)数据" }

    /// A rollup's figures as each lower jurisdiction reported them, side by side with the total: 本年累计 for what
    /// accrues, the value for rates and levels — every indicator, not only the race's, on paper.
    func byUnit(_ sheet: Worksheet, _ s: Styles) throws {
        let p = data.pipeline
        let units = p.units.filter { u in data.figures.contains { $0.scope == u.code } }
        let headers = Self.sideBySideHead + units.map(\.name) + ["\(p.region.name)合计"]
        let rows = sideBySide(units.map(\.code) + ["total"]) { scope, code in data.figures.first { $0.code == code && $0.scope == scope } }
        let table = SheetTable(title: byUnitTitle, subtitle: "各\(p.wording.ranked)上报数 · \(data.period.chinese)：累计指标为本年累计，比率、水平指标为当月数值（合计由分项重算，不是各地比率的平均）",
                               headers: headers, rows: rows, maxWidth: 30, footer: madeBy)
        try table.write(to: sheet, styles: s, printTitle: printTitle)
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
        let headers = ["级别", "问题", "代码", "单位", "文件", "行", "列", "字段", "原值", "说明"]
        let rows: [[Cell]] = data.issues.map { i in
            [
                .text(i.severity.chinese), .text(i.code.chinese), .text(i.code.rawValue), .text(data.unitName(i.unit)), .text(i.file),
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

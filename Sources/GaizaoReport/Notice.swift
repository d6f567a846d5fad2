import Foundation
import GaizaoModel
import GaizaoStore

/// `通报.txt` and `通报.docx`: the monthly (or quarterly) notice as an office sends it — title and 期号, 主送, a short
/// 总体情况, one sentence per indicator, the ranking, who reported, 存在问题 from the red and yellow indicators and
/// the missing units, 下步工作要求 left for a person to write, 落款 and date.
struct Notice {
    let data: ReportData
    /// The quarterly notice (季度通报): each accruing indicator's gain in the quarter against the quarter before.
    var quarterly = false

    static let quarterNames = ["一", "二", "三", "四"]
    static let sectionNumbers = ["一", "二", "三", "四", "五", "六", "七"]
    static let itemNumbers = ["（一）", "（二）", "（三）", "（四）", "（五）"]

    /// One block of the document, as the text and the Word file both lay it out.
    enum Block: Equatable {
        case title(String)
        /// 期号 under the title.
        case number(String)
        /// 主送机关, flush left, ending in a colon.
        case addressee(String)
        case heading(String)
        case subheading(String)
        case paragraph(String)
        /// 落款 and date, right-aligned.
        case signature([String])
    }

    var blocks: [Block] {
        let p = data.pipeline, m = data.period
        let quarter = (m.month - 1) / 3
        var out: [Block] = [.title(p.title + (quarterly ? "季度通报" : "通报"))]
        out.append(.number(quarterly ? "（\(m.year)年第\(Self.quarterNames[quarter])季度）" : "（\(m.year)年第\(m.month)期）"))
        out.append(.addressee("各\(p.wording.ranked)、各有关部门："))
        let span = quarterly ? "\(m.year)年第\(Self.quarterNames[quarter])季度" : m.chinese
        out.append(.paragraph("现将\(span)全\(regionWord)制造业改造工作进展情况通报如下。"))
        if let warning = p.outsidePlan(m) { out.append(.paragraph(warning + "。")) }

        let totals = data.totals
        let accrued = totals.filter { p.indicator(code: $0.code)?.againstTime ?? false }
        let rates = totals.filter { f in !accrued.contains { $0.code == f.code } }
        var section = 0
        func heading(_ text: String) {
            out.append(.heading("\(Self.sectionNumbers[section])、\(text)"))
            section += 1
        }

        heading("总体情况")
        let count = { (s: Status) in totals.filter { $0.status == s }.count }
        var overall = "截至\(m.month)月底，纳入监测的\(totals.count)项指标中，\(count(.green))项达到进度要求，\(count(.yellow))项略有滞后，\(count(.red))项明显滞后"
        let untargeted = totals.filter { $0.status == nil }.count
        overall += untargeted > 0 ? "，另有\(untargeted)项未设目标或本月无数据。" : "。"
        out.append(.paragraph(overall))
        if !accrued.isEmpty {
            out.append(.subheading("（一）累计指标"))
            for f in accrued { out.append(.paragraph(accruedSentence(f, quarter: quarter))) }
        }
        if !rates.isEmpty {
            out.append(.subheading(accrued.isEmpty ? "（一）比率和水平指标" : "（二）比率和水平指标"))
            for f in rates { out.append(.paragraph(rateSentence(f))) }
        }

        let standings = RaceStanding.standings(data.figures, pipeline: p).filter { $0.score != nil }
            .sorted { ($0.rank ?? .max, $0.unit) < ($1.rank ?? .max, $1.unit) }
        if !standings.isEmpty {
            heading(p.wording.race)
            let shown = { (st: RaceStanding) in "\(st.name)（\(Self.number((st.score ?? 0) * 100, 1))分）" }
            out.append(.paragraph("按年度目标完成率加权计算综合得分（满分120分），前三位是\(standings.prefix(3).map(shown).joined(separator: "、"))。"))
            if standings.count > 3 {
                let bottom = standings.suffix(min(3, standings.count - 3)).reversed().map(shown)
                out.append(.paragraph("后三位是\(bottom.joined(separator: "、"))。"))
            }
        }

        heading("报送情况")
        let missing = unitNames(.missingSubmission), late = unitNames(.lateSubmission)
        let rejected = Books(files: data.files).rowsRejected
        out.append(.paragraph(missing.isEmpty ? (late.isEmpty ? "各单位均已按时报送。" : "各单位均已报送。")
            : "\(missing.joined(separator: "、"))本月未报送，其数据按上次报送结转。"))
        if !late.isEmpty { out.append(.paragraph("\(late.joined(separator: "、"))逾期报送。")) }
        out.append(.paragraph(rejected == 0 ? "报送数据全部通过核查。" : "共有\(rejected)行数据未通过核查，已随回执退回相关单位更正。"))

        heading("存在问题")
        var problems: [String] = []
        for f in totals.filter({ $0.status == .red }).sorted(by: { ($0.gapPP ?? 0) < ($1.gapPP ?? 0) }) {
            problems.append("\(f.name)明显滞后，\(gapWords(f))\(f.lead.map { "（牵头单位：\($0)）" } ?? "")。")
        }
        for f in totals.filter({ $0.status == .yellow }).sorted(by: { ($0.gapPP ?? 0) < ($1.gapPP ?? 0) }) {
            problems.append("\(f.name)略有滞后，\(gapWords(f))\(f.lead.map { "（牵头单位：\($0)）" } ?? "")。")
        }
        if !missing.isEmpty { problems.append("\(missing.joined(separator: "、"))未按时报送数据。") }
        if problems.isEmpty { problems.append("本月各项指标均达到进度要求，未发现突出问题。") }
        for (i, text) in problems.enumerated() { out.append(.paragraph("\(i + 1). \(text)")) }

        heading("下步工作要求")
        out.append(.paragraph("（一）【请填写：针对明显滞后指标的具体要求】"))
        out.append(.paragraph("（二）【请填写：对未报送、逾期报送单位的要求】"))
        out.append(.paragraph("（三）【请填写：下月工作重点】"))
        out.append(.signature([data.office, data.compiledOn]))
        return out
    }

    /// 全市 / 全省 / 全县 from the region's name.
    var regionWord: String {
        let name = data.pipeline.region.name
        for suffix in ["省", "市", "县", "区"] where name.hasSuffix(suffix) { return suffix }
        return "市"
    }

    func unitNames(_ code: IssueCode) -> [String] {
        Set(data.issues.filter { $0.code == code }.compactMap(\.unit)).sorted().map(data.pipeline.unitName)
    }

    /// 超/落后序时进度 for what accrues over the year; 高于/低于目标 for rates and levels.
    func gapWords(_ f: IndicatorFigure) -> String {
        guard let g = f.gapPP else { return "" }
        if data.againstTime(f) {
            let points = Self.number(abs(g), 1)
            return abs(g) < 0.05 ? "与序时进度持平" : g > 0 ? "超序时进度\(points)个百分点" : "落后序时进度\(points)个百分点"
        }
        // A rate is compared with its target in its own points (11.1% against 10.0% is 1.1 points above), not in
        // points of completion; anything else says how much of the target it reaches.
        if f.unit == "%", let v = f.monthValue, let t = f.yearTarget {
            let d = Self.number(abs(v - t), 1)
            return d == "0.0" ? "达到目标" : v > t ? "高于目标\(d)个百分点" : "低于目标\(d)个百分点"
        }
        return f.completion.map { "达到目标的\(percent($0))" } ?? ""
    }

    func accruedSentence(_ f: IndicatorFigure, quarter: Int) -> String {
        var s: String
        if let ytd = f.ytd, ytd != 0 {
            s = "\(f.name)本年累计\(amount(ytd, f.unit))"
        } else {
            s = "\(f.name)本年尚无完成"
        }
        if quarterly, let ytd = f.ytd {
            // The quarter's gain against the quarter before (the first quarter has none this year to compare).
            let ytdAt = { (month: Int) -> Double? in
                month == 0 ? 0 : data.history.first { $0.period.month == month }?.figures.first { $0.code == f.code }?.ytd
            }
            if let end = ytdAt(quarter * 3) {
                let gain = ytd - end
                s += "，本季度完成\(amount(gain, f.unit))"
                if quarter > 0, let before = ytdAt((quarter - 1) * 3) {
                    let previous = end - before
                    s += abs(gain - previous) < 1e-9 ? "，与上季度持平" : "，比上季度\(gain > previous ? "多" : "少")\(amount(abs(gain - previous), f.unit))"
                }
            }
        }
        guard let t = f.yearTarget, let c = f.completion else {
            return s + "（未设年度目标）。"
        }
        if c > LeadershipWorkbook.completionCap {
            return s + "，已超额完成年度目标（目标\(target(t, f.unit))）。"
        }
        return s + "，完成年度目标\(target(t, f.unit))的\(percent(c))，\(gapWords(f))。"
    }

    func rateSentence(_ f: IndicatorFigure) -> String {
        guard let v = f.monthValue else { return "\(f.name)本月无数据。" }
        let value = amount(v, f.unit)
        // The name often ends in its own verb (能耗下降, 水平提升): the figure follows it directly.
        var s: String
        if ["下降", "提升", "提高", "增长", "降低", "减少", "增加"].contains(where: f.name.hasSuffix) {
            s = f.name + value
        } else if f.name.hasPrefix("相当于") || f.name.contains("相当于") {
            s = f.name + "的" + value
        } else {
            s = f.name + "为" + value
        }
        guard let t = f.yearTarget else { return s + "（未设年度目标）。" }
        s += "，年度目标\(target(t, f.unit))"
        if let c = f.completion, c > LeadershipWorkbook.completionCap { return s + "，已超额完成。" }
        return s + (f.gapPP.map { _ in "，\(gapWords(f))。" } ?? "。")
    }

    /// The notice as plain text, the way it is pasted into an OA system.
    func render() -> String {
        var lines: [String] = []
        for block in blocks {
            switch block {
            case .title(let t): lines.append(t)
            case .number(let n): lines += [n, ""]
            case .addressee(let a): lines += [a, ""]
            case .heading(let h): lines += ["", h]
            case .subheading(let h): lines.append(h)
            case .paragraph(let text): lines.append("　　" + text)
            case .signature(let s): lines += [""] + s.map { String(repeating: "　", count: 16) + $0 }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A target as the workbook shows it: an interpolated 0.75 家 keeps its decimals.
    func target(_ v: Double, _ unit: String) -> String { Self.target(v, unit) }
    func amount(_ v: Double?, _ unit: String) -> String { Self.amount(v, unit) }
    func percent(_ v: Double) -> String { Self.number(v * 100, 1) + "%" }

    static func target(_ v: Double, _ unit: String) -> String {
        NumberStyle.forTarget(v, unit: unit) == .decimal2 ? number(v, 2) + unit : amount(v, unit)
    }

    static func amount(_ v: Double?, _ unit: String) -> String {
        guard let v else { return "—" }
        switch NumberStyle.forUnit(unit) {
        case .integer: return number(v, 0) + unit
        case .percent: return number(v, 1) + "%"
        default: return number(v, 2) + unit
        }
    }

    static func number(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
}

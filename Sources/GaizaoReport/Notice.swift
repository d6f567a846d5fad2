import Foundation
import GaizaoModel
import GaizaoStore

/// `通报.txt`: a draft of the monthly notice in plain Chinese prose, built from the month's figures.
struct Notice {
    let data: ReportData
    /// The quarterly notice (季度通报): same sections, plus what each indicator gained in the quarter.
    var quarterly = false

    static let quarterNames = ["一", "二", "三", "四"]

    func render() -> String {
        let p = data.pipeline, m = data.period
        let quarter = (m.month - 1) / 3
        var out = quarterly ? "\(p.title)季度通报（\(m.year)年第\(Self.quarterNames[quarter])季度）\n\n"
            : "\(p.title)通报（\(m.chinese)）\n\n"
        if let warning = p.outsidePlan(m) { out += warning + "。\n\n" }
        let totals = data.totals
        let accrued = totals.filter { f in p.indicator(code: f.code).map { $0.isAccrued && !$0.lowerIsBetter } ?? false }
        let rates = totals.filter { f in !accrued.contains { $0.code == f.code } }

        out += "一、总体进展\n"
        var sentences: [String] = []
        for f in accrued {
            var s = "\(f.name)本年累计\(amount(f.ytd, f.unit))"
            if quarterly, let ytd = f.ytd {
                // The quarter's gain: year-to-date now less year-to-date at the end of the previous quarter.
                let earlier = quarter == 0 ? 0 : data.history.first { $0.period.month == quarter * 3 }?
                    .figures.first { $0.code == f.code }?.ytd
                if let e = earlier { s += "，其中本季度\(amount(ytd - e, f.unit))" }
            }
            if let pt = f.planToDate { s += "（规划期累计\(amount(pt, f.unit))）" }
            if let c = f.completion, let g = f.gapPP {
                s += "，完成年度目标的\(percent(c))，" + (abs(g) < 0.05 ? "与序时进度持平" : g > 0 ? "超序时进度\(number(g, 1))个百分点" : "落后序时进度\(number(-g, 1))个百分点")
            }
            sentences.append(s)
        }
        for f in rates {
            guard let v = f.monthValue else { continue }
            var s = "\(f.name)为\(amount(v, f.unit))"
            if let t = f.yearTarget { s += "（年度目标\(target(t, f.unit))）" }
            if let st = f.status { s += st == .green ? "，达到目标要求" : "，尚未达到目标要求" }
            sentences.append(s)
        }
        out += "截至\(m.month)月底，" + (sentences.isEmpty ? "暂无可计算的指标。" : sentences.joined(separator: "；") + "。") + "\n\n"

        out += "二、进度快慢\n"
        let ahead = totals.filter { $0.status == .green }.map(\.name)
        let behind = totals.filter { $0.status == .red }.sorted { ($0.gapPP ?? 0) < ($1.gapPP ?? 0) }
        out += ahead.isEmpty ? "本月没有指标达到或超过序时进度。" : "达到或超过序时进度的指标\(ahead.count)项：\(ahead.joined(separator: "、"))。"
        if !behind.isEmpty {
            out += "明显滞后（落后序时进度\(number(-p.thresholds.yellow, 0))个百分点以上）的指标\(behind.count)项："
            out += behind.map { "\($0.name)（\(number(-($0.gapPP ?? 0), 1))个百分点）" }.joined(separator: "、") + "，请牵头单位加快推进。"
        }
        out += "\n\n"

        let standings = RaceStanding.standings(data.figures, pipeline: p).filter { $0.score != nil }
            .sorted { ($0.rank ?? .max, $0.unit) < ($1.rank ?? .max, $1.unit) }
        if !standings.isEmpty {
            out += "三、镇街赛马\n"
            let top = standings.prefix(3).map { "\($0.name)（\(percent($0.score ?? 0))）" }   // standings with a score only
            let bottom = standings.suffix(3).reversed().map { "\($0.name)（\(percent($0.score ?? 0))）" }
            out += "综合得分前三位：\(top.joined(separator: "、"))；后三位：\(bottom.joined(separator: "、"))。\n\n"
        }

        out += "\(standings.isEmpty ? "三" : "四")、报送情况\n"
        let missing = data.issues.filter { $0.code == .missingSubmission }.compactMap(\.unit)
        let late = Set(data.issues.filter { $0.code == .lateSubmission }.compactMap(\.unit))
        let rejected = Books(files: data.files).rowsRejected
        let names = { (codes: [String]) in Array(Set(codes)).sorted().map { p.unitName($0) }.joined(separator: "、") }
        out += missing.isEmpty ? (late.isEmpty ? "各单位均已按时报送。" : "各单位均已报送。") : "未报送：\(names(missing))，本月数据按其上次报送结转。"
        if !late.isEmpty { out += "逾期报送：\(names(Array(late)))。" }
        out += rejected == 0 ? "报送数据全部通过核查。" : "共有\(rejected)行数据未通过核查，已退回相关单位（见各单位回执）。"
        return out + "\n"
    }

    /// A target as the workbook shows it: an interpolated 0.75 家 keeps its decimals.
    func target(_ v: Double, _ unit: String) -> String {
        NumberStyle.forTarget(v, unit: unit) == .decimal2 ? number(v, 2) + unit : amount(v, unit)
    }

    func amount(_ v: Double?, _ unit: String) -> String {
        guard let v else { return "—" }
        switch NumberStyle.forUnit(unit) {
        case .integer: return number(v, 0) + unit
        case .percent: return number(v, 1) + "%"
        default: return number(v, 2) + unit
        }
    }

    func percent(_ v: Double) -> String { number(v * 100, 1) + "%" }

    func number(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
}

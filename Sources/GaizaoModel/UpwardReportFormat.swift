import Foundation

/// The 上报表's layout (issue 20), shared by the report that writes it and the ingest that reads it at the level
/// above: its columns, how its numbers are written, and what its 数据SHA256 covers.
public enum UpwardReportFormat {
    /// The columns, in order (README "上报表" documents each).
    public static let headers = ["地区代码", "地区名称", "报告期", "流程", "指标代码", "指标名称", "单位", "类型", "本月", "本年累计",
                                 "规划期累计", "年度目标", "规划期目标", "分子", "分母", "本期", "上期", "基期分子", "基期分母",
                                 "输入SHA256", "数据SHA256"]
    /// 本月 … 基期分母: numbers.
    public static let numeric = 8...18
    /// 指标代码 … 基期分母: what a row's 数据SHA256 digests.
    public static let figures = 4...18

    /// Up to 15 significant digits, never an exponent: what a clerk can retype and a program reads back exactly
    /// (read and written again, a number keeps its text).
    public static func number(_ v: Double) -> String {
        guard v.isFinite else { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        var s = String(format: "%.15g", v)
        if s.contains("e") { s = String(format: "%.6f", v) }
        return s
    }

    /// The text a row's 数据SHA256 is the SHA-256 of: its cells 指标代码 … 基期分母, tab-separated, numbers as
    /// `number` writes them (so a report saved again by Excel, which rewrites numbers, still matches).
    public static func digestText(_ row: [String]) -> String {
        figures.map { i -> String in
            let cell = i < row.count ? row[i].trimmingCharacters(in: .whitespaces) : ""
            guard numeric.contains(i), !cell.isEmpty, let v = Double(cell.replacingOccurrences(of: ",", with: "")) else { return cell }
            return number(v)
        }.joined(separator: "\t")
    }

    /// The template the level above reads 上报表 with: keyed by 指标代码, the unit named by 地区代码.
    public static func template(id: String, title: String, submittedBy: [String]) -> Template {
        let kinds = Measure.Kind.allCases.map(\.rawValue)
        let columns = headers.enumerated().map { i, h -> Column in
            switch h {
            case "地区代码", "指标代码": return Column(name: h, type: .string, required: true)
            case "报告期": return Column(name: h, type: .month, required: true)
            case "类型": return Column(name: h, type: .enum, required: true, values: kinds)
            default: return Column(name: h, type: numeric.contains(i) ? .number : .string)
            }
        }
        var t = Template(id: id, title: title, submittedBy: submittedBy, mode: .snapshot, key: ["指标代码"],
                         unitColumn: "地区代码", columns: columns)
        t.upward = true
        return t
    }

    /// A rate's value from a row's components, in the row's unit (% scales by 100); nil when one is missing or zero.
    public static func combined(kind: Measure.Kind, unit: String, _ c: (Int) -> Double?) -> Double? {
        let raw: Double?
        switch kind {
        case .ratio:
            guard let n = c(13), let d = c(14), d != 0 else { return nil }
            raw = n / d
        case .growth:
            guard let a = c(15), let b = c(16), b != 0 else { return nil }
            raw = a / b - 1
        case .decline:
            guard let e = c(13), let v = c(14), let eb = c(17), let vb = c(18), v != 0, eb != 0, vb != 0 else { return nil }
            raw = 1 - (e / v) / (eb / vb)
        case .count, .sum, .level:
            return nil
        }
        return raw.map { unit == "%" ? $0 * 100 : $0 }
    }
}

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

    /// The component columns, in order: 分子 分母 本期 上期 基期分子 基期分母.
    public static let componentColumns = Array(headers[13...18])

    /// A row's components for its kind, from the component columns by name; nil unless all of them are there.
    public static func components(_ kind: Measure.Kind, _ value: (String) -> Double?) -> Components? {
        switch kind {
        case .ratio:
            guard let n = value("分子"), let d = value("分母") else { return nil }
            return .ratio(numerator: n, denominator: d)
        case .growth:
            guard let a = value("本期"), let b = value("上期") else { return nil }
            return .growth(current: a, previous: b)
        case .decline:
            guard let e = value("分子"), let v = value("分母"), let eb = value("基期分子"), let vb = value("基期分母") else { return nil }
            return .decline(use: e, per: v, baseUse: eb, basePer: vb)
        case .count, .sum, .level:
            return nil
        }
    }

    /// The component columns' cells for a figure's components, empty where a kind has none.
    public static func componentCells(_ c: Components?) -> [String] {
        let values: [String: Double]
        switch c {
        case .ratio(let n, let d)?: values = ["分子": n, "分母": d]
        case .growth(let a, let b)?: values = ["本期": a, "上期": b]
        case .decline(let e, let v, let eb, let vb)?: values = ["分子": e, "分母": v, "基期分子": eb, "基期分母": vb]
        case nil: values = [:]
        }
        return componentColumns.map { values[$0].map(number) ?? "" }
    }
}

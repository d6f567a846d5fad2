import Foundation
import GaizaoModel

/// One thing wrong (or doubtful) in a pipeline file, with the line to fix.
public struct LintFinding: Sendable, CustomStringConvertible {
    public enum Level: String, Sendable { case error, warning }
    public var level: Level
    public var file: String
    public var line: Int?
    public var message: String

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): \(level == .error ? "错误" : "警告")：\(message)"
    }
}

/// Checks a parsed pipeline for references that do not resolve: every column a measure reads, every
/// indicator a ratio names, every target year, every unit code. `gaizao lint` prints all of them; loading a
/// pipeline for a run refuses it on the first error.
public enum PipelineLint {
    public static func findings(_ p: Pipeline) -> [LintFinding] {
        var out: [LintFinding] = []
        func error(_ key: String?, _ message: String) {
            out.append(LintFinding(level: .error, file: p.source, line: key.flatMap { p.lines[$0] }, message: message))
        }
        func warning(_ key: String?, _ message: String) {
            out.append(LintFinding(level: .warning, file: p.source, line: key.flatMap { p.lines[$0] }, message: message))
        }
        let unitCodes = Set(p.units.map(\.code))
        let kinds = Set(p.units.map(\.kind))

        if p.id.isEmpty || p.id.utf8.contains(where: { !(0x61...0x7A).contains($0) && !(0x30...0x39).contains($0) && $0 != 0x5F && $0 != 0x2D }) {
            error(nil, "流程 id“\(p.id)”只能由小写字母、数字、_ 和 - 组成（它是输出目录和数据表的名字）")
        }
        if p.title.trimmingCharacters(in: .whitespaces).isEmpty { error(nil, "title 不能为空") }
        if !(1...28).contains(p.deadlineDay) { error(nil, "deadline_day 应为 1 到 28 之间的日期，现为 \(p.deadlineDay)") }
        let t = p.thresholds
        if !t.green.isFinite || !t.yellow.isFinite || abs(t.green) > 100 || abs(t.yellow) > 100 || t.yellow > t.green {
            error(nil, "thresholds 应为 -100 到 100 之间的百分点，且 yellow（\(t.yellow.plain)）不高于 green（\(t.green.plain)）")
        }
        if !p.outlierFactor.isFinite || p.outlierFactor <= 1 || p.outlierFactor > 1e6 {
            error(nil, "outlier_factor 应大于 1（本月值超过上月的多少倍算异常跳增），现为 \(p.outlierFactor.plain)")
        }
        if p.plan.end < p.plan.start { error(nil, "plan 的 end（\(p.plan.end)）早于 start（\(p.plan.start)）") }
        if p.plan.baseYear >= p.plan.start.year || p.plan.baseYear < p.plan.start.year - 10 {
            error(nil, "plan 的 base_year（\(p.plan.baseYear)）应早于规划期起始年 \(p.plan.start.year)（至多早 10 年）")
        }
        for (i, u) in p.units.enumerated() where p.units[..<i].contains(where: { $0.code == u.code }) {
            error("units.\(i)", "单位代码“\(u.code)”重复")
        }
        // Each unit's 回执 is a file named after it: two names that make the same file name would overwrite each other.
        var fileNames: [String: String] = [:]
        for (i, u) in p.units.enumerated() {
            if u.name.trimmingCharacters(in: .whitespaces).isEmpty { error("units.\(i)", "单位“\(u.code)”没有名称") }
            let f = FileName.safe(u.name).lowercased()
            if let other = fileNames[f], other != u.name {
                error("units.\(i)", "单位“\(u.name)”与“\(other)”的回执文件名相同（\(FileName.safe(u.name)).xlsx），请改名")
            }
            fileNames[f] = u.name
        }
        for t in p.templates {
            let key = "templates.\(t.id)"
            var seen = Set<String>()
            for c in t.columns where !seen.insert(Normalise.header(c.name)).inserted {
                error(key, "模板“\(t.title)”的列“\(c.name)”重复")
            }
            for name in t.key + t.alternateKey + [t.unitColumn, t.monthColumn].compactMap({ $0 }) where t.column(named: name) == nil {
                error(key, "模板“\(t.title)”引用的列“\(name)”不在其 columns 中")
            }
            for c in t.columns {
                guard let when = c.requiredWhen else { continue }
                if let other = t.column(named: when.column) {
                    for v in when.values where other.type == .enum && !(other.values ?? []).contains(v) {
                        error(key, "模板“\(t.title)”的列“\(c.name)”的 required_when 值“\(v)”不在“\(other.name)”的可选值中")
                    }
                } else {
                    error(key, "模板“\(t.title)”的列“\(c.name)”的 required_when 引用的列“\(when.column)”不在其 columns 中")
                }
            }
            if t.mode == .increment && t.monthColumn == nil {
                error(key, "increment 模板“\(t.title)”须写明 month_column（如 统计月份）")
            }
            for s in t.submittedBy where !kinds.contains(s) && !unitCodes.contains(s) {
                error(key, "模板“\(t.title)”的 submitted_by“\(s)”既不是单位类别，也不是单位代码")
            }
        }
        for (i, ind) in p.indicators.enumerated() {
            let at = "indicators.\(i)"
            if p.indicators[..<i].contains(where: { $0.code == ind.code }) {
                error("\(at).code", "指标代码“\(ind.code)”重复")
            }
            let m = ind.measure
            if m.kind == .ratio {
                for code in m.operands where p.indicator(code: code) == nil {
                    error("\(at).measure", "指标 \(ind.code) 的 ratio 引用了不存在的指标“\(code)”")
                }
                if m.operands.contains(ind.code) {
                    error("\(at).measure", "指标 \(ind.code) 的 ratio 不能引用自身")
                } else if Self.reachesItself(ind.code, p) {
                    error("\(at).measure", "指标 \(ind.code) 的 ratio 经由其他 ratio 绕回了自身")
                }
            } else if let r = m.rollup {
                if let t = p.template(id: m.template), !t.upward {
                    error("\(at).measure", "指标 \(ind.code) 取自上报表（rollup），但模板“\(t.title)”不是上报表（rollup: true）")
                } else if p.template(id: m.template) == nil {
                    error("\(at).measure", "指标 \(ind.code) 的 measure 引用了不存在的模板“\(m.template)”")
                }
                for unit in r.codes.keys.sorted() where p.unit(code: unit) == nil {
                    error("\(at).measure", "指标 \(ind.code) 的 codes 写了不在单位名单中的地区“\(unit)”")
                }
            } else if let t = p.template(id: m.template) {
                if t.upward {
                    error("\(at).measure", "指标 \(ind.code) 直接读上报表模板“\(t.title)”：请写 measure: {rollup: 指标代码, kind: …}")
                }
                for name in m.columnsRead where t.column(named: name) == nil {
                    error("\(at).measure", "指标 \(ind.code) 的 measure 引用了模板“\(t.title)”中不存在的列“\(name)”")
                }
                for f in m.filter {
                    guard let allowed = t.column(named: f.column)?.values else { continue }
                    for v in f.values where !allowed.map(Normalise.text).contains(v) {
                        warning("\(at).measure", "指标 \(ind.code) 的筛选值“\(v)”不在“\(f.column)”的可选值（\(allowed.joined(separator: "、"))）中，永远不会命中")
                    }
                }
                if case .sum(.yearToDate) = m.shape, t.mode != .increment {
                    error("\(at).measure", "指标 \(ind.code)：year_to_date 只适用于 increment 模板")
                }
            } else {
                error("\(at).measure", "指标 \(ind.code) 的 measure 引用了不存在的模板“\(m.template)”")
            }
            for (year, v) in ind.targets.byYear where !(abs(v) <= Column.saneMagnitude) {
                error("\(at).targets", "指标 \(ind.code) \(year) 年目标 \(v) 不是一个合理的数（应为有限数，绝对值不超过 \(Column.saneMagnitude.plain)）")
            }
            for (name, v) in [("baseline", ind.baseline), ("base_value", ind.baseValue)] {
                if let v, !(abs(v) <= Column.saneMagnitude) { error("\(at).\(name)", "指标 \(ind.code) 的 \(name) 不是一个合理的数") }
            }
            if let w = ind.raceWeight, !(w > 0 && w <= 1000) { error("\(at).code", "指标 \(ind.code) 的 race 权重应为 0 到 1000 之间的正数") }
            let years = ind.targets.byYear.keys.sorted()
            for y in years where y < p.plan.start.year || y > p.plan.end.year {
                error("\(at).targets", "指标 \(ind.code) 的目标年份 \(y) 不在规划期 \(p.plan.start.year)–\(p.plan.end.year) 内")
            }
            if ind.targets.isEmpty && !ind.hidden && !ind.targetsFromUnits {
                warning("\(at).code", "指标 \(ind.code) 没有目标值，只报告数值，不计算完成率")
            }
            if let lead = ind.lead, !unitCodes.contains(lead) {
                error("\(at).lead", "指标 \(ind.code) 的牵头单位“\(lead)”不在单位名单中")
            }
            if let d = ind.decompose, !kinds.contains(d) {
                error("\(at).decompose", "指标 \(ind.code) 的 decompose“\(d)”不是任何单位的类别")
            }
            if ind.baseline != nil && ind.accumulate == .plan && ind.isAccrued {
                warning("\(at).baseline", "指标 \(ind.code) 是越低越好的指标，目标应按年写（accumulate: year）")
            }
        }
        out += targetSums(p)
        return out
    }

    /// A ratio whose operands lead back to it through other ratios would never finish computing.
    static func reachesItself(_ code: String, _ p: Pipeline) -> Bool {
        var seen = Set<String>(), stack = p.indicator(code: code)?.measure.operands ?? []
        while let next = stack.popLast() {
            if next == code { return true }
            guard seen.insert(next).inserted, let ind = p.indicator(code: next), ind.measure.kind == .ratio else { continue }
            stack += ind.measure.operands
        }
        return false
    }

    /// Decomposed targets should add up to the jurisdiction's target, year by year.
    static func targetSums(_ p: Pipeline) -> [LintFinding] {
        var out: [LintFinding] = []
        let csv = (p.source as NSString).deletingPathExtension + ".targets.csv"
        for ind in p.indicators {
            // Only counts and sums add up across units; a rate's unit targets need not sum to the total's.
            guard ind.isAccrued, let kind = ind.decompose, let byUnit = p.unitTargets[ind.code] else { continue }
            let units = p.units.filter { $0.kind == kind }
            for (year, city) in ind.targets.byYear.sorted(by: { $0.key < $1.key }) {
                let parts = units.compactMap { byUnit[$0.code]?.byYear[year] }
                let sum = parts.reduce(0, +)
                if parts.count < units.count {
                    out.append(LintFinding(level: .warning, file: csv, line: nil,
                                           message: "指标 \(ind.code) \(year) 年只有 \(parts.count)/\(units.count) 个单位有分解目标"))
                } else if abs(sum - city) > 1e-6 * max(1, abs(city)) {
                    out.append(LintFinding(level: .warning, file: csv, line: nil,
                                           message: "指标 \(ind.code) \(year) 年各单位目标之和为 \(sum.formatted())，与全市目标 \(city.formatted()) 不一致"))
                }
            }
        }
        return out
    }
}

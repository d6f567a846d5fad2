import Foundation
@testable import GaizaoModel
@testable import GaizaoPipeline
@testable import GaizaoRun
import SpecReference
import Testing

/// Generated multi-year histories (towns that skip months, January included; corrections; rejected rows; every
/// indicator kind), run month after month on one store, against `SpecReference` — figures derived from the
/// generator's truth with SPEC §6, in a module that cannot call the engine.
@Suite struct ReferenceTests {
    static let pipeline = """
        id: ref
        title: 参照市两化改造工作进展
        region: {code: "999999", name: 参照市}
        plan: {start: 2022-01, end: 2024-12, base_year: 2021}
        deadline_day: 5
        sets:
          counted: {of: ledger, where: {状态: [在建, 竣工]}, within_plan: 开工日期}
        units:
          - {code: T1, name: 甲镇, kind: town}
          - {code: T2, name: 乙镇, kind: town}
          - {code: T3, name: 丙街道, kind: town}
        templates:
          ledger:
            title: 项目台账
            submitted_by: town
            mode: snapshot
            key: [编号]
            columns:
              - {name: 编号, type: string, required: true}
              - {name: 状态, type: enum, values: [未开工, 在建, 竣工], required: true}
              - {name: 累计投资, unit: 万元, type: number, min: 0}
              - {name: 本年投资, unit: 万元, type: number, min: 0}
              - {name: 开工日期, type: date}
          stats:
            title: 月度统计
            submitted_by: town
            mode: increment
            key: [统计月份]
            month_column: 统计月份
            columns:
              - {name: 统计月份, type: month, required: true}
              - {name: 能耗, unit: 万吨标煤, type: number, min: 0}
              - {name: 增加值, unit: 亿元, type: number, min: 0}
              - {name: 余额, unit: 亿元, type: number, min: 0}
              - {name: 上年同期余额, unit: 亿元, type: number, min: 0}
              - {name: 企业数, unit: 家, type: number, min: 0}
        indicators:
          - {code: projects, name: 项目, unit: 项, measure: {count: counted, date: 开工日期}, targets: {2022: 30, 2024: 90}, decompose: town}
          - {code: done_projects, name: 竣工项目, unit: 项, hidden: true, measure: {count: counted, where: {状态: 竣工}, date: 开工日期}}
          - {code: done_share, name: 竣工占比, unit: "%", measure: {ratio: [done_projects, projects], window: plan}, targets: {2022: 40}}
          - {code: investment, name: 投资, unit: 亿元, measure: {sum: counted, date: 开工日期, cumulative: {plan: 累计投资, year: 本年投资}}, targets: {2022: 1, 2023: 2.5, 2024: 4}, decompose: town}
          - {code: balance_growth, name: 余额增速, unit: "%", measure: {growth: stats, column: 余额, previous: 上年同期余额}, targets: {2022: 10, 2024: 20}}
          - {code: intensity_decline, name: 能耗强度下降, unit: "%", measure: {decline: stats, column: 能耗, per: 增加值}, accumulate: base, targets: {2024: 12}}
          - {code: balance, name: 余额, unit: 亿元, measure: {level: stats, column: 余额}, targets: {2022: 100, 2024: 150}, decompose: town}
          - {code: firms, name: 企业数, unit: 家, measure: {level: stats, column: 企业数}, baseline: 60, accumulate: base, targets: {2024: 30}}
        """

    /// `ref.targets.csv`, from the reference's own table.
    static var targets: String {
        var lines = ["指标代码,单位,年份,目标值"]
        for (code, towns) in Scenario.townTargets.sorted(by: { $0.key < $1.key }) {
            for (town, years) in towns.sorted(by: { $0.key < $1.key }) {
                for (year, value) in years.sorted(by: { $0.key < $1.key }) {
                    lines.append("\(code),\(Scenario.townNames[town]!),\(year),\(value)")
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func n(_ v: Double) -> String { String(format: "%.4f", v) }

    /// Writes the scenario's files as towns send them, with a receipt log that orders corrections.
    static func write(_ s: Scenario, into inputs: String) throws {
        var receipts: [String: [String]] = [:]
        func put(_ month: YM, _ name: String, _ text: String, at: String) throws {
            let dir = inputs + "/ref/" + month.description
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
            receipts[month.description, default: []].append("\(name),\(at)")
        }
        func due(_ m: YM, day: Int) -> String {
            let next = m.m == 12 ? YM(m.y + 1, 1) : YM(m.y, m.m + 1)
            return next.description + String(format: "-%02d 09:00", day)
        }
        for l in s.ledgers {
            var lines = ["编号,状态,累计投资（万元）,本年投资（万元）,开工日期"]
            for p in l.projects {
                lines.append([p.id, p.status, p.bad ? "约三百万" : n(p.total), n(p.year), p.start].joined(separator: ","))
            }
            let name = "\(Scenario.townNames[l.town]!)-项目台账-\(l.month)\(l.arrival == 0 ? "" : "-更正").csv"
            try put(l.month, name, lines.joined(separator: "\n") + "\n", at: due(l.month, day: 2 + l.arrival))
        }
        for f in s.increments {
            var lines = ["统计月份,能耗（万吨标煤）,增加值（亿元）,余额（亿元）,上年同期余额（亿元）,企业数（家）"]
            for r in f.rows {
                lines.append([r.month.description, r.bad ? "不详" : n(r.energy), n(r.value), n(r.balance),
                              n(r.balancePrevious), n(r.firms)].joined(separator: ","))
            }
            try put(f.folder, "\(Scenario.townNames[f.town]!)-月度统计-\(f.folder).csv", lines.joined(separator: "\n") + "\n",
                    at: due(f.folder, day: 2))
        }
        for (month, lines) in receipts {
            try (["文件,接收时间"] + lines).joined(separator: "\n").appending("\n")
                .write(toFile: inputs + "/ref/" + month + "/_收件登记.csv", atomically: true, encoding: .utf8)
        }
    }

    static func same(_ a: Double?, _ b: Any?) -> Bool {
        let e = b as? Double
        switch (a, e) {
        case (nil, nil): return b == nil || b is NSNull
        case let (x?, y?): return abs(x - y) <= 1e-6 * max(1, abs(x))
        default: return false
        }
    }

    @Test(arguments: [UInt64(11), 12, 13])
    func engineAgreesWithTheSpecReference(seed: UInt64) throws {
        let dir = try TempDir()
        try Self.pipeline.write(toFile: dir.file("ref.yaml"), atomically: true, encoding: .utf8)
        try Self.targets.write(toFile: dir.file("ref.targets.csv"), atomically: true, encoding: .utf8)
        let pipeline = try PipelineLoader.load(path: dir.file("ref.yaml"))
        let scenario = Scenario(seed: seed)
        try Self.write(scenario, into: dir.path + "/inputs")
        // The case must exercise what it claims to: corrections, rejected rows, carried levels, a skipped January.
        #expect(scenario.ledgers.contains { $0.arrival == 1 })
        #expect(scenario.ledgers.contains { $0.projects.contains(where: \.bad) })
        #expect(scenario.increments.contains { $0.rows.contains(where: \.bad) })
        #expect(!scenario.ledgers.contains { $0.town == "T2" && $0.month.m == 1 })

        var mismatches: [String] = []
        var compared = 0, rates = 0
        for month in scenario.months {
            let context = RunContext(pipeline: pipeline, period: Period(month.description)!,
                                     inputsRoot: dir.path + "/inputs", outputsRoot: dir.path + "/outputs")
            _ = try FileManager.default.createDirectory(atPath: dir.path + "/inputs/ref/\(month)", withIntermediateDirectories: true)
            let result = try Run(context: context).execute()
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: result.outputs.indicators))) as! [String: Any]
            let engine = Dictionary(uniqueKeysWithValues: (json["indicators"] as! [[String: Any]]).map {
                ("\($0["code"]!)|\($0["scope"]!)", $0)
            })
            for (key, r) in scenario.figures(at: month).sorted(by: { $0.key < $1.key }) {
                guard let e = engine[key] else { mismatches.append("\(month) \(key): missing"); continue }
                let fields: [(String, Double?)] = [("month_value", r.monthValue), ("ytd", r.ytd), ("plan_to_date", r.planToDate),
                                                   ("year_target", r.yearTarget), ("plan_target", r.planTarget),
                                                   ("completion", r.completion), ("gap_pp", r.gap)]
                for (name, value) in fields where !Self.same(value, e[name]) {
                    mismatches.append("\(month) \(key) \(name): reference \(value.map { "\($0)" } ?? "null"), engine \(e[name] ?? "absent")")
                }
                if (e["status"] as? String) != r.status { mismatches.append("\(month) \(key) status: \(r.status ?? "null") vs \(e["status"] ?? "")") }
                if (e["rank"] as? Int) != r.rank { mismatches.append("\(month) \(key) rank: \(r.rank.map(String.init) ?? "null") vs \(e["rank"] ?? "")") }
                compared += 1
                if !key.hasPrefix("projects") && !key.hasPrefix("investment") && r.monthValue != nil { rates += 1 }
            }
        }
        #expect(compared == scenario.months.count * 16)
        #expect(rates > scenario.months.count * 4)   // the rate kinds had values to compare, not only nulls
        let shown = mismatches.prefix(12).joined(separator: "\n")
        #expect(mismatches.isEmpty, "seed \(seed): \(mismatches.count) mismatches\n\(shown)")
    }
}

import Foundation
@testable import GaizaoModel
@testable import GaizaoPipeline
import Testing

/// `gaizao lint` on the shipped pipeline and on broken copies of it; `gaizao recompute` against `run`.
@Suite struct PipelineTests {
    static let tongxiang = try! String(contentsOfFile: Paths.tongxiang, encoding: .utf8)

    struct Breakage: CustomTestStringConvertible, Sendable {
        var name: String
        var from: String
        var to: String
        /// Text on the line the message must name.
        var lineText: String
        var words: String
        var testDescription: String { name }
    }

    static let breakages = [
        Breakage(name: "unknown column in a measure",
                 from: "measure: {sum: counted_projects, column: 新增工业机器人,", to: "measure: {sum: counted_projects, column: 新增机器人,",
                 lineText: "column: 新增机器人", words: "不存在的列“新增机器人”"),
        Breakage(name: "ratio of a missing indicator",
                 from: "measure: {ratio: [green_projects, projects]", to: "measure: {ratio: [green_project, projects]",
                 lineText: "ratio: [green_project", words: "不存在的指标“green_project”"),
        Breakage(name: "target year outside the plan",
                 from: "targets: {2022: 3, 2023: 6, 2025: 12}", to: "targets: {2022: 3, 2023: 6, 2027: 12}",
                 lineText: "2027: 12", words: "目标年份 2027 不在规划期"),
        Breakage(name: "duplicate indicator code",
                 from: "  - code: water_saving\n", to: "  - code: cleaner_production\n",
                 lineText: "- code: cleaner_production", words: "指标代码“cleaner_production”重复"),
        Breakage(name: "lead that is no unit",
                 from: "    lead: jrzx\n    note: 本年累计", to: "    lead: 金融办公室\n    note: 本年累计",
                 lineText: "lead: 金融办公室", words: "牵头单位“金融办公室”"),
    ]

    @Test func shippedPipelinePasses() throws {
        let (status, out) = try runProcess(try Paths.cli(), ["lint", Paths.tongxiang])
        #expect(status == 0, "\(out)")
        #expect(out.contains("通过"))
    }

    @Test(arguments: breakages)
    func brokenPipelineNamesTheLine(_ b: Breakage) throws {
        let dir = try TempDir()
        try #require(Self.tongxiang.contains(b.from))
        // Replace the last occurrence, so a duplicate code comes after the original.
        let range = try #require(Self.tongxiang.range(of: b.from, options: .backwards))
        let text = Self.tongxiang.replacingCharacters(in: range, with: b.to)
        let path = dir.file("tongxiang.yaml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Paths.root + "/pipelines/tongxiang.targets.csv", toPath: dir.file("tongxiang.targets.csv"))
        let lines = text.components(separatedBy: "\n")
        let expected = lines.lastIndex { $0.contains(b.lineText) }.map { $0 + 1 }
        let (status, out) = try runProcess(try Paths.cli(), ["lint", path])
        #expect(status == 2)
        #expect(out.contains(b.words), "\(out)")
        #expect(out.contains("tongxiang.yaml:\(expected ?? -1):"), "line \(expected ?? -1) expected in: \(out)")
        // Any other command refuses the same file with exit 2.
        let (run, _) = try runProcess(try Paths.cli(), ["compute", "--pipeline", path, "--period", "2023-06", "--outputs", dir.path])
        #expect(run == 2)
    }

    @Test func townTargetsThatDoNotAddUpWarn() throws {
        var p = try PipelineLoader.load(path: Paths.tongxiang)
        p.unitTargets["projects"]?["330483001"]?.byYear[2023]! += 1
        let warnings = PipelineLint.findings(p).filter { $0.level == .warning }
        #expect(warnings.contains { $0.message.contains("projects 2023 年各单位目标之和为 371") })
    }

    /// `run` month by month, then `recompute` over the first half of 2023: June's indicators.json is identical.
    @Test func recomputeReproducesIndicatorsByteForByte() throws {
        let out = try TempDir()
        let cli = try Paths.cli()
        for m in ["2022-12", "2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06"] {
            let (status, _) = try runProcess(cli, ["run", "--quiet", "--pipeline", Paths.tongxiang, "--period", m,
                                                   "--inputs", Paths.root + "/inputs", "--outputs", out.path])
            #expect(status == 3 || status == 0)
        }
        let json = out.path + "/tongxiang/2023-06/indicators.json"
        let first = try Data(contentsOf: URL(fileURLWithPath: json))
        let workbookName = "桐乡市制造业数字化绿色化改造工作进展（2023年6月）.xlsx"
        let book = try Data(contentsOf: URL(fileURLWithPath: out.path + "/tongxiang/2023-06/" + workbookName))
        try FileManager.default.removeItem(atPath: out.path + "/tongxiang/2023-06")
        let (status, printed) = try runProcess(cli, ["recompute", "--quiet", "--pipeline", Paths.tongxiang, "--from", "2023-01",
                                                     "--to", "2023-06", "--inputs", "/nonexistent", "--outputs", out.path])
        #expect(status == 3)   // as run: the sample months have rejected rows and a missing town
        #expect(printed.split(separator: "\n").count == 6)
        #expect(try Data(contentsOf: URL(fileURLWithPath: json)) == first)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out.path + "/tongxiang/2023-06/" + workbookName)) == book)
        // Every annex-2 row and text target is reported for the city.
        let figures = try #require(JSONSerialization.jsonObject(with: first) as? [String: Any])["indicators"] as? [[String: Any]]
        let codes = Set(figures?.filter { $0["scope"] as? String == "total" }.compactMap { $0["code"] as? String } ?? [])
        for code in ["projects", "green_share", "investment", "robots", "smart_factories", "energy_saving", "green_factories",
                     "cleaner_production", "water_saving", "tech_centres", "first_sets", "challenges_posted",
                     "challenges_matched", "internet_platforms", "industry_brains", "model_enterprises", "data_standard",
                     "long_term_loans", "green_credit_growth", "green_credit_share", "energy_intensity_decline",
                     "labour_productivity", "digital_diagnosis", "offline_diagnosis", "green_diagnosis", "app_scenarios",
                     "provincial_green_factories", "future_factories"] {
            #expect(codes.contains(code), "\(code) missing")
        }
    }
}

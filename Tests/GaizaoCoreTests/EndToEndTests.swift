import Foundation
@testable import GaizaoIngest
@testable import GaizaoModel
@testable import GaizaoPipeline
@testable import GaizaoRun
@testable import GaizaoStore
import Testing

/// `run` on the two-town fixture in Fixtures/mini, against figures worked out by hand:
///
/// 甲镇 (UTF-8, CRLF): P1 在建 2022-05-10 累计1000 本年400 · P2 竣工 2023-01-15 500/500 · P3 在建 2023-03-02 200/200
///   · P4 未开工 (not counted) · P5 在建 2021-11-01 (before the plan: not counted) · P6 “约三百万” (rejected).
/// 乙街道 (GB18030, one blank line): Q1 在建 2023-02-01 800/800 · Q2 竣工 2022-12-01 “1,200”/300.
/// projects: plan-to-date 3 + 2 = 5, ytd 2 + 1 = 3, month (March) 1 + 0 = 1; year target 40 − 10 = 30;
///   completion 3/30 = 10%, time progress 3/12 = 25%, gap −15 pp → red.
/// investment: plan-to-date (1000+500+200+800+1200) 万元 = 0.37 亿元; ytd (400+500+200+800+300) = 0.22 亿元;
///   year target 2 − 1 = 1 → completion 22%, gap −3 pp → yellow.
/// Town targets: 甲镇 24 − 6 = 18 → 2/18; 乙街道 16 − 4 = 12 → 1/12; ranks 1 and 2.
@Suite struct EndToEndTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mini").path

    func context(_ out: TempDir) throws -> RunContext {
        let pipeline = try PipelineLoader.load(path: Self.fixture + "/mini.yaml")
        return RunContext(pipeline: pipeline, period: Period(year: 2023, month: 3),
                          inputsRoot: Self.fixture + "/inputs", outputsRoot: out.path)
    }

    func figure(_ json: [String: Any], _ code: String, _ scope: String) -> [String: Any] {
        let list = json["indicators"] as! [[String: Any]]
        return list.first { $0["code"] as? String == code && $0["scope"] as? String == scope }!
    }

    func close(_ a: Any?, _ b: Double) -> Bool { abs((a as? Double ?? .nan) - b) < 1e-9 }

    @Test func runMatchesHandComputedFigures() throws {
        let out = try TempDir()
        let result = try Run(context: try context(out)).execute()
        #expect(result.exitStatus == .incomplete)   // one rejected row
        #expect(result.ingest.rowsRead == 9)
        #expect(result.ingest.rowsAccepted == 7)
        #expect(result.ingest.rowsRejected == 1)
        #expect(result.ingest.rowsBlank == 1)

        let data = try Data(contentsOf: URL(fileURLWithPath: result.outputs.indicators))
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(json["pipeline"] as? String == "mini")
        #expect(json["period"] as? String == "2023-03")
        #expect((json["generated_from"] as? [[String: Any]])?.count == 2)

        let p = figure(json, "projects", "total")
        #expect(close(p["plan_to_date"], 5) && close(p["ytd"], 3) && close(p["month_value"], 1))
        #expect(close(p["year_target"], 30) && close(p["plan_target"], 50))
        #expect(close(p["completion"], 0.1) && close(p["time_progress"], 0.25) && close(p["gap_pp"], -15))
        #expect(p["status"] as? String == "red")
        #expect(p["scope_name"] as? String == "测试市")
        #expect(p["rank"] is NSNull)

        let inv = figure(json, "investment", "total")
        #expect(close(inv["plan_to_date"], 0.37) && close(inv["ytd"], 0.22) && close(inv["year_target"], 1))
        #expect(close(inv["completion"], 0.22) && close(inv["gap_pp"], -3))
        #expect(inv["status"] as? String == "yellow")

        let a = figure(json, "projects", "A"), b = figure(json, "projects", "B")
        #expect(close(a["ytd"], 2) && close(b["ytd"], 1))
        #expect(close(a["year_target"], 18) && close(b["year_target"], 12))
        #expect(close(a["completion"], 2.0 / 18) && close(b["completion"], 1.0 / 12))
        #expect(a["rank"] as? Int == 1 && b["rank"] as? Int == 2)
        // Towns add up to the total.
        for code in ["projects", "investment"] {
            let t = figure(json, code, "total")
            let sum = ["A", "B"].map { figure(json, code, $0)["plan_to_date"] as! Double }.reduce(0, +)
            #expect(close(t["plan_to_date"], sum))
        }
    }

    @Test func workbookShowsTheOverviewAsNumbers() throws {
        let out = try TempDir()
        let result = try Run(context: try context(out)).execute()
        let x = try XLSXReader(path: result.outputs.workbook)
        #expect(Array(x.sheetNames.prefix(3)) == ["首页", "说明", "总体进展"])
        let cells = try x.cells("总体进展")
        // Header row 3 (title, subtitle, header): 序号, 指标, 单位, 年度目标, 本月, 本年累计, 完成率, 序时进度 …
        #expect(cells["A3"]?.value == "序号" && cells["B3"]?.value == "指标" && cells["D3"]?.value == "年度目标" && cells["G3"]?.value == "完成率")
        #expect(cells["A4"] == .init(type: "n", value: "1", numberFormat: "#,##0"))
        #expect(cells["B4"]?.value == "实施“两化”改造项目")
        #expect(cells["D4"] == .init(type: "n", value: "30", numberFormat: "#,##0"))
        #expect(cells["F4"] == .init(type: "n", value: "3", numberFormat: "#,##0"))
        #expect(cells["G4"] == .init(type: "n", value: "0.1", numberFormat: "0.0%"))
        #expect(cells["H4"] == .init(type: "n", value: "0.25", numberFormat: "0.0%"))
        #expect(cells["J4"]?.value == "红")
        #expect(cells["F5"]?.type == "n" && cells["F5"]?.numberFormat == "#,##0.00")
        #expect(!x.entries(containing: "charts/chart").isEmpty)
        let print = try x.xml(ofSheet: "总体进展")
        #expect(print.all("pageSetup").first?.attributes["orientation"] == "landscape")
        #expect(print.all("pageSetup").first?.attributes["paperSize"] == "9")
    }

    @Test func ingestIsIdempotent() throws {
        let out = try TempDir()
        let c = try context(out)
        let wh = try Warehouse(path: c.storePath)
        _ = try IngestStage(pipeline: c.pipeline, period: c.period).run(inputs: c.inputDirectory, warehouse: wh)
        let before = try wh.readDatabase { db in try String.fetchAll(db, sql: "SELECT name || sha256 || status || rows_read FROM files ORDER BY id") }
        let issuesBefore = try wh.issues(pipeline: "mini", period: c.period).count
        let again = try IngestStage(pipeline: c.pipeline, period: c.period).run(inputs: c.inputDirectory, warehouse: wh)
        #expect(again.filesSkipped == 2 && again.filesLoaded == 0)
        #expect(try wh.readDatabase { db in try String.fetchAll(db, sql: "SELECT name || sha256 || status || rows_read FROM files ORDER BY id") } == before)
        #expect(try wh.issues(pipeline: "mini", period: c.period).count == issuesBefore)
    }

    @Test func cliRunExitsThreeAndPrintsTheWorkbook() throws {
        let out = try TempDir()
        let binary = try Paths.cli()
        let (status, stdout) = try runProcess(binary, ["run", "--quiet", "--pipeline", Self.fixture + "/mini.yaml",
                                                       "--period", "2023-03", "--inputs", Self.fixture + "/inputs",
                                                       "--outputs", out.path])
        #expect(status == 3)
        #expect(stdout.hasSuffix("测试市两化改造工作进展（2023年3月）.xlsx\n"))
        #expect(FileManager.default.fileExists(atPath: stdout.trimmingCharacters(in: .newlines)))

        let (bad, _) = try runProcess(binary, ["run", "--pipeline", Self.fixture + "/missing.yaml", "--period", "2023-03"])
        #expect(bad == 2)
        let (badPeriod, _) = try runProcess(binary, ["run", "--pipeline", Self.fixture + "/mini.yaml", "--period", "2023-13"])
        #expect(badPeriod == 2)
    }
}


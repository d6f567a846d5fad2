import Crypto
import Foundation
@testable import GaizaoModel
@testable import GaizaoPipeline
@testable import GaizaoReport
@testable import GaizaoRun
@testable import GaizaoStore
import Testing
import XLSXWriter

/// The leadership workbook of the Tongxiang sample, read back cell by cell.
@Suite struct WorkbookReportTests {
    /// 2022-12 … 2023-06 of the shipped sample, run once for every test here.
    static let sample = SampleRun(Paths.tongxiang, months: ["2022-12", "2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06"])

    @Test func sheetsHeadersAndNumbers() throws {
        let x = try XLSXReader(path: Self.sample.workbook)
        #expect(x.sheetNames == ["首页", "说明", "总体进展", "镇街赛马", "部门责任", "月度趋势", "逐月数据", "两化改造项目清单", "报送情况", "数据问题"])
        let overview = try x.cells("总体进展")
        #expect(LeadershipWorkbook.overviewHeaders.enumerated().allSatisfy { i, h in
            overview[XLSXWriter.Worksheet.reference(2, i)]?.value == h
        })
        #expect(overview["B4"]?.value == "实施“两化”改造项目")
        #expect(overview["D4"] == .init(type: "n", value: "180", numberFormat: "#,##0"))      // 370 − 190
        #expect(overview["G4"]?.type == "n" && overview["G4"]?.numberFormat == "0.0%")
        // A rate kind: 绿色化改造项目占比 target 30% stored as 0.3 in a percent cell.
        #expect(overview["D5"] == .init(type: "n", value: "0.3", numberFormat: "0.0%"))
        let race = try x.cells("镇街赛马")
        // Best first: 序号 1…11, the composite in 分 falling down the sheet.
        #expect(race["A4"]?.value == "1" && race["A14"]?.value == "11" && race["B3"]?.value == "镇（街道）")
        #expect(race["K3"]?.value == "综合得分（分）" && race["K4"]?.type == "n" && race["L4"]?.numberFormat == "#,##0")
        let scores = (4...14).compactMap { race["K\($0)"].flatMap { Double($0.value) } }
        #expect(scores.count == 11 && scores == scores.sorted(by: >) && scores[0] > 1)
        let trend = try x.cells("月度趋势")
        #expect(trend["A4"]?.value == "2023年1月" && trend["A9"]?.value == "2023年6月")
        let detail = try x.cells("两化改造项目清单")
        #expect(detail["A1"]?.value == "所属单位" && detail["B1"]?.value == "项目编号")
        #expect(detail["I2"]?.type == "n" && detail["I2"]?.numberFormat == "#,##0.00")   // 累计完成投资
        // 开工日期 is a date cell a clerk can sort, not text.
        let started = try #require((1...14).map { XLSXWriter.Worksheet.reference(0, $0) }.first { detail[$0]?.value.hasPrefix("开工日期") == true })
        let first = try #require(detail[started.filter(\.isLetter) + "2"])
        #expect(first.type == "n" && first.numberFormat == "yyyy-mm-dd" && (Double(first.value) ?? 0) > 44_000, "\(first)")
    }

    @Test func formatsChartsAndPrintSetup() throws {
        let x = try XLSXReader(path: Self.sample.workbook)
        // Red/yellow/green on the status column (I) of 总体进展; top/bottom three on the race composite.
        let overview = try x.xml(ofSheet: "总体进展")
        let status = overview.all("conditionalFormatting").filter { $0.attributes["sqref"]?.hasPrefix("J4:") ?? false }
        #expect(Set(status.flatMap { $0.all("formula") }.map(\.text)) == ["\"红\"", "\"黄\"", "\"绿\""])
        let race = try x.xml(ofSheet: "镇街赛马")
        #expect(race.all("formula").map(\.text).contains { $0.contains("RANK(K4,$K$4:$K$14,0)<=3") })
        // One chart per charted sheet.
        for sheet in ["总体进展", "镇街赛马", "月度趋势"] {
            #expect(try x.xml(ofSheet: sheet).all("drawing").count == 1, "\(sheet) has no chart")
        }
        #expect(x.entries(containing: "xl/charts/chart").count == 3)
        // Every sheet: A4 landscape, one page wide, header and footer; tables repeat their header rows.
        for sheet in x.sheetNames where sheet != "首页" {
            let xml = try x.xml(ofSheet: sheet)
            let setup = try #require(xml.all("pageSetup").first, "\(sheet)")
            #expect(setup.attributes["orientation"] == "landscape" && setup.attributes["paperSize"] == "9", "\(sheet)")
            // fitToWidth and fitToHeight default to 1 in the schema: one page wide shows as fitToHeight="0", one page as
            // neither. Sheets with a chart are one page wide (the chart on a page of its own), short tables one page;
            // the detail sheet is too wide to fit legibly, so it prints at full size.
            let fit = xml.all("pageSetUpPr").first?.attributes["fitToPage"]
            switch sheet {
            case "两化改造项目清单":
                #expect(fit == nil && setup.attributes["scale"] == "73", "\(sheet)")
            case "总体进展", "镇街赛马", "月度趋势", "说明":
                #expect(setup.attributes["fitToHeight"] == "0" && fit == "1", "\(sheet)")
            case "部门责任", "报送情况":
                #expect(setup.attributes["fitToHeight"] == nil && fit == "1", "\(sheet) should print on one page")
            default:
                #expect(fit == "1", "\(sheet)")
            }
            #expect(xml.all("oddFooter").first?.text.contains("第 &P 页，共 &N 页") ?? false, "\(sheet)")
        }
        let workbook = try XMLTree(data: try XLSXReader.entry(x.archive, "xl/workbook.xml"))
        let titles = workbook.all("definedName").filter { $0.attributes["name"] == "_xlnm.Print_Titles" }
        #expect(titles.count >= 6)
    }

    @Test func noticesInPlainChinese() throws {
        let june = try String(contentsOfFile: Self.sample.out + "/tongxiang/2023-06/通报.txt", encoding: .utf8)
        #expect(june.hasPrefix("桐乡市制造业数字化绿色化改造工作进展通报\n（2023年第6期）"))
        #expect(june.contains("实施“两化”改造项目本年累计105项，完成年度目标180项的58.3%，超序时进度8.3个百分点。"))
        #expect(june.contains("二、镇街赛马") && june.contains("屠甸镇逾期报送。"))
        // A pipeline asking for quarterly notices gets 季度通报.txt at the end of June, with the quarter's gains.
        let dir = try TempDir()
        let yaml = try String(contentsOfFile: Paths.tongxiang, encoding: .utf8) + "\nnotice: {quarterly: true}\n"
        try yaml.write(toFile: dir.file("tongxiang.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Paths.root + "/pipelines/tongxiang.targets.csv", toPath: dir.file("tongxiang.targets.csv"))
        let pipeline = try PipelineLoader.load(path: dir.file("tongxiang.yaml"))
        #expect(pipeline.quarterlyNotice)
        let wh = try Warehouse(path: Self.sample.out + "/tongxiang/warehouse.sqlite")
        let out = try ReportStage(pipeline: pipeline, period: Period(year: 2023, month: 6)).run(warehouse: wh, outputs: dir.path)
        let quarter = try String(contentsOfFile: try #require(out.quarterlyNotice), encoding: .utf8)
        #expect(quarter.hasPrefix("桐乡市制造业数字化绿色化改造工作进展季度通报\n（2023年第二季度）"))
        #expect(quarter.contains("实施“两化”改造项目本年累计105项，本季度完成") && quarter.contains("上季度"))
        #expect(out.files.contains("季度通报.txt"))
    }

    @Test func formulaLikeTextStaysText() throws {
        let root = try TempDir()
        let month = root.path + "/inputs/tongxiang/2023-06"
        try FileManager.default.createDirectory(atPath: month, withIntermediateDirectories: true)
        let evil = "=cmd|' /C calc'!A0"
        let header = DefectiveFileTests.header
        let rows = [header, DefectiveFileTests.row("TX01-001", [1: "\"\(evil)\""]),
                    DefectiveFileTests.row("TX01-002", [7: "\"\(evil)\""])]
        try Data(DefectiveFileTests.text(rows)).write(to: URL(fileURLWithPath: month + "/梧桐街道-项目清单.csv"))
        let pipeline = try PipelineLoader.load(path: Paths.tongxiang)
        let result = try Run(context: RunContext(pipeline: pipeline, period: Period(year: 2023, month: 6),
                                                 inputsRoot: root.path + "/inputs", outputsRoot: root.path + "/out")).execute()
        let x = try XLSXReader(path: result.outputs.workbook)
        let detail = try x.cells("两化改造项目清单")
        #expect(detail["C2"]?.value == evil && detail["C2"]?.type != "n")
        #expect(try x.xml(ofSheet: "两化改造项目清单").all("f").isEmpty)
        let problems = try x.xml(ofSheet: "数据问题")
        #expect(problems.all("f").isEmpty)
        #expect(try x.cells("数据问题").values.contains { $0.value == evil })
        let bytes = try Data(contentsOf: URL(fileURLWithPath: result.outputs.issues))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])   // BOM, so Excel reads UTF-8
        let csv = String(decoding: bytes, as: UTF8.self)
        #expect(csv.contains("'" + evil))
    }

    @Test func sameInputsGiveTheSameBytes() throws {
        func hash(_ path: String) throws -> String {
            SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
        }
        let pipeline = try PipelineLoader.load(path: Paths.tongxiang)
        var hashes: [[String]] = []
        for _ in 0..<2 {
            let out = try TempDir()
            var result: RunResult?
            for m in ["2023-05", "2023-06"] {
                result = try Run(context: RunContext(pipeline: pipeline, period: Period(m)!, inputsRoot: Paths.root + "/inputs",
                                                     outputsRoot: out.path)).execute()
            }
            let o = try #require(result?.outputs)
            hashes.append([try hash(o.workbook), try hash(o.indicators), try hash(o.issues), try hash(o.notice)])
        }
        #expect(hashes[0] == hashes[1])
    }

    /// 1,100,000 detail rows: 1,048,575 on 项目清单, the rest on 项目清单(2).
    @Test func detailPastExcelsLastRowContinuesOnASecondSheet() throws {
        let dir = try TempDir()
        let path = dir.file("big.xlsx")
        let template = Template(id: "t", title: "清单", submittedBy: ["town"], mode: .snapshot, key: ["编号"],
                                columns: [Column(name: "编号", type: .string), Column(name: "数量", type: .number)])
        let n = 1_100_000
        let rows = DetailRows(template: template, count: n) { body in
            for i in 0..<n { try body("甲镇", [.text("P\(i)"), .number(Double(i))]) }
        }
        let start = ContinuousClock.now
        let wb = try Workbook(path: path, constantMemory: true, tempDirectory: dir.path)
        let names = try DetailSheet(baseName: "项目清单", printTitle: "测试").write(rows, to: wb, styles: Styles(workbook: wb))
        try wb.close()
        #expect(ContinuousClock.now - start < .seconds(60))
        #expect(names == ["项目清单", "项目清单(2)"])
        let x = try XLSXReader(path: path)
        #expect(x.sheetNames == ["项目清单", "项目清单(2)"])
        let second = try XLSXReader.entry(x.archive, x.sheetPath("项目清单(2)")!)
        let head = String(decoding: second.prefix(2000), as: UTF8.self)
        #expect(head.contains("<dimension ref=\"A1:C\(n - DetailSheet.rowsPerSheet + 1)\"/>"))
    }
}

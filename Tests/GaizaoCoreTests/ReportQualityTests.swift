import Foundation
@testable import GaizaoIngest
@testable import GaizaoModel
@testable import GaizaoPipeline
@testable import GaizaoReport
@testable import GaizaoRun
import Testing
import ZIPFoundation

/// What a leader signs and a clerk acts on (issue 19), read back from the shipped samples' June outputs: the
/// Tongxiang months of `WorkbookReportTests.sample`, and Anhui (16 cities ranked) run here.
@Suite struct ReportQualityTests {
    /// Anhui's six sample months, the detail sheet in June only.
    static let anhui = SampleRun(Paths.root + "/pipelines/anhui.yaml", months: ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05", "2023-06"],
                                 detailIn: "2023-06")
    static var tongxiang: String { WorkbookReportTests.sample.out + "/tongxiang/2023-06" }

    static func indicators(_ dir: String) throws -> [[String: Any]] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/indicators.json"))) as! [String: Any]
        return json["indicators"] as! [[String: Any]]
    }

    /// Row number → height set on it, for one sheet.
    static func heights(_ x: XLSXReader, _ sheet: String) throws -> [Int: Double] {
        var out: [Int: Double] = [:]
        for row in try x.xml(ofSheet: sheet).all("row") {
            if let r = row.attributes["r"].flatMap(Int.init), let ht = row.attributes["ht"].flatMap(Double.init) { out[r] = ht }
        }
        return out
    }

    @Test func theWorkbookOpensOnAOnePageHeadline() throws {
        let x = try XLSXReader(path: WorkbookReportTests.sample.workbook)
        #expect(x.sheetNames.first == "首页")
        let cells = try x.cells("首页")
        let texts = cells.values.map(\.value)
        #expect(texts.contains { $0.contains("2023年6月") && $0.contains("数据截至2023年6月30日") })
        // The status counts are the figures' own.
        let totals = try Self.indicators(Self.tongxiang).filter { ($0["scope"] as? String) == "total" }
        for (label, status) in [("绿", "green"), ("黄", "yellow"), ("红", "red")] {
            let row = try #require(cells.first { $0.value.value == label && $0.key.hasPrefix("A") }?.key.dropFirst())
            #expect(cells["B\(row)"]?.value == "\(totals.filter { ($0["status"] as? String) == status }.count)", "\(label)")
        }
        #expect(texts.contains("屠甸镇"))   // late, named under 报送情况
        #expect(texts.contains { $0.hasPrefix("制表单位：桐乡市制造业数字化绿色化改造工作领导小组办公室") && $0.contains("2023年7月5日") })
        let setup = try #require(try x.xml(ofSheet: "首页").all("pageSetup").first)
        // fitToWidth and fitToHeight default to 1 in the schema: a one-page fit shows as fitToPage with neither.
        #expect(setup.attributes["orientation"] == "portrait" && (setup.attributes["fitToHeight"] ?? "1") == "1")
        #expect(try x.xml(ofSheet: "首页").all("pageSetUpPr").first?.attributes["fitToPage"] == "1")
    }

    /// The kinds fixture's three months: its 乙类企业 is a count that is lower-is-better, so compute judges it against
    /// its target, not the calendar (no shipped pipeline has such a count or sum).
    static let kinds = SampleRun(Paths.fixtures + "/kinds/kinds.yaml", months: ["2022-12", "2023-01", "2023-02"],
                                 inputs: Paths.fixtures + "/kinds/inputs")

    @Test func ratesAreNotJudgedAgainstTheCalendar() throws {
        var lowerIsBetter = 0
        for (path, book) in [(Paths.tongxiang, WorkbookReportTests.sample.workbook),
                             (Paths.fixtures + "/kinds/kinds.yaml", Self.kinds.workbook)] {
            let cells = try XLSXReader(path: book).cells("总体进展")
            let pipeline = try PipelineLoader.load(path: path)
            var rates = 0, accrued = 0
            for ind in pipeline.indicators where !ind.hidden {
                let row = try #require(cells.first { $0.key.hasPrefix("B") && $0.value.value == ind.name }?.key.dropFirst(), "\(ind.name)")
                let progress = cells["H\(row)"]
                // As compute judged it: count and sum kinds that are not lower-is-better, against the calendar.
                if ind.isAccrued && !ind.lowerIsBetter {
                    accrued += 1
                    let expected = path == Paths.tongxiang ? 0.5 : Progress.timeProgress(Period("2023-02")!)
                    #expect(progress?.type == "n" && abs((Double(progress?.value ?? "") ?? -1) - expected) < 1e-12, "\(ind.name)")
                } else {
                    rates += 1
                    if ind.lowerIsBetter { lowerIsBetter += 1 }
                    #expect(progress == nil || progress?.value == "", "\(ind.name) shows 序时进度 \(progress?.value ?? "")")
                }
            }
            if path == Paths.tongxiang { #expect(rates >= 4 && accrued >= 20) } else { #expect(rates >= 2 && accrued >= 2, "\(path)") }
            let notice = try String(contentsOfFile: (book as NSString).deletingLastPathComponent + "/通报.txt", encoding: .utf8)
            for ind in pipeline.indicators where ind.lowerIsBetter {
                let sentences = notice.split(separator: "\n").filter { $0.contains(ind.name) }
                #expect(sentences.allSatisfy { !$0.contains("序时进度") }, "\(ind.name): \(sentences)")
            }
        }
        #expect(lowerIsBetter >= 1)
        let notice = try String(contentsOfFile: Self.tongxiang + "/通报.txt", encoding: .utf8)
        #expect(notice.contains("绿色贷款余额占比为11.1%，年度目标10.0%，高于目标1.1个百分点。"))
        #expect(!notice.contains("绿色贷款余额占比为11.1%，年度目标10.0%，超序时"))
    }

    /// Beside the year's own target, the plan-to-date milestone: 实施“两化”改造项目 wants 370 by the end of 2023
    /// (its 2023 milestone), has 335 — a shortfall that the year's 180 would hide.
    @Test func theMilestoneSoFarStandsBesideTheYear() throws {
        let cells = try XLSXReader(path: WorkbookReportTests.sample.workbook).cells("总体进展")
        #expect(cells["N3"]?.value == "至本年末里程碑" && cells["O3"]?.value == "里程碑完成率")
        let row = try #require(cells.first { $0.key.hasPrefix("B") && $0.value.value == "实施“两化”改造项目" }?.key.dropFirst())
        #expect(cells["N\(row)"]?.value == "370" && cells["L\(row)"]?.value == "335")
        #expect(abs((Double(cells["O\(row)"]?.value ?? "") ?? 0) - 335.0 / 370.0) < 1e-9)
        let rate = try #require(cells.first { $0.key.hasPrefix("B") && $0.value.value == "绿色化改造项目占比" }?.key.dropFirst())
        #expect(cells["N\(rate)"] == nil || cells["N\(rate)"]?.value == "")
    }

    @Test func completionPastTheCapIsSaidInWords() throws {
        let x = try XLSXReader(path: WorkbookReportTests.sample.workbook)
        let cells = try x.cells("总体进展")
        let row = try #require(cells.first { $0.key.hasPrefix("B") && $0.value.value == "争创省级以上绿色工厂" }?.key.dropFirst())
        #expect(cells["S\(row)"]?.value == "已超额完成（目标1家，完成4家）")
        #expect(cells["G\(row)"]?.type == "n" && cells["G\(row)"]?.value == "4")   // the number stays a number
        let chart = try #require(x.entries(containing: "xl/charts/chart").first)
        let axis = try XMLTree(data: try XLSXReader.entry(x.archive, chart))
        #expect((axis.all("c:max") + axis.all("max")).map { $0.attributes["val"] } == ["1.5"])
        let notice = try String(contentsOfFile: Self.tongxiang + "/通报.txt", encoding: .utf8)
        #expect(notice.contains("争创省级以上绿色工厂本年累计4家，已超额完成年度目标（目标1家）。"))
        #expect(!notice.contains("400.0%"))
    }

    @Test func wrappedTextGetsTheRowsItNeeds() throws {
        let x = try XLSXReader(path: WorkbookReportTests.sample.workbook)
        // 说明: every 口径 line that cannot fit the 90-character column gets a row tall enough for its lines.
        let cover = try x.cells("说明")
        let heights = try Self.heights(x, "说明")
        var checked = 0
        for (ref, cell) in cover where ref.hasPrefix("B") {
            let lines = Int((displayWidth(cell.value) / 88.5).rounded(.up))
            guard lines > 1, let row = Int(ref.dropFirst()) else { continue }
            #expect((heights[row] ?? 15) >= Double(lines) * 15, "说明!\(ref): \(lines) lines, height \(heights[row] ?? 15)")
            checked += 1
        }
        #expect(checked >= 3)
        // 数据问题: a message wider than its column wraps onto a row sized for it.
        let problems = try x.cells("数据问题")
        let tall = try Self.heights(x, "数据问题")
        let long = problems.filter { $0.key.hasPrefix("J") && displayWidth($0.value.value) > 62 }
        #expect(!long.isEmpty)
        for (ref, _) in long { #expect((tall[Int(ref.dropFirst())!] ?? 15) >= 30, "数据问题!\(ref)") }
    }

    @Test func everyCellIsSetInACJKFont() throws {
        for path in [WorkbookReportTests.sample.workbook, Self.anhui.result.outputs.workbook, Self.tongxiang + "/回执/屠甸镇.xlsx"] {
            let x = try XLSXReader(path: path)
            let styles = try XMLTree(data: try XLSXReader.entry(x.archive, "xl/styles.xml"))
            let names = styles.all("font").compactMap { $0.all("name").first?.attributes["val"] }
            #expect(!names.isEmpty && names.allSatisfy { $0 == "宋体" }, "\(path): \(Set(names))")
        }
    }

    /// 较上月 in 赛马 is last month's composite rank less this month's, read from May's own workbook.
    @Test func theRankingShowsTheChangeSinceLastMonth() throws {
        let june = try XLSXReader(path: WorkbookReportTests.sample.workbook).cells("镇街赛马")
        let mayBook = try #require(try FileManager.default.contentsOfDirectory(atPath: WorkbookReportTests.sample.out + "/tongxiang/2023-05")
            .first { $0.hasSuffix(".xlsx") })
        let may = try XLSXReader(path: WorkbookReportTests.sample.out + "/tongxiang/2023-05/" + mayBook).cells("镇街赛马")
        #expect(june["M3"]?.value == "较上月")
        func ranks(_ cells: [String: XLSXReader.CellValue]) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: (4...14).compactMap { r in
                guard let name = cells["B\(r)"]?.value, let rank = cells["L\(r)"].flatMap({ Int($0.value) }) else { return nil }
                return (name, rank)
            })
        }
        let now = ranks(june), before = ranks(may)
        #expect(now.count == 11 && before.count == 11)
        var moved = 0
        for r in 4...14 {
            let name = try #require(june["B\(r)"]?.value)
            let d = try #require(before[name]) - (now[name] ?? 0)
            #expect(june["M\(r)"]?.value == (d == 0 ? "—" : d > 0 ? "↑\(d)" : "↓\(-d)"), "\(name)")
            if d != 0 { moved += 1 }
        }
        #expect(moved > 0)
    }

    /// 逐月数据: every indicator shown, month by month; June's column is 总体进展's 本年累计 (or 本月 for a rate).
    @Test func everyIndicatorHasItsMonths() throws {
        let x = try XLSXReader(path: WorkbookReportTests.sample.workbook)
        let monthly = try x.cells("逐月数据"), overview = try x.cells("总体进展")
        let pipeline = try PipelineLoader.load(path: Paths.tongxiang)
        let shown = pipeline.indicators.filter { !$0.hidden }
        #expect(monthly["E3"]?.value == "1月" && monthly["J3"]?.value == "6月")
        for (i, ind) in shown.enumerated() {
            let r = i + 4
            #expect(monthly["B\(r)"]?.value == ind.name)
            let row = try #require(overview.first { $0.key.hasPrefix("B") && $0.value.value == ind.name }?.key.dropFirst())
            let june = monthly["J\(r)"]?.value, expected = overview[(ind.againstTime ? "F" : "E") + row]?.value
            #expect(june == expected, "\(ind.name): \(june ?? "nil") vs \(expected ?? "nil")")
        }
    }

    @Test func aProvinceRanksCitiesNotTowns() throws {
        let x = try XLSXReader(path: Self.anhui.result.outputs.workbook)
        #expect(x.sheetNames.contains("各市赛马") && !x.sheetNames.contains("镇街赛马"))
        for sheet in x.sheetNames {
            let texts = try x.cells(sheet).values.map(\.value)
            #expect(!texts.contains { $0.contains("镇街") || $0.contains("镇（街道）") }, "\(sheet)")
        }
        #expect(try x.cells("各市赛马")["B3"]?.value == "市")
        let notice = try String(contentsOfFile: Self.anhui.result.outputs.notice, encoding: .utf8)
        #expect(notice.contains("各市赛马") && !notice.contains("镇街") && notice.contains("各市、各有关部门："))
        #expect(notice.contains("安徽省经济和信息化厅"))
    }

    @Test func theReceiptSaysWhatTheClerkMustDo() throws {
        let late = try XLSXReader(path: Self.tongxiang + "/回执/屠甸镇.xlsx")
        let headline = try late.cells("报送文件")["A2"]?.value ?? ""
        #expect(headline.contains("逾期") && !headline.contains("未发现错误"), "\(headline)")
        #expect(headline.contains("市经信局数字经济科"))
        let problems = try late.cells("问题清单")
        #expect(problems["B3"]?.value == "问题" && problems["I3"]?.value == "代码")
        let data = { (column: String) in problems.filter { $0.key.hasPrefix(column) && Int($0.key.dropFirst())! > 3 }.map(\.value.value) }
        let codes = data("I"), names = data("B")
        #expect(!codes.isEmpty && names.count == codes.count)
        for (code, name) in zip(codes.sorted(), codes.sorted().map { IssueCode(rawValue: $0)?.chinese }) {
            #expect(name != nil && names.contains(name!), "\(code) in \(codes)")
        }
        let xml = try late.xml(ofSheet: "问题清单")
        #expect(Set(xml.all("formula").map(\.text)).isSuperset(of: ["\"错误\"", "\"警告\""]))
        // Every code has a Chinese name that is not the code.
        #expect(IssueCode.allCases.allSatisfy { !$0.chinese.isEmpty && $0.chinese != $0.rawValue })
    }

    @Test func theNoticeReadsAsAnOfficeSendsIt() throws {
        for dir in [Self.tongxiang, (Self.anhui.result.outputs.notice as NSString).deletingLastPathComponent] {
            let notice = try String(contentsOfFile: dir + "/通报.txt", encoding: .utf8)
            let sentences = notice.split { "。\n".contains($0) }.map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(sentences.allSatisfy { $0.count < 150 }, "\(sentences.filter { $0.count >= 150 })")
            #expect(!notice.contains("下降为") && !notice.contains("提升为") && !notice.contains("水平为") && !notice.contains("进度快慢"))
            let sections = ["一、总体情况", "报送情况", "存在问题", "下步工作要求"]
            let positions = sections.map { notice.range(of: $0)?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil } && positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "\(dir)")
            let problems = String(notice[notice.range(of: "存在问题")!.upperBound...])
            for f in try Self.indicators(dir) where (f["scope"] as? String) == "total" {
                guard let status = f["status"] as? String, status == "red" || status == "yellow", let name = f["name"] as? String else { continue }
                #expect(problems.contains(name), "\(name) (\(status)) not named under 存在问题")
            }
            #expect(notice.contains("【请填写"))
        }
    }

    /// `通报.docx` is a Word file LibreOffice opens: converted to PDF, its text is the notice's.
    @Test func theNoticeIsAlsoAWordFile() throws {
        let docx = Self.tongxiang + "/通报.docx"
        #expect(FileManager.default.fileExists(atPath: docx))
        let soffice = try #require(["/usr/bin/soffice", "/usr/bin/libreoffice"].first(where: FileManager.default.isExecutableFile),
                                   "LibreOffice is needed (make test installs libreoffice-writer)")
        let dir = try TempDir()
        let (status, _, _) = try runProcessWithErrors(soffice, ["--headless", "-env:UserInstallation=file://\(dir.path)/lo", "--convert-to", "txt:Text",
                                                             "--outdir", dir.path, docx], timeout: 120)
        try #require(status == 0)
        let text = try String(contentsOfFile: dir.file("通报.txt"), encoding: .utf8)
        #expect(text.contains("桐乡市制造业数字化绿色化改造工作进展通报") && text.contains("五、下步工作要求"))
        let (pdf, _, _) = try runProcessWithErrors(soffice, ["--headless", "-env:UserInstallation=file://\(dir.path)/lo", "--convert-to", "pdf",
                                                          "--outdir", dir.path, docx], timeout: 120)
        #expect(pdf == 0 && FileManager.default.fileExists(atPath: dir.file("通报.pdf")))
        let document = try String(decoding: XLSXReader.entry(try Archive(url: URL(fileURLWithPath: docx), accessMode: .read), "word/document.xml"), as: UTF8.self)
        #expect(document.contains("仿宋_GB2312") && document.contains("黑体") && document.contains("w:w=\"11906\""))
    }
}

/// The blank forms `gaizao template` hands out (issue 19, item 11): every column with a known set of values — an
/// enum, the column naming the unit, a text column an indicator counts by value — has a drop-down fed from the
/// pipeline; required columns are marked; 填表说明 carries a 填表示例 and describes a composite key as a whole.
@Suite struct BlankTemplateTests {
    @Test(arguments: ["tongxiang", "anhui"])
    func everyColumnWithKnownValuesHasADropDown(_ name: String) throws {
        let pipeline = try PipelineLoader.load(path: Paths.root + "/pipelines/\(name).yaml")
        let dir = try TempDir()
        var listed = 0
        for template in pipeline.templates {
            let form = BlankTemplate(pipeline: pipeline, template: template)
            let path = try #require(try form.write(into: dir.file(template.id)).first { $0.hasSuffix(".xlsx") })
            let x = try XLSXReader(path: path)
            let sheet = try x.xml(ofSheet: x.sheetNames[0])
            let validated = Dictionary(sheet.all("dataValidation").filter { $0.attributes["type"] == "list" }.map {
                (String(($0.attributes["sqref"] ?? "").prefix { $0.isLetter }), $0.all("formula1").first?.text ?? "")
            }, uniquingKeysWith: { a, _ in a })
            for (c, column) in template.columns.enumerated() {
                let letter = Issue.columnLetters(c + 1)
                guard let values = form.knownValues(column) else { continue }
                let list = try #require(validated[letter], "\(name)/\(template.id) \(column.name) has no drop-down")
                if list.hasPrefix("\"") { #expect(values.allSatisfy { list.contains($0) }, "\(template.id) \(column.name)") }
                listed += 1
            }
            let help = try x.cells("填表说明").values.map(\.value)
            #expect(help.contains("填表示例") && help.contains { $0.hasPrefix("表头为红色的列必须填写") })
            if template.key.count > 1 {
                #expect(help.contains(template.key.joined(separator: "+") + " 不得重复（同一组合只填一行）"), "\(template.id)")
                #expect(!help.contains { $0.hasSuffix("；同一文件内不得重复") }, "\(template.id): key described column by column")
            }
        }
        #expect(listed >= 3)
        // The ones the issue names: 所属镇街 lists the towns, 认定类型 the types the indicators count.
        if name == "tongxiang" {
            let projects = try #require(pipeline.template(id: "projects"))
            let town = try #require(projects.columns.first { $0.name == projects.unitColumn })
            #expect(BlankTemplate(pipeline: pipeline, template: projects).knownValues(town) == pipeline.towns.map(\.name))
            let recognitions = try #require(pipeline.templates.first { $0.columns.contains { $0.name == "认定类型" } })
            let kind = try #require(recognitions.columns.first { $0.name == "认定类型" })
            #expect((BlankTemplate(pipeline: pipeline, template: recognitions).knownValues(kind) ?? []).count >= 3)
        }
    }
}

/// A 竣工 project with no 竣工日期 (`required_when: {项目状态: [竣工]}`) is a row issue at ingest, and the form's
/// 填表说明 says when the column is required.
@Suite struct ConditionalRequiredTests {
    @Test func aFinishedProjectNeedsItsCompletionDate() throws {
        let pipeline = try PipelineLoader.load(path: Paths.tongxiang)
        let dir = try TempDir()
        let path = dir.file("乌镇镇-两化改造项目清单.csv")
        try ProjectLedger.text([
            .init(id: "WZ1", town: "乌镇镇", start: "2023-02-01", end: "2023-05-20", status: "竣工"),
            .init(id: "WZ2", town: "乌镇镇", start: "2023-02-01", end: "", status: "竣工"),
            .init(id: "WZ3", town: "乌镇镇", start: "2023-02-01", end: "", status: "在建"),
        ]).write(toFile: path, atomically: true, encoding: .utf8)
        var keys: [String] = []
        let report = try SubmissionReader(pipeline: pipeline, period: Period("2023-06")!).read(Submission(path: path)) { keys.append($0.key) }
        #expect(keys == ["WZ1", "WZ3"] && report.rowsRejected == 1)
        let issue = try #require(report.issues.first { $0.code == .missingValue })
        #expect(issue.line == 3 && issue.columnName == "竣工日期" && issue.message.contains("“项目状态”为“竣工”"))
        // The form says so too, and lint refuses a condition on a column that does not exist.
        let projects = try #require(pipeline.template(id: "projects"))
        let form = try #require(try BlankTemplate(pipeline: pipeline, template: projects).write(into: dir.file("form")).first { $0.hasSuffix(".xlsx") })
        #expect(try XLSXReader(path: form).cells("填表说明").values.contains { $0.value.hasPrefix("“项目状态”为竣工时必填") })
        let yaml = try String(contentsOfFile: Paths.tongxiang, encoding: .utf8).replacingOccurrences(of: "required_when: {项目状态: [竣工]}", with: "required_when: {状态: [竣工]}")
        try yaml.write(toFile: dir.file("tongxiang.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: Paths.root + "/pipelines/tongxiang.targets.csv", toPath: dir.file("tongxiang.targets.csv"))
        let (status, stdout, stderr) = try runProcessWithErrors(try Paths.cli(), ["lint", dir.file("tongxiang.yaml")])
        #expect(status == 2 && (stdout + stderr).contains("required_when 引用的列“状态”"), "\(stdout)\(stderr)")
    }
}

import Foundation
@testable import GaizaoModel
@testable import GaizaoPipeline
@testable import GaizaoRun
import Testing

/// Up the ladder (issue 20): 桐乡 and 海宁 run June, their 上报表 join the five hand-filled ones, and 嘉兴市 adds
/// them up. Every figure is checked against sums worked out here from the input files themselves.
@Suite struct RollupTests {
    static let jiaxing = Paths.root + "/pipelines/jiaxing.yaml"
    static let haining = SampleRun(Paths.root + "/pipelines/haining.yaml", months: ["2023-06"], detailIn: "")
    static var tongxiang: SampleRun { WorkbookReportTests.sample }
    static let hand = ["南湖区", "秀洲区", "嘉善县", "海盐县", "平湖市"]

    typealias Figures = [String: [String: [String: Any]]]   // code → scope → figure

    static func figures(_ month: String) throws -> Figures {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: month + "/indicators.json"))) as! [String: Any]
        var out: Figures = [:]
        for f in json["indicators"] as! [[String: Any]] { out[f["code"] as! String, default: [:]][f["scope"] as! String] = f }
        return out
    }

    /// A folder of June's 上报表 as the city receives them: the counties' own, fresh from their runs, and the
    /// hand-filled five; `change` edits the files first.
    static func inputs(_ change: (String) throws -> Void = { _ in }) throws -> TempDir {
        let dir = try TempDir()
        let june = dir.path + "/jiaxing/2023-06"
        try FileManager.default.createDirectory(atPath: june, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: Paths.root + "/inputs/jiaxing/2023-06")
        where !name.hasPrefix("3304") {
            try FileManager.default.copyItem(atPath: Paths.root + "/inputs/jiaxing/2023-06/" + name, toPath: june + "/" + name)
        }
        try FileManager.default.copyItem(atPath: tongxiang.out + "/tongxiang/2023-06/上报/330483-2023-06.csv", toPath: june + "/330483-2023-06.csv")
        try FileManager.default.copyItem(atPath: haining.out + "/haining/2023-06/上报/330481-2023-06.csv", toPath: june + "/330481-2023-06.csv")
        try change(june)
        return dir
    }

    static func run(_ inputs: TempDir, months: [String] = ["2023-06"], pipeline given: Pipeline? = nil) throws -> (out: TempDir, result: RunResult) {
        let out = try TempDir()
        let pipeline = try given ?? PipelineLoader.load(path: jiaxing)
        var last: RunResult?
        for m in months {
            last = try Run(context: RunContext(pipeline: pipeline, period: Period(m)!, inputsRoot: inputs.path, outputsRoot: out.path)).execute()
        }
        return (out, last!)
    }

    /// Each input 上报表's rows by 指标代码, read here (GBK through iconv), not by the engine.
    static func reported(_ folder: String) throws -> [String: [String: [String: String]]] {
        var out: [String: [String: [String: String]]] = [:]   // region code → 指标代码 → column → cell
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".csv") && !name.hasPrefix("_") {
            var data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            if String(data: data, encoding: .utf8) == nil {
                let (status, text) = try runProcess("/usr/bin/iconv", ["-f", "GB18030", "-t", "UTF-8", folder + "/" + name])
                #expect(status == 0)
                data = Data(text.utf8)
            }
            let rows = try csvRows(String(decoding: data, as: UTF8.self))
            let header = rows[0].map { $0.replacingOccurrences(of: "\u{FEFF}", with: "") }
            for row in rows.dropFirst() where row.count == header.count {
                let cells = Dictionary(uniqueKeysWithValues: zip(header, row))
                out[cells["地区代码"]!, default: [:]][cells["指标代码"]!] = cells
            }
        }
        return out
    }

    /// Runs both folders and expects every figure of the second to equal the first's, all seven files loaded and no
    /// row rejected; returns the second run's issues.csv.
    static func sameFiguresAsTheCSVs(_ csv: TempDir, _ other: TempDir) throws -> String {
        let first = try run(csv)
        let a = try figures(first.out.path + "/jiaxing/2023-06")
        let (out, result) = try run(other)
        let b = try figures(out.path + "/jiaxing/2023-06")
        #expect(result.ingest.filesLoaded == 7 && result.ingest.rowsRejected == 0)
        for (code, scopes) in a {
            for (scope, f) in scopes {
                for key in ["month_value", "ytd", "plan_to_date", "year_target", "completion"] {
                    #expect(close(b[code]?[scope]?[key], f[key] as? Double), "\(code) \(scope) \(key)")
                }
            }
        }
        return try String(contentsOfFile: out.path + "/jiaxing/2023-06/issues.csv", encoding: .utf8)
    }

    static func close(_ a: Any?, _ b: Double?) -> Bool {
        guard let x = a as? Double, let y = b else { return (a == nil || a is NSNull) && b == nil }
        return abs(x - y) <= 1e-9 * max(1, abs(y))
    }

    @Test func theCityAddsUpItsCounties() throws {
        let inputs = try Self.inputs()
        let (out, result) = try Self.run(inputs)
        let f = try Self.figures(out.path + "/jiaxing/2023-06")
        let reports = try Self.reported(inputs.path + "/jiaxing/2023-06")
        #expect(reports.count == 7)
        let pipeline = try PipelineLoader.load(path: Self.jiaxing)
        func n(_ cells: [String: String]?, _ column: String) -> Double? { cells?[column].flatMap { Double($0) } }
        var ratesChecked = 0
        for ind in pipeline.indicators {
            guard let r = ind.measure.rollup, let total = f[ind.code]?["total"] else { Issue.record("no total for \(ind.code)"); continue }
            let rows = reports.map { region, byCode in byCode[r.code(for: region)] }.compactMap { $0 }
            #expect(!rows.isEmpty, "\(ind.code)")
            func sum(_ column: String) -> Double? {
                let vs = rows.compactMap { n($0, column) }
                return vs.isEmpty ? nil : vs.reduce(0, +)
            }
            switch r.kind {
            case .count, .sum:
                // Counts and sums add, and so do their targets (sum_of_units).
                for (key, column) in [("month_value", "本月"), ("ytd", "本年累计"), ("plan_to_date", "规划期累计"),
                                      ("year_target", "年度目标"), ("plan_target", "规划期目标")] {
                    #expect(Self.close(total[key], sum(column)), "\(ind.code) \(key): \(total[key] ?? "nil") ≠ \(sum(column) ?? .nan)")
                }
            case .ratio, .growth, .decline:
                let (a, b): (String, String) = r.kind == .growth ? ("本期", "上期") : ("分子", "分母")
                var expected = try #require(sum(a)) / #require(sum(b))
                if r.kind == .decline { expected = 1 - expected / (try #require(sum("基期分子")) / #require(sum("基期分母"))) }
                if r.kind == .growth { expected -= 1 }
                #expect(Self.close(total["month_value"], expected * 100), "\(ind.code): \(total["month_value"] ?? "nil") ≠ \(expected * 100)")
                // Never the mean of the counties' rates: the fixture's shares are far apart, so the two differ.
                let mean = rows.compactMap { n($0, "本月") }.reduce(0, +) / Double(rows.count)
                #expect(abs((total["month_value"] as? Double ?? mean) - mean) > 0.5, "\(ind.code) is the mean of the rates")
                ratesChecked += 1
            case .level:
                #expect(total["month_value"] == nil, "a level is listed, not totalled")
            }
        }
        #expect(ratesChecked == 3)
        // A county's figures in the city's indicators.json are its own totals, code map included (海宁's energy_freed).
        let own = [("330483", try Self.figures(Self.tongxiang.out + "/tongxiang/2023-06")),
                   ("330481", try Self.figures(Self.haining.out + "/haining/2023-06"))]
        for (region, theirs) in own {
            for ind in pipeline.indicators {
                guard let code = ind.measure.rollup?.code(for: region), let t = theirs[code]?["total"] else { continue }
                let c = try #require(f[ind.code]?[region], "\(ind.code) \(region)")
                for key in ["month_value", "ytd", "plan_to_date", "year_target", "plan_target", "completion"] where ind.isAccrued || key != "ytd" {
                    #expect(Self.close(c[key], t[key] as? Double), "\(region) \(ind.code) \(key): \(c[key] ?? "nil") ≠ \(t[key] ?? "nil")")
                }
            }
        }
        #expect(f["energy"]?["330481"]?["ytd"] as? Double == own[1].1["energy_freed"]?["total"]?["ytd"] as? Double)
        // 赛马 ranks the seven; the GBK file, 2023年6月 and the late one are all read; 南湖区's typed share is flagged.
        #expect(f["projects"]?.keys.filter { $0 != "total" }.count == 7)
        let issues = try String(contentsOfFile: out.path + "/jiaxing/2023-06/issues.csv", encoding: .utf8)
        #expect(issues.contains("component-mismatch") && issues.contains("南湖区") && issues.contains("green_credit_share"))
        #expect(issues.contains("late-submission") && issues.contains("秀洲区"))
        #expect(!issues.contains("report-altered") && !issues.contains(",错误,") && !issues.hasPrefix("错误"), "\(issues)")
        let books = result.ingest
        #expect(books.rowsRead == books.rowsAccepted + books.rowsRejected + books.rowsBlank)
        #expect(books.rowsRejected == 0 && books.filesLoaded == 7)
    }

    @Test func theCountiesWorkbooksGiveTheFiguresTheirCSVsGive() throws {
        let csv = try Self.inputs()
        let xlsx = try Self.inputs { june in
            for (run, id, code) in [(Self.tongxiang, "tongxiang", "330483"), (Self.haining, "haining", "330481")] {
                try FileManager.default.removeItem(atPath: june + "/\(code)-2023-06.csv")
                try FileManager.default.copyItem(atPath: run.out + "/\(id)/2023-06/上报/\(code)-2023-06.xlsx", toPath: june + "/\(code)-2023-06.xlsx")
            }
        }
        let issues = try Self.sameFiguresAsTheCSVs(csv, xlsx)
        #expect(!issues.contains("report-altered"), "numbers read back from the workbook still match their digests")
    }

    /// The 上报表 opened and saved again by a spreadsheet (LibreOffice here, types guessed as Excel guesses them: 报告期
    /// becomes a date, 地区代码 a number): the city's figures are the CSVs', and gaizao's digests still match.
    @Test func reportsSavedAgainByASpreadsheetGiveTheSameFigures() throws {
        let soffice = try #require(["/usr/bin/soffice", "/usr/bin/libreoffice"].first(where: FileManager.default.isExecutableFile),
                                   "LibreOffice is needed (make test installs libreoffice-calc)")
        let csv = try Self.inputs()
        let saved = try Self.inputs { june in
            for name in ["330483-2023-06.csv", "南湖区-上报表-2023-06.csv"] {
                let (status, _) = try runProcess(soffice, ["--headless", "-env:UserInstallation=file://\(june)/../lo", "--infilter=CSV:44,34,76,1",
                                                           "--convert-to", "xlsx", "--outdir", june, june + "/" + name])
                try #require(status == 0)
                try FileManager.default.removeItem(atPath: june + "/" + name)
            }
            try? FileManager.default.removeItem(atPath: june + "/../lo")
        }
        let issues = try Self.sameFiguresAsTheCSVs(csv, saved)
        #expect(!issues.contains("report-altered") && !issues.contains("period-mismatch"), "\(issues)")
    }

    @Test func aChangedFigureInAGaizaoReportIsFlagged() throws {
        let inputs = try Self.inputs { june in
            let path = june + "/330483-2023-06.csv"
            var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\r\n")
            let i = try #require(lines.firstIndex { $0.contains(",investment,") })
            var cells = lines[i].components(separatedBy: ",")
            cells[8] = String((Double(cells[8]) ?? 0) + 1)   // 本月 raised by one
            lines[i] = cells.joined(separator: ",")
            try lines.joined(separator: "\r\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        let (out, _) = try Self.run(inputs)
        let rows = try csvRows(String(contentsOfFile: out.path + "/jiaxing/2023-06/issues.csv", encoding: .utf8))
        let altered = rows.filter { $0.contains("report-altered") }
        #expect(altered.count == 1, "\(altered)")
        #expect(altered.first?.contains("330483-2023-06.csv") == true && altered.first?.contains("investment") == true)
        #expect(altered.first?.first == "警告")
    }

    @Test func anotherMonthsReportIsRefusedAndTheLastOneCarries() throws {
        // May's 南湖区 report dropped into June's folder, and a report from a region that is not a unit.
        let inputs = try Self.inputs { june in
            try FileManager.default.removeItem(atPath: june + "/南湖区-上报表-2023-06.csv")
            try FileManager.default.copyItem(atPath: Paths.root + "/inputs/jiaxing/2023-05/南湖区-上报表-2023-05.csv",
                                             toPath: june + "/南湖区-上报表-2023-05.csv")
            let text = try String(contentsOfFile: june + "/平湖市-上报表-2023-06.csv", encoding: .utf8)
            try text.replacingOccurrences(of: "330482,平湖市", with: "330499,某某区").write(toFile: june + "/某某区-上报表-2023-06.csv", atomically: true, encoding: .utf8)
        }
        let may = inputs.path + "/jiaxing/2023-05"
        try FileManager.default.createDirectory(atPath: may, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Paths.root + "/inputs/jiaxing/2023-05/南湖区-上报表-2023-05.csv", toPath: may + "/南湖区-上报表-2023-05.csv")
        let (out, _) = try Self.run(inputs, months: ["2023-05", "2023-06"])
        let rows = try csvRows(String(contentsOfFile: out.path + "/jiaxing/2023-06/issues.csv", encoding: .utf8))
        #expect(rows.contains { $0.contains("period-mismatch") && $0.contains("南湖区-上报表-2023-05.csv") && $0.first == "错误" })
        #expect(rows.contains { $0.contains("unknown-unit") && $0.contains("某某区-上报表-2023-06.csv") })
        // 南湖区 sent nothing valid for June: its May report carries forward, marked as such.
        let f = try Self.figures(out.path + "/jiaxing/2023-06")
        let may5 = try Self.reported(Paths.root + "/inputs/jiaxing/2023-05")["330402"]
        let projects = try #require(f["projects"]?["330402"])
        #expect(projects["carried_forward"] as? Bool == true)
        #expect(Self.close(projects["ytd"], may5?["projects"]?["本年累计"].flatMap(Double.init)))
        #expect(Self.close(projects["month_value"], 0))
    }

    @Test func theShippedSampleRunsMonthAfterMonth() throws {
        let run = SampleRun(Self.jiaxing, months: ["2023-04", "2023-05", "2023-06"], detailIn: "2023-06")
        #expect(FileManager.default.fileExists(atPath: run.workbook))
        var codes: Set<String> = []
        for m in ["2023-04", "2023-05", "2023-06"] {
            let rows = try csvRows(String(contentsOfFile: run.out + "/jiaxing/\(m)/issues.csv", encoding: .utf8)).dropFirst()
            codes.formUnion(rows.map { $0[1] })
            #expect(!rows.contains { $0[0] == "错误" }, "\(m): \(rows.filter { $0[0] == "错误" })")
        }
        // What the samples plant, and nothing else: the shipped county reports still match their digests.
        #expect(codes == ["missing-submission", "late-submission", "component-mismatch"])
        let may = try Self.figures(run.out + "/jiaxing/2023-05")
        #expect(may["projects"]?["330424"]?["carried_forward"] as? Bool == true)
        #expect(may["projects"]?["total"]?["carried_forward"] as? Bool == true)
        let race = try XLSXReader(path: run.workbook).cells("县（市、区）赛马")
        #expect(race.values.contains { $0.value == "海盐县" } && race.values.contains { $0.value == "桐乡市" })
        // Every indicator's figure per county on paper: the sheet's cell for 桐乡市's projects is its 本年累计.
        let sheet = try XLSXReader(path: run.workbook).cells("分县（市、区）数据")
        let header = try #require(sheet.first { $0.value.value == "桐乡市" }?.key)
        let row = try #require(sheet.first { $0.value.value == "实施“两化”改造项目" }?.key)
        let column = header.prefix { $0.isLetter }, line = row.drop { $0.isLetter }
        let june = try Self.figures(run.out + "/jiaxing/2023-06")
        #expect(Double(sheet["\(column)\(line)"]?.value ?? "") == june["projects"]?["330483"]?["ytd"] as? Double)
        #expect(sheet["\(column)\(line)"]?.type == "n")
        #expect(sheet.values.contains { $0.value == "嘉兴市合计" } && sheet.values.filter { ["南湖区", "秀洲区", "嘉善县", "海盐县", "海宁市", "平湖市", "桐乡市"].contains($0.value) }.count == 7)
    }

    @Test func aLevelIsListedNotTotalledAndUnitsConvert() throws {
        // 海宁 alone reports 印染企业数, a level without components; investment read in 万元 from reports in 亿元.
        let text = try String(contentsOfFile: Self.jiaxing, encoding: .utf8) + """
              - code: dyeing_firms
                name: 印染企业数
                unit: 家
                measure: {rollup: dyeing_firms, kind: level}
                decompose: county
                note: 各地上报的印染企业数，逐地列示，不汇总（水平值没有可相加的分项）。
              - code: dyeing_firms_total
                name: 印染企业数（合计）
                unit: 家
                measure: {rollup: dyeing_firms, kind: level}
                baseline: 120
                targets: {2025: 60}
                note: 各地印染企业数之和：越少越好的存量可以相加。
              - code: investment_wan
                name: 改造投资（万元）
                unit: 万元
                measure: {rollup: investment, kind: sum}
                targets: sum_of_units
            """
        let pipeline = try PipelineLoader.parse(text)
        #expect(PipelineLint.findings(pipeline).filter { $0.level == .error }.isEmpty)
        let (out, _) = try Self.run(try Self.inputs(), pipeline: pipeline)
        let f = try Self.figures(out.path + "/jiaxing/2023-06")
        let haining = try Self.figures(Self.haining.out + "/haining/2023-06")
        let level = try #require(f["dyeing_firms"])
        #expect(level["total"]?["month_value"] is NSNull)
        #expect(Self.close(level["330481"]?["month_value"], haining["dyeing_firms"]?["total"]?["month_value"] as? Double))
        #expect(level["330483"]?["month_value"] is NSNull)
        // A lower-is-better stock adds: here only 海宁 reports it, so the sum is its figure.
        #expect(Self.close(f["dyeing_firms_total"]?["total"]?["month_value"], haining["dyeing_firms"]?["total"]?["month_value"] as? Double))
        for key in ["month_value", "ytd", "plan_to_date", "year_target"] {
            let yi = try #require(f["investment"]?["total"]?[key] as? Double)
            #expect(Self.close(f["investment_wan"]?["total"]?[key], yi * 10_000), "\(key)")
        }
    }

    @Test func aReportIsOneRegionsAndOfTheKindTheCityAddsUp() throws {
        let inputs = try Self.inputs { june in
            // 平湖市's file carrying 海盐县's code, and 嘉善县's green-loan share typed as a sum (GBK: rewritten via iconv).
            let path = june + "/平湖市-上报表-2023-06.csv"
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try text.replacingOccurrences(of: "330482,平湖市", with: "330424,海盐县").write(toFile: path, atomically: true, encoding: .utf8)
            let gbk = june + "/嘉善县-上报表-2023-06.csv"
            let (status, utf8) = try runProcess("/usr/bin/iconv", ["-f", "GB18030", "-t", "UTF-8", gbk])
            #expect(status == 0)
            try utf8.replacingOccurrences(of: ",%,ratio,", with: ",%,sum,").write(toFile: gbk, atomically: true, encoding: .utf8)
        }
        let (out, _) = try Self.run(inputs)
        let rows = try csvRows(String(contentsOfFile: out.path + "/jiaxing/2023-06/issues.csv", encoding: .utf8))
        #expect(rows.contains { $0[1] == "unit-conflict" && $0[0] == "错误" && $0.contains("平湖市-上报表-2023-06.csv") && $0.contains("330424") })
        #expect(!rows.contains { $0[1] == "unit-conflict" && $0[0] == "警告" }, "the refusal is the one issue about 地区代码")
        #expect(rows.contains { $0[1] == "constraint-error" && $0[0] == "警告" && $0.contains("嘉善县-上报表-2023-06.csv") && $0.contains("sum") })
        let f = try Self.figures(out.path + "/jiaxing/2023-06")
        #expect(f["projects"]?["330482"]?["ytd"] is NSNull, "平湖市 sent nothing that loaded: blank, not 0")
        #expect(f["robots"]?["330402"]?["ytd"] is NSNull, "南湖区 does not report robots")
    }

    @Test func aReportFromLastYearCarriesItsPlanButNotItsYear() throws {
        // 南湖区 reports December 2022 and sends nothing in January: January counts its plan-to-date, not its 本年累计.
        let dir = try TempDir()
        let december = dir.path + "/jiaxing/2022-12", january = dir.path + "/jiaxing/2023-01"
        for folder in [december, january] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let april = try String(contentsOfFile: Paths.root + "/inputs/jiaxing/2023-04/南湖区-上报表-2023-04.csv", encoding: .utf8)
        try april.replacingOccurrences(of: ",2023-04,", with: ",2022-12,").write(toFile: december + "/南湖区-上报表-2022-12.csv", atomically: true, encoding: .utf8)
        let pingHu = try String(contentsOfFile: Paths.root + "/inputs/jiaxing/2023-04/平湖市-上报表-2023-04.csv", encoding: .utf8)
        try pingHu.replacingOccurrences(of: ",2023-04,", with: ",2023-01,").write(toFile: january + "/平湖市-上报表-2023-01.csv", atomically: true, encoding: .utf8)
        let (out, _) = try Self.run(dir, months: ["2022-12", "2023-01"])
        let f = try Self.figures(out.path + "/jiaxing/2023-01")
        let dec = try #require(try Self.reported(december)["330402"]?["projects"])
        let nanhu = try #require(f["projects"]?["330402"])
        #expect(nanhu["carried_forward"] as? Bool == true)
        #expect(Self.close(nanhu["plan_to_date"], Double(dec["规划期累计"] ?? "")))
        #expect(Self.close(nanhu["ytd"], 0) && Self.close(nanhu["month_value"], 0))
        #expect(nanhu["year_target"] is NSNull, "last year's target is not this year's")
        // The city's total adds 南湖区's plan-to-date to 平湖市's, and only 平湖市's year.
        let jan = try #require(try Self.reported(january)["330482"]?["projects"])
        let total = try #require(f["projects"]?["total"])
        #expect(Self.close(total["ytd"], Double(jan["本年累计"] ?? "")))
        #expect(Self.close(total["plan_to_date"], (Double(jan["规划期累计"] ?? "") ?? 0) + (Double(dec["规划期累计"] ?? "") ?? 0)))
    }

    @Test func lintRefusesARollupWithoutItsKindOrTemplate() throws {
        let text = try String(contentsOfFile: Self.jiaxing, encoding: .utf8)
        #expect(throws: PipelineError.self) {
            try PipelineLoader.parse(text.replacingOccurrences(of: "{rollup: projects, kind: count}", with: "{rollup: projects}"))
        }
        #expect(throws: PipelineError.self) {
            try PipelineLoader.parse(text.replacingOccurrences(of: "    rollup: true\n", with: "    columns: [{name: 指标代码}]\n"))
        }
        #expect(throws: PipelineError.self) {
            try PipelineLoader.parse(text.replacingOccurrences(of: "    measure: {rollup: green_credit_share, kind: ratio}\n    accumulate: year\n    targets: {2022: 10, 2025: 10}",
                                                               with: "    measure: {rollup: green_credit_share, kind: ratio}\n    accumulate: year\n    targets: sum_of_units"))
        }
        #expect(throws: PipelineError.self) {
            try PipelineLoader.parse(text.replacingOccurrences(of: "{rollup: projects, kind: count}", with: "{rollup: projects, kind: count, window: ytd}"))
        }
        let bad = try PipelineLoader.parse(text.replacingOccurrences(of: "codes: {\"330481\": energy_freed}", with: "codes: {\"339999\": energy_freed}"))
        #expect(PipelineLint.findings(bad).contains { $0.message.contains("339999") })
    }
}

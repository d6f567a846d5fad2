import CSVStream
import Foundation
@testable import GaizaoIngest
@testable import GaizaoModel
@testable import GaizaoPipeline
@testable import GaizaoRun
@testable import GaizaoStore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// One office's inputs tree and store, run month after month as cron would.
struct Office {
    let root: TempDir
    let pipeline: Pipeline

    init(_ pipelinePath: String) throws {
        root = try TempDir()
        pipeline = try PipelineLoader.load(path: pipelinePath)
    }

    func folder(_ month: String) throws -> String {
        let dir = root.path + "/inputs/\(pipeline.id)/" + month
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func put(_ month: String, _ name: String, _ text: String) throws {
        try text.write(toFile: try folder(month) + "/" + name, atomically: true, encoding: .utf8)
    }

    func context(_ month: String) -> RunContext {
        RunContext(pipeline: pipeline, period: Period(month)!, inputsRoot: root.path + "/inputs",
                   outputsRoot: root.path + "/outputs")
    }

    /// Runs the month and returns the result and its `indicators.json`.
    @discardableResult
    func run(_ month: String) throws -> (result: RunResult, json: [String: Any]) {
        _ = try folder(month)
        let result = try Run(context: context(month)).execute()
        let data = try Data(contentsOf: URL(fileURLWithPath: result.outputs.indicators))
        return (result, try JSONSerialization.jsonObject(with: data) as! [String: Any])
    }

    static func figure(_ json: [String: Any], _ code: String, _ scope: String = "total") -> [String: Any]? {
        (json["indicators"] as? [[String: Any]])?.first { $0["code"] as? String == code && $0["scope"] as? String == scope }
    }
}

/// A valid 统一社会信用代码 for `n`, its check digit computed here from GB 32100-2015 (not by the engine).
func creditCode(_ n: Int) -> String {
    let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    let body = Array("91330483" + String(format: "MA%07d", n % 10_000_000))
    let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    let sum = zip(body, weights).reduce(0) { $0 + alphabet.firstIndex(of: $1.0)! * $1.1 }
    return String(body) + String(alphabet[(31 - sum % 31) % 31])
}

/// A 两化改造项目清单 as SPEC §8 pins it.
enum ProjectLedger {
    static let header = "项目编号,项目名称,企业名称,统一社会信用代码,所属镇街,改造类型,计划总投资（万元）,累计完成投资（万元）,本年完成投资（万元）,节约用能（吨标煤）,新增工业机器人（台）,开工日期,竣工日期,项目状态"

    struct Project {
        var id: String
        var town: String
        var type = "数字化改造"
        var total: Double = 100
        var year: Double = 50
        var tce: Double = 0
        var robots = 0
        var start: String
        var end = ""
        var status = "在建"

        var line: String {
            let n = Int(id.filter(\.isNumber)) ?? 1
            return [id, "\(id)改造项目", "企业\(n)", creditCode(n), town, type, "\"1,000\"", quoted(total), quoted(year),
                    quoted(tce), "\(robots)", start, end, status].joined(separator: ",")
        }

        func quoted(_ v: Double) -> String { v >= 1000 ? "\"\(String(format: "%.1f", v).thousands)\"" : String(format: "%g", v) }
    }

    static func text(_ projects: [Project]) -> String {
        ([header] + projects.map(\.line)).joined(separator: "\r\n") + "\r\n"
    }
}

extension String {
    /// `1234.5` → `1,234.5`, as Excel writes a number formatted with separators.
    var thousands: String {
        let parts = split(separator: ".", maxSplits: 1)
        var digits = Array(parts[0])
        var i = digits.count - 3
        while i > 0 { digits.insert(",", at: i); i -= 3 }
        return String(digits) + (parts.count > 1 ? "." + parts[1] : "")
    }
}

/// The nine defects that independent checks found (issue 14), each as a class with the test that catches it.
@Suite struct IndependentChecksTests {
    func close(_ a: Any?, _ b: Double) -> Bool { abs((a as? Double ?? .nan) - b) < 1e-9 }

    // MARK: 1. GB18030 — differential against iconv

    /// Random Chinese text with quoted, thousands-separated numbers, GBK-only and four-byte GB18030 characters.
    static func randomRows(count: Int, seed: UInt64) -> [[String]] {
        var rng = PropertyTests.Seeded(state: seed)
        let pools: [ClosedRange<UInt32>] = [0x4E00...0x9FA5, 0x4E00...0x9FA5, 0x3400...0x4DB5, 0xFF01...0xFF5E, 0x20000...0x2A6D6]
        func word() -> String {
            var s = ""
            for _ in 0..<Int.random(in: 1...12, using: &rng) {
                let pool = pools[Int.random(in: 0..<pools.count, using: &rng)]
                s.unicodeScalars.append(Unicode.Scalar(UInt32.random(in: pool, using: &rng))!)
            }
            return s
        }
        return (0..<count).map { i in
            let amount = String(format: "%.1f", Double(Int.random(in: 0...99_999_999, using: &rng)) / 10).thousands
            return ["TX\(i)", word(), amount, word() + "，" + word(), "2023-0\(Int.random(in: 1...9, using: &rng))-1\(i % 10)"]
        }
    }

    static func csv(_ rows: [[String]]) -> String {
        rows.map { $0.map { $0.contains(",") || $0.contains("，") ? "\"\($0)\"" : $0 }.joined(separator: ",") }
            .joined(separator: "\r\n") + "\r\n"
    }

    /// Converts with the iconv command, the independent encoder.
    static func iconv(_ utf8Path: String, to path: String) throws {
        let (status, _) = try runProcess("/usr/bin/iconv", ["-f", "UTF-8", "-t", "GB18030", "-o", path, utf8Path])
        try #require(status == 0)
    }

    /// Reads a file's records while the consumer clobbers errno, as cell parsing may.
    static func records(_ path: String) throws -> (TextEncoding, [[String]]) {
        let reader = CSVReader(path: path)
        let encoding = try reader.detectEncoding()
        var rows: [[String]] = []
        try reader.forEach(encoding: encoding) { record in
            rows.append(record.fields)
            errno = EILSEQ
            return true
        }
        return (encoding, rows)
    }

    @Test func gb18030DecodesLikeIconvAtEverySizeAndChunkBoundary() throws {
        let dir = try TempDir()
        var cases: [(rows: Int, pad: Int)] = [(8, 0), (700, 0), (7_000, 0), (200_000, 0)]   // ~1 KB … ~20 MB
        // Around the 64 KiB chunks: every alignment of a multi-byte character on the boundary.
        for rows in stride(from: 690, through: 750, by: 4) { for pad in 0..<4 { cases.append((rows, pad)) } }
        var sizes: [Int] = []
        for (i, c) in cases.enumerated() {
            var rows = Self.randomRows(count: c.rows, seed: UInt64(1000 + i))
            rows.insert(["编号" + String(repeating: "x", count: c.pad), "名称", "金额", "说明", "日期"], at: 0)
            let utf8 = dir.file("u\(i).csv"), gb = dir.file("g\(i).csv")
            try Self.csv(rows).write(toFile: utf8, atomically: true, encoding: .utf8)
            try Self.iconv(utf8, to: gb)
            let (encoding, decoded) = try Self.records(gb)
            sizes.append((try FileManager.default.attributesOfItem(atPath: gb)[.size] as! NSNumber).intValue)
            #expect(encoding == .gb18030, "case \(i)")
            #expect(decoded == rows, "case \(i): \(c.rows) rows, pad \(c.pad), \(sizes.last!) bytes")
            try? FileManager.default.removeItem(atPath: utf8)
            try? FileManager.default.removeItem(atPath: gb)
        }
        #expect(sizes.min()! < 2_000 && sizes.max()! > 15_000_000)
        #expect(sizes.contains { $0 < 65_536 } && sizes.contains { $0 > 65_536 && $0 < 80_000 })
    }

    /// The reported case: ~900 project rows (≈140 KB) saved by Excel as GB18030, amounts like "1,234.5".
    @Test func excelGBKLedgerLoadsEveryRow() throws {
        let office = try Office(Paths.tongxiang)
        var projects: [ProjectLedger.Project] = []
        for i in 1...900 {
            projects.append(.init(id: "TX\(10000 + i)", town: "崇福镇", total: Double(1000 + i) + 0.5, year: 234.5,
                                  start: "2023-0\(1 + i % 5)-0\(1 + i % 9)"))
        }
        let utf8 = office.root.file("ledger.csv")
        try ProjectLedger.text(projects).write(toFile: utf8, atomically: true, encoding: .utf8)
        try Self.iconv(utf8, to: try office.folder("2023-06") + "/崇福镇-两化改造项目清单-2023年6月.csv")
        let size = try FileManager.default.attributesOfItem(atPath: try office.folder("2023-06") + "/崇福镇-两化改造项目清单-2023年6月.csv")[.size] as! NSNumber
        #expect(size.intValue > 100_000)
        let (_, json) = try office.run("2023-06")
        let files = try Warehouse(path: office.context("2023-06").storePath).files(pipeline: "tongxiang", period: Period(year: 2023, month: 6))
        let ledger = try #require(files.first)
        #expect(ledger.status == .loaded && ledger.encoding == "GB18030")
        #expect(ledger.rows_read == 900 && ledger.rows_accepted == 900 && ledger.rows_rejected == 0)
        #expect(close(Office.figure(json, "projects", "330483108")?["ytd"], 900))
        // Σ 累计完成投资 = Σ (1000 + i + 0.5) 万元, in 亿元.
        var expected = 0.0
        for i in 1...900 { expected += Double(1000 + i) + 0.5 }
        let planToDate = Office.figure(json, "investment")?["plan_to_date"] as? Double ?? 0
        #expect(abs(planToDate - expected / 10_000) < 1e-6)
    }

    // MARK: 2. 计入项目 once, for every project figure

    @Test func energySavingCountsOnlyProjectsStartedInThePlan() throws {
        let office = try Office(Paths.tongxiang)
        try office.put("2023-06", "崇福镇-两化改造项目清单-2023年6月.csv", ProjectLedger.text([
            .init(id: "TX1", town: "崇福镇", tce: 1000, robots: 3, start: "2021-06-01", end: "2023-03-10", status: "竣工"),
            .init(id: "TX2", town: "崇福镇", tce: 200, robots: 2, start: "2022-02-01", end: "2023-04-10", status: "竣工"),
            .init(id: "TX3", town: "崇福镇", tce: 50, robots: 1, start: "2023-01-05", end: "2023-05-10", status: "未开工"),
        ]))
        let (_, json) = try office.run("2023-06")
        // Only TX2 is a counted project (TX1 started before the plan, TX3 is 未开工): 200 吨标煤 = 0.02 万吨标煤.
        #expect(close(Office.figure(json, "energy_saving")?["ytd"], 0.02))
        #expect(close(Office.figure(json, "energy_saving")?["plan_to_date"], 0.02))
        #expect(close(Office.figure(json, "robots")?["plan_to_date"], 2))
        #expect(close(Office.figure(json, "projects")?["plan_to_date"], 1))
        // Every project measure of the shipped pipelines names the set, so none can drop half of its filter.
        for id in ["tongxiang", "haining", "bench"] {
            let p = try PipelineLoader.load(path: Paths.root + "/pipelines/\(id).yaml")
            for ind in p.indicators where ind.measure.template == "projects" && ind.measure.kind != .ratio {
                #expect(ind.measure.withinPlan == ["开工日期"], "\(id).\(ind.code)")
                #expect(ind.measure.filter.contains { $0.column == "项目状态" }, "\(id).\(ind.code)")
            }
        }
    }

    // MARK: 3. Percent columns

    @Test func percentColumnsReadWithOrWithoutTheSign() throws {
        for column in [Column(name: "普及率", type: .number, unit: "%", min: 1, max: 100), Column(name: "普及率", type: .percent)] {
            for raw in ["40.4", "40.4%", "４０.４％", " 40.4 % "] {
                guard case .success(.number(let v)) = RowState.convert(raw, column: column, factor: 1) else {
                    Issue.record("\(raw) rejected in a \(column.type) column"); continue
                }
                #expect(abs(v - 40.4) < 1e-12, "\(raw)")
            }
        }
        guard case .failure(let p) = RowState.convert("12%", column: Column(name: "投资", type: .number, unit: "万元"), factor: 1) else {
            Issue.record("a % in a 万元 column was accepted"); return
        }
        #expect(p.code == .typeError)

        let office = try Office(Paths.root + "/pipelines/anhui.yaml")
        try office.put("2023-06", "省经济和信息化厅-数字化转型监测指标-2023年6月.csv",
                       "统计月份,工业互联网平台普及应用率（%）,企业工业设备上云率（%）\n2023-06,40.4%,27.4\n")
        let (_, json) = try office.run("2023-06")
        #expect(close(Office.figure(json, "platform_adoption")?["month_value"], 40.4))
        #expect(close(Office.figure(json, "cloud_equipment")?["month_value"], 27.4))
    }

    // MARK: 4. A level keeps its latest value

    @Test func levelCarriesForwardWhenAMonthIsMissingOrRejected() throws {
        let office = try Office(Paths.root + "/pipelines/anhui.yaml")
        let name = "省经济和信息化厅-数字化转型监测指标-2023年%d月.csv"
        let header = "统计月份,工业互联网平台普及应用率（%）,企业工业设备上云率（%）\n"
        try office.put("2023-04", String(format: name, 4), header + "2023-04,38.0,26.0\n")
        try office.put("2023-05", String(format: name, 5), header + "2023-05,39.5,不详\n")   // the row is rejected
        try office.put("2023-07", String(format: name, 7), header + "2023-07,40.1,28.0\n")
        let (_, april) = try office.run("2023-04")
        let (_, may) = try office.run("2023-05")
        let (_, june) = try office.run("2023-06")                                           // nothing sent
        let (_, july) = try office.run("2023-07")
        #expect(Office.figure(april, "platform_adoption")?["carried_forward"] as? Bool == false)
        for month in [may, june] {
            #expect(close(Office.figure(month, "platform_adoption")?["month_value"], 38.0))
            #expect(close(Office.figure(month, "cloud_equipment")?["month_value"], 26.0))
            #expect(Office.figure(month, "cloud_equipment")?["carried_forward"] as? Bool == true)
        }
        #expect(close(Office.figure(july, "platform_adoption")?["month_value"], 40.1))
        #expect(Office.figure(july, "platform_adoption")?["carried_forward"] as? Bool == false)
    }

    // MARK: 5. The year boundary

    @Test func carriedSnapshotAddsNothingToTheNewYear() throws {
        let office = try Office(Paths.tongxiang)
        try office.put("2023-12", "崇福镇-两化改造项目清单-2023年12月.csv", ProjectLedger.text([
            .init(id: "TX1", town: "崇福镇", total: 33_600, year: 33_600, robots: 4, start: "2023-02-01"),
        ]))
        try office.put("2023-12", "乌镇镇-两化改造项目清单-2023年12月.csv", ProjectLedger.text([
            .init(id: "TX2", town: "乌镇镇", total: 1_000, year: 1_000, start: "2023-03-01"),
        ]))
        try office.put("2024-01", "乌镇镇-两化改造项目清单-2024年1月.csv", ProjectLedger.text([
            .init(id: "TX2", town: "乌镇镇", total: 1_200, year: 200, start: "2023-03-01"),
        ]))
        let (_, dec) = try office.run("2023-12")
        #expect(close(Office.figure(dec, "investment", "330483108")?["ytd"], 3.36))
        let (_, jan) = try office.run("2024-01")   // 崇福镇 skips January
        let chongfu = try #require(Office.figure(jan, "investment", "330483108"))
        #expect(close(chongfu["ytd"], 0) && close(chongfu["month_value"], 0))
        #expect(close(chongfu["plan_to_date"], 3.36))
        #expect(chongfu["carried_forward"] as? Bool == true)
        #expect(close(Office.figure(jan, "investment")?["ytd"], 0.02))
        #expect(close(Office.figure(jan, "investment")?["plan_to_date"], 3.48))
        let (_, feb) = try office.run("2024-02")
        #expect(close(Office.figure(feb, "investment", "330483108")?["ytd"], 0))
        #expect(close(Office.figure(feb, "investment", "330483101")?["month_value"], 0))
    }

    // MARK: 6. What is shown is what is used

    @Test func interpolatedTargetsShowTheirDecimals() throws {
        let office = try Office(Paths.tongxiang)
        let (result, json) = try office.run("2023-06")
        #expect(close(Office.figure(json, "future_factories")?["year_target"], 0.75))
        let cells = try XLSXReader(path: result.outputs.workbook).cells("总体进展")
        func row(_ name: String) -> String { cells.first { $0.value.value == name }.map { String($0.key.filter(\.isNumber)) } ?? "" }
        let target = try #require(cells["D" + row("培育省级“未来工厂”")])
        #expect(target.type == "n" && Double(target.value) == 0.75)
        #expect(target.numberFormat.contains("0.00"), "shown as \(target.numberFormat)")
        let whole = try #require(cells["D" + row("实施“两化”改造项目")])
        #expect(whole.numberFormat == "#,##0")
        // Targets no seed states are the engine's interpolation, not figures typed into the pipeline.
        let haining = try PipelineLoader.load(path: Paths.root + "/pipelines/haining.yaml")
        for code in ["dyeing_firms", "dyeing_land", "dyeing_cod"] {
            let ind = try #require(haining.indicator(code: code))
            #expect(ind.targets.byYear.keys.sorted() == [2025], "\(code)")
        }
        let land = try #require(haining.indicator(code: "dyeing_land"))
        let t2023 = Progress.yearTarget(land.targets, accumulate: land.accumulate, year: 2023, plan: haining.plan,
                                        accrued: false, baseValue: land.baseline ?? 0)
        let interpolated: Double = 3295 - 1295 * 2 / 4
        #expect(t2023 == interpolated)
    }

    // MARK: 7. A row that names another town

    @Test func rowNamingAnotherTownIsFlagged() throws {
        let office = try Office(Paths.tongxiang)
        try office.put("2023-06", "崇福镇-两化改造项目清单-2023年6月.csv", ProjectLedger.text([
            .init(id: "TX1", town: "崇福镇", start: "2023-02-01"),
            .init(id: "TX2", town: "乌镇镇", start: "2023-03-01"),
            .init(id: "TX3", town: "崇福", start: "2023-03-01"),   // an alias of the submitter: no warning
        ]))
        let (result, json) = try office.run("2023-06")
        let issues = try Warehouse(path: office.context("2023-06").storePath).issues(pipeline: "tongxiang", period: Period(year: 2023, month: 6))
        let conflicts = issues.filter { $0.code == .unitConflict }
        #expect(conflicts.count == 1)
        let c = try #require(conflicts.first)
        #expect(c.severity == .warning && c.line == 3 && c.column == 5 && c.columnName == "所属镇街" && c.raw == "乌镇镇")
        #expect(c.message.contains("乌镇镇") && c.message.contains("崇福镇"))
        #expect(close(Office.figure(json, "projects", "330483108")?["ytd"], 3))   // counted for the submitter
        #expect(close(Office.figure(json, "projects", "330483101")?["ytd"], 0))
        #expect(try String(contentsOfFile: result.outputs.issues, encoding: .utf8).contains("unit-conflict"))
    }

    // MARK: 8. One set of books

    @Test func everyOutputShowsTheSameBooks() throws {
        let office = try Office(Paths.tongxiang)
        try office.put("2023-06", "崇福镇-两化改造项目清单-2023年6月.csv", ProjectLedger.text([
            .init(id: "TX1", town: "崇福镇", start: "2023-02-01"), .init(id: "TX2", town: "崇福镇", start: "2023-02-01"),
        ]) + "TX9,坏行\r\n\r\n")
        try office.put("2023-06", "乌镇镇-两化改造项目清单-2023年6月.csv", ProjectLedger.text([
            .init(id: "TX2", town: "乌镇镇", start: "2023-02-01"),   // same key as 崇福镇's: rejected in validate
            .init(id: "TX3", town: "乌镇镇", start: "2023-02-01"),
        ]))
        let cli = try Paths.cli()
        let r = try runProcessWithErrors(cli, ["run", "--pipeline", Paths.tongxiang, "--period", "2023-06",
                                               "--inputs", office.root.path + "/inputs", "--outputs", office.root.path + "/outputs"])
        #expect(r.status == 3)
        let dir = office.root.path + "/outputs/tongxiang/2023-06"
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/indicators.json"))) as! [String: Any]
        let books = try #require(json["books"] as? [String: Int])
        // 6 rows read: 3 accepted, 2 rejected (the ragged row at ingest, the duplicate key in validate), 1 blank.
        #expect(books == ["rows_read": 6, "rows_accepted": 3, "rows_rejected": 2, "rows_blank": 1])
        #expect(r.stderr.contains("books: rows read 6 = accepted 3 + rejected 2 + blank 1"), "\(r.stderr)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/manifest.json"))) as! [String: Any]
        let counts = try #require(manifest["counts"] as? [String: Int])
        #expect(counts.filter { $0.key != "files" } == books)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
        let workbook = try #require(names.first { $0.hasSuffix(".xlsx") })
        let cover = try XLSXReader(path: dir + "/" + workbook).cells("说明").values.map(\.value)
        #expect(cover.contains("读入 6 行 = 载入 3 + 退回 2 + 空行 1"))
        // The 回执 of each unit adds up to the same books.
        var sum = [0, 0, 0, 0]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir + "/回执") {
            let cells = try XLSXReader(path: dir + "/回执/" + name).cells(try XLSXReader(path: dir + "/回执/" + name).sheetNames[0])
            let header = try #require(cells.first { $0.value.value == "读入行数" })
            let row = header.key.filter(\.isNumber), col = header.key.filter(\.isLetter)
            let cols = ["D", "E", "F", "G", "H", "I", "J"]
            let start = try #require(cols.firstIndex(of: col))
            let next = String(Int(row)! + 1)
            for k in 0..<4 { sum[k] += Int(Double(cells[cols[start + k] + next]?.value ?? "0") ?? 0) }
        }
        #expect(sum == [6, 3, 2, 1])
    }

    // MARK: 9. Times in the office's zone

    @Test func timesAndLatenessAreLocal() throws {
        let office = try Office(Paths.tongxiang)
        let ledger = ProjectLedger.text([.init(id: "TX1", town: "崇福镇", start: "2023-02-01")])
        try office.put("2023-06", "崇福镇-两化改造项目清单-2023年6月.csv", ledger)
        try office.put("2023-06", "乌镇镇-两化改造项目清单-2023年6月.csv", ledger.replacingOccurrences(of: "崇福镇", with: "乌镇镇").replacingOccurrences(of: "TX1", with: "TX2"))
        // 23:30 on the 5th is on time in Beijing (15:30 UTC); 07:00 on the 6th is late (23:00 UTC on the 5th).
        try office.put("2023-06", "_收件登记.csv",
                       "文件,接收时间\n崇福镇-两化改造项目清单-2023年6月.csv,2023-07-05 23:30\n乌镇镇-两化改造项目清单-2023年6月.csv,2023-07-06 07:00\n")
        let (result, _) = try office.run("2023-06")
        let issues = try Warehouse(path: office.context("2023-06").storePath).issues(pipeline: "tongxiang", period: Period(year: 2023, month: 6))
        let late = issues.filter { $0.code == .lateSubmission }
        #expect(late.map(\.file) == ["乌镇镇-两化改造项目清单-2023年6月.csv"])
        #expect(late.first?.message == "于 2023-07-06 07:00 收到，晚于截止日期 2023年7月5日")
        let shown = try XLSXReader(path: result.outputs.workbook).cells("报送情况").values.map(\.value)
        #expect(shown.contains("2023-07-05 23:30") && shown.contains("2023-07-06 07:00"))
        #expect(!shown.contains { $0.hasSuffix("Z") })

        // Another zone moves the deadline with it; an unknown zone is a pipeline error.
        var urumqi = office.pipeline
        urumqi.clock = try #require(LocalClock(identifier: "Asia/Urumqi"))   // UTC+6
        #expect(urumqi.deadline(for: Period(year: 2023, month: 6)) == "2023-07-05T18:00:00Z")
        #expect(office.pipeline.deadline(for: Period(year: 2023, month: 6)) == "2023-07-05T16:00:00Z")
        let text = try String(contentsOfFile: Paths.tongxiang, encoding: .utf8).replacingOccurrences(of: "deadline_day: 5", with: "deadline_day: 5\ntimezone: Mars/Olympus")
        #expect(throws: PipelineError.self) { try PipelineLoader.parse(text) }
    }
}

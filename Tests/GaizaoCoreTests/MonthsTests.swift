import Foundation
import GRDB
@testable import GaizaoModel
@testable import GaizaoPipeline
@testable import GaizaoRun
@testable import GaizaoStore
import SpecReference
import Testing

/// Months in sequence on one store, as an office runs them (issue 17): where every unit submits every month, a month's
/// figures from the whole history equal those of a fresh store loaded with that month alone.
@Suite struct MonthsTests {
    static let towns = ["梧桐街道", "凤鸣街道", "高桥街道", "乌镇镇", "濮院镇", "屠甸镇", "石门镇", "河山镇", "洲泉镇", "大麻镇", "崇福镇"]

    struct Project {
        var id: Int, town: String, type: String, total: Double, year: Double, tce: Double, robots: Int
        var start: String, end: String, status: String

        var line: String {
            [String(format: "P%06d", id), "项目\(id)", "企业\(id)", creditCode(id), town, type, "1000", String(format: "%.1f", total),
             String(format: "%.1f", year), String(format: "%.1f", tce), "\(robots)", start, end, status].joined(separator: ",")
        }
    }

    /// Three months of ledgers (2023-01 … 2023-03): each later month changes 3% of the projects, adds 1% and drops 0.2%.
    static func months(rows: Int, seed: UInt64) -> [[Project]] {
        var rng = SplitMix64(state: seed)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        func amount(_ hi: Int) -> Double { Double(Int(rng.next() % UInt64(hi * 10))) / 10 }
        func date(_ months: ClosedRange<Int>) -> String {   // months counted from 2021-01
            let m = months.lowerBound + Int(rng.next() % UInt64(months.count))
            return String(format: "%04d-%02d-%02d", 2021 + m / 12, m % 12 + 1, 1 + Int(rng.next() % 28))
        }
        func project(_ id: Int) -> Project {
            let status = pick(["在建", "在建", "竣工", "未开工"])
            return Project(id: id, town: towns[id % towns.count], type: pick(["数字化改造", "绿色化改造", "数字化绿色化改造"]),
                           total: amount(3000), year: amount(500), tce: amount(200), robots: Int(rng.next() % 5),
                           start: date(5...26), end: status == "竣工" ? date(24...26) : "", status: status)
        }
        var ledger = (0..<rows).map(project)
        var out = [ledger]
        var next = rows
        for _ in 1..<3 {
            ledger.removeAll { _ in rng.next() % 1000 < 2 }
            for i in ledger.indices where rng.next() % 100 < 3 {
                ledger[i].total += amount(200)
                ledger[i].year += amount(100)
                if ledger[i].status == "在建" && rng.next() % 3 == 0 { ledger[i].status = "竣工"; ledger[i].end = "2023-02-15" }
            }
            for _ in 0..<(ledger.count / 100) { ledger.append(project(next)); next += 1 }
            out.append(ledger)
        }
        return out
    }

    static func write(_ projects: [Project], month: String, into root: String) throws {
        let dir = root + "/bench/" + month
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for town in towns {
            let rows = projects.filter { $0.town == town }.map(\.line)
            try ([ProjectLedger.header] + rows).joined(separator: "\n").appending("\n")
                .write(toFile: "\(dir)/\(town)-两化改造项目清单.csv", atomically: true, encoding: .utf8)
        }
    }

    static func figures(_ result: RunResult) throws -> [String: [String: Any]] {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: result.outputs.indicators))) as! [String: Any]
        return Dictionary(uniqueKeysWithValues: (json["indicators"] as! [[String: Any]]).map { ("\($0["code"]!)|\($0["scope"]!)", $0) })
    }

    @Test func historyAndScratchAgree() throws {
        let pipeline = try PipelineLoader.load(path: Paths.root + "/pipelines/bench.yaml")
        let ledgers = Self.months(rows: 20_000, seed: 17)
        let names = ["2023-01", "2023-02", "2023-03"]
        let history = try TempDir()
        for (month, ledger) in zip(names, ledgers) { try Self.write(ledger, month: month, into: history.path + "/inputs") }
        var compared = 0
        for (k, month) in names.enumerated() {
            let kept = try Run(context: RunContext(pipeline: pipeline, period: Period(month)!, inputsRoot: history.path + "/inputs",
                                                   outputsRoot: history.path + "/outputs")).execute()
            guard k > 0 else { continue }
            let scratch = try TempDir()
            try Self.write(ledgers[k], month: month, into: scratch.path + "/inputs")
            let alone = try Run(context: RunContext(pipeline: pipeline, period: Period(month)!, inputsRoot: scratch.path + "/inputs",
                                                    outputsRoot: scratch.path + "/outputs")).execute()
            let a = try Self.figures(kept), b = try Self.figures(alone)
            #expect(a.count == b.count && a.count > 20)
            for (key, f) in a {
                let g = try #require(b[key], "\(month) \(key)")
                // A month value read from an already-cumulative year column is this month's snapshot less last month's:
                // a store without last month cannot know it. Every other figure must agree.
                var fields = ["ytd", "plan_to_date", "year_target", "plan_target", "completion", "gap_pp", "status", "rank"]
                if !key.hasPrefix("investment|") { fields.append("month_value") }
                for field in fields {
                    let x = f[field].map { "\($0)" } ?? "nil", y = g[field].map { "\($0)" } ?? "nil"
                    #expect(x == y, "\(month) \(key) \(field): history \(x), scratch \(y)")
                }
                compared += 1
            }
            #expect(kept.outcome.rejectedRows == alone.outcome.rejectedRows)
        }
        #expect(compared > 40)
        // Rows are stored once: a project sent again unchanged is one version, referred to by each month's file.
        let warehouse = try Warehouse(path: history.path + "/outputs/bench/warehouse.sqlite")
        let template = try #require(pipeline.templates.first { $0.mode == .snapshot })
        let stored = try warehouse.read(pipeline: pipeline.id) { try $0.storedRowCounts(of: template) }
        let distinct = Set(ledgers.joined().map(\.line)).count
        #expect(stored.versions == distinct, "versions \(stored.versions), distinct rows \(distinct)")
        #expect(stored.rows == ledgers.map(\.count).reduce(0, +))
        #expect(stored.spans < stored.rows / 5, "spans \(stored.spans) for \(stored.rows) rows")
        #expect(distinct < ledgers.map(\.count).reduce(0, +) / 2)   // the fixture really repeats rows
        // The view a person queries shows each month's ledger as it stood.
        let current = try warehouse.readDatabase { db in
            try Row.fetchAll(db, sql: "SELECT period, COUNT(*) AS n FROM current_bench_projects GROUP BY period ORDER BY period").map { $0["n"] as Int }
        }
        #expect(current == ledgers.map(\.count))
    }

    /// The same months as workbooks (issue 18, as the office runs it): each town's ledger an .xlsx with numbers as
    /// numbers, dates as date serials and text as shared strings, one town skipping January; month after month on
    /// one store, every figure equals the one the CSVs give on theirs.
    @Test func workbooksMonthAfterMonthGiveTheCSVsFigures() throws {
        let pipeline = try PipelineLoader.load(path: Paths.root + "/pipelines/bench.yaml")
        let ledgers = Self.months(rows: 4_000, seed: 23)
        let names = ["2023-01", "2023-02", "2023-03"]
        let csv = try TempDir(), xlsx = try TempDir()
        let header = ProjectLedger.header.split(separator: ",").map { XLSXPackage.Cell.text(String($0)) }
        for (month, ledger) in zip(names, ledgers) {
            // 梧桐街道 sends nothing in January, in both forms.
            let sent = month == "2023-01" ? ledger.filter { $0.town != "梧桐街道" } : ledger
            try Self.write(sent, month: month, into: csv.path + "/inputs")
            if month == "2023-01" { try FileManager.default.removeItem(atPath: csv.path + "/inputs/bench/2023-01/梧桐街道-两化改造项目清单.csv") }
            let dir = xlsx.path + "/inputs/bench/" + month
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            for town in Self.towns where !(month == "2023-01" && town == "梧桐街道") {
                let rows = sent.filter { $0.town == town }.map { p -> [XLSXPackage.Cell] in
                    [.text(String(format: "P%06d", p.id)), .text("项目\(p.id)"), .text("企业\(p.id)"), .text(creditCode(p.id)), .text(p.town),
                     .text(p.type), .number(1000), .number((p.total * 10).rounded() / 10), .number((p.year * 10).rounded() / 10),
                     .number((p.tce * 10).rounded() / 10), .number(Double(p.robots)), .date(p.start), p.end.isEmpty ? .empty : .date(p.end),
                     .text(p.status)]
                }
                try XLSXPackage(sheets: [XLSXPackage.Sheet(name: "项目清单", rows: [header] + rows)])
                    .write(to: "\(dir)/\(town)-两化改造项目清单.xlsx")
            }
        }
        var compared = 0
        for month in names {
            let a = try Run(context: RunContext(pipeline: pipeline, period: Period(month)!, inputsRoot: csv.path + "/inputs",
                                                outputsRoot: csv.path + "/outputs")).execute()
            let b = try Run(context: RunContext(pipeline: pipeline, period: Period(month)!, inputsRoot: xlsx.path + "/inputs",
                                                outputsRoot: xlsx.path + "/outputs")).execute()
            #expect(a.ingest.rowsAccepted == b.ingest.rowsAccepted && a.ingest.rowsRejected == b.ingest.rowsRejected, "\(month)")
            #expect(a.ingest.rowsAccepted > 3_000)
            let x = try Self.figures(a), y = try Self.figures(b)
            #expect(x.count == y.count && x.count > 20)
            for (key, f) in x {
                let g = try #require(y[key], "\(month) \(key)")
                for field in ["month_value", "ytd", "plan_to_date", "completion", "status", "rank", "carried_forward"] {
                    #expect(f[field].map { "\($0)" } == g[field].map { "\($0)" }, "\(month) \(key) \(field)")
                }
                compared += 1
            }
        }
        #expect(compared > 60)
    }
}


import Crypto
import Foundation
@testable import GaizaoModel
@testable import GaizaoPipeline
@testable import GaizaoRun
@testable import GaizaoStore
import GRDB
import Testing

/// What cron and a hurried clerk do to gaizao: concurrent runs, killed runs, corrections, status checks.
@Suite(.serialized) struct OperationsTests {
    static let mini = Paths.fixtures + "/mini"

    /// A private copy of the mini fixture's inputs, so tests can add files to it.
    func miniInputs(_ root: TempDir) throws -> String {
        let inputs = root.path + "/inputs"
        try FileManager.default.copyItem(atPath: Self.mini + "/inputs", toPath: inputs)
        return inputs
    }

    func sha(_ path: String) throws -> String {
        SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
    }

    @Test func secondRunWaitsOrFailsNamingTheHolder() throws {
        let root = try TempDir()
        let inputs = try miniInputs(root)
        let store = root.file("w.sqlite")
        let args = ["run", "--quiet", "--pipeline", Self.mini + "/mini.yaml", "--period", "2023-03", "--inputs", inputs,
                    "--outputs", root.path + "/out", "--store", store]
        // Someone holds the warehouse: without --wait the run exits 1 and names the holder.
        var held: RunLock? = try RunLock(store: store)
        let busy = try runProcessWithErrors(try Paths.cli(), args)
        #expect(busy.status == 1)
        #expect(busy.stderr.contains("PID \(getpid())"), "\(busy.stderr)")
        // With --wait it proceeds once the holder lets go.
        let waiting = Process()
        waiting.executableURL = URL(fileURLWithPath: try Paths.cli())
        waiting.arguments = args + ["--wait", "30"]
        waiting.standardError = FileHandle.nullDevice
        waiting.standardOutput = FileHandle.nullDevice
        try waiting.run()
        Thread.sleep(forTimeInterval: 1)
        #expect(waiting.isRunning)
        held = nil
        waiting.waitUntilExit()
        #expect(waiting.terminationStatus == 3 && held == nil)
        // Two real runs at once: both finish, and the warehouse holds each file once.
        let a = Process(), b = Process()
        for p in [a, b] {
            p.executableURL = URL(fileURLWithPath: try Paths.cli())
            p.arguments = args + ["--wait", "60"]
            p.standardError = FileHandle.nullDevice
            p.standardOutput = FileHandle.nullDevice
            try p.run()
        }
        a.waitUntilExit()
        b.waitUntilExit()
        #expect(a.terminationStatus == 3 && b.terminationStatus == 3)
        let wh = try Warehouse(path: store)
        let loaded = try wh.readDatabase { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM files WHERE status = 'loaded'")
        }
        #expect(loaded == 2)
        #expect(try wh.readDatabase { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM runs") } == 3)   // the waiting run and the two concurrent ones
    }

    /// 40,000 rows from 乙街道 make ingest and the 项目清单 slow enough to kill the run inside each stage.
    func bigFile(_ path: String) throws {
        var text = "项目编号,所属镇街,累计完成投资（万元）,本年完成投资（万元）,开工日期,项目状态\r\n"
        for i in 0..<40_000 { text += "Q\(i + 10),乙街道,\(i % 900 + 10),\(i % 300),2023-02-\(i % 28 + 1),在建\r\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Starts `gaizao run`, waits until its log shows `after` (or, when nil, until it holds the lock), kills it.
    func killRun(_ args: [String], log: String, store: String, after marker: String?) throws -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try Paths.cli())
        p.arguments = args + ["--log-file", log]
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        let before = (try? String(contentsOfFile: log, encoding: .utf8))?.count ?? 0
        try p.run()
        let deadline = Date().addingTimeInterval(120)
        var hit = false
        while Date() < deadline && p.isRunning {
            let text = String((try? String(contentsOfFile: log, encoding: .utf8))?.dropFirst(before) ?? "")
            if let marker {
                if text.contains(marker) { hit = true; break }
            } else if (try? String(contentsOfFile: store + ".lock", encoding: .utf8))?.contains("PID \(p.processIdentifier)") ?? false {
                Thread.sleep(forTimeInterval: 0.3)
                hit = !text.contains("ingest:")
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        return hit && p.terminationReason == .uncaughtSignal
    }

    @Test func killedRunLeavesThePreviousOutputsAndTheNextRunSucceeds() throws {
        let root = try TempDir()
        let inputs = try miniInputs(root)
        let store = root.file("w.sqlite"), log = root.file("run.log")
        let out = root.path + "/out"
        let args = ["run", "--pipeline", Self.mini + "/mini.yaml", "--period", "2023-03", "--inputs", inputs,
                    "--outputs", out, "--store", store]
        #expect(try runProcess(try Paths.cli(), args + ["--quiet"]).0 == 3)
        let month = out + "/mini/2023-03"
        let book = month + "/测试市两化改造工作进展（2023年3月）.xlsx"
        let previous = try [book, month + "/indicators.json", month + "/manifest.json"].map(sha)
        // A big correction from 乙街道 arrives; the run is killed while ingesting it …
        try bigFile(inputs + "/mini/2023-03/乙街道-项目清单（更正）.csv")
        #expect(try killRun(args, log: log, store: store, after: nil), "not killed during ingest")
        #expect(try [book, month + "/indicators.json", month + "/manifest.json"].map(sha) == previous)
        // … and again while writing the report.
        #expect(try killRun(args, log: log, store: store, after: "compute:"), "not killed during report")
        #expect(try [book, month + "/indicators.json", month + "/manifest.json"].map(sha) == previous)
        // The next run completes; its manifest matches what is on disk.
        #expect(try runProcess(try Paths.cli(), args + ["--quiet"]).0 == 3)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: month + "/manifest.json"))) as! [String: Any]
        for o in manifest["outputs"] as! [[String: String]] {
            #expect(try sha(month + "/" + o["file"]!) == o["sha256"]!, "\(o["file"]!)")
        }
        let wh = try Warehouse(path: store)
        #expect(try wh.files(pipeline: "mini", period: Period(year: 2023, month: 3)).filter { $0.status == .loaded }.count == 3)
        #expect(!FileManager.default.fileExists(atPath: out + "/mini/.2023-03.staging"))
    }

    @Test func correctionSupersedesAndChangesTheFigures() throws {
        let root = try TempDir()
        let inputs = try miniInputs(root)
        let pipeline = try PipelineLoader.load(path: Self.mini + "/mini.yaml")
        let context = RunContext(pipeline: pipeline, period: Period(year: 2023, month: 3), inputsRoot: inputs,
                                 outputsRoot: root.path + "/out")
        let first = try Run(context: context).execute()
        let before = try #require(first.figures.first { $0.code == "projects" && $0.scope == "A" })
        // 甲镇 resends its ledger with one more project started in March.
        let dir = inputs + "/mini/2023-03"
        var text = try String(contentsOfFile: dir + "/甲镇-项目清单.csv", encoding: .utf8)
        text += "P9,甲镇,100,100,2023-03-20,在建\r\n"
        try text.write(toFile: dir + "/甲镇-项目清单（更正）.csv", atomically: true, encoding: .utf8)
        let second = try Run(context: context).execute()
        let after = try #require(second.figures.first { $0.code == "projects" && $0.scope == "A" })
        #expect(after.ytd == (before.ytd ?? 0) + 1 && after.monthValue == (before.monthValue ?? 0) + 1)
        let cells = try XLSXReader(path: second.outputs.workbook).cells("报送情况").values.map(\.value)
        #expect(cells.contains("甲镇-项目清单.csv") && cells.contains("甲镇-项目清单（更正）.csv") && cells.contains("已被替代"))
    }

    @Test func statusNamesTheMissingTown() throws {
        let root = try TempDir()
        let common = ["--pipeline", Paths.tongxiang, "--period", "2023-04", "--inputs", Paths.root + "/inputs", "--outputs", root.path]
        #expect(try runProcess(try Paths.cli(), ["ingest", "--quiet"] + common).0 == 3)
        let (status, out) = try runProcess(try Paths.cli(), ["status"] + common)
        #expect(status == 3)
        #expect(out.contains("未报\t大麻镇\t两化改造项目清单"), "\(out)")
        #expect(out.contains("按时\t梧桐街道\t两化改造项目清单\t梧桐街道-两化改造项目清单-2023年4月.csv（2023-05-"))
        #expect(out.contains("未报 1"))
    }

    @Test func exitCodes() throws {
        let root = try TempDir()
        let inputs = try miniInputs(root)
        let base = ["--pipeline", Self.mini + "/mini.yaml", "--period", "2023-03", "--inputs", inputs, "--outputs", root.path + "/out"]
        #expect(try runProcess(try Paths.cli(), ["run", "--quiet"] + base).0 == 3)          // a rejected row
        // 甲镇 fixes P6: every unit submitted, nothing rejected → 0.
        let file = inputs + "/mini/2023-03/甲镇-项目清单.csv"
        let fixed = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "约三百万", with: "300")
        try fixed.write(toFile: inputs + "/mini/2023-03/甲镇-项目清单（更正）.csv", atomically: true, encoding: .utf8)
        #expect(try runProcess(try Paths.cli(), ["run", "--quiet"] + base).0 == 0)
        #expect(try runProcess(try Paths.cli(), ["run", "--quiet", "--pipeline", Self.mini + "/mini.yaml", "--period", "2023-13"]).0 == 2)
        #expect(try runProcess(try Paths.cli(), ["run", "--quiet", "--pipeline", "/nonexistent.yaml"]).0 == 2)
        // A store that cannot be opened (a folder in its place) is "any other failure".
        try FileManager.default.createDirectory(atPath: root.file("store-is-a-folder"), withIntermediateDirectories: true)
        #expect(try runProcess(try Paths.cli(), ["run", "--quiet", "--store", root.file("store-is-a-folder")] + base).0 == 1)
        let help = try runProcess(try Paths.cli(), ["--help"]).1
        #expect(help.contains("0  all done") && help.contains("3  report written") && help.contains("2  usage") && help.contains("1  any other failure"))
    }

    @Test func defaultPeriodIsThePreviousMonth() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let fifth = calendar.date(from: DateComponents(year: 2024, month: 1, day: 5, hour: 6))!
        #expect(Period.previousMonth(of: fifth, calendar: calendar) == Period(year: 2023, month: 12))
    }
}

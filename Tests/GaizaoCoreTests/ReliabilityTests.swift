import Crypto
import Foundation
@testable import GaizaoIngest
@testable import GaizaoModel
@testable import GaizaoPipeline
@testable import GaizaoReport
@testable import GaizaoRun
@testable import GaizaoStore
import GRDB
import Testing

/// Faults the office's server will eventually produce: old and future warehouses, corrupted files, full disks,
/// unreadable inputs, a run stopped by SIGTERM. Nothing may be overwritten or left half-written.
@Suite(.serialized) struct ReliabilityTests {
    static let mini = Paths.fixtures + "/mini"

    func sha(_ path: String) throws -> String {
        SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
    }

    func args(_ root: TempDir, inputs: String? = nil) -> [String] {
        ["run", "--quiet", "--pipeline", Self.mini + "/mini.yaml", "--period", "2023-03", "--inputs", inputs ?? Self.mini + "/inputs",
         "--outputs", root.path + "/out", "--store", root.file("w.sqlite")]
    }

    @Test func everyEarlierSchemaMigratesForward() throws {
        let versions = Warehouse.schemaVersions
        #expect(versions.count >= 4)
        for upTo in versions {
            let dir = try TempDir()
            let path = dir.file("w.sqlite")
            let queue = try DatabaseQueue(path: path)
            try Warehouse.migrator.migrate(queue, upTo: upTo)
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO files (pipeline, period, name, sha256, size, received_at, status, loaded_at)
                    VALUES ('mini', '2023-03', 'a.csv', 'x', 1, '2023-04-01T00:00:00Z', 'loaded', '2023-04-01T00:00:00Z')
                    """)
            }
            try queue.close()
            let wh = try Warehouse(path: path)
            let applied = try wh.readDatabase { db in try Warehouse.migrator.appliedIdentifiers(db) }
            #expect(applied == Set(versions), "from \(upTo)")
            let files = try wh.files(pipeline: "mini", period: Period(year: 2023, month: 3))
            #expect(files.map(\.name) == ["a.csv"] && files[0].rows_rejected_validate == 0, "from \(upTo)")
            #expect(try wh.readDatabase { db in try db.columns(in: "files").contains { $0.name == "same_as" } && db.tableExists("runs") })
        }
    }

    @Test func futureOrCorruptedWarehouseIsRefusedUntouched() throws {
        let root = try TempDir()
        #expect(try runProcess(try Paths.cli(), args(root)).0 == 3)
        let store = root.file("w.sqlite")
        let book = root.path + "/out/mini/2023-03/测试市两化改造工作进展（2023年3月）.xlsx"
        let before = try sha(book)
        // A newer gaizao added a migration this build does not know.
        let queue = try DatabaseQueue(path: store)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')") }
        try queue.close()
        let storeBefore = try sha(store)
        let future = try runProcessWithErrors(try Paths.cli(), args(root))
        #expect(future.status == 1)
        #expect(future.stderr.contains("更新版本") && future.stderr.contains("v99"), "\(future.stderr)")
        #expect(try sha(store) == storeBefore && sha(book) == before)
        // Garbage where the warehouse should be.
        let junk = root.file("junk.sqlite")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 37) }).write(to: URL(fileURLWithPath: junk))
        let junkBefore = try sha(junk)
        let corrupt = try runProcessWithErrors(try Paths.cli(), args(root).dropLast(2) + ["--store", junk])
        #expect(corrupt.status == 1)
        #expect(corrupt.stderr.contains("损坏"), "\(corrupt.stderr)")
        #expect(try sha(junk) == junkBefore && sha(book) == before)
    }

    @Test func failedWriteLeavesThePreviousOutputs() throws {
        let root = try TempDir()
        let pipeline = try PipelineLoader.load(path: Self.mini + "/mini.yaml")
        let context = RunContext(pipeline: pipeline, period: Period(year: 2023, month: 3), inputsRoot: Self.mini + "/inputs",
                                 outputsRoot: root.path + "/out")
        let first = try Run(context: context).execute()
        let dir = first.outputs.directory
        let before = try FileManager.default.subpathsOfDirectory(atPath: dir).sorted().map { ($0, try? sha(dir + "/" + $0)) }
        struct DiskFull: Error {}
        var stage = ReportStage(pipeline: pipeline, period: context.period)
        stage.afterWrite = { _ in throw DiskFull() }
        #expect(throws: DiskFull.self) { try stage.run(warehouse: try Warehouse(path: context.storePath), outputs: context.outputsRoot) }
        let after = try FileManager.default.subpathsOfDirectory(atPath: dir).sorted().map { ($0, try? sha(dir + "/" + $0)) }
        #expect(after.map(\.0) == before.map(\.0) && after.map(\.1) == before.map(\.1))
        let siblings = try FileManager.default.contentsOfDirectory(atPath: (dir as NSString).deletingLastPathComponent)
        #expect(!siblings.contains { $0.hasPrefix(".") }, "\(siblings)")
    }

    @Test func unreadableInputIsReportedNotFatal() throws {
        let root = try TempDir()
        let inputs = root.path + "/inputs"
        try FileManager.default.copyItem(atPath: Self.mini + "/inputs", toPath: inputs)
        // A folder with a CSV name cannot be read as a file (permissions do not stop root, this does).
        try FileManager.default.createDirectory(atPath: inputs + "/mini/2023-03/甲镇-补充.csv", withIntermediateDirectories: true)
        #expect(try runProcess(try Paths.cli(), args(root, inputs: inputs)).0 == 3)
        let issues = try Warehouse(path: root.file("w.sqlite")).issues(pipeline: "mini", period: Period(year: 2023, month: 3))
        #expect(issues.contains { $0.code == .unreadableFile && $0.file == "甲镇-补充.csv" })
    }

    @Test func sigtermStopsCleanlyAndReleasesTheLock() throws {
        let root = try TempDir()
        let inputs = root.path + "/inputs"
        try FileManager.default.copyItem(atPath: Self.mini + "/inputs", toPath: inputs)
        #expect(try runProcess(try Paths.cli(), args(root, inputs: inputs)).0 == 3)
        let book = root.path + "/out/mini/2023-03/测试市两化改造工作进展（2023年3月）.xlsx"
        let before = try sha(book)
        var text = "项目编号,所属镇街,累计完成投资（万元）,本年完成投资（万元）,开工日期,项目状态\r\n"
        for i in 0..<200_000 { text += "R\(i),乙街道,\(i % 700 + 5),\(i % 200),2023-01-\(i % 28 + 1),在建\r\n" }
        try text.write(toFile: inputs + "/mini/2023-03/乙街道-项目清单（补）.csv", atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try Paths.cli())
        p.arguments = args(root, inputs: inputs)
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let store = root.file("w.sqlite")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline,
              !((try? String(contentsOfFile: store + ".lock", encoding: .utf8))?.contains("PID \(p.processIdentifier)") ?? false) {
            Thread.sleep(forTimeInterval: 0.02)
        }
        Thread.sleep(forTimeInterval: 0.05)
        p.terminate()
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal, "exit \(p.terminationStatus)")
        // The lock is free at once, the previous workbook is intact, and the next run completes.
        _ = try RunLock(store: store, wait: 0)
        #expect(try sha(book) == before)
        #expect(try runProcess(try Paths.cli(), args(root, inputs: inputs)).0 == 3)
        #expect(try sha(book) != before)
    }
}

/// Inputs `make fuzz` once crashed on (Fixtures/fuzz): each must now read to the end with its books balanced.
@Suite struct FuzzRegressionTests {
    static let inputs: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: Paths.fixtures + "/fuzz")) ?? []).sorted()

    @Test(arguments: inputs)
    func formerCrashReadsCleanly(_ name: String) throws {
        let pipeline = try PipelineLoader.load(path: Paths.tongxiang)
        let reports = FileCheck(pipeline: pipeline, period: Period(year: 2023, month: 6)).run(paths: [Paths.fixtures + "/fuzz/" + name])
        let r = try #require(reports.first)
        #expect(r.rowsRead == r.rowsAccepted + r.rowsRejected + r.rowsBlank)
        if name == "date-digits-overflow.csv" {
            #expect(r.issues.contains { $0.code == .typeError && $0.line == 2 && $0.column == 12 })
        }
    }
}

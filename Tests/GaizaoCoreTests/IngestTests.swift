import Foundation
@testable import GaizaoIngest
@testable import GaizaoModel
@testable import GaizaoPipeline
@testable import GaizaoStore
@testable import GaizaoValidate
import GRDB
import Testing

/// Files that arrive twice: resent corrections supersede by arrival time, byte-identical copies are not loaded again.
@Suite struct IngestTests {
    static let pipeline = try! PipelineLoader.load(path: Paths.tongxiang)
    static let valid = Paths.fixtures + "/defective/梧桐街道-34原件.csv"
    static let june = Period(year: 2023, month: 6)

    func month(_ root: TempDir, _ m: String) throws -> String {
        let dir = root.path + "/inputs/tongxiang/" + m
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func laterArrivalSupersedesAndBothStay() throws {
        let root = try TempDir()
        let dir = try month(root, "2023-06")
        // 梧桐街道-补报 (three rows) sorts before 梧桐街道-原表 by name but arrived later, so it is the current one.
        let two = try String(contentsOfFile: Self.valid, encoding: .utf8)
        let three = two + two.split(separator: "\r\n")[1].replacingOccurrences(of: "TX01-001", with: "TX01-003") + "\r\n"
        try two.write(toFile: dir + "/梧桐街道-原表.csv", atomically: true, encoding: .utf8)
        try three.write(toFile: dir + "/梧桐街道-补报.csv", atomically: true, encoding: .utf8)
        try "文件,接收时间\n梧桐街道-原表.csv,2023-07-02 09:00\n梧桐街道-补报.csv,2023-07-04 15:30\n"
            .write(toFile: dir + "/_收件登记.csv", atomically: true, encoding: .utf8)
        let wh = try Warehouse(path: root.file("w.sqlite"))
        let s = try IngestStage(pipeline: Self.pipeline, period: Self.june).run(inputs: dir, warehouse: wh)
        #expect(s.filesLoaded == 2 && s.rowsAccepted == 5)
        let files = try wh.files(pipeline: "tongxiang", period: Self.june)
        let original = try #require(files.first { $0.name == "梧桐街道-原表.csv" })
        let resent = try #require(files.first { $0.name == "梧桐街道-补报.csv" })
        #expect(original.superseded_by == resent.id && resent.superseded_by == nil)
        #expect(original.status == .loaded && original.rows_accepted == 2)   // kept, with its rows
        let issues = try wh.issues(pipeline: "tongxiang", period: Self.june)
        #expect(issues.contains { $0.code == .supersededFile && $0.file == "梧桐街道-原表.csv" && $0.message.contains("梧桐街道-补报.csv") })
        let current = try wh.readDatabase { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(Warehouse.table(pipeline: "tongxiang", template: "projects")) r JOIN files f ON f.id = r.file_id WHERE f.superseded_by IS NULL")
        }
        #expect(current == 3)
    }

    @Test func byteIdenticalFileIsNotLoadedTwice() throws {
        let root = try TempDir()
        let may = try month(root, "2023-05"), june = try month(root, "2023-06")
        try FileManager.default.copyItem(atPath: Self.valid, toPath: may + "/梧桐街道-5月.csv")
        // June: the same bytes again (a ledger that did not change), and a second copy under another name.
        try FileManager.default.copyItem(atPath: Self.valid, toPath: june + "/梧桐街道-6月.csv")
        try FileManager.default.copyItem(atPath: Self.valid, toPath: june + "/梧桐街道-6月（重发）.csv")
        try "文件,接收时间\n梧桐街道-6月.csv,2023-07-03 10:00\n梧桐街道-6月（重发）.csv,2023-07-03 11:00\n"
            .write(toFile: june + "/_收件登记.csv", atomically: true, encoding: .utf8)
        let wh = try Warehouse(path: root.file("w.sqlite"))
        _ = try IngestStage(pipeline: Self.pipeline, period: Period(year: 2023, month: 5)).run(inputs: may, warehouse: wh)
        let s = try IngestStage(pipeline: Self.pipeline, period: Self.june).run(inputs: june, warehouse: wh)
        #expect(s.filesLoaded == 0 && s.filesSkipped == 2 && s.filesRejected == 0 && s.rowsAccepted == 0)
        let files = try wh.files(pipeline: "tongxiang", period: Self.june)
        // Same as May: an unchanged ledger, counted as 梧桐街道's June submission.
        #expect(files.map(\.status) == [.unchanged, .unchanged])
        #expect(files.allSatisfy { $0.unit == "330483001" && $0.template == "projects" })
        let dup = try wh.issues(pipeline: "tongxiang", period: Self.june).filter { $0.code == .duplicateFile }
        #expect(dup.count == 2 && dup.allSatisfy { $0.message.contains("梧桐街道-5月.csv") && $0.message.contains("2023年5月") })
        let validation = try ValidateStage(pipeline: Self.pipeline, period: Self.june).run(warehouse: wh)
        #expect(!validation.missing.contains { $0.code == "330483001" })
        // Running June again changes nothing.
        _ = try IngestStage(pipeline: Self.pipeline, period: Self.june).run(inputs: june, warehouse: wh)
        #expect(try wh.issues(pipeline: "tongxiang", period: Self.june).filter { $0.code == .duplicateFile }.count == 2)
    }

    /// April's list, a different May list, then June identical to April: June's rows are April's, not May's.
    @Test func unchangedFileStandsForTheFileItRepeats() throws {
        let root = try TempDir()
        let april = try String(contentsOfFile: Self.valid, encoding: .utf8)
        let may = april.replacingOccurrences(of: "TX01-002", with: "TX01-009")
        var ids: [String: Int64] = [:]
        let wh = try Warehouse(path: root.file("w.sqlite"))
        for (m, text) in [("2023-04", april), ("2023-05", may), ("2023-06", april)] {
            let dir = try month(root, m)
            try text.write(toFile: dir + "/梧桐街道-清单.csv", atomically: true, encoding: .utf8)
            _ = try IngestStage(pipeline: Self.pipeline, period: Period(m)!).run(inputs: dir, warehouse: wh)
            ids[m] = try wh.files(pipeline: "tongxiang", period: Period(m)!).first?.id
        }
        let current = try wh.readDatabase { db in
            try Warehouse.currentSnapshots(db, pipeline: "tongxiang", template: "projects", at: Self.june)
        }
        #expect(current.map(\.id) == [ids["2023-04"]!])
        #expect(try wh.files(pipeline: "tongxiang", period: Self.june).first?.status == .unchanged)
    }

    @Test func sameMonthCopyIsADuplicate() throws {
        let root = try TempDir()
        let june = try month(root, "2023-06")
        try FileManager.default.copyItem(atPath: Self.valid, toPath: june + "/梧桐街道-6月.csv")
        try FileManager.default.copyItem(atPath: Self.valid, toPath: june + "/梧桐街道-6月（重发）.csv")
        let wh = try Warehouse(path: root.file("w.sqlite"))
        let s = try IngestStage(pipeline: Self.pipeline, period: Self.june).run(inputs: june, warehouse: wh)
        #expect(s.filesLoaded == 1 && s.filesSkipped == 1 && s.rowsAccepted == 2)
        let files = try wh.files(pipeline: "tongxiang", period: Self.june)
        #expect(Set(files.map(\.status)) == [.loaded, .duplicate])
        let dup = try wh.issues(pipeline: "tongxiang", period: Self.june).filter { $0.code == .duplicateFile }
        #expect(dup.count == 1 && dup[0].severity == .warning)
    }

    @Test func limitsComeFromThePipeline() throws {
        var p = Self.pipeline
        p.limits.maxRecords = 2
        let reports = FileCheck(pipeline: p, period: Self.june).run(paths: [Paths.fixtures + "/defective/梧桐街道-23文件内重复编号.csv"])
        #expect(reports[0].issues.contains { $0.code == .limitExceeded })
        let yaml = try String(contentsOfFile: Paths.tongxiang, encoding: .utf8)
            .replacingOccurrences(of: "limits: {file_mb: 512, field_kb: 1024, columns: 1000, rows: 5000000}",
                                  with: "limits: {file_mb: 1, field_kb: 4, columns: 20, rows: 10}")
        let q = try PipelineLoader.parse(yaml)
        #expect(q.limits.maxFileBytes == 1 << 20 && q.limits.maxFieldBytes == 4096 && q.limits.maxColumns == 20 && q.limits.maxRecords == 10)
    }
}

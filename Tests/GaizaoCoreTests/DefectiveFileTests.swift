import Foundation
import GRDB
@testable import GaizaoIngest
@testable import GaizaoModel
@testable import GaizaoPipeline
@testable import GaizaoReport
@testable import GaizaoStore
import Testing

/// Every kind of broken submission a town clerk can produce, against the Tongxiang project template:
/// each must come back with the expected issue code at the expected row and column, and never crash.
@Suite struct DefectiveFileTests {
    static let pipeline = try! PipelineLoader.load(
        path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("pipelines/tongxiang.yaml").path)
    static let header = "项目编号,项目名称,企业名称,统一社会信用代码,所属镇街,改造类型,计划总投资（万元）,累计完成投资（万元）,本年完成投资（万元）,节约用能（吨标煤）,新增工业机器人（台）,开工日期,竣工日期,项目状态"

    /// A valid row; `change` replaces 0-based fields.
    static func row(_ id: String = "TX01-001", _ change: [Int: String] = [:]) -> String {
        var f = [id, "年产100万件毛衫智能化改造项目", "浙江恒丰科技有限公司", "91330483E2T5HEH7EW", "梧桐街道", "数字化改造",
                 "1200.5", "800", "300", "", "4", "2023-02-01", "", "在建"]
        for (i, v) in change { f[i] = v }
        return f.joined(separator: ",")
    }

    static func text(_ lines: [String]) -> [UInt8] { Array((lines.joined(separator: "\r\n") + "\r\n").utf8) }
    static func gbk(_ s: [UInt8]) -> [UInt8] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        p.arguments = ["-f", "UTF-8", "-t", "GB18030"]
        let i = Pipe(), o = Pipe()
        p.standardInput = i
        p.standardOutput = o
        try! p.run()
        i.fileHandleForWriting.write(Data(s))
        try! i.fileHandleForWriting.close()
        let d = o.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Array(d)
    }

    /// One row of Fixtures/defective/expected.csv (written by tools/gen_defective.py).
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var code: IssueCode?
        var line: Int?
        var column: String?
        var testDescription: String { file }
        /// The name reports show: directory parts stripped.
        var shownName: String { Submission.safeName(file) }
    }

    static let defective = Paths.fixtures + "/defective"
    static let bigFieldFile = "梧桐街道-36五十兆单字段.csv"

    static let cases: [Case] = {
        let text = try! String(contentsOfFile: defective + "/expected.csv", encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Case(file: f[0], code: IssueCode(rawValue: f[1]), line: Int(f[2]), column: f[3].isEmpty ? nil : f[3])
        }
    }()

    /// A copy of the fixture folder plus the 50 MB single-field file (too big to commit), all with one
    /// modification time so files are taken in name order.
    static func materialise(into dir: String, only: [Case] = cases) throws {
        let fm = FileManager.default
        for c in only {
            let target = (dir as NSString).appendingPathComponent(c.file)
            if c.file == bigFieldFile {
                var data = Data(text([header]))
                data.append(contentsOf: Array("\"".utf8))
                data.append(Data(repeating: 0x41, count: 50 << 20))
                try data.write(to: URL(fileURLWithPath: target))
            } else {
                try fm.copyItem(atPath: (defective as NSString).appendingPathComponent(c.file), toPath: target)
            }
            try fm.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_688_000_000)], ofItemAtPath: target)
        }
    }

    @Test func fixtureFolderCoversEveryDefect() {
        #expect(Self.cases.count >= 30)
        let codes = Set(Self.cases.compactMap(\.code))
        for code in [IssueCode.encodingError, .emptyFile, .unknownTemplate, .ambiguousTemplate, .unknownUnit, .missingColumn,
                     .duplicateColumn, .extraColumn, .periodMismatch, .duplicateFile, .fieldCount, .blankRow, .missingValue,
                     .typeError, .constraintError, .usccChecksum, .unitMismatch, .duplicateKey, .limitExceeded] {
            #expect(codes.contains(code), "no fixture for \(code.rawValue)")
        }
    }

    /// `gaizao check --format csv` over the whole folder: the expected code at the expected place, exit 3.
    @Test func checkReportsEveryDefectPrecisely() throws {
        let dir = try TempDir()
        try Self.materialise(into: dir.path)
        let files = Self.cases.map { dir.file($0.file) }
        let start = ContinuousClock.now
        let (status, out) = try runProcess(try Paths.cli(), ["check", "--pipeline", Paths.tongxiang, "--period", "2023-06",
                                                             "--format", "csv"] + files)
        #expect(ContinuousClock.now - start < .seconds(10 * Self.cases.count))
        #expect(status == 3)
        let rows = try csvRows(out)
        try #require(rows.first == IssuesCSV.header.split(separator: ",").map(String.init))
        try expectEveryCase(rows.dropFirst().map { ($0[3], $0[1], Int($0[4]), $0[5].isEmpty ? nil : $0[5]) })
        // A clean file on its own: exit 0.
        let (clean, _) = try runProcess(try Paths.cli(), ["check", "--pipeline", Paths.tongxiang, "--period", "2023-06",
                                                          dir.file("梧桐街道-34原件.csv")])
        #expect(clean == 0)
        // The receipt log given with the files (a `*.csv` glob over the month folder) is skipped as ingest skips it.
        try "文件,接收时间\r\n梧桐街道-34原件.csv,2023-07-03 10:00\r\n".write(toFile: dir.file("_收件登记.csv"), atomically: true, encoding: .utf8)
        let (withLog, text) = try runProcess(try Paths.cli(), ["check", "--pipeline", Paths.tongxiang, "--period", "2023-06",
                                                               dir.file("梧桐街道-34原件.csv"), dir.file("_收件登记.csv")])
        #expect(withLog == 0 && text.contains("_收件登记.csv：未检查") && !text.contains("unknown-template"), "\(text)")
        let (usage, _) = try runProcess(try Paths.cli(), ["check", "--pipeline", Paths.tongxiang, "--period", "2023-6x",
                                                          dir.file("梧桐街道-34原件.csv")])
        #expect(usage == 2)
    }

    /// `gaizao ingest` over the same folder laid out as inputs/tongxiang/2023-06: the same issues land in
    /// the warehouse, and every file's rows add up.
    @Test func ingestStoresEveryDefectPrecisely() throws {
        let root = try TempDir()
        let month = root.path + "/inputs/tongxiang/2023-06"
        try FileManager.default.createDirectory(atPath: month, withIntermediateDirectories: true)
        try Self.materialise(into: month)
        let (status, _) = try runProcess(try Paths.cli(), ["ingest", "--quiet", "--pipeline", Paths.tongxiang, "--period", "2023-06",
                                                           "--inputs", root.path + "/inputs", "--outputs", root.path + "/outputs"])
        #expect(status == 3)
        let wh = try Warehouse(path: root.path + "/outputs/tongxiang/warehouse.sqlite")
        let june = Period(year: 2023, month: 6)
        let issues = try wh.issues(pipeline: "tongxiang", period: june)
        try expectEveryCase(issues.map { ($0.file, $0.code.rawValue, $0.line, $0.column.map(Issue.columnLetters)) })
        let files = try wh.files(pipeline: "tongxiang", period: june)
        #expect(files.count == Self.cases.count)
        for f in files {
            #expect(f.rows_read == f.acceptedNet + f.rejectedTotal + f.rows_blank, "\(f.name)")
        }
    }

    func expectEveryCase(_ found: [(file: String, code: String, line: Int?, column: String?)]) throws {
        for c in Self.cases {
            let mine = found.filter { $0.file == c.shownName }
            guard let code = c.code else {
                #expect(!mine.contains { ["错误", "error"].contains($0.code) }, "\(c.file) should be clean")
                continue
            }
            let hit = mine.first { $0.code == code.rawValue }
            #expect(hit != nil, "\(c.file): expected \(code.rawValue), got \(mine.map { "\($0.code)@\($0.line ?? 0)" })")
            #expect(hit?.line == c.line, "\(c.file)")
            if let col = c.column { #expect(hit?.column == col, "\(c.file)") }
        }
    }

    /// The same files read in-process, one by one: accounting holds and nothing takes long.
    @Test(arguments: cases)
    func everyFileAddsUp(_ c: Case) throws {
        let dir = try TempDir()
        try Self.materialise(into: dir.path, only: [c])
        let start = ContinuousClock.now
        let reports = FileCheck(pipeline: Self.pipeline, period: Period(year: 2023, month: 6)).run(paths: [dir.file(c.file)])
        #expect(ContinuousClock.now - start < .seconds(10))
        let r = try #require(reports.first)
        #expect(r.rowsRead == r.rowsAccepted + r.rowsRejected + r.rowsBlank)
        #expect(r.issues.allSatisfy { !$0.message.isEmpty && $0.file == c.shownName })
    }

    @Test func unknownUnitWhenNeitherNameNorColumnSays() throws {
        let dir = try TempDir()
        let path = dir.file("项目清单.csv")
        try Data(Self.text([Self.header, Self.row("TX01-001", [4: "火星镇"])])).write(to: URL(fileURLWithPath: path))
        let report = try SubmissionReader(pipeline: Self.pipeline, period: Period(year: 2023, month: 6))
            .read(try Submission(path: path)) { _ in }
        #expect(report.rejected && report.issues.contains { $0.code == .unknownUnit })
    }

    @Test func pathLikeNamesStayPlainNames() {
        #expect(Submission.safeName("../../x.csv") == "x.csv")
        #expect(Submission.safeName("..") == "_")
    }

    @Test func gbkAndUTF8TwinsLoadIdenticalRows() throws {
        let bytes = Self.text([Self.header, Self.row(), Self.row("TX01-002", [7: "\"1,234.5\"", 11: "2023年3月1日"])])
        var tables: [[String]] = []
        for variant in [bytes, Self.gbk(bytes)] {
            let dir = try TempDir()
            let month = dir.path + "/2023-06"
            try FileManager.default.createDirectory(atPath: month, withIntermediateDirectories: true)
            try Data(variant).write(to: URL(fileURLWithPath: month + "/梧桐街道.csv"))
            let wh = try Warehouse(path: dir.file("w.sqlite"))
            _ = try IngestStage(pipeline: Self.pipeline, period: Period(year: 2023, month: 6)).run(inputs: month, warehouse: wh)
            let table = Warehouse.table(pipeline: "tongxiang", template: "projects")
            tables.append(try wh.readDatabase { db in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY line").map { row in
                    row.columnNames.filter { $0 != "file_id" }.map { "\($0)=\(row[$0] as DatabaseValue)" }.joined(separator: "|")
                }
            })
            #expect(try wh.files(pipeline: "tongxiang", period: Period(year: 2023, month: 6)).first?.encoding
                    == (variant == bytes ? "UTF-8" : "GB18030"))
        }
        try #require(tables[0].count == 2)
        #expect(tables[0] == tables[1])
        #expect(tables[0][1].contains("累计完成投资=1234.5") && tables[0][1].contains("开工日期=\"2023-03-01\""))
    }
}

import Foundation
@testable import GaizaoCore
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

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var code: IssueCode
        var line: Int?
        var column: Int?
        var testDescription: String { name }
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

    static let cases: [Case] = {
        let h = header
        var c: [Case] = [
            Case(name: "binary junk", bytes: [0x00, 0xFF, 0xFE, 0x80, 0x81, 0xFF], code: .encodingError, line: nil, column: nil),
            Case(name: "zero bytes", bytes: [], code: .emptyFile, line: nil, column: nil),
            Case(name: "header only", bytes: text([h]), code: .emptyFile, line: 1, column: nil),
            Case(name: "blank lines only", bytes: text(["", " ", ""]), code: .emptyFile, line: nil, column: nil),
            Case(name: "unknown template", bytes: text(["姓名,年龄,住址", "张三,30,乌镇"]), code: .unknownTemplate, line: 1, column: nil),
            Case(name: "missing required column", bytes: text([h.replacingOccurrences(of: ",项目状态", with: ""), row()]),
                 code: .missingColumn, line: 1, column: nil),
            Case(name: "duplicate column", bytes: text([h + ",项目编号", row() + ",X"]), code: .duplicateColumn, line: 1, column: 15),
            Case(name: "extra column", bytes: text([h + ",备注", row() + ",无"]), code: .extraColumn, line: 1, column: 15),
            Case(name: "too many fields", bytes: text([h, row(), row("TX01-002") + ",多出来的"]), code: .fieldCount, line: 3, column: nil),
            Case(name: "ragged short row", bytes: text([h, "TX01-002,项目,企业"]), code: .fieldCount, line: 2, column: nil),
            Case(name: "blank row inside", bytes: text([h, row(), "", row("TX01-002")]), code: .blankRow, line: 3, column: nil),
            Case(name: "missing key", bytes: text([h, row(""), row("TX01-002")]), code: .missingValue, line: 2, column: 1),
            Case(name: "not a number", bytes: text([h, row(), row("TX01-002", [7: "约三百万"])]), code: .typeError, line: 3, column: 8),
            Case(name: "status not in list", bytes: text([h, row("TX01-001", [13: "已完工"])]), code: .constraintError, line: 2, column: 14),
            Case(name: "negative amount", bytes: text([h, row("TX01-001", [8: "-5"])]), code: .constraintError, line: 2, column: 9),
            Case(name: "robots not whole", bytes: text([h, row("TX01-001", [10: "2.5"])]), code: .typeError, line: 2, column: 11),
            Case(name: "impossible date", bytes: text([h, row("TX01-001", [11: "2023-13-45"])]), code: .typeError, line: 2, column: 12),
            Case(name: "credit code check digit", bytes: text([h, row("TX01-001", [3: "91330483E2T5HEH7E0"])]), code: .usccChecksum, line: 2, column: 4),
            Case(name: "credit code malformed", bytes: text([h, row("TX01-001", [3: "913304831234"])]), code: .typeError, line: 2, column: 4),
            Case(name: "header in 亿元", bytes: text([h.replacingOccurrences(of: "计划总投资（万元）", with: "计划总投资(亿元)"), row()]),
                 code: .unitMismatch, line: 1, column: 7),
            Case(name: "header unit not convertible", bytes: text([h.replacingOccurrences(of: "计划总投资（万元）", with: "计划总投资（台）"), row()]),
                 code: .unitMismatch, line: 1, column: 7),
            Case(name: "duplicate key in file", bytes: text([h, row(), row("TX01-002"), row()]), code: .duplicateKey, line: 4, column: 1),
            Case(name: "title row above header", bytes: text(["梧桐街道两化改造项目清单（2023年6月）,,,", h, row("TX01-001", [7: "约三百万"])]),
                 code: .typeError, line: 3, column: 8),
            Case(name: "total row at bottom", bytes: text([h, row(), "合计,,,,,,1200.5,800,300,,4,,,"]), code: .constraintError, line: 3, column: 1),
            Case(name: "100,000 columns", bytes: Array(String(repeating: "x,", count: 100_000).utf8), code: .limitExceeded, line: 1, column: nil),
            Case(name: "50 MB single field", bytes: text([h]) + Array("\"".utf8) + [UInt8](repeating: 0x41, count: 50 << 20),
                 code: .limitExceeded, line: 2, column: nil),
        ]
        let bad = text([h, row(), row("TX01-002", [7: "约三百万"])])
        c.append(Case(name: "GBK export", bytes: gbk(bad), code: .typeError, line: 3, column: 8))
        c.append(Case(name: "UTF-8 with BOM", bytes: [0xEF, 0xBB, 0xBF] + bad, code: .typeError, line: 3, column: 8))
        c.append(Case(name: "GBK with a bad byte", bytes: gbk(text([h, row()])) + [0xFF, 0x0A], code: .encodingError, line: nil, column: nil))
        c.append(Case(name: "unquoted newline splits a row", bytes: text([h, "TX01-002,年产\n项目" + row().dropFirst(8 + 15)]),
                      code: .fieldCount, line: 2, column: nil))
        return c
    }()

    @Test(arguments: cases)
    func defectIsReportedPrecisely(_ c: Case) throws {
        let dir = try TempDir()
        let path = dir.file("梧桐街道-\(c.name).csv")
        try Data(c.bytes).write(to: URL(fileURLWithPath: path))
        let start = ContinuousClock.now
        var accepted = 0
        let report = try SubmissionReader(pipeline: Self.pipeline, period: Period(year: 2023, month: 6))
            .read(try Submission(path: path)) { _ in accepted += 1 }
        #expect(ContinuousClock.now - start < .seconds(10))
        let hit = report.issues.first { $0.code == c.code }
        #expect(hit != nil, "expected \(c.code.rawValue), got \(report.issues.map { "\($0.code.rawValue)@\($0.line ?? 0)" })")
        #expect(hit?.line == c.line, "\(hit?.message ?? "")")
        if let col = c.column { #expect(hit?.column == col, "\(hit?.message ?? "")") }
        #expect(hit.map { !$0.message.isEmpty && $0.file.hasPrefix("梧桐街道") } ?? false)
        // Nothing is silently dropped.
        #expect(report.rowsRead == report.rowsAccepted + report.rowsRejected + report.rowsBlank)
        #expect(accepted == report.rowsAccepted || report.rejected)
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
        var loaded: [[[FieldValue]]] = []
        for variant in [bytes, Self.gbk(bytes)] {
            let dir = try TempDir()
            let path = dir.file("梧桐街道.csv")
            try Data(variant).write(to: URL(fileURLWithPath: path))
            var rows: [[FieldValue]] = []
            _ = try SubmissionReader(pipeline: Self.pipeline, period: Period(year: 2023, month: 6))
                .read(try Submission(path: path)) { rows.append($0.values) }
            loaded.append(rows)
        }
        try #require(loaded[0].count == 2)
        #expect(loaded[0] == loaded[1])
        #expect(loaded[0][1][7] == .number(1234.5) && loaded[0][1][11] == .text("2023-03-01"))
    }
}

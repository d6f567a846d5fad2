import Foundation
@testable import GaizaoCompute
@testable import GaizaoIngest
@testable import GaizaoModel
@testable import GaizaoPipeline
@testable import GaizaoStore
import SpecReference
import Testing

/// Random ledgers with random defects (seeded, so a failure names its case and reproduces): the books always
/// balance, every planted defect is reported where it was planted, and the city figures equal sums over the
/// accepted rows.
@Suite struct PropertyTests {
    /// SplitMix64, shared with the reference generator.
    typealias Seeded = SplitMix64

    enum Defect: CaseIterable { case notANumber, negative, badStatus, missingKey, badDate, blank, duplicateKey }

    struct Ledger {
        var lines: [String] = ["项目编号,所属镇街,累计完成投资（万元）,本年完成投资（万元）,开工日期,项目状态"]
        /// (code, Excel row, column) expected for each planted defect.
        var expected: [(IssueCode, Int, Int?)] = []
        var accepted: [(total: Double, date: String, status: String)] = []
        var blank = 0
    }

    static func ledger(seed: UInt64) -> Ledger {
        var rng = Seeded(state: seed)
        var l = Ledger()
        let statuses = ["未开工", "在建", "竣工"]
        var keys: [String] = []
        for i in 0..<Int.random(in: 1...40, using: &rng) {
            let line = l.lines.count + 1
            let key = "P\(seed % 1000)-\(i)"
            let total = Double(Int.random(in: 0...50_000, using: &rng)) / 10
            let date = String(format: "%04d-%02d-%02d", Int.random(in: 2021...2023, using: &rng),
                              Int.random(in: 1...12, using: &rng), Int.random(in: 1...28, using: &rng))
            let status = statuses.randomElement(using: &rng)!
            var cells = [key, "甲镇", "\(total)", "0", date, status]
            let defect: Defect? = Int.random(in: 0..<100, using: &rng) < 15 ? Defect.allCases.randomElement(using: &rng) : nil
            switch defect {
            case .notANumber: cells[2] = "约三百万"; l.expected.append((.typeError, line, 3))
            case .negative: cells[2] = "-\(total + 1)"; l.expected.append((.constraintError, line, 3))
            case .badStatus: cells[5] = "已完工"; l.expected.append((.constraintError, line, 6))
            case .missingKey: cells[0] = ""; l.expected.append((.missingValue, line, 1))
            case .badDate: cells[4] = "2023-02-30"; l.expected.append((.typeError, line, 5))
            case .blank:
                l.lines.append("")
                l.blank += 1
                l.expected.append((.blankRow, line, nil))
                continue
            case .duplicateKey where !keys.isEmpty:
                cells[0] = keys.randomElement(using: &rng)!
                l.expected.append((.duplicateKey, line, 1))
            case .duplicateKey, nil:
                keys.append(key)
                l.accepted.append((total, date, status))
            }
            l.lines.append(cells.joined(separator: ","))
        }
        // A trailing blank line would not be a row at all; keep the last line a data row.
        if l.lines.last == "" { l.lines.removeLast(); l.blank -= 1; l.expected.removeLast() }
        return l
    }

    static let seeds: [UInt64] = (1...200).map { UInt64($0) &* 7919 }

    @Test(arguments: seeds)
    func booksBalanceAndDefectsAreFound(_ seed: UInt64) throws {
        let l = Self.ledger(seed: seed)
        let root = try TempDir()
        let month = root.path + "/inputs/mini/2023-03"
        try FileManager.default.createDirectory(atPath: month, withIntermediateDirectories: true)
        try (l.lines.joined(separator: "\r\n") + "\r\n").write(toFile: month + "/甲镇-项目清单.csv", atomically: true, encoding: .utf8)
        let pipeline = try PipelineLoader.load(path: Paths.fixtures + "/mini/mini.yaml")
        let period = Period(year: 2023, month: 3)
        let wh = try Warehouse(path: root.file("w.sqlite"))
        let s = try IngestStage(pipeline: pipeline, period: period).run(inputs: month, warehouse: wh)
        #expect(s.rowsRead == s.rowsAccepted + s.rowsRejected + s.rowsBlank, "seed \(seed)")
        #expect(s.rowsAccepted == l.accepted.count && s.rowsBlank == l.blank, "seed \(seed)")
        let issues = try wh.issues(pipeline: "mini", period: period)
        for (code, line, column) in l.expected {
            #expect(issues.contains { $0.code == code && $0.line == line && (column == nil || $0.column == column) },
                    "seed \(seed): \(code.rawValue) at row \(line) not reported")
        }
        // City figures are sums over accepted rows: counted = 在建/竣工 started inside the plan, up to March 2023.
        let figures = try ComputeStage(pipeline: pipeline, period: period).run(warehouse: wh)
        let counted = l.accepted.filter { ["在建", "竣工"].contains($0.status) && $0.date >= "2022-01-01" && $0.date <= "2023-03-31" }
        let projects = try #require(figures.first { $0.code == "projects" && $0.scope == "total" })
        #expect(projects.planToDate == Double(counted.count), "seed \(seed)")
        let investment = try #require(figures.first { $0.code == "investment" && $0.scope == "total" })
        let expected = counted.reduce(0) { $0 + $1.total } / 10_000
        #expect(abs((investment.planToDate ?? 0) - expected) < 1e-9, "seed \(seed)")
    }
}

/// The duplicate-key table against a plain dictionary: the same first line for every key, across the table's
/// growth and its 1 MiB chunks, for empty, short, CJK, near-limit and over-255-byte keys.
@Suite struct KeyLinesTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func findsEveryRepeatAsADictionaryWould(_ seed: UInt64) {
        var rng = SplitMix64(state: seed)
        var table = KeyLines(), plain: [String: Int] = [:]
        let alphabet = Array("AB01项目编号\u{1F}")
        var given: [String] = [], wrong = 0
        for line in 2..<200_000 {
            let key: String
            if !given.isEmpty && Int.random(in: 0..<5, using: &rng) == 0 {
                key = given.randomElement(using: &rng)!
            } else {
                let length = [0, 1, 8, 10, 84, 85, 86, 200, 300][Int.random(in: 0..<9, using: &rng)]
                key = String((0..<length).map { _ in alphabet.randomElement(using: &rng)! }) + "\(line % 97)"
                given.append(key)
            }
            // Some lines past the records' 24 bits, as a file of quoted line breaks can have.
            let number = line % 7 == 0 ? line + (1 << 24) : line
            let expected = plain[key]
            if expected == nil { plain[key] = number }
            if table.firstLine(of: key, else: number) != expected || table.count != plain.count { wrong += 1 }
        }
        #expect(wrong == 0 && table.count == plain.count && plain.count > 100_000)
    }
}

@testable import GaizaoCompute
@testable import GaizaoIngest
@testable import GaizaoModel
import Testing

/// The byte-level fast path of ingest (`CellRule.fast`) must store exactly what the general path
/// (`RowState.convert`) stores, or a clerk's numbers would depend on how tidy the cell was.
@Suite struct FastPathTests {
    static let columns: [Column] = [
        Column(name: "项目名称", type: .string, required: true),
        Column(name: "备注", type: .string),
        Column(name: "投资", type: .number, min: 0),
        Column(name: "余额", type: .number),
        Column(name: "机器人", type: .integer, min: 0, max: 500),
        Column(name: "占比", type: .percent),
        Column(name: "开工日期", type: .date),
        Column(name: "状态", type: .enum, required: true, values: ["在建", "竣工", "首台(套)", "（旧）"]),
        Column(name: "代码", type: .uscc),
        Column(name: "月份", type: .month),
    ]

    /// What the general path stores for a cell, or nil when it rejects it.
    func general(_ raw: String, _ column: Column, factor: Double = 1) -> FieldValue? {
        if case .success(let v) = RowState.convert(raw, column: column, factor: factor) { return v }
        return nil
    }

    func fast(_ raw: String, _ column: Column, factor: Double = 1) -> FieldValue? {
        var row = RowCells(count: 1)
        guard CellRule(column: column, factor: factor).fast(ArraySlice(Array(raw.utf8)), into: &row, at: 0) else {
            return nil
        }
        return row[0]
    }

    @Test func tidyCellsTakeTheFastPath() {
        let expected: [(String, Column, FieldValue)] = [
            ("年产100万件毛衫智能化改造项目", Self.columns[0], .text("年产100万件毛衫智能化改造项目")),
            ("1234.5", Self.columns[2], .number(1234.5)),
            ("-0.125", Self.columns[3], .number(-0.125)),
            ("12", Self.columns[4], .number(12)),
            ("35", Self.columns[5], .number(35)),
            ("2023/6/1", Self.columns[6], .text("2023-06-01")),
            // Number and date texts have one definition (Normalise.decimal, Normalise.dateParts); the fast path
            // reads any raw cell that definition accepts, exponents and 年月日 included.
            ("1e3", Self.columns[3], .number(1000)),
            ("123456789.0123456789", Self.columns[3], .number(Double("123456789.0123456789")!)),
            ("2023年6月1日", Self.columns[6], .text("2023-06-01")),
            ("45078", Self.columns[6], .text("2023-06-01")),
            ("竣工", Self.columns[7], .text("竣工")),
            ("91330483e2t5heh7ew", Self.columns[8], .text("91330483E2T5HEH7EW")),
            ("", Self.columns[1], .null),
        ]
        for (raw, column, value) in expected {
            #expect(fast(raw, column) == value, "\(column.name) “\(raw)”")
            #expect(general(raw, column) == value, "\(column.name) “\(raw)”")
        }
        #expect(fast("12", Self.columns[2], factor: 10_000) == .number(120_000))
    }

    @Test func untidyCellsAreLeftToTheGeneralPath() {
        let cases: [(String, Column)] = [
            (" 梧桐街道", Self.columns[0]), ("梧桐街道　", Self.columns[0]), ("ＡＢＣ", Self.columns[0]),
            ("", Self.columns[0]), ("1,234", Self.columns[2]), ("-5", Self.columns[2]), ("1.5", Self.columns[4]),
            ("１２", Self.columns[3]), ("12%", Self.columns[3]), ("2023-02-30", Self.columns[6]), (" 2023-06-01", Self.columns[6]),
            ("在建 ", Self.columns[7]), ("首台（套）", Self.columns[7]),
            ("91330483E2T5HEH7E0", Self.columns[8]), ("2023-06", Self.columns[9]),
        ]
        for (raw, column) in cases {
            #expect(fast(raw, column) == nil, "\(column.name) “\(raw)”")
        }
    }

    @Test func fastPathAgreesWithTheGeneralPathOnRandomCells() {
        let alphabet: [String] = ["0", "1", "2", "5", "9", ".", "-", "/", " ", "　", "１", "a", "E", "I", "合", "计",
                                  ",", "%", "年", "\t", "\u{A0}", "+", "在建", "竣工", "（", ")", "２", "ｅ", "W", "\u{2003}"]
        var generator = SystemRandomNumberGenerator()
        var checked = 0
        for _ in 0..<30_000 {
            let length = Int.random(in: 0...12, using: &generator)
            let raw = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            for column in Self.columns {
                for factor in [1.0, 10_000] {
                    guard let v = fast(raw, column, factor: factor) else { continue }
                    checked += 1
                    #expect(general(raw, column, factor: factor) == v, "\(column.name) “\(raw)” ×\(factor)")
                }
            }
        }
        #expect(checked > 1_000)
        // Dates across the accepted years, with impossible days and months among them.
        for y in stride(from: 1899, through: 2201, by: 7) {
            for (m, d) in [(1, 1), (2, 28), (2, 29), (4, 31), (12, 31), (13, 1), (0, 5)] {
                let raw = "\(y)-\(m)-\(d)"
                #expect(fast(raw, Self.columns[6]) == (general(raw, Self.columns[6]).flatMap { $0 == .null ? nil : $0 }),
                        "\(raw)")
            }
        }
    }
}

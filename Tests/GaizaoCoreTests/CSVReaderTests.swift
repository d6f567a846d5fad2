@testable import CSVStream
import Foundation
import Testing

@Suite struct CSVReaderTests {
    func records(_ text: String, _ encoding: TextEncoding = .utf8) throws -> [[String]] {
        var out: [[String]] = []
        try CSVReader(bytes: Array(text.utf8)).forEach(encoding: encoding) { out.append($0.fields); return true }
        return out
    }

    @Test func quotedFieldsWithCommasAndNewlines() throws {
        let rows = try records("项目编号,项目名称,金额\r\nP1,\"年产100万件, 毛衫\",\"1,234.5\"\r\nP2,\"第一行\n第二行\",\"说\"\"明\"\"\"\r\n")
        #expect(rows.count == 3)
        #expect(rows[1] == ["P1", "年产100万件, 毛衫", "1,234.5"])
        #expect(rows[2] == ["P2", "第一行\n第二行", "说\"明\""])
    }

    @Test func blankLinesAreReportedOnceEvenWithCRLF() throws {
        var blanks = 0
        var numbers: [Int] = []
        try CSVReader(bytes: Array("a,b\r\n\r\n1,2\r\n\r\n3,4".utf8)).forEach(encoding: .utf8) { r in
            if r.count == 0 || r.isBlank { blanks += 1 }
            numbers.append(r.number)
            return true
        }
        #expect(blanks == 2)
        #expect(numbers == [1, 2, 3, 4, 5])   // record numbers as Excel would show the rows
    }

    @Test func detectsBOMAndSkipsIt() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("项目编号,金额\nP1,5\n".utf8)
        let reader = CSVReader(bytes: bytes)
        #expect(try reader.detectEncoding() == .utf8BOM)
        var first: [String] = []
        try reader.forEach(encoding: .utf8BOM) { first = $0.fields; return false }
        #expect(first == ["项目编号", "金额"])
    }

    @Test func decodesGB18030() throws {
        // "项目编号,金额\n甲,1\n" in GB18030.
        let gbk: [UInt8] = [0xCF, 0xEE, 0xC4, 0xBF, 0xB1, 0xE0, 0xBA, 0xC5, 0x2C, 0xBD, 0xF0, 0xB6, 0xEE, 0x0A,
                            0xBC, 0xD7, 0x2C, 0x31, 0x0A]
        let reader = CSVReader(bytes: gbk)
        #expect(try reader.detectEncoding() == .gb18030)
        var rows: [[String]] = []
        try reader.forEach(encoding: .gb18030) { rows.append($0.fields); return true }
        #expect(rows == [["项目编号", "金额"], ["甲", "1"]])
    }

    @Test func gb18030CharacterSplitAcrossChunksSurvives() throws {
        // 70,000 copies of "甲" put chunk boundaries inside a two-byte character.
        var bytes: [UInt8] = [0xC3, 0xFB, 0x0A]   // "名" and a newline
        for _ in 0..<70_000 { bytes += [0xBC, 0xD7] }
        bytes.append(0x0A)
        let reader = CSVReader(bytes: bytes)
        #expect(try reader.detectEncoding() == .gb18030)
        var last = ""
        try reader.forEach(encoding: .gb18030) { last = $0[0]; return true }
        #expect(last.count == 70_000 && last.allSatisfy { $0 == "甲" })
    }

    @Test func undecodableBytesNameTheirOffset() throws {
        // Valid ASCII, then 0xFF which neither UTF-8 nor GB18030 accepts.
        let reader = CSVReader(bytes: Array("ab,c\n".utf8) + [0xFF, 0xFF])
        #expect(throws: CSVError.decoding(DecodingFailure(offset: 5, byte: 0xFF))) { try reader.detectEncoding() }
    }

    @Test func columnLimitStopsHugeRows() throws {
        let wide = Array(repeating: "x", count: 5000).joined(separator: ",")
        let reader = CSVReader(bytes: Array(wide.utf8), limits: CSVLimits(maxColumns: 1000))
        #expect(throws: CSVError.limitExceeded(what: "columns", limit: 1000, record: 1)) {
            try reader.forEach(encoding: .utf8) { _ in true }
        }
    }
}

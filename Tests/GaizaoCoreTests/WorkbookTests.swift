import Foundation
import Testing
import XLSXWriter

@Suite struct WorkbookTests {
    @Test func roundTripKeepsValuesTypesAndFormats() throws {
        let dir = try TempDir()
        let path = dir.file("t.xlsx")
        let wb = try Workbook(path: path)
        try wb.setProperties(DocumentProperties(title: "测试", created: 1_688_126_400))
        let sheet = try wb.addSheet(Workbook.sheetName("总体进展[测试]"))
        let pct = wb.format(CellStyle(numberFormat: "0.0%"))
        try sheet.write(0, 0, "指标")
        try sheet.write(0, 1, 0.583, pct)
        try sheet.write(1, 0, "=cmd|' /C calc'!A0")
        try sheet.write(1, 1, 1234.5, wb.format(CellStyle(numberFormat: "#,##0.00")))
        try sheet.setColumn(0, width: 20)
        try wb.close()

        let x = try XLSXReader(path: path)
        #expect(x.sheetNames == ["总体进展_测试_"])
        let cells = try x.cells("总体进展_测试_")
        #expect(cells["A1"]?.value == "指标")
        #expect(cells["B1"] == .init(type: "n", value: "0.583", numberFormat: "0.0%"))
        // A formula-looking value stays a string cell, never a formula.
        #expect(cells["A2"]?.type == "s")
        #expect(cells["A2"]?.value == "=cmd|' /C calc'!A0")
        #expect(try x.xml(ofSheet: "总体进展_测试_").all("f").isEmpty)
        #expect(cells["B2"] == .init(type: "n", value: "1234.5", numberFormat: "#,##0.00"))
    }

    /// A large month's workbook is compressed at zlib's fastest level (minizip marks level 1 with general-purpose
    /// bits 1 and 2 in every local header); an ordinary one keeps the default level. Both read back.
    @Test func fastCompressionReachesEveryZipEntry() throws {
        let dir = try TempDir()
        var flags: [Bool: [UInt16]] = [:]
        for fast in [false, true] {
            let path = dir.file("\(fast).xlsx")
            let wb = try Workbook(path: path, constantMemory: true, tempDirectory: dir.path)
            wb.fastCompression = fast
            let sheet = try wb.addSheet("项目清单")
            for r in 0..<2_000 { try sheet.write(r, 0, "项目\(r)"); try sheet.write(r, 1, Double(r)) }
            try wb.close()
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            var headerFlags: [UInt16] = []
            var i = 0
            while i + 8 < bytes.count {
                if bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 3 && bytes[i + 3] == 4 {
                    headerFlags.append(UInt16(bytes[i + 6]) | UInt16(bytes[i + 7]) << 8)
                }
                i += 1
            }
            flags[fast] = headerFlags
            #expect(try XLSXReader(path: path).cells("项目清单")["A2000"]?.value == "项目1999")
        }
        #expect(flags[true]!.count >= 5)
        #expect(flags[true]!.allSatisfy { $0 & 6 == 6 })
        #expect(flags[false]!.allSatisfy { $0 & 6 == 0 })
    }

    @Test func sameContentGivesSameBytes() throws {
        let dir = try TempDir()
        func make(_ name: String) throws -> Data {
            let wb = try Workbook(path: dir.file(name))
            try wb.setProperties(DocumentProperties(title: "t", created: 1_688_126_400))
            try wb.addSheet("说明").write(0, 0, "桐乡市")
            try wb.close()
            return try Data(contentsOf: URL(fileURLWithPath: dir.file(name)))
        }
        #expect(try make("a.xlsx") == make("b.xlsx"))
    }

    @Test func sheetNamesAreSanitised() {
        #expect(Workbook.sheetName("a/b\\c?d*e:f[g]") == "a_b_c_d_e_f_g_")
        #expect(Workbook.sheetName(String(repeating: "镇", count: 40)).count == 31)
        #expect(Workbook.sheetName("'引号'") == "引号")
    }
}


import Foundation
@testable import GaizaoIngest
@testable import GaizaoModel
@testable import GaizaoPipeline
@testable import GaizaoReport
@testable import GaizaoRun
import Testing
import ZIPFoundation

/// Workbooks as towns send them (issue 18): every fixture is written in the test run (XLSXPackage, gaizao's own
/// template, LibreOffice when installed), and each must load the same rows as the clean CSV of the same data.
@Suite struct WorkbookInputTests {
    typealias P = ProjectLedger.Project
    static let pipeline = try! PipelineLoader.load(path: Paths.tongxiang)
    static let june = Period("2023-06")!

    static func projects() -> [P] {
        let types = ["数字化改造", "绿色化改造", "数字化绿色化改造"]
        return (1...30).map { (i: Int) -> P in
            let total = Double(i * 137 % 3000) + 0.5
            let year = Double(i * 53 % 900) + 0.25
            let tce = Double(i % 7) * 10.5
            let start = String(format: "2022-%02d-%02d", i % 12 + 1, i % 28 + 1)
            let done = i % 5 == 0
            return P(id: String(format: "WZ%04d", i), town: "乌镇镇", type: types[i % 3], total: total, year: year, tce: tce,
                     robots: i % 4, start: start, end: done ? "2023-05-20" : "", status: done ? "竣工" : "在建")
        }
    }

    /// Reads one file as ingest would: the report and each accepted row's key and values.
    static func read(_ path: String, period: Period = june) throws -> (report: FileReport, rows: [String: [FieldValue]]) {
        var rows: [String: [FieldValue]] = [:]
        let report = try SubmissionReader(pipeline: pipeline, period: period).read(Submission(path: path)) { row in
            rows[row.key] = (0..<row.cells.count).map { row.cells[$0] }
        }
        return (report, rows)
    }

    static func fullWidth(_ n: Int) -> String {
        String(String(n).unicodeScalars.map { Character(UnicodeScalar($0.value - 0x30 + 0xFF10)!) })
    }

    /// A project as a form's cells, in as many of the shapes Excel and WPS save as the row number allows.
    static func cells(_ p: P, _ i: Int) -> [XLSXPackage.Cell] {
        let total: XLSXPackage.Cell = i % 2 == 0 ? .number(p.total) : .text(String(format: "%.2f", p.total).thousands)
        let plan: XLSXPackage.Cell = i % 3 == 0 ? .formula("500*2", cached: 1000) : .number(1000)
        let robots: XLSXPackage.Cell = i % 5 == 0 ? .inline(fullWidth(p.robots)) : .number(Double(p.robots))
        let start: XLSXPackage.Cell = i % 7 == 0 ? .text(p.start) : i % 2 == 0 ? .date(p.start) : .builtinDate(p.start)
        let n = Int(p.id.filter(\.isNumber)) ?? 1
        return [.text(p.id), .inline("\(p.id)改造项目"), .text("企业\(n)"), .text(creditCode(n)), .text(p.town), .text(p.type),
                plan, total, .number(p.year), .number(p.tce), robots, start, p.end.isEmpty ? .empty : .date(p.end), .text(p.status)]
    }

    @Test func aRealFormLoadsTheSameRowsAsTheCleanCSV() throws {
        let dir = try TempDir()
        let projects = Self.projects()
        let csv = dir.file("乌镇镇-两化改造项目清单.csv")
        try ProjectLedger.text(projects).write(toFile: csv, atomically: true, encoding: .utf8)
        let header = ProjectLedger.header.split(separator: ",").map(String.init)
        // Two header rows: 投资情况 over the three amounts (their unit from the title line), the others merged down.
        var upper = header.map { XLSXPackage.Cell.text($0) }
        upper[6] = .text("投资情况"); upper[7] = .empty; upper[8] = .empty
        var lower = header.map { _ in XLSXPackage.Cell.empty }
        lower[6] = .text("计划总投资"); lower[7] = .text("累计完成投资"); lower[8] = .text("本年完成投资")
        var form = XLSXPackage.Sheet(name: "项目清单")
        form.rows = [[.text("桐乡市制造业数字化绿色化改造项目清单")], [.text("填报单位：乌镇镇    单位：万元    2023年6月")], upper, lower]
            + projects.enumerated().map { Self.cells($1, $0) }
            + [[], [.text("填报人：张三"), .empty, .text("联系电话：0573-88881234"), .empty, .text("审核人：李四")]]
        form.merges = ["A1:N1", "G3:I3"] + [0, 1, 2, 3, 4, 5, 9, 10, 11, 12, 13].map { "\(XLSXPackage.column($0))3:\(XLSXPackage.column($0))4" }
        let notes = XLSXPackage.Sheet(name: "填表说明", rows: [[.text("填表说明")], [.text("1. 每个项目填一行")], [.text("2. 金额单位为万元")]])
        let lists = XLSXPackage.Sheet(name: "下拉选项", hidden: true, rows: [[.text("在建")], [.text("竣工")]])
        let xlsx = dir.file("乌镇镇-两化改造项目清单.xlsx")
        try XLSXPackage(sheets: [notes, form, lists]).write(to: xlsx)

        let fromCSV = try Self.read(csv), fromSheet = try Self.read(xlsx)
        #expect(fromCSV.report.rowsAccepted == projects.count && fromCSV.report.rowsRejected == 0)
        #expect(fromSheet.report.rowsAccepted == projects.count, "\(fromSheet.report.issues.map(\.message))")
        #expect(fromSheet.rows == fromCSV.rows)
        let r = fromSheet.report
        #expect(!r.rejected && r.template?.id == "projects" && r.unit?.name == "乌镇镇" && r.headerLine == 4)
        #expect(r.rowsRead == r.rowsAccepted + r.rowsRejected + r.rowsBlank)
        #expect(r.issues.filter { $0.severity == .error }.isEmpty, "\(r.issues.filter { $0.severity == .error }.map(\.message))")
        #expect(r.contact?.contains("张三") == true && r.contact?.contains("0573-88881234") == true && r.contact?.contains("李四") == true)
        #expect(r.issues.contains { $0.code == .sheetIgnored && $0.message.contains("下拉选项") && $0.message.contains("隐藏") })
    }

    /// A sheet and shared strings far larger than one 64 KiB read (the shared strings were first inflated in the
    /// middle of the sheet's extraction, which then resumed at the wrong offset and never finished).
    @Test func aLargeWorkbookReadsInFullAndQuickly() throws {
        let dir = try TempDir()
        let header = ProjectLedger.header.split(separator: ",").map { XLSXPackage.Cell.text(String($0)) }
        let projects = (1...6000).map { i in
            ProjectLedger.Project(id: String(format: "L%05d", i), town: "乌镇镇", total: Double(i % 900) + 0.5, year: 10,
                                  start: "2022-05-01")
        }
        let path = dir.file("乌镇镇-两化改造项目清单.xlsx")
        try XLSXPackage(sheets: [XLSXPackage.Sheet(name: "项目清单", rows: [header] + projects.enumerated().map { Self.cells($1, 2 * $0) })])
            .write(to: path)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int > 200_000)
        let began = Date()
        let (report, rows) = try Self.read(path)
        #expect(rows.count == projects.count && report.rowsAccepted == projects.count)
        #expect(Date().timeIntervalSince(began) < 30)
    }

    @Test func cellsThatAreNotValuesAreReportedWhereExcelShowsThem() throws {
        let dir = try TempDir()
        let header = ProjectLedger.header.split(separator: ",").map { XLSXPackage.Cell.text(String($0)) }
        let p = Self.projects()
        var rows: [[XLSXPackage.Cell]] = [header]
        rows.append(Self.cells(p[0], 1))                                // row 2: clean
        var divided = Self.cells(p[1], 1); divided[7] = .error("#DIV/0!"); rows.append(divided)           // row 3
        var uncached = Self.cells(p[2], 1); uncached[8] = .formula("H4*0.5", cached: nil); rows.append(uncached)   // row 4
        var cached = Self.cells(p[3], 1); cached[8] = .formula("H5*0.5", cached: 12.5); rows.append(cached)     // row 5
        var outside = Self.cells(p[4], 1); outside.append(.error("#N/A")); rows.append(outside)          // row 6, column O
        var typo = Self.cells(p[5], 1); typo[7] = .text("一千"); rows.append(typo)                          // row 7
        rows.append(Self.cells(p[6], 1)); rows.append(Self.cells(p[7], 1))                                // rows 8, 9
        var sheet = XLSXPackage.Sheet(name: "项目清单", rows: rows)
        sheet.merges = ["J8:J9"]
        let path = dir.file("乌镇镇-两化改造项目清单.xlsx")
        try XLSXPackage(sheets: [sheet]).write(to: path)
        let (report, read) = try Self.read(path)
        #expect(Set(read.keys) == Set([0, 3, 4, 6, 7].map { p[$0].id }))
        #expect(read[p[3].id]?[8] == .number(12.5))   // a formula's cached result is its value
        let errors = report.issues.filter { $0.severity == .error }
        let division = try #require(errors.first { $0.line == 3 })
        #expect(division.code == .cellError && division.column == 8 && division.message.contains("#DIV/0!") && division.message.contains("项目清单!H3"))
        let formula = try #require(errors.first { $0.line == 4 })
        #expect(formula.code == .cellError && formula.message.contains("没有保存计算结果") && formula.message.contains("项目清单!I4"))
        let word = try #require(errors.first { $0.line == 7 })
        #expect(word.code == .typeError && word.message.contains("项目清单!H7"))
        #expect(report.issues.contains { $0.code == .cellError && $0.severity == .warning && $0.raw == "J8:J9" })
        #expect(report.rowsRead == 8 && report.rowsAccepted == 5 && report.rowsRejected == 3)
    }

    /// A credit code opened from CSV in Excel or WPS becomes a number: 18 digits lose their last ones
    /// (913304833204173224 → 9.13304833204173E+17) and a code with an E becomes a power of ten (913304838247496E70).
    /// LibreOffice did both to gen_months.py ledgers; each such row is refused saying what happened, where a number
    /// column's own large value is judged as a number.
    @Test func aCreditCodeTurnedIntoANumberIsSaidSo() throws {
        let dir = try TempDir()
        let header = ProjectLedger.header.split(separator: ",").map { XLSXPackage.Cell.text(String($0)) }
        let p = Self.projects()
        var rows: [[XLSXPackage.Cell]] = [header, Self.cells(p[0], 1)]                               // row 2: clean
        var long = Self.cells(p[1], 1); long[3] = .number(913304833204173224); rows.append(long)      // row 3
        var power = Self.cells(p[2], 1); power[3] = .number(913304838247496e70); rows.append(power)   // row 4
        var huge = Self.cells(p[3], 1); huge[7] = .number(2e15); rows.append(huge)                    // row 5: an amount
        let path = dir.file("乌镇镇-两化改造项目清单.xlsx")
        try XLSXPackage(sheets: [XLSXPackage.Sheet(name: "项目清单", rows: rows)]).write(to: path)
        let (report, read) = try Self.read(path)
        #expect(Set(read.keys) == [p[0].id])
        for line in [3, 4] {
            let issue = try #require(report.issues.first { $0.line == line && $0.severity == .error })
            #expect(issue.code == .cellError && issue.message.contains("统一社会信用代码") && issue.message.contains("文本")
                    && issue.message.contains("项目清单!D\(line)"), "\(issue.message)")
        }
        #expect(report.issues.first { $0.line == 3 }?.message.contains("9.13304833204173E+17") == true)
        let amount = try #require(report.issues.first { $0.line == 5 && $0.severity == .error })
        #expect(amount.code == .constraintError && amount.message.contains("数值过大"))
        #expect(report.rowsRead == 4 && report.rowsAccepted == 1 && report.rowsRejected == 3)
    }

    @Test func theTitleLineGivesUnitAndMonth() throws {
        let dir = try TempDir()
        let p = Array(Self.projects().prefix(3))
        var header = ProjectLedger.header.split(separator: ",").map { XLSXPackage.Cell.text(String($0)) }
        header[6] = .text("计划总投资"); header[7] = .text("累计完成投资"); header[8] = .text("本年完成投资")
        func sheet(_ title: String, scale: Double) -> XLSXPackage {
            let rows = p.enumerated().map { i, x -> [XLSXPackage.Cell] in
                var c = Self.cells(x, 2 * i)
                c[6] = .number(1000 * scale); c[7] = .number(x.total * scale); c[8] = .number(x.year * scale)
                return c
            }
            return XLSXPackage(sheets: [XLSXPackage.Sheet(name: "项目清单", rows: [[.text(title)], header] + rows)])
        }
        let yuan = dir.file("乌镇镇-两化改造项目清单.xlsx")
        try sheet("填报单位：乌镇镇　单位：元　填报日期：2023年7月5日", scale: 10_000).write(to: yuan)
        let (report, rows) = try Self.read(yuan)
        #expect(!report.rejected && rows.count == 3, "\(report.issues.map(\.message))")
        for x in p {
            let total = try #require(rows[x.id]?[7].number)
            #expect(abs(total - x.total) < 1e-9, "\(x.id): \(total) 万元 from 元")
        }
        #expect(report.issues.contains { $0.code == .unitMismatch && $0.message.contains("单位：元") })

        let may = dir.file("乌镇镇-两化改造项目清单-5月.xlsx")
        try sheet("填报单位：乌镇镇    单位：万元    2023年5月", scale: 1).write(to: may)
        let wrong = try Self.read(may).report
        #expect(wrong.rejected && wrong.issues.contains { $0.code == .periodMismatch && $0.message.contains("2023年5月") })

        let other = dir.file("乌镇镇-两化改造项目清单-濮院.xlsx")
        try sheet("填报单位：濮院镇", scale: 1).write(to: other)
        let conflict = try Self.read(other).report
        #expect(conflict.unit?.name == "乌镇镇" && conflict.issues.contains { $0.code == .unitConflict && $0.message.contains("濮院镇") })
    }

    @Test func hostileWorkbooksAreRefusedWithAReason() throws {
        let dir = try TempDir()
        let header = ProjectLedger.header.split(separator: ",").map { XLSXPackage.Cell.text(String($0)) }
        let ok = XLSXPackage.Sheet(name: "项目清单", rows: [header, Self.cells(Self.projects()[0], 1)])
        let start = #"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        let laughs = #"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"#
        let cases: [(String, XLSXPackage?, Data?, String)] = [
            ("bomb", XLSXPackage(sheets: [XLSXPackage.Sheet(name: "项目清单", rawXML: start + "<sheetData>" + String(repeating: " ", count: 40 << 20) + "</sheetData></worksheet>")]), nil, "压缩炸弹"),
            ("sheets", XLSXPackage(sheets: (1...2000).map { XLSXPackage.Sheet(name: "表\($0)", rows: [[.number(1)]]) }), nil, "疑为异常文件"),
            ("laughs", XLSXPackage(sheets: [XLSXPackage.Sheet(name: "项目清单", rawXML: laughs)]), nil, "文档类型声明"),
            ("nostrings", XLSXPackage(sheets: [ok], includeSharedStrings: false), nil, "sharedStrings"),
            ("farref", XLSXPackage(sheets: [XLSXPackage.Sheet(name: "项目清单", rawXML: start + #"<sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData></worksheet>"#)]), nil, "XFD1048576"),
            ("farrow", XLSXPackage(sheets: [XLSXPackage.Sheet(name: "项目清单", rawXML: start + #"<sheetData><row r="1048577"><c><v>1</v></c></row></sheetData></worksheet>"#)]), nil, "XFD1048576"),
            ("broken", XLSXPackage(sheets: [XLSXPackage.Sheet(name: "项目清单", rawXML: start + "<sheetData><row><c><v>1</sheetData>")]), nil, "XML 格式错误"),
            ("encrypted", nil, Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 500)
                + "EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [UInt8](repeating: 0, count: 500)), "文件已加密"),
            ("biff", nil, Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 1000)), ".xls"),
            ("truncated", nil, Data("PK\u{3}\u{4}".utf8) + Data(repeating: 7, count: 200), "不是可读取的 Excel 工作簿"),
            ("xml2003", nil, Data(#"<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet/></Workbook>"#.utf8), "XML 表格"),
        ]
        for (name, package, bytes, expected) in cases {
            let path = dir.file("乌镇镇-\(name).xlsx")
            if let package { try package.write(to: path) } else { try bytes!.write(to: URL(fileURLWithPath: path)) }
            let began = Date()
            let report = try Self.read(path).report
            #expect(report.rejected, "\(name)")
            #expect(report.issues.contains { $0.severity == .error && $0.message.contains(expected) }, "\(name): \(report.issues.map(\.message))")
            #expect(Date().timeIntervalSince(began) < 20, "\(name) took too long")
        }
        // A .xls that is really CSV text is read as what it is, with a note.
        let fake = dir.file("乌镇镇-两化改造项目清单.xls")
        try ProjectLedger.text(Array(Self.projects().prefix(2))).write(toFile: fake, atomically: true, encoding: .utf8)
        let (report, rows) = try Self.read(fake)
        #expect(!report.rejected && rows.count == 2 && report.issues.contains { $0.code == .fileFormat })
    }

    /// A "伪 .xls" that is an HTML page in GBK (as 政务系统 export them, `<meta charset=gb2312>`), with a title table,
    /// a title cell spanning the columns, entities, `<br>` and whitespace inside cells, loads the CSV's rows with a
    /// note; a page of absurd colspans stays small.
    @Test func anHTMLPageNamedXLSReadsLikeTheCSV() throws {
        let dir = try TempDir()
        let projects = Self.projects()
        let csv = dir.file("乌镇镇-两化改造项目清单.csv")
        try ProjectLedger.text(projects).write(toFile: csv, atomically: true, encoding: .utf8)
        let rows = try csvRows(String(contentsOfFile: csv, encoding: .utf8))
        func cell(_ text: String) -> String {
            let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            return "<td>\n      " + escaped + "\n    </td>"
        }
        var html = #"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>导出</title></head><body>"#
        html += "<table><tr><td colspan=\"14\">乌镇镇两化改造项目清单</td></tr><tr><td>填报单位：乌镇镇    单位：万元    2023年6月</td></tr></table>"
        html += "<table border=1>\n" + rows.map { "  <tr>" + $0.map(cell).joined() + "</tr>\n" }.joined() + "</table></body></html>"
        let utf8 = dir.file("page.html")
        try html.write(toFile: utf8, atomically: true, encoding: .utf8)
        let page = dir.file("乌镇镇-两化改造项目清单.xls")
        let (status, _) = try runProcess("/bin/sh", ["-c", "iconv -f UTF-8 -t GBK '\(utf8)' > '\(page)'"])
        try #require(status == 0)
        let clean = try Self.read(csv)
        let (report, read) = try Self.read(page)
        #expect(read == clean.rows && read.count == projects.count, "\(report.issues.map(\.message))")
        #expect(!report.rejected && report.rowsAccepted == projects.count && report.format == "html")
        #expect(report.issues.contains { $0.code == .fileFormat && $0.message.contains("网页表格") })
        #expect(report.issues.allSatisfy { $0.severity == .info }, "\(report.issues.map(\.message))")

        let wide = dir.file("乌镇镇-宽表.xls")
        try ("<table><tr>" + String(repeating: "<td colspan=99999>x</td>", count: 5000) + "</tr></table>").write(toFile: wide, atomically: true, encoding: .utf8)
        let began = Date()
        let refused = try Self.read(wide).report
        #expect(refused.rejected && Date().timeIntervalSince(began) < 10)
    }

    /// The form `gaizao template` hands out, filled in the way Excel saves typed rows (inline strings and numbers),
    /// loads with no issue but the notes about its other sheets.
    @Test func theBlankTemplateRoundTrips() throws {
        let dir = try TempDir()
        let unit = try #require(Self.pipeline.unit(named: "乌镇镇"))
        for template in Self.pipeline.templates where template.id == "projects" {
            let written = try BlankTemplate(pipeline: Self.pipeline, template: template, unit: unit).write(into: dir.path)
            let form = try #require(written.first { $0.hasSuffix(".xlsx") })
            let projects = Self.projects()
            var rows = ""
            for (i, p) in projects.enumerated() {
                rows += "<row r=\"\(i + 2)\">" + Self.cells(p, 2 * i + 1).enumerated().map { c, cell -> String in
                    let ref = XLSXPackage.column(c) + "\(i + 2)"
                    switch cell {
                    case .text(let s), .inline(let s): return "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(XLSXPackage.escape(s))</t></is></c>"
                    case .number(let v), .formula(_, .some(let v)): return "<c r=\"\(ref)\"><v>\(v)</v></c>"
                    case .date(let d), .builtinDate(let d): return "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(d)</t></is></c>"
                    default: return ""
                    }
                }.joined() + "</row>"
            }
            let filled = dir.file("filled-" + (form as NSString).lastPathComponent)
            try rewrite(form, to: filled) { name, data in
                guard name == "xl/worksheets/sheet1.xml" else { return data }
                let xml = String(decoding: data, as: UTF8.self)
                return Data((xml.contains("<sheetData/>") ? xml.replacingOccurrences(of: "<sheetData/>", with: "<sheetData>\(rows)</sheetData>")
                    : xml.replacingOccurrences(of: "</sheetData>", with: rows + "</sheetData>")).utf8)
            }
            let (report, read) = try Self.read(filled)
            #expect(read.count == projects.count && report.rowsAccepted == projects.count)
            #expect(report.issues.allSatisfy { $0.severity == .info }, "\(report.issues.map(\.message))")
        }
    }

    /// Copies a zip, passing each entry through `change`.
    func rewrite(_ source: String, to target: String, _ change: (String, Data) -> Data) throws {
        let input = try Archive(url: URL(fileURLWithPath: source), accessMode: .read)
        let output = try Archive(url: URL(fileURLWithPath: target), accessMode: .create)
        for entry in input {
            var data = Data()
            _ = try input.extract(entry) { data.append($0) }
            let bytes = change(entry.path, data)
            try output.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    /// An Excel 97-2003 workbook (BIFF8, written here by xlwt, Debian's python3-xlwt) and the same file named as WPS
    /// saves it (.et) load the same rows as the CSV, with the title, the 填报单位 line and the footer.
    @Test func anXLSAndAWPSFileReadLikeTheCSV() throws {
        let dir = try TempDir()
        let projects = Self.projects()
        let csv = dir.file("乌镇镇-两化改造项目清单.csv")
        try ProjectLedger.text(projects).write(toFile: csv, atomically: true, encoding: .utf8)
        let xls = dir.file("乌镇镇-两化改造项目清单.xls")
        let script = """
            import csv, datetime, sys, xlwt
            rows = list(csv.reader(open(sys.argv[1], encoding='utf-8')))
            wb = xlwt.Workbook(encoding='utf-8'); ws = wb.add_sheet('项目清单'); d = xlwt.easyxf(num_format_str='yyyy-mm-dd')
            ws.write_merge(0, 0, 0, 13, '乌镇镇两化改造项目清单'); ws.write(1, 0, '填报单位：乌镇镇    单位：万元    2023年6月')
            for r, row in enumerate(rows):
                for c, v in enumerate(row):
                    t = v.replace(',', '')
                    if r and c in (6, 7, 8, 9, 10) and t.replace('.', '', 1).isdigit(): ws.write(r + 2, c, float(t))
                    elif r and c in (11, 12) and len(v) == 10: ws.write(r + 2, c, datetime.date(*map(int, v.split('-'))), d)
                    elif v: ws.write(r + 2, c, v)
            ws.write(len(rows) + 3, 0, '填报人：张三'); ws.write(len(rows) + 3, 2, '审核人：李四')
            wb.save(sys.argv[2])
            """
        let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
        let (status, _) = try runProcess(python, ["-c", script, csv, xls])
        try #require(status == 0, "python3-xlwt is needed (make deps installs it)")
        let et = dir.file("乌镇镇-两化改造项目清单.et")
        try FileManager.default.copyItem(atPath: xls, toPath: et)
        let clean = try Self.read(csv)
        for path in [xls, et] {
            let (report, rows) = try Self.read(path)
            #expect(rows == clean.rows, "\(path)")
            #expect(!report.rejected && report.headerLine == 3 && report.rowsAccepted == projects.count)
            #expect(report.contact?.contains("张三") == true && report.contact?.contains("李四") == true)
            #expect(report.issues.allSatisfy { $0.severity == .info }, "\(report.issues.map(\.message))")
        }
    }

    /// LibreOffice's own .xlsx and .xls of a shipped sample CSV read as the CSV does.
    @Test func aWorkbookSavedByLibreOfficeReadsLikeItsCSV() throws {
        let soffice = try #require(["/usr/bin/soffice", "/usr/bin/libreoffice"].first(where: FileManager.default.isExecutableFile),
                                   "LibreOffice is needed (make test installs libreoffice-calc)")
        let dir = try TempDir()
        let csv = dir.file("乌镇镇-两化改造项目清单.csv")
        try FileManager.default.copyItem(atPath: Paths.root + "/inputs/tongxiang/2023-06/乌镇镇-两化改造项目清单-2023年6月.csv", toPath: csv)
        let (status, _) = try runProcess(soffice, ["--headless", "-env:UserInstallation=file://\(dir.path)/lo", "--infilter=CSV:44,34,76,1,,,,,,,,-1",
                                                   "--convert-to", "xlsx", "--outdir", dir.path, csv])
        try #require(status == 0)
        let (again, _) = try runProcess(soffice, ["--headless", "-env:UserInstallation=file://\(dir.path)/lo", "--infilter=CSV:44,34,76,1,,,,,,,,-1",
                                                  "--convert-to", "xls", "--outdir", dir.path, csv])
        try #require(again == 0)
        let a = try Self.read(csv)
        for saved in ["乌镇镇-两化改造项目清单.xlsx", "乌镇镇-两化改造项目清单.xls"] {
            let b = try Self.read(dir.file(saved))
            #expect(a.rows.count > 40 && a.rows == b.rows, "\(saved)")
            #expect(a.report.rowsRejected == b.report.rowsRejected, "\(saved)")
        }
    }
}

/// The shipped Tongxiang June sample has three towns' ledgers as workbooks (two .xlsx, one .xls): every month's
/// figures equal those of the same samples written all as CSV by the same generator.
@Suite struct WorkbookSampleTests {
    @Test func theSampleFormsGiveTheCSVFigures() throws {
        let dir = try TempDir()
        let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
        try FileManager.default.createDirectory(atPath: dir.file("pipelines"), withIntermediateDirectories: true)
        let (status, _) = try runProcess("/usr/bin/env", ["GAIZAO_SAMPLES_CSV_ONLY=1", python, Paths.root + "/tools/gen_samples.py", "--root", dir.path])
        try #require(status == 0)
        let june = Paths.root + "/inputs/tongxiang/2023-06"
        let shipped = try FileManager.default.contentsOfDirectory(atPath: june)
        #expect(shipped.filter { $0.hasSuffix(".xlsx") }.count == 2 && shipped.filter { $0.hasSuffix(".xls") }.count == 1)
        let pipeline = try PipelineLoader.load(path: Paths.tongxiang)
        func figures(_ inputs: String, _ outputs: String) throws -> [[String: String]] {
            var last: [[String: String]] = []
            for month in try FileManager.default.contentsOfDirectory(atPath: inputs + "/tongxiang").sorted() {
                var context = RunContext(pipeline: pipeline, period: Period(month)!, inputsRoot: inputs, outputsRoot: outputs)
                context.includeDetail = false
                let result = try Run(context: context).execute()
                let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: result.outputs.indicators))) as! [String: Any]
                last = (json["indicators"] as! [[String: Any]]).map { $0.mapValues { "\($0)" } }
            }
            return last
        }
        let fromForms = try figures(Paths.root + "/inputs", dir.file("out-forms"))
        let fromCSV = try figures(dir.file("inputs"), dir.file("out-csv"))
        #expect(fromForms.count > 50 && fromForms == fromCSV)
        // The footer's 填报人 is shown in 报送情况 and in the town's 回执.
        let out = dir.file("out-forms/tongxiang/2023-06")
        let workbook = try #require(try FileManager.default.contentsOfDirectory(atPath: out).first { $0.hasSuffix(".xlsx") })
        let submissions = try XLSXReader(path: out + "/" + workbook).cells("报送情况").values.map(\.value)
        #expect(submissions.contains { $0.contains("王芳") && $0.contains("0573-88023001") && $0.contains("陈明") })
        #expect(submissions.contains("xls") && submissions.contains("xlsx"))
        let receipt = try XLSXReader(path: out + "/回执/梧桐街道.xlsx").cells("报送文件").values.map(\.value)
        #expect(receipt.contains { $0.contains("王芳") })
    }
}

/// Every form `gaizao template` writes, for every template of every shipped pipeline, filled in by openpyxl (Debian's
/// python3-openpyxl) with a shipped sample CSV's rows typed as a clerk's Excel would store them, loads the same rows
/// with the same issues as that CSV: nothing but what the sample itself plants.
@Suite struct TemplateRoundTripTests {
    static let fill = """
        import csv, datetime, json, sys, openpyxl
        spec = json.load(open(sys.argv[1], encoding='utf-8'))
        raw = open(spec['csv'], 'rb').read()
        try: text = raw.decode('utf-8-sig')
        except UnicodeDecodeError: text = raw.decode('gb18030')
        rows = list(csv.reader(text.splitlines()))
        header = [h.strip() for h in rows[spec['header_line'] - 1]]
        where = [header.index(h) if h in header else None for h in spec['headers']]
        missing = [h for h, i in zip(spec['headers'], where) if i is None and h in spec['required']]
        if missing: sys.exit('sample lacks ' + ','.join(missing))
        book = openpyxl.load_workbook(spec['form'])
        sheet = book.worksheets[0]
        assert [c.value for c in sheet[1]][:len(spec['headers'])] == spec['headers'], 'form header moved'
        out = 2
        for row in rows[spec['header_line']:]:
            for c, (i, kind) in enumerate(zip(where, spec['types'])):
                v = row[i] if i is not None and i < len(row) else ''
                t = v.strip().replace(',', '')
                if not t: continue
                cell = sheet.cell(row=out, column=c + 1)
                try:
                    if kind in ('number', 'integer'): cell.value = float(t); continue
                    if kind == 'date' and len(t) == 10 and t[4] == '-':
                        cell.value = datetime.date(*map(int, t.split('-'))); cell.number_format = 'yyyy-mm-dd'; continue
                except ValueError: pass
                cell.value = v
            out += 1
        book.save(spec['out'])
        """

    @Test(arguments: ["tongxiang", "haining", "anhui", "ningbo", "yancheng"])
    func everyFormFilledByOpenpyxlLoadsLikeItsSample(_ name: String) throws {
        let pipeline = try PipelineLoader.load(path: Paths.root + "/pipelines/\(name).yaml")
        let month = try #require(try FileManager.default.contentsOfDirectory(atPath: Paths.root + "/inputs/\(name)").sorted().last)
        let period = try #require(Period(month))
        let reader = SubmissionReader(pipeline: pipeline, period: period)
        func read(_ path: String) throws -> (report: FileReport, rows: [String: [FieldValue]]) {
            var rows: [String: [FieldValue]] = [:]
            let report = try reader.read(Submission(path: path)) { row in rows[row.key] = (0..<row.cells.count).map { row.cells[$0] } }
            return (report, rows)
        }
        // One sample CSV per template, the one with most rows.
        var samples: [String: (path: String, report: FileReport)] = [:]
        let folder = Paths.root + "/inputs/\(name)/\(month)"
        for file in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where file.hasSuffix(".csv") && !file.hasPrefix("_") {
            let (report, _) = try read(folder + "/" + file)
            guard let id = report.template?.id, !report.rejected else { continue }
            if report.rowsRead > samples[id]?.report.rowsRead ?? -1 { samples[id] = (folder + "/" + file, report) }
        }
        try #require(!samples.isEmpty)
        let dir = try TempDir()
        let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
        for template in pipeline.templates {
            let sample = try #require(samples[template.id], "no sample CSV of \(template.id) in \(folder)")
            let unit = try #require(sample.report.unit)
            let written = try BlankTemplate(pipeline: pipeline, template: template, unit: unit).write(into: dir.path)
            let form = try #require(written.first { $0.hasSuffix(".xlsx") })
            let out = dir.file(((sample.path as NSString).lastPathComponent as NSString).deletingPathExtension + ".xlsx")
            let spec: [String: Any] = [
                "csv": sample.path, "header_line": sample.report.headerLine, "form": form, "out": out,
                "headers": template.columns.map(\.header), "types": template.columns.map(\.type.rawValue),
                "required": template.columns.filter(\.required).map(\.header),
            ]
            let specPath = dir.file("spec-\(template.id).json")
            try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: specPath))
            let (status, _) = try runProcess(python, ["-c", Self.fill, specPath])
            try #require(status == 0, "python3-openpyxl is needed (make deps installs it); \(template.id)")
            let csv = try read(sample.path), xlsx = try read(out)
            #expect(xlsx.report.template?.id == template.id, "\(name)/\(template.id)")
            let differ = Set(xlsx.rows.keys).symmetricDifference(csv.rows.keys).union(csv.rows.keys.filter { xlsx.rows[$0] != nil && xlsx.rows[$0] != csv.rows[$0] })
            #expect(differ.isEmpty, "\(name)/\(template.id): rows differ \(differ.sorted().prefix(3).map { ($0, csv.rows[$0], xlsx.rows[$0]) })")
            #expect(xlsx.report.issues.filter { $0.severity == .error }.map(\.line) == csv.report.issues.filter { $0.severity == .error }.map(\.line),
                    "\(name)/\(template.id)")
            #expect(xlsx.report.rowsRead == csv.report.rowsRead && xlsx.report.rowsRejected == csv.report.rowsRejected,
                    "\(name)/\(template.id): read \(xlsx.report.rowsRead)/\(csv.report.rowsRead), rejected \(xlsx.report.rowsRejected)/\(csv.report.rowsRejected) \(xlsx.report.issues.map(\.message))")
            func planted(_ r: FileReport) -> [String] { r.issues.filter { $0.severity != .info }.map { "\($0.code.rawValue)@\($0.columnName ?? "")" }.sorted() }
            #expect(planted(xlsx.report) == planted(csv.report),
                    "\(name)/\(template.id): \(xlsx.report.issues.filter { $0.severity != .info }.map(\.message))")
        }
    }
}

/// One workbook carrying two templates on two sheets (科技局's 认定清单 and 科技需求揭榜, with a 填表说明 sheet before
/// them) is loaded sheet by sheet, each as a submission of its own: the month's figures equal those of the two CSVs,
/// the parts are named by their sheet, and a second run loads nothing again.
@Suite struct MultiSheetWorkbookTests {
    @Test func eachTemplateSheetOfAWorkbookLoads() throws {
        let dir = try TempDir()
        let pipeline = try PipelineLoader.load(path: Paths.tongxiang)
        let june = Paths.root + "/inputs/tongxiang/2023-06"
        let csvInputs = dir.file("csv/tongxiang/2023-06"), bookInputs = dir.file("book/tongxiang/2023-06")
        for folder in [csvInputs, bookInputs] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for file in try FileManager.default.contentsOfDirectory(atPath: june) {
                try FileManager.default.copyItem(atPath: june + "/" + file, toPath: folder + "/" + file)
            }
        }
        var sheets = [XLSXPackage.Sheet(name: "填表说明", rows: [[.text("请按各表表头填写，勿改动表头。")]])]
        for (file, sheet) in [("科技局-认定清单-2023年6月.csv", "认定清单"), ("科技局-科技需求揭榜-2023年6月.csv", "科技需求揭榜")] {
            let rows = try csvRows(String(contentsOfFile: june + "/" + file, encoding: .utf8))
            sheets.append(XLSXPackage.Sheet(name: sheet, rows: rows.map { $0.map { $0.isEmpty ? .empty : .text($0) } }))
            try FileManager.default.removeItem(atPath: bookInputs + "/" + file)
        }
        let book = "科技局-报表-2023年6月.xlsx"
        try XLSXPackage(sheets: sheets).write(to: bookInputs + "/" + book)

        func run(_ inputs: String, _ outputs: String) throws -> (figures: [[String: String]], result: RunResult) {
            var context = RunContext(pipeline: pipeline, period: Period("2023-06")!, inputsRoot: inputs, outputsRoot: outputs)
            context.includeDetail = false
            let result = try Run(context: context).execute()
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: result.outputs.indicators))) as! [String: Any]
            return ((json["indicators"] as! [[String: Any]]).map { $0.mapValues { "\($0)" } }, result)
        }
        let fromCSV = try run(dir.file("csv"), dir.file("out-csv"))
        let fromBook = try run(dir.file("book"), dir.file("out-book"))
        #expect(fromBook.figures.count > 20 && fromBook.figures == fromCSV.figures)
        let issues = try String(contentsOfFile: dir.file("out-book/tongxiang/2023-06/issues.csv"), encoding: .utf8)
        #expect(!issues.contains("未读取（每个文件只读取一张表"))
        let manifest = try String(contentsOfFile: dir.file("out-book/tongxiang/2023-06/manifest.json"), encoding: .utf8)
        #expect(manifest.contains(book + "［认定清单］") && manifest.contains(book + "［科技需求揭榜］"))
        let again = try run(dir.file("book"), dir.file("out-book"))
        #expect(again.figures == fromBook.figures && again.result.ingest.filesLoaded == 0)
    }
}

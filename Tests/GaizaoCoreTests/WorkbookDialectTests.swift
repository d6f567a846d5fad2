import Foundation
@testable import GaizaoIngest
@testable import GaizaoModel
import Testing
import ZIPFoundation

/// The parts of a workbook as the programs offices use write them (issue 18). No Excel or WPS runs here, so each
/// dialect is written part by part after what those programs are documented to save (ECMA-376 and the files
/// openpyxl and calamine carry as fixtures): Excel's phonetic guides, rich-text runs, 17-digit numbers and
/// `t="str"` formulas; the Open XML SDK's `x:` prefixes, absolute targets and cells without references; Excel's
/// Strict Open XML namespaces; WPS's embedded cell images. Each must load the same rows as the clean CSV.
@Suite struct WorkbookDialectTests {
    typealias P = ProjectLedger.Project

    enum Dialect: String, CaseIterable, CustomTestStringConvertible {
        case excel, openXMLSDK, strict, wps
        var testDescription: String { rawValue }

        var main: String {
            self == .strict ? "http://purl.oclc.org/ooxml/spreadsheetml/main" : "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        }
        var relationships: String {
            self == .strict ? "http://purl.oclc.org/ooxml/officeDocument/relationships" : "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        }
        /// The Open XML SDK writes every element with the `x:` prefix.
        var p: String { self == .openXMLSDK ? "x:" : "" }
        var ns: String { self == .openXMLSDK ? "xmlns:x=\"\(main)\"" : "xmlns=\"\(main)\"" }
    }

    /// Shared strings as Excel on a CJK system keeps them: phonetic runs after the text, rich-text runs for a
    /// cell formatted in part.
    static func sharedItem(_ s: String, _ index: Int, _ d: Dialect) -> String {
        let text = XLSXPackage.escape(s)
        if d == .excel && index % 3 == 1 && s.count > 1 {
            let head = XLSXPackage.escape(String(s.prefix(1))), tail = XLSXPackage.escape(String(s.dropFirst()))
            return "<si><r><rPr><b/><sz val=\"11\"/><color theme=\"1\"/><rFont val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/>"
                + "<scheme val=\"minor\"/></rPr><t>\(head)</t></r><r><rPr><sz val=\"11\"/><rFont val=\"宋体\"/></rPr>"
                + "<t xml:space=\"preserve\">\(tail)</t></r><phoneticPr fontId=\"1\" type=\"noConversion\"/></si>"
        }
        if d == .excel {
            return "<si><t>\(text)</t><rPh sb=\"0\" eb=\"\(s.count)\"><t>ピンイン</t></rPh><phoneticPr fontId=\"1\" type=\"noConversion\"/></si>"
        }
        return "<\(d.p)si><\(d.p)t>\(text)</\(d.p)t></\(d.p)si>"
    }

    /// A number as Excel 2007–2013 stored it: the 17 significant digits that read back to the same double.
    static func stored(_ v: Double) -> String { String(format: "%.17g", v) }

    static func write(_ projects: [P], _ d: Dialect, to path: String) throws {
        let header = ProjectLedger.header.split(separator: ",").map(String.init)
        var strings: [String] = [], index: [String: Int] = [:]
        func shared(_ s: String) -> Int {
            if let i = index[s] { return i }
            strings.append(s); index[s] = strings.count - 1
            return strings.count - 1
        }
        let p = d.p
        var rows: [String] = []
        func cell(_ ref: String, _ body: String) -> String {
            // The Open XML SDK's writers often leave out the cell and row references.
            d == .openXMLSDK ? body.replacingOccurrences(of: " r=\"\(ref)\"", with: "") : body
        }
        func row(_ n: Int, _ cells: [String]) -> String {
            let spans = d == .excel ? " spans=\"1:14\" x14ac:dyDescent=\"0.15\"" : ""
            let r = d == .openXMLSDK ? "" : " r=\"\(n)\""
            return "<\(p)row\(r)\(spans)>" + cells.joined() + "</\(p)row>"
        }
        rows.append(row(1, header.enumerated().map { c, h in
            let ref = XLSXPackage.column(c) + "1"
            return cell(ref, "<\(p)c r=\"\(ref)\" s=\"1\" t=\"s\"><\(p)v>\(shared(h))</\(p)v></\(p)c>")
        }))
        for (i, project) in projects.enumerated() {
            let n = i + 2
            func ref(_ c: Int) -> String { XLSXPackage.column(c) + "\(n)" }
            func text(_ c: Int, _ s: String) -> String { cell(ref(c), "<\(p)c r=\"\(ref(c))\" t=\"s\"><\(p)v>\(shared(s))</\(p)v></\(p)c>") }
            func number(_ c: Int, _ v: Double, style: Int = 0) -> String {
                let s = style == 0 ? "" : " s=\"\(style)\""
                return cell(ref(c), "<\(p)c r=\"\(ref(c))\"\(s)><\(p)v>\(d == .excel ? stored(v) : "\(v)")</\(p)v></\(p)c>")
            }
            func date(_ c: Int, _ s: String) -> String {
                s.isEmpty ? cell(ref(c), "<\(p)c r=\"\(ref(c))\" s=\"2\"/>") : number(c, XLSXPackage.serial(s), style: i % 2 == 0 ? 2 : 3)
            }
            let serial = Int(project.id.filter(\.isNumber)) ?? 1
            let name: String
            if d == .excel || d == .wps {
                // 项目名称 as a formula over 项目编号, its cached text typed `str`.
                name = cell(ref(1), "<\(p)c r=\"\(ref(1))\" t=\"str\"><\(p)f>A\(n)&amp;\"改造项目\"</\(p)f><\(p)v>\(project.id)改造项目</\(p)v></\(p)c>")
            } else {
                name = text(1, "\(project.id)改造项目")
            }
            rows.append(row(n, [
                text(0, project.id), name, text(2, "企业\(serial)"), text(3, creditCode(serial)), text(4, project.town), text(5, project.type),
                number(6, 1000), number(7, project.total), number(8, project.year), number(9, project.tce), number(10, Double(project.robots)),
                date(11, project.start), date(12, project.end), text(13, project.status),
            ]))
        }
        let excelRoot = d == .excel
            ? " xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" xmlns:x14ac=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac\" mc:Ignorable=\"x14ac\""
            : ""
        let sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<\(p)worksheet \(d.ns) xmlns:r=\"\(d.relationships)\"\(excelRoot)>"
            + "<\(p)dimension ref=\"A1:N\(projects.count + 1)\"/><\(p)sheetViews><\(p)sheetView tabSelected=\"1\" workbookViewId=\"0\"><\(p)pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></\(p)sheetView></\(p)sheetViews>"
            + "<\(p)sheetFormatPr defaultRowHeight=\"13.5\"\(d == .excel ? " x14ac:dyDescent=\"0.15\"" : "")/><\(p)cols><\(p)col min=\"1\" max=\"14\" width=\"14.625\" customWidth=\"1\"/></\(p)cols>"
            + "<\(p)sheetData>" + rows.joined() + "</\(p)sheetData>"
            + "<\(p)autoFilter ref=\"A1:N\(projects.count + 1)\"/>"
            + "<\(p)phoneticPr fontId=\"1\" type=\"noConversion\"/><\(p)pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
            + "<\(p)pageSetup paperSize=\"9\" orientation=\"landscape\"/></\(p)worksheet>"
        let sst = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<\(p)sst \(d.ns) count=\"\(strings.count * 2)\" uniqueCount=\"\(strings.count)\">"
            + strings.enumerated().map { sharedItem($1, $0, d) }.joined() + "</\(p)sst>"
        // A sheet hidden past unhiding, as Excel's VBA or WPS leave for their lists.
        let workbook = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<\(p)workbook \(d.ns) xmlns:r=\"\(d.relationships)\">"
            + "<\(p)fileVersion appName=\"xl\" lastEdited=\"7\" lowestEdited=\"7\" rupBuild=\"27328\"/><\(p)workbookPr\(d == .strict ? " dateCompatibility=\"1\"" : "") defaultThemeVersion=\"166925\"/>"
            + "<\(p)bookViews><\(p)workbookView xWindow=\"0\" yWindow=\"0\" windowWidth=\"28800\" windowHeight=\"12300\" activeTab=\"0\"/></\(p)bookViews>"
            + "<\(p)sheets><\(p)sheet name=\"项目清单\" sheetId=\"1\" r:id=\"rId1\"/><\(p)sheet name=\"字典\" sheetId=\"2\" state=\"veryHidden\" r:id=\"rId2\"/></\(p)sheets>"
            + "<\(p)definedNames><\(p)definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">项目清单!$A$1:$N$\(projects.count + 1)</\(p)definedName></\(p)definedNames>"
            + "<\(p)calcPr calcId=\"191029\"/></\(p)workbook>"
        let relType = d == .strict ? "http://purl.oclc.org/ooxml/officeDocument/relationships" : "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let absolute = d == .openXMLSDK ? "/xl/" : ""
        let workbookRels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"\(relType)/worksheet\" Target=\"\(absolute)worksheets/sheet1.xml\"/>"
            + "<Relationship Id=\"rId2\" Type=\"\(relType)/worksheet\" Target=\"\(absolute)worksheets/sheet2.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"\(relType)/theme\" Target=\"\(absolute)theme/theme1.xml\"/>"
            + "<Relationship Id=\"rId4\" Type=\"\(relType)/styles\" Target=\"\(absolute)styles.xml\"/>"
            + "<Relationship Id=\"rId5\" Type=\"\(relType)/sharedStrings\" Target=\"\(absolute)sharedStrings.xml\"/>"
            + (d == .wps ? "<Relationship Id=\"rId6\" Type=\"http://www.wps.cn/officeDocument/2020/cellImage\" Target=\"cellimages.xml\"/>" : "")
            + "</Relationships>"
        let styles = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<\(p)styleSheet \(d.ns)><\(p)numFmts count=\"1\"><\(p)numFmt numFmtId=\"176\" formatCode=\"[DBNum1][$-804]yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/></\(p)numFmts>"
            + "<\(p)fonts count=\"1\"><\(p)font><\(p)sz val=\"11\"/><\(p)name val=\"宋体\"/><\(p)charset val=\"134\"/></\(p)font></\(p)fonts>"
            + "<\(p)cellStyleXfs count=\"1\"><\(p)xf numFmtId=\"0\" fontId=\"0\"/></\(p)cellStyleXfs>"
            + "<\(p)cellXfs count=\"4\"><\(p)xf numFmtId=\"0\" fontId=\"0\" xfId=\"0\"/><\(p)xf numFmtId=\"49\" fontId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
            + "<\(p)xf numFmtId=\"176\" fontId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/><\(p)xf numFmtId=\"31\" fontId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></\(p)cellXfs>"
            + "</\(p)styleSheet>"
        let contentTypes = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"
        let docRels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"\(d == .strict ? "http://purl.oclc.org/ooxml/officeDocument/relationships" : "http://schemas.openxmlformats.org/officeDocument/2006/relationships")/officeDocument\" Target=\"\(d == .openXMLSDK ? "/xl/workbook.xml" : "xl/workbook.xml")\"/></Relationships>"
        let hiddenSheet = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><\(p)worksheet \(d.ns)><\(p)sheetData><\(p)row r=\"1\"><\(p)c r=\"A1\" t=\"inlineStr\"><\(p)is><\(p)t>在建</\(p)t></\(p)is></\(p)c></\(p)row></\(p)sheetData></\(p)worksheet>"
        var parts = [
            "[Content_Types].xml": contentTypes, "_rels/.rels": docRels, "xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": workbookRels,
            "xl/worksheets/sheet1.xml": sheet, "xl/worksheets/sheet2.xml": hiddenSheet, "xl/sharedStrings.xml": sst, "xl/styles.xml": styles,
            "xl/theme/theme1.xml": "<?xml version=\"1.0\"?><a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"Office 主题\"/>",
            "docProps/app.xml": "<?xml version=\"1.0\"?><Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>\(d == .wps ? "WPS 表格" : "Microsoft Excel")</Application></Properties>",
        ]
        if d == .wps {
            parts["xl/cellimages.xml"] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><etc:cellImages xmlns:etc=\"http://www.wps.cn/officeDocument/2017/etCustomData\"/>"
        }
        try? FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for name in parts.keys.sorted() {
            let bytes = Data(parts[name]!.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    @Test(arguments: Dialect.allCases)
    func aWorkbookInEachProgramsDialectReadsLikeItsCSV(_ d: Dialect) throws {
        let dir = try TempDir()
        let projects = WorkbookInputTests.projects()
        let csv = dir.file("乌镇镇-两化改造项目清单.csv")
        try ProjectLedger.text(projects).write(toFile: csv, atomically: true, encoding: .utf8)
        let xlsx = dir.file("乌镇镇-两化改造项目清单.xlsx")
        try Self.write(projects, d, to: xlsx)

        let fromCSV = try WorkbookInputTests.read(csv), fromSheet = try WorkbookInputTests.read(xlsx)
        let r = fromSheet.report
        #expect(fromCSV.report.rowsAccepted == projects.count)
        #expect(r.rowsAccepted == projects.count && r.rowsRejected == 0, "\(r.issues.map(\.message))")
        #expect(fromSheet.rows == fromCSV.rows)
        // Neither the phonetic guide nor a run's formatting reaches a value.
        #expect(!fromSheet.rows.values.joined().contains { "\($0)".contains("ピンイン") })
        #expect(r.issues.filter { $0.severity == .error }.isEmpty, "\(r.issues.filter { $0.severity == .error }.map(\.message))")
        #expect(r.issues.contains { $0.code == .sheetIgnored && $0.message.contains("字典") })
        #expect(r.rowsRead == r.rowsAccepted + r.rowsRejected + r.rowsBlank)
    }
}

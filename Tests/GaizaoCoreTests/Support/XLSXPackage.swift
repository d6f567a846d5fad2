import Foundation
import ZIPFoundation

/// Writes `.xlsx` fixtures in the test run, part by part, so every case a reader must meet (shared and inline
/// strings, date styles, formulas with and without results, error cells, merges, hidden sheets, hostile parts)
/// can be made on purpose — never a hand-edited binary.
struct XLSXPackage {
    enum Cell {
        case text(String)                    // a shared string
        case inline(String)                  // an inline string
        case number(Double)
        case date(String)                    // yyyy-mm-dd, written as a serial with a date style
        case builtinDate(String)             // the same with built-in format 14
        case formula(String, cached: Double?)
        case error(String)
        case empty
    }

    struct Sheet {
        var name: String
        var hidden = false
        /// Rows from row 1 unless `rowNumbers` says otherwise; cells from column A.
        var rows: [[Cell]] = []
        var rowNumbers: [Int]?
        var merges: [String] = []
        /// Replaces the generated sheet XML (hostile cases).
        var rawXML: String?
    }

    var sheets: [Sheet]
    var includeSharedStrings = true
    /// Extra or replacement parts, by path.
    var parts: [String: Data] = [:]

    static func serial(_ date: String) -> Double {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        let p = date.split(separator: "-").map { Int($0)! }
        let d = utc.date(from: DateComponents(year: p[0], month: p[1], day: p[2]))!
        let epoch = utc.date(from: DateComponents(year: 1899, month: 12, day: 30))!
        return (d.timeIntervalSince(epoch) / 86_400).rounded()
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func column(_ i: Int) -> String {
        var n = i + 1, s = ""
        while n > 0 { s = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + s; n = (n - 1) / 26 }
        return s
    }

    func write(to path: String) throws {
        var strings: [String] = [], index: [String: Int] = [:]
        func shared(_ s: String) -> Int {
            if let i = index[s] { return i }
            strings.append(s); index[s] = strings.count - 1
            return strings.count - 1
        }
        var files: [String: String] = [:]
        for (k, sheet) in sheets.enumerated() {
            if let raw = sheet.rawXML { files["xl/worksheets/sheet\(k + 1).xml"] = raw; continue }
            var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>"#
            for (r, row) in sheet.rows.enumerated() {
                let number = sheet.rowNumbers?[r] ?? r + 1
                xml += "<row r=\"\(number)\">"
                for (c, cell) in row.enumerated() {
                    let ref = Self.column(c) + "\(number)"
                    switch cell {
                    case .text(let s): xml += "<c r=\"\(ref)\" t=\"s\"><v>\(shared(s))</v></c>"
                    case .inline(let s): xml += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(Self.escape(s))</t></is></c>"
                    case .number(let v): xml += "<c r=\"\(ref)\"><v>\(v)</v></c>"
                    case .date(let d): xml += "<c r=\"\(ref)\" s=\"1\"><v>\(Self.serial(d))</v></c>"
                    case .builtinDate(let d): xml += "<c r=\"\(ref)\" s=\"2\"><v>\(Self.serial(d))</v></c>"
                    case .formula(let f, let cached):
                        xml += "<c r=\"\(ref)\"><f>\(Self.escape(f))</f>" + (cached.map { "<v>\($0)</v>" } ?? "") + "</c>"
                    case .error(let e): xml += "<c r=\"\(ref)\" t=\"e\"><f>1/0</f><v>\(Self.escape(e))</v></c>"
                    case .empty: xml += "<c r=\"\(ref)\" s=\"3\"/>"
                    }
                }
                xml += "</row>"
            }
            xml += "</sheetData>"
            if !sheet.merges.isEmpty {
                xml += "<mergeCells count=\"\(sheet.merges.count)\">" + sheet.merges.map { "<mergeCell ref=\"\($0)\"/>" }.joined() + "</mergeCells>"
            }
            files["xl/worksheets/sheet\(k + 1).xml"] = xml + "</worksheet>"
        }
        let sheetList = sheets.enumerated().map { k, s in
            "<sheet name=\"\(Self.escape(s.name))\" sheetId=\"\(k + 1)\"\(s.hidden ? " state=\"hidden\"" : "") r:id=\"rId\(k + 1)\"/>"
        }.joined()
        files["xl/workbook.xml"] = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"# + sheetList + "</sheets></workbook>"
        var rels = sheets.indices.map { k in
            "<Relationship Id=\"rId\(k + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(k + 1).xml\"/>"
        }
        rels.append(#"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#)
        if includeSharedStrings {
            rels.append(#"<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#)
        }
        files["xl/_rels/workbook.xml.rels"] = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"# + rels.joined() + "</Relationships>"
        files["_rels/.rels"] = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        files["xl/styles.xml"] = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/><xf numFmtId="49"/></cellXfs></styleSheet>"#
        files["[Content_Types].xml"] = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#
        if includeSharedStrings {
            files["xl/sharedStrings.xml"] = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\#(strings.count)" uniqueCount="\#(strings.count)">"#
                + strings.map { "<si><t xml:space=\"preserve\">\(Self.escape($0))</t></si>" }.joined() + "</sst>"
        }
        var data = files.mapValues { Data($0.utf8) }
        for (k, v) in parts { data[k] = v }
        try? FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for name in data.keys.sorted() {
            let bytes = data[name]!
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }
}

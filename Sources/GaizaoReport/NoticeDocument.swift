import Foundation
import ZIPFoundation

/// `通报.docx`: the notice as a minimal WordprocessingML package, laid out after GB/T 9704 (党政机关公文格式): A4,
/// margins 37/35/28/26 mm, title in 小标宋 (黑体 where absent) 二号, body in 仿宋_GB2312 三号 at a fixed 28.95 pt line,
/// first-level headings in 黑体, second-level in 楷体_GB2312, 落款 right-aligned.
struct NoticeDocument {
    let blocks: [Notice.Block]
    /// Stamped on every zip entry, so the same month always writes the same bytes.
    let date: Date

    func write(to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, text) in [("[Content_Types].xml", Self.contentTypes), ("_rels/.rels", Self.rels), ("word/document.xml", document)] {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                                 compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
        """

    static let rels = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
        """

    /// A paragraph: font (East Asian and Latin), size in half-points, alignment, first-line indent in characters.
    static func paragraph(_ text: String, font: String, size: Int, align: String = "both", indent: Int = 0,
                          bold: Bool = false, spaceBefore: Int = 0) -> String {
        // XML 1.0 has no control characters (a unit name could carry one); the rest is escaped.
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" }))
        let escaped = clean.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        // Two characters of 三号 (16 pt = 320 twips each); firstLineChars alone is ignored by LibreOffice.
        let ind = indent > 0 ? "<w:ind w:firstLineChars=\"\(indent * 100)\" w:firstLine=\"\(indent * 320)\"/>" : ""
        return "<w:p><w:pPr><w:spacing w:before=\"\(spaceBefore)\" w:line=\"579\" w:lineRule=\"exact\"/>\(ind)<w:jc w:val=\"\(align)\"/></w:pPr>"
            + "<w:r><w:rPr><w:rFonts w:ascii=\"\(font)\" w:hAnsi=\"\(font)\" w:eastAsia=\"\(font)\"/>\(bold ? "<w:b/>" : "")"
            + "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/></w:rPr><w:t xml:space=\"preserve\">\(escaped)</w:t></w:r></w:p>"
    }

    var document: String {
        var body = ""
        for block in blocks {
            switch block {
            case .title(let t): body += Self.paragraph(t, font: "方正小标宋简体", size: 44, align: "center")
            case .number(let n): body += Self.paragraph(n, font: "仿宋_GB2312", size: 32, align: "center")
            case .addressee(let a): body += Self.paragraph(a, font: "仿宋_GB2312", size: 32, align: "left", spaceBefore: 300)
            case .heading(let h): body += Self.paragraph(h, font: "黑体", size: 32, align: "left", indent: 2)
            case .subheading(let h): body += Self.paragraph(h, font: "楷体_GB2312", size: 32, align: "left", indent: 2)
            case .paragraph(let text): body += Self.paragraph(text, font: "仿宋_GB2312", size: 32, indent: 2)
            case .signature(let lines):
                for (i, line) in lines.enumerated() {
                    body += Self.paragraph(line, font: "仿宋_GB2312", size: 32, align: "right", spaceBefore: i == 0 ? 600 : 0)
                }
            }
        }
        // A4 (11906 × 16838 twips); 37 mm top, 35 mm bottom, 28 mm left, 26 mm right.
        let section = "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>"
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>\(body)\(section)</w:body></w:document>
            """
    }
}

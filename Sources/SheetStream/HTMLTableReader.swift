import CSVStream
import Clibxml2
import Foundation

/// Reads the "伪 .xls" some systems export: an HTML page whose `<table>` rows are the sheet (Excel's 另存为网页 and
/// many 政务系统 downloads). libxml2's HTML push parser streams the page and follows its `<meta charset>` (GBK pages
/// included); every table's rows, in document order, form one sheet, so title rows above the header are skipped as
/// in any sheet. `colspan` and `rowspan` place later cells as Excel would and are recorded as merges.
public final class HTMLTableReader: WorkbookSource {
    public let sheets: [SheetInfo]
    public private(set) var merges: [CellRange] = []
    private let path: String

    public init(path: String) {
        self.path = path
        sheets = [SheetInfo(name: "网页表格", hidden: false, part: path)]
    }

    public func rows(of sheet: SheetInfo, _ body: (SheetRow) throws -> Bool) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SheetError.missingPart(sheet.name) }
        defer { try? handle.close() }
        let table = HTMLTable()
        merges = []
        var sax = htmlSAXHandler()
        sax.startElement = { user, name, attributes in
            guard let user, let name else { return }
            Unmanaged<HTMLTable>.fromOpaque(user).takeUnretainedValue().start(HTMLTable.tag(name), attributes)
        }
        sax.endElement = { user, name in
            guard let user, let name else { return }
            Unmanaged<HTMLTable>.fromOpaque(user).takeUnretainedValue().end(HTMLTable.tag(name))
        }
        sax.characters = { user, text, length in
            guard let user, let text, length > 0 else { return }
            Unmanaged<HTMLTable>.fromOpaque(user).takeUnretainedValue().text(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        let user = Unmanaged.passUnretained(table).toOpaque()
        guard let context = htmlCreatePushParserCtxt(&sax, user, nil, 0, path, XML_CHAR_ENCODING_NONE) else {
            throw SheetError.notAWorkbook("网页解析器无法创建")
        }
        defer { htmlFreeParserCtxt(context) }
        // No network, no messages on stderr, and the leniency browsers have.
        _ = htmlCtxtUseOptions(context, Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                                               | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_RECOVER.rawValue))
        while true {
            let chunk = (try? handle.read(upToCount: 1 << 16)) ?? Data()
            let status = chunk.withUnsafeBytes { raw in
                htmlParseChunk(context, raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), chunk.isEmpty ? 1 : 0)
            }
            // Rows are handed over between chunks, never from inside libxml2's callbacks (a throw cannot cross C).
            for row in table.finished where try !body(row) { return }
            table.finished.removeAll(keepingCapacity: true)
            if status != 0 && status != Int32(XML_ERR_OK.rawValue) && table.rowCount == 0 && chunk.isEmpty {
                throw SheetError.malformed(part: sheet.name, reason: "网页中没有可读取的表格")
            }
            if chunk.isEmpty { break }
        }
        merges = table.merges
    }
}

/// The state of one page's tables while it streams: the row being built, the cell's text, the columns still
/// covered by a `rowspan` from above.
private final class HTMLTable {
    enum Tag { case tr, cell, br, other }

    var finished: [SheetRow] = []
    var merges: [CellRange] = []
    private(set) var rowCount = 0
    private var row: SheetRow?
    private var column = 0
    private var inCell = false
    private var cellText: [UInt8] = []
    private var cellSpan = (columns: 1, rows: 1)
    /// Column → rows still covered by a `rowspan` cell above.
    private var covered: [Int: Int] = [:]

    static func tag(_ name: UnsafePointer<xmlChar>) -> Tag {
        let n = String(cString: name).lowercased()
        switch n {
        case "tr": return .tr
        case "td", "th": return .cell
        case "br": return .br
        default: return .other
        }
    }

    func start(_ tag: Tag, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        switch tag {
        case .tr:
            finishRow()
            rowCount += 1
            row = SheetRow(number: rowCount)
            column = 0
        case .cell:
            if row == nil { start(.tr, nil) }
            finishCell()
            inCell = true
            cellText.removeAll(keepingCapacity: true)
            cellSpan = (Self.span(attributes, "colspan"), Self.span(attributes, "rowspan"))
        case .br:
            if inCell { cellText.append(0x0A) }
        case .other:
            break
        }
    }

    func end(_ tag: Tag) {
        switch tag {
        case .tr: finishRow()
        case .cell: finishCell()
        case .br, .other: break
        }
    }

    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        if inCell && cellText.count < 32_767 * 4 { cellText.append(contentsOf: bytes) }
    }

    /// A span attribute's value, 1 when absent or nonsense, at most the sheet's width or height.
    private static func span(_ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, _ name: String) -> Int {
        guard let attributes else { return 1 }
        var i = 0
        while let key = attributes[i] {
            defer { i += 2 }
            if String(cString: key).lowercased() == name, let value = attributes[i + 1] {
                return min(max(Int(String(cString: value).trimmingCharacters(in: .whitespaces)) ?? 1, 1), 16_384)
            }
        }
        return 1
    }

    private func finishCell() {
        guard inCell, var current = row else { return }
        inCell = false
        while (covered[column] ?? 0) > 0 { column += 1 }
        // Whitespace runs collapse to one space, as a browser shows the cell; a <br> stays a line break.
        var text: [UInt8] = []
        var pendingSpace = false
        for b in cellText {
            if b == 0x0A && !text.isEmpty && text.last != 0x0A { text.append(0x0A); pendingSpace = false; continue }
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { pendingSpace = !text.isEmpty; continue }
            if pendingSpace && text.last != 0x0A { text.append(0x20) }
            pendingSpace = false
            text.append(b)
        }
        if text.last == 0x0A { text.removeLast() }
        // Past Excel's last column (XFD) a cell is not on any sheet: a page of huge colspans stays small.
        if !text.isEmpty && column < 16_384 { current.cells.set(column, text) }
        if cellSpan.columns > 1 || cellSpan.rows > 1 {
            let last = (column + cellSpan.columns, current.number + cellSpan.rows - 1)
            if let range = CellRange("\(columnLetters(column + 1))\(current.number):\(columnLetters(last.0))\(last.1)") {
                merges.append(range)
            }
            if cellSpan.rows > 1 {
                for c in column..<(column + cellSpan.columns) { covered[c] = cellSpan.rows }
            }
        }
        column = min(column + cellSpan.columns, 16_384)
        row = current
    }

    private func finishRow() {
        finishCell()
        guard let current = row else { return }
        row = nil
        // Spans from above count down one row; the ones that began in this row were set to their full height.
        for (c, left) in covered {
            covered[c] = left > 1 ? left - 1 : nil
        }
        if current.cells.count > 0 { finished.append(current) }
    }
}

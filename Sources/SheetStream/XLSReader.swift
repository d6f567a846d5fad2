import Cfreexl
import Foundation

/// A workbook the ingest stage can read sheet by sheet: `.xlsx` (XLSXReader) or `.xls` / `.et` (XLSReader).
public protocol WorkbookSource: AnyObject {
    var sheets: [SheetInfo] { get }
    /// Merged ranges of the sheet last read, where the format records them.
    var merges: [CellRange] { get }
    /// Streams the sheet's rows in order; `body` returns false to stop early.
    func rows(of sheet: SheetInfo, _ body: (SheetRow) throws -> Bool) throws
}

extension XLSXReader: WorkbookSource {}

/// Reads a BIFF8 workbook (Excel 97–2003 `.xls`, WPS `.et`) through Debian's libfreexl, which owns the file while
/// the reader lives. FreeXL reads the whole workbook at open (a BIFF8 sheet has at most 65,536 rows); it records
/// neither hidden sheets nor merges, so every sheet counts as visible.
public final class XLSReader: WorkbookSource {
    private var handle: UnsafeRawPointer?
    public let sheets: [SheetInfo]
    public let merges: [CellRange] = []

    public init(path: String) throws {
        var h: UnsafeRawPointer?
        let opened = freexl_open(path, &h)
        guard opened == FREEXL_OK, let h else {
            if let h { freexl_close(h) }
            throw Self.error(opened)
        }
        handle = h
        var info: UInt32 = 0
        if freexl_get_info(h, UInt16(FREEXL_BIFF_PASSWORD), &info) == FREEXL_OK, info == FREEXL_BIFF_OBFUSCATED {
            freexl_close(h)
            handle = nil
            throw SheetError.encrypted
        }
        var count: UInt32 = 0
        guard freexl_get_info(h, UInt16(FREEXL_BIFF_SHEET_COUNT), &count) == FREEXL_OK else {
            freexl_close(h)
            handle = nil
            throw SheetError.notAWorkbook("工作表目录无法读取")
        }
        if count > 255 {
            freexl_close(h)
            handle = nil
            throw SheetError.limit("工作簿含有 \(count) 张工作表")
        }
        sheets = (0..<UInt16(count)).map { i in
            var name: UnsafePointer<CChar>?
            let found = freexl_get_worksheet_name(h, i, &name) == FREEXL_OK
            return SheetInfo(name: found ? name.map { String(cString: $0) } ?? "Sheet\(i + 1)" : "Sheet\(i + 1)",
                             hidden: false, part: String(i))
        }
    }

    deinit { if let handle { freexl_close(handle) } }

    static func error(_ code: Int32) -> SheetError {
        switch code {
        case FREEXL_INSUFFICIENT_MEMORY: return .limit("读取时内存不足")
        case FREEXL_CRAFTED_FILE: return .notAWorkbook("文件结构被篡改或严重损坏")
        case FREEXL_BIFF_WORKBOOK_NOT_FOUND, FREEXL_INVALID_CFBF_HEADER, FREEXL_CFBF_INVALID_SIGNATURE:
            return .notAWorkbook("不是 Excel 97-2003 工作簿，或文件已损坏")
        default: return .notAWorkbook("FreeXL 错误 \(code)，文件可能已损坏")
        }
    }

    public func rows(of sheet: SheetInfo, _ body: (SheetRow) throws -> Bool) throws {
        guard let handle, let index = UInt16(sheet.part) else { throw SheetError.missingPart(sheet.name) }
        guard freexl_select_active_worksheet(handle, index) == FREEXL_OK else { throw SheetError.missingPart(sheet.name) }
        var rowCount: UInt32 = 0, columnCount: UInt16 = 0
        guard freexl_worksheet_dimensions(handle, &rowCount, &columnCount) == FREEXL_OK else {
            throw SheetError.malformed(part: sheet.name, reason: "工作表尺寸无法读取")
        }
        var cell = FreeXL_CellValue()
        for r in 0..<rowCount {
            var row = SheetRow(number: Int(r) + 1)
            for c in 0..<columnCount {
                let code = freexl_get_cell_value(handle, r, c, &cell)
                guard code == FREEXL_OK else { throw SheetError.malformed(part: sheet.name, reason: "单元格 \(columnLetters(Int(c) + 1))\(r + 1) 无法读取（FreeXL 错误 \(code)）") }
                let text: String
                switch Int32(cell.type) {
                case FREEXL_CELL_INT: text = String(cell.value.int_value)
                case FREEXL_CELL_DOUBLE:
                    text = SheetPart.plain(cell.value.double_value)
                    if let p = CellProblem.lengthProblem(cell.value.double_value, column: Int(c)) { row.problems.append(p) }
                case FREEXL_CELL_TEXT, FREEXL_CELL_SST_TEXT, FREEXL_CELL_TIME:
                    text = cell.value.text_value.map { String(cString: $0) } ?? ""
                case FREEXL_CELL_DATE, FREEXL_CELL_DATETIME:
                    let t = cell.value.text_value.map { String(cString: $0) } ?? ""
                    text = t.hasSuffix(" 00:00:00") ? String(t.prefix(10)) : t
                default: text = ""
                }
                if !text.isEmpty { row.cells.set(Int(c), text.utf8) }
            }
            // FreeXL lists every row up to the last; an empty one is not there in the sheet.
            if row.cells.count == 0 { continue }
            if try !body(row) { return }
        }
    }
}

/// Excel-style column letters for a 1-based column, for messages. (GaizaoModel's `Issue.columnLetters` is the same
/// rule; this layer sits below the model and cannot call it.)
func columnLetters(_ n: Int) -> String {
    var n = n, s = ""
    while n > 0 { s = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + s; n = (n - 1) / 26 }
    return s
}

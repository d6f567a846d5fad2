import CZipSpeed
import Cxlsxwriter
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure reported by libxlsxwriter, with its own message.
public struct WorkbookError: Error, CustomStringConvertible, Sendable {
    public let code: Int
    public let context: String
    public var description: String {
        "\(context): \(String(cString: lxw_strerror(lxw_error(rawValue: UInt32(code)))))"
    }
}

/// A cell style. Create through `Workbook.format`; identical styles are shared.
public struct CellStyle: Hashable, Sendable {
    public enum Align: Hashable, Sendable { case left, center, right }
    public var bold = false
    public var fontSize: Double = 0
    public var fontColor: UInt32?
    public var fill: UInt32?
    public var numberFormat: String?
    public var border = false
    public var wrap = false
    public var align: Align?
    public var verticalCenter = false

    public init(bold: Bool = false, fontSize: Double = 0, fontColor: UInt32? = nil, fill: UInt32? = nil,
                numberFormat: String? = nil, border: Bool = false, wrap: Bool = false,
                align: Align? = nil, verticalCenter: Bool = false) {
        self.bold = bold
        self.fontSize = fontSize
        self.fontColor = fontColor
        self.fill = fill
        self.numberFormat = numberFormat
        self.border = border
        self.wrap = wrap
        self.align = align
        self.verticalCenter = verticalCenter
    }
}

/// An opaque handle to a registered style.
public struct Format: Sendable {
    fileprivate let index: Int
}

/// Fixed document properties so the same data gives a byte-identical file.
public struct DocumentProperties: Sendable {
    public var title: String
    public var author: String
    public var company: String
    /// Seconds since 1970; also used as the zip entries' timestamps.
    public var created: Int

    public init(title: String, author: String = "gaizao", company: String = "", created: Int) {
        self.title = title
        self.author = author
        self.company = company
        self.created = created
    }
}

/// An .xlsx file being written by libxlsxwriter. Call `close()` to write it out.
public final class Workbook {
    fileprivate let handle: UnsafeMutablePointer<lxw_workbook>
    private var formats: [UnsafeMutablePointer<lxw_format>] = []
    private var formatIndex: [CellStyle: Int] = [:]
    private var retained: [UnsafeMutablePointer<CChar>] = []
    private var closed = false
    public private(set) var sheetNames: [String] = []

    /// Compress with zlib's fastest level instead of the default: about a third faster to close and a quarter
    /// larger. For very large workbooks, where closing is mostly compression.
    public var fastCompression = false

    /// `constantMemory` streams rows to disk: rows of a sheet must then be written in order.
    public init(path: String, constantMemory: Bool = false, tempDirectory: String? = nil) throws {
        var options = lxw_workbook_options()
        options.constant_memory = constantMemory ? 1 : 0
        options.use_zip64 = 1
        let tmp = tempDirectory.map { strdup($0)! }
        options.tmpdir = tmp
        guard let wb = workbook_new_opt(path, &options) else {
            free(tmp)
            throw WorkbookError(code: Int(LXW_ERROR_CREATING_XLSX_FILE.rawValue), context: path)
        }
        handle = wb
        if let tmp { retained.append(tmp) }
        // The default format (every cell without one, and the workbook's font 0) is the first in the list.
        if let first = wb.pointee.formats.pointee.stqh_first { format_set_font_name(first, Workbook.fontName) }
    }

    /// The font of every cell: 宋体 ships with every Chinese Windows, Excel and WPS (Calibri has no CJK glyphs, so
    /// Chinese text fell back to whatever font the machine had).
    public static let fontName = "宋体"

    deinit {
        if !closed { _ = workbook_close(handle) }
        for p in retained { free(p) }
    }

    fileprivate func keep(_ s: String) -> UnsafeMutablePointer<CChar> {
        let p = strdup(s)!
        retained.append(p)
        return p
    }

    public func setProperties(_ properties: DocumentProperties) throws {
        var p = lxw_doc_properties()
        p.title = keep(xmlSafe(properties.title))
        p.author = keep(xmlSafe(properties.author))
        p.company = keep(xmlSafe(properties.company))
        p.created = time_t(properties.created)
        try check(workbook_set_properties(handle, &p), "properties")
    }

    /// Adds a sheet. Any text is accepted: it is made a valid sheet name (`Workbook.sheetName`) and, if that name is
    /// taken, numbered; the worksheet's `name` is the one used (charts must refer to it).
    public func addSheet(_ raw: String) throws -> Worksheet {
        var name = Workbook.sheetName(raw)
        var n = 2
        while sheetNames.contains(where: { $0.lowercased() == name.lowercased() }) {
            let suffix = "(\(n))"
            name = String(Workbook.sheetName(raw).prefix(31 - suffix.count)) + suffix
            n += 1
        }
        guard let ws = workbook_add_worksheet(handle, name) else {
            throw WorkbookError(code: Int(LXW_ERROR_SHEETNAME_ALREADY_USED.rawValue), context: name)
        }
        sheetNames.append(name)
        return Worksheet(workbook: self, handle: ws, name: name)
    }

    /// A format for `style`, created once and reused.
    public func format(_ style: CellStyle) -> Format {
        if let i = formatIndex[style] { return Format(index: i) }
        let f = workbook_add_format(handle)!
        format_set_font_name(f, Workbook.fontName)
        if style.bold { format_set_bold(f) }
        if style.fontSize > 0 { format_set_font_size(f, style.fontSize) }
        if let c = style.fontColor { format_set_font_color(f, c) }
        if let c = style.fill { format_set_bg_color(f, c); format_set_pattern(f, UInt8(LXW_PATTERN_SOLID.rawValue)) }
        if let nf = style.numberFormat { format_set_num_format(f, nf) }
        if style.border {
            format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue))
            format_set_border_color(f, 0xBFBFBF)
        }
        if style.wrap { format_set_text_wrap(f) }
        switch style.align {
        case .left?: format_set_align(f, UInt8(LXW_ALIGN_LEFT.rawValue))
        case .center?: format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue))
        case .right?: format_set_align(f, UInt8(LXW_ALIGN_RIGHT.rawValue))
        case nil: break
        }
        if style.verticalCenter { format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue)) }
        formats.append(f)
        formatIndex[style] = formats.count - 1
        return Format(index: formats.count - 1)
    }

    fileprivate func pointer(_ f: Format?) -> UnsafeMutablePointer<lxw_format>? {
        f.map { formats[$0.index] }
    }

    public func addChart(_ kind: Chart.Kind) -> Chart {
        let type: lxw_chart_type
        switch kind {
        case .bar: type = LXW_CHART_BAR
        case .column: type = LXW_CHART_COLUMN
        case .line: type = LXW_CHART_LINE
        }
        return Chart(workbook: self, handle: workbook_add_chart(handle, UInt8(type.rawValue))!, kind: kind)
    }

    /// Writes the file. The workbook cannot be used afterwards.
    public func close() throws {
        guard !closed else { return }
        closed = true
        if fastCompression { gaizao_zip_set_level(1) }
        defer { gaizao_zip_set_level(-1) }
        try check(workbook_close(handle), "close")
    }

    /// A valid, unique-looking sheet name: at most 31 characters, none of `[]:*?/\`, no leading/trailing `'`.
    public static func sheetName(_ raw: String) -> String {
        var s = String(xmlSafe(raw).map { "[]:*?/\\".contains($0) ? "_" : $0 })
        while s.hasPrefix("'") { s.removeFirst() }
        while s.hasSuffix("'") { s.removeLast() }
        if s.isEmpty { s = "Sheet" }
        return String(s.prefix(31))
    }
}

/// Text XML 1.0 can carry: C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF, would make the part
/// malformed (LibreOffice then blanks cells), so each becomes U+FFFD. Every string the wrapper writes passes here.
public func xmlSafe(_ text: String) -> String {
    func bad(_ v: UInt32) -> Bool { (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF }
    // A byte scan first (U+FFFE/F are EF BF BE/BF): the detail sheet passes millions of clean cells through here.
    var suspect = false
    for b in text.utf8 where b < 0x20 || b == 0xEF { suspect = true; break }
    guard suspect, text.unicodeScalars.contains(where: { bad($0.value) }) else { return text }
    var out = String.UnicodeScalarView()
    for u in text.unicodeScalars { out.append(bad(u.value) ? "\u{FFFD}" : u) }
    return String(out)
}

/// Text a chart shows as it is: libxlsxwriter takes a name starting with `=` for a formula (a series name from a
/// pipeline would become a cell reference), so a leading `=` is written full-width.
func literal(_ text: String) -> String {
    let t = xmlSafe(text)
    return t.hasPrefix("=") ? "＝" + t.dropFirst() : t
}

/// At most `limit` UTF-8 bytes, cut at a character boundary (libxlsxwriter refuses longer headers and footers).
func clipped(_ text: String, bytes limit: Int) -> String {
    guard text.utf8.count > limit else { return text }
    var out = ""
    for ch in text {
        if out.utf8.count + String(ch).utf8.count > limit { break }
        out.append(ch)
    }
    return out
}

/// The context is built only on failure: cell writes are the hot path of a million-row detail sheet.
@inline(__always)
func check(_ e: lxw_error, _ context: @autoclosure () -> String) throws {
    if e != LXW_NO_ERROR { throw WorkbookError(code: Int(e.rawValue), context: context()) }
}

/// Conditional formatting rules the reports use.
public enum ConditionalRule: Sendable {
    case textEquals(String, Format)
    case less(Double, Format)
    case greaterOrEqual(Double, Format)
    case between(Double, Double, Format)
    case top(Int, Format)
    case bottom(Int, Format)
    case dataBar(color: UInt32)
}

/// Data validation for a template column.
public enum ValidationRule: Sendable {
    /// An inline list: Excel allows 255 characters in all and no `,` or `"` inside a value.
    case list([String])
    /// The values in a column of cells (for lists an inline list cannot hold).
    case listRange(sheet: String, column: Int, firstRow: Int, lastRow: Int)
    case decimal(min: Double)
    case integer(min: Double)
    case date
}

/// Paper and print settings for a sheet.
public struct PrintSetup: Sendable {
    public var landscape = true
    public var fitToWidth = true
    public var repeatRows: ClosedRange<Int>?
    public var header: String?
    public var footer: String?
    /// The whole sheet on one page (a cover page, a short table).
    public var onePage = false
    /// Printed at this percentage when not fitted (a wide list at the smallest legible size).
    public var scale: Int?

    public init(landscape: Bool = true, fitToWidth: Bool = true, repeatRows: ClosedRange<Int>? = nil,
                header: String? = nil, footer: String? = nil, onePage: Bool = false) {
        self.onePage = onePage
        self.landscape = landscape
        self.fitToWidth = fitToWidth
        self.repeatRows = repeatRows
        self.header = header
        self.footer = footer
    }
}

/// One sheet of a workbook. Rows and columns are 0-based.
public final class Worksheet {
    private let workbook: Workbook
    private let handle: UnsafeMutablePointer<lxw_worksheet>
    public let name: String
    /// Excel refuses strings longer than this.
    public static let maxStringLength = 32_767
    public static let maxRows = 1_048_576

    fileprivate init(workbook: Workbook, handle: UnsafeMutablePointer<lxw_worksheet>, name: String) {
        self.workbook = workbook
        self.handle = handle
        self.name = name
    }

    /// Always a string cell: a value starting with `=` stays literal text, never a formula.
    public func write(_ row: Int, _ col: Int, _ text: String, _ format: Format? = nil) throws {
        var t = xmlSafe(text)
        if t.utf8.count > Worksheet.maxStringLength { t = String(t.prefix(Worksheet.maxStringLength / 4)) }
        try check(worksheet_write_string(handle, UInt32(row), UInt16(col), t, workbook.pointer(format)),
                  "\(name)!R\(row)C\(col)")
    }

    public func write(_ row: Int, _ col: Int, _ number: Double, _ format: Format? = nil) throws {
        guard number.isFinite else { return try blank(row, col, format) }
        try check(worksheet_write_number(handle, UInt32(row), UInt16(col), number, workbook.pointer(format)),
                  "\(name)!R\(row)C\(col)")
    }

    /// A date cell: the day's serial in Excel's 1900 system, shown by `format` (a date format).
    public func writeDate(_ row: Int, _ col: Int, year: Int, month: Int, day: Int, _ format: Format? = nil) throws {
        try write(row, col, Double(Worksheet.serial(year: year, month: month, day: day)), format)
    }

    /// Days from 1899-12-30 (Excel's day 0 for every date after 1900-02-28), by Howard Hinnant's days-from-civil.
    public static func serial(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468 + 25_569
    }

    public func blank(_ row: Int, _ col: Int, _ format: Format? = nil) throws {
        guard format != nil else { return }
        try check(worksheet_write_blank(handle, UInt32(row), UInt16(col), workbook.pointer(format)),
                  "\(name)!R\(row)C\(col)")
    }

    public func merge(_ firstRow: Int, _ firstCol: Int, _ lastRow: Int, _ lastCol: Int,
                      _ text: String, _ format: Format? = nil) throws {
        try check(worksheet_merge_range(handle, UInt32(firstRow), UInt16(firstCol), UInt32(lastRow),
                                        UInt16(lastCol), xmlSafe(text), workbook.pointer(format)), "\(name) merge")
    }

    public func setColumn(_ col: Int, width: Double, _ format: Format? = nil) throws {
        try check(worksheet_set_column(handle, UInt16(col), UInt16(col), width, workbook.pointer(format)),
                  "\(name) column")
    }

    public func setRow(_ row: Int, height: Double) throws {
        try check(worksheet_set_row(handle, UInt32(row), height, nil), "\(name) row")
    }

    /// Starts a new printed page at `row`.
    public func pageBreak(before row: Int) throws {
        var breaks: [lxw_row_t] = [lxw_row_t(row), 0]
        try check(worksheet_set_h_pagebreaks(handle, &breaks), "\(name) page break")
    }

    /// Hides the sheet (a list of drop-down values, say).
    public func hide() { worksheet_hide(handle) }

    public func freeze(rows: Int, columns: Int = 0) {
        worksheet_freeze_panes(handle, UInt32(rows), UInt16(columns))
    }

    public func autofilter(_ firstRow: Int, _ firstCol: Int, _ lastRow: Int, _ lastCol: Int) throws {
        try check(worksheet_autofilter(handle, UInt32(firstRow), UInt16(firstCol), UInt32(lastRow),
                                       UInt16(lastCol)), "\(name) autofilter")
    }

    /// A4, fit to one page wide, repeated header rows, header/footer texts (`&P`, `&N` allowed).
    public func setPrint(_ setup: PrintSetup) throws {
        if setup.landscape { worksheet_set_landscape(handle) } else { worksheet_set_portrait(handle) }
        worksheet_set_paper(handle, 9)
        if setup.onePage { worksheet_fit_to_pages(handle, 1, 1) } else if setup.fitToWidth { worksheet_fit_to_pages(handle, 1, 0) }
        else if let scale = setup.scale { worksheet_set_print_scale(handle, UInt16(max(10, min(scale, 400)))) }
        if let r = setup.repeatRows {
            try check(worksheet_repeat_rows(handle, UInt32(r.lowerBound), UInt32(r.upperBound)), "\(name) repeat")
        }
        if let h = setup.header { try check(worksheet_set_header(handle, clipped(xmlSafe(h), bytes: 255)), "\(name) header") }
        if let f = setup.footer { try check(worksheet_set_footer(handle, clipped(xmlSafe(f), bytes: 255)), "\(name) footer") }
        worksheet_set_margins(handle, 0.5, 0.5, 0.75, 0.75)
    }

    public func conditional(_ firstRow: Int, _ firstCol: Int, _ lastRow: Int, _ lastCol: Int,
                            _ rule: ConditionalRule) throws {
        var cf = lxw_conditional_format()
        var keep: UnsafeMutablePointer<CChar>?
        defer { free(keep) }
        switch rule {
        case .textEquals(let text, let f):
            cf.type = UInt8(LXW_CONDITIONAL_TYPE_CELL.rawValue)
            cf.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_EQUAL_TO.rawValue)
            keep = strdup("\"\(text)\"")
            cf.value_string = keep
            cf.format = workbook.pointer(f)
        case .less(let v, let f):
            cf.type = UInt8(LXW_CONDITIONAL_TYPE_CELL.rawValue)
            cf.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_LESS_THAN.rawValue)
            cf.value = v
            cf.format = workbook.pointer(f)
        case .greaterOrEqual(let v, let f):
            cf.type = UInt8(LXW_CONDITIONAL_TYPE_CELL.rawValue)
            cf.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_GREATER_THAN_OR_EQUAL_TO.rawValue)
            cf.value = v
            cf.format = workbook.pointer(f)
        case .between(let lo, let hi, let f):
            cf.type = UInt8(LXW_CONDITIONAL_TYPE_CELL.rawValue)
            cf.criteria = UInt8(LXW_CONDITIONAL_CRITERIA_BETWEEN.rawValue)
            cf.min_value = lo
            cf.max_value = hi
            cf.format = workbook.pointer(f)
        case .top(let n, let f), .bottom(let n, let f):
            // libxlsxwriter 1.1.4 writes rank="10" whatever the value, so top/bottom N is a RANK formula rule.
            let order = { if case .top = rule { return 0 } else { return 1 } }()
            let first = Self.reference(firstRow, firstCol, absolute: false)
            let range = Self.reference(firstRow, firstCol, absolute: true) + ":" + Self.reference(lastRow, lastCol, absolute: true)
            cf.type = UInt8(LXW_CONDITIONAL_TYPE_FORMULA.rawValue)
            keep = strdup("=AND(ISNUMBER(\(first)),RANK(\(first),\(range),\(order))<=\(n))")
            cf.value_string = keep
            cf.format = workbook.pointer(f)
        case .dataBar(let color):
            cf.type = UInt8(LXW_CONDITIONAL_DATA_BAR.rawValue)
            cf.bar_color = color
            cf.bar_solid = 1
        }
        try check(worksheet_conditional_format_range(handle, UInt32(firstRow), UInt16(firstCol), UInt32(lastRow),
                                                     UInt16(lastCol), &cf), "\(name) conditional format")
    }

    /// A1-style reference of a 0-based cell (`$K$4` when absolute).
    public static func reference(_ row: Int, _ col: Int, absolute: Bool = false) -> String {
        var letters = "", c = col + 1
        while c > 0 {
            c -= 1
            letters = String(UnicodeScalar(UInt8(65 + c % 26))) + letters
            c /= 26
        }
        return absolute ? "$\(letters)$\(row + 1)" : "\(letters)\(row + 1)"
    }

    public func validate(_ firstRow: Int, _ col: Int, _ lastRow: Int, _ rule: ValidationRule,
                         prompt: String? = nil) throws {
        var dv = lxw_data_validation()
        var owned: [UnsafeMutablePointer<CChar>?] = []
        var formulaPointer: UnsafeMutablePointer<CChar>?
        defer { owned.forEach { free($0) }; free(formulaPointer) }
        switch rule {
        case .list(let values):
            dv.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
            owned = values.map { strdup(xmlSafe($0)) } + [nil]
        case .listRange(let sheet, let column, let first, let last):
            dv.validate = UInt8(LXW_VALIDATION_TYPE_LIST_FORMULA.rawValue)
            let quoted = "'" + sheet.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
            let formula = "=\(quoted)!\(Worksheet.reference(first, column, absolute: true)):\(Worksheet.reference(last, column, absolute: true))"
            formulaPointer = strdup(formula)
            dv.value_formula = formulaPointer
        case .decimal(let min):
            dv.validate = UInt8(LXW_VALIDATION_TYPE_DECIMAL.rawValue)
            dv.criteria = UInt8(LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO.rawValue)
            dv.value_number = min
        case .integer(let min):
            dv.validate = UInt8(LXW_VALIDATION_TYPE_INTEGER.rawValue)
            dv.criteria = UInt8(LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO.rawValue)
            dv.value_number = min
        case .date:
            dv.validate = UInt8(LXW_VALIDATION_TYPE_DATE_NUMBER.rawValue)
            dv.criteria = UInt8(LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO.rawValue)
            dv.value_number = 1
        }
        var promptPointer: UnsafeMutablePointer<CChar>?
        if let prompt { promptPointer = strdup(clipped(xmlSafe(prompt), bytes: 255)); dv.input_message = promptPointer }
        defer { free(promptPointer) }
        let rc: lxw_error = owned.withUnsafeMutableBufferPointer { list in
            if case .list = rule { dv.value_list = list.baseAddress }
            return worksheet_data_validation_range(handle, UInt32(firstRow), UInt16(col), UInt32(lastRow),
                                                   UInt16(col), &dv)
        }
        try check(rc, "\(name) validation")
    }

    /// Places `chart` with its top-left corner at the cell, scaled.
    public func insert(_ chart: Chart, row: Int, col: Int, xScale: Double = 1, yScale: Double = 1) throws {
        var o = lxw_chart_options()
        o.x_scale = xScale
        o.y_scale = yScale
        try check(worksheet_insert_chart_opt(handle, UInt32(row), UInt16(col), chart.handle, &o), "\(name) chart")
    }

    public func setTabColor(_ color: UInt32) { worksheet_set_tab_color(handle, color) }
    public func hideGridlines() { worksheet_gridlines(handle, UInt8(LXW_HIDE_ALL_GRIDLINES.rawValue)) }
    public func activate() { worksheet_activate(handle) }
}

/// A native Excel chart. Series refer to ranges of a sheet by position.
public final class Chart {
    public enum Kind: Sendable { case bar, column, line }
    private let workbook: Workbook
    fileprivate let handle: UnsafeMutablePointer<lxw_chart>
    private let kind: Kind

    fileprivate init(workbook: Workbook, handle: UnsafeMutablePointer<lxw_chart>, kind: Kind) {
        self.workbook = workbook
        self.handle = handle
        self.kind = kind
    }

    // In a bar chart the categories run up the vertical axis, which libxlsxwriter calls y.
    private var valueAxis: UnsafeMutablePointer<lxw_chart_axis> { kind == .bar ? handle.pointee.x_axis : handle.pointee.y_axis }
    private var categoryAxis: UnsafeMutablePointer<lxw_chart_axis> { kind == .bar ? handle.pointee.y_axis : handle.pointee.x_axis }

    public struct Range: Sendable {
        public var sheet: String
        public var firstRow: Int, firstCol: Int, lastRow: Int, lastCol: Int
        public init(sheet: String, firstRow: Int, firstCol: Int, lastRow: Int, lastCol: Int) {
            self.sheet = sheet
            self.firstRow = firstRow
            self.firstCol = firstCol
            self.lastRow = lastRow
            self.lastCol = lastCol
        }
    }

    public func addSeries(name: String, categories: Range, values: Range, color: UInt32? = nil,
                          labels: Bool = false) {
        let s = chart_add_series(handle, nil, nil)!
        chart_series_set_categories(s, workbook.keep(categories.sheet), UInt32(categories.firstRow),
                                    UInt16(categories.firstCol), UInt32(categories.lastRow),
                                    UInt16(categories.lastCol))
        chart_series_set_values(s, workbook.keep(values.sheet), UInt32(values.firstRow), UInt16(values.firstCol),
                                UInt32(values.lastRow), UInt16(values.lastCol))
        chart_series_set_name(s, workbook.keep(literal(name)))
        if let color {
            var fill = lxw_chart_fill()
            fill.color = color
            chart_series_set_fill(s, &fill)
            var line = lxw_chart_line()
            line.color = color
            line.width = 2
            chart_series_set_line(s, &line)
        }
        if labels { chart_series_set_labels(s) }
    }

    public func setTitle(_ title: String) { chart_title_set_name(handle, workbook.keep(literal(title))) }
    /// `max` stops the axis there (bars past it are cut at the edge); `min` starts it there.
    public func setValueAxis(numberFormat: String, name: String? = nil, min: Double? = nil, max: Double? = nil) {
        chart_axis_set_num_format(valueAxis, workbook.keep(numberFormat))
        if let min { chart_axis_set_min(valueAxis, min) }
        if let max { chart_axis_set_max(valueAxis, max) }
        if let name { chart_axis_set_name(valueAxis, workbook.keep(literal(name))) }
    }
    public func setLegendBottom() { chart_legend_set_position(handle, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue)) }
    /// Lists categories top-down in a bar chart, in the order of the table.
    public func reverseCategories() { chart_axis_set_reverse(categoryAxis) }
}

import Foundation
import GaizaoModel
import GaizaoStore
import XLSXWriter

/// A cell of a report table. Text is always written as a string cell, never as a formula.
public enum Cell: Sendable {
    case text(String)
    case number(Double, NumberStyle)
    case empty

    static func optional(_ v: Double?, _ style: NumberStyle) -> Cell { v.map { .number($0, style) } ?? .empty }
}

/// Number formats by what a figure measures.
public enum NumberStyle: Hashable, Sendable {
    case integer, decimal2, decimal1, percent, pp, plain

    var format: String {
        switch self {
        case .integer: return "#,##0"
        case .decimal2: return "#,##0.00"
        case .decimal1: return "#,##0.0"
        case .percent: return "0.0%"
        case .pp: return "+0.0;-0.0;0.0"
        case .plain: return "General"
        }
    }

    /// 项/台/家/个 are counted in whole numbers; money and energy with two decimals; rates as percentages.
    static func forUnit(_ unit: String) -> NumberStyle {
        switch unit {
        case "项", "台", "家", "个", "件", "次", "人", "台(套)", "台（套）", "座", "亩", "场", "款", "人次", "家次", "条", "套":
            return .integer
        case "%": return .percent
        default: return .decimal2
        }
    }

    /// A target in a whole-number unit that interpolation made fractional (0.75 家) shows its decimals, so the
    /// sheet never prints 1 next to a completion computed from 0.75.
    static func forTarget(_ value: Double?, unit: String) -> NumberStyle {
        let style = forUnit(unit)
        guard style == .integer, let v = value, (v * 100).rounded() != v.rounded() * 100 else { return style }
        return .decimal2
    }
}

/// The house style shared by every sheet gaizao writes.
struct Styles {
    let workbook: Workbook
    static let headerFill: UInt32 = 0x1F4E78
    static let titleColor: UInt32 = 0x1F4E78

    var title: Format { workbook.format(CellStyle(bold: true, fontSize: 16, fontColor: Styles.titleColor, align: .left, verticalCenter: true)) }
    var titleWrapped: Format { workbook.format(CellStyle(bold: true, fontSize: 16, fontColor: Styles.titleColor, wrap: true, align: .center, verticalCenter: true)) }
    var subtitle: Format { workbook.format(CellStyle(fontSize: 10, fontColor: 0x595959, align: .left)) }
    var subtitleWrapped: Format { workbook.format(CellStyle(fontSize: 10, fontColor: 0x595959, wrap: true, align: .left, verticalCenter: true)) }
    var header: Format {
        workbook.format(CellStyle(bold: true, fontColor: 0xFFFFFF, fill: Styles.headerFill, border: true, wrap: true,
                                  align: .center, verticalCenter: true))
    }
    var text: Format { workbook.format(CellStyle(border: true, verticalCenter: true)) }
    var wrapped: Format { workbook.format(CellStyle(border: true, wrap: true, verticalCenter: true)) }
    var date: Format { workbook.format(CellStyle(numberFormat: "yyyy-mm-dd", border: true, verticalCenter: true)) }
    func number(_ s: NumberStyle) -> Format {
        workbook.format(CellStyle(numberFormat: s.format, border: true, verticalCenter: true))
    }
    var red: Format { workbook.format(CellStyle(bold: true, fontColor: 0x9C0006, fill: 0xFFC7CE)) }
    var yellow: Format { workbook.format(CellStyle(bold: true, fontColor: 0x9C5700, fill: 0xFFEB9C)) }
    var green: Format { workbook.format(CellStyle(bold: true, fontColor: 0x006100, fill: 0xC6EFCE)) }
    var label: Format { workbook.format(CellStyle(bold: true, fill: 0xDDEBF7, border: true, verticalCenter: true)) }
}

/// Display width of text in Excel character units: CJK and full-width characters count double.
public func displayWidth(_ s: String) -> Double {
    var w = 0.0
    for u in s.unicodeScalars {
        let v = u.value
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || v >= 0x20000 {
            w += 2
        } else {
            w += 1
        }
    }
    return w
}

/// Row height in points for text wrapped in a column `width` characters wide (CJK counting double): one line of
/// the house font is 15 pt. Without it a wrapped cell keeps the default height and prints over the rows below.
func wrappedHeight(_ text: String, width: Double) -> Double {
    let usable = max(width - 1.5, 1)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        .reduce(0) { $0 + max(1, Int((displayWidth(String($1)) / usable).rounded(.up))) }
    return Double(max(lines, 1)) * 15 + 3
}

/// Writes a titled table: title row, optional subtitle, bold header, rows; sizes columns to their content and rows
/// to their wrapped text.
struct SheetTable {
    var title: String
    var subtitle: String?
    var headers: [String]
    var rows: [[Cell]]
    var maxWidth: Double = 50
    var minWidth: Double = 6
    var autofilter = true
    /// A line under the table (制表单位、制表日期).
    var footer: String?
    /// A chart follows on a page of its own, so the sheet is not squeezed onto one page.
    var chartBelow = false
    /// A table this short prints on one page rather than leave a few rows alone on the last.
    static let onePageRows = 40

    init(title: String, subtitle: String? = nil, headers: [String], rows: [[Cell]], maxWidth: Double = 50,
         autofilter: Bool = true, footer: String? = nil, chartBelow: Bool = false) {
        self.chartBelow = chartBelow
        self.title = title
        self.subtitle = subtitle
        self.headers = headers
        self.rows = rows
        self.maxWidth = maxWidth
        self.autofilter = autofilter
        self.footer = footer
    }

    /// Index of the header row (0-based) once written.
    var headerRow: Int { subtitle == nil ? 1 : 2 }
    var firstDataRow: Int { headerRow + 1 }
    var lastDataRow: Int { headerRow + max(rows.count, 1) }

    /// Column widths from the content, each between `minWidth` and `maxWidth`.
    var widths: [Double] {
        var widths = headers.map { displayWidth($0) + 2 }
        for row in rows {
            for (c, cell) in row.enumerated() where c < widths.count {
                switch cell {
                case .text(let s): widths[c] = max(widths[c], displayWidth(s) + 2)
                case .number(let v, let style): widths[c] = max(widths[c], Double(NumberStyleWidth.estimate(v, style)) + 2)
                case .empty: break
                }
            }
        }
        return widths.map { min(max($0, minWidth), maxWidth) }
    }

    @discardableResult
    func write(to sheet: Worksheet, styles: Styles, printTitle: String) throws -> Int {
        let lastCol = max(headers.count - 1, 0)
        let widths = self.widths
        let totalWidth = widths.reduce(0, +)
        try sheet.merge(0, 0, 0, lastCol, title, styles.title)
        try sheet.setRow(0, height: 28)
        if let subtitle {
            try sheet.merge(1, 0, 1, lastCol, subtitle, styles.subtitleWrapped)
            try sheet.setRow(1, height: max(wrappedHeight(subtitle, width: totalWidth * 1.1) - 3, 15))
        }
        for (c, h) in headers.enumerated() { try sheet.write(headerRow, c, h, styles.header) }
        let headerLines = headers.enumerated().map { c, h in wrappedHeight(h, width: widths[c]) }.max() ?? 18
        try sheet.setRow(headerRow, height: max(32, headerLines))
        // Before the rows: a constant-memory sheet refuses ranges over rows already flushed to disk.
        sheet.freeze(rows: headerRow + 1)
        if autofilter && !rows.isEmpty { try sheet.autofilter(headerRow, 0, lastDataRow, lastCol) }
        for (r, row) in rows.enumerated() {
            var height = 0.0
            for (c, cell) in row.enumerated() {
                switch cell {
                case .text(let s):
                    let wraps = displayWidth(s) + 2 > widths[c] || s.contains("\n")
                    try sheet.write(firstDataRow + r, c, s, wraps ? styles.wrapped : styles.text)
                    if wraps { height = max(height, wrappedHeight(s, width: widths[c])) }
                case .number(let v, let style):
                    try sheet.write(firstDataRow + r, c, v, styles.number(style))
                case .empty:
                    try sheet.blank(firstDataRow + r, c, styles.text)
                }
            }
            if height > 18 { try sheet.setRow(firstDataRow + r, height: height) }
        }
        for (c, w) in widths.enumerated() { try sheet.setColumn(c, width: w) }
        if let footer { try sheet.merge(lastDataRow + 1, 0, lastDataRow + 1, lastCol, footer, styles.subtitle) }
        try sheet.setPrint(PrintSetup(landscape: true, fitToWidth: true, repeatRows: headerRow...headerRow,
                                      header: "&C&\"-,Bold\"\(printTitle.replacingOccurrences(of: "&", with: "&&"))",
                                      footer: "&C第 &P 页，共 &N 页", onePage: !chartBelow && rows.count <= Self.onePageRows))
        return lastDataRow
    }
}

/// Width of a number as Excel shows it with the given format.
enum NumberStyleWidth {
    static func estimate(_ v: Double, _ style: NumberStyle) -> Int {
        let digits = wholeDigits(v)
        let grouped = digits + (digits - 1) / 3
        switch style {
        case .integer: return grouped + (v < 0 ? 1 : 0)
        case .decimal2: return grouped + 3
        case .decimal1: return grouped + 2
        case .percent: return wholeDigits(v * 100) + 3
        case .pp: return wholeDigits(v) + 3
        case .plain: return 12
        }
    }

    /// Digits before the decimal point, for any Double: a conversion to Int would trap past 9.2e18 or on NaN.
    static func wholeDigits(_ v: Double) -> Int {
        guard v.isFinite else { return 3 }
        let a = abs(v).rounded()
        return a < 10 ? 1 : Int(log10(a).rounded(.down)) + 1
    }
}

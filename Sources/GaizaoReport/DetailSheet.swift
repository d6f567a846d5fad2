import Foundation
import GaizaoModel
import GaizaoStore
import XLSXWriter

/// The detail sheets, named by their template (两化改造项目清单, 数字化转型认定名单): one header row, then rows; past
/// Excel's last row the list continues on a second sheet, (2), (3) ….
struct DetailSheet {
    /// Data rows per sheet: Excel's 1,048,576 rows less the header row.
    static let rowsPerSheet = 1_048_575
    /// Fitted to the page's width, a sheet wider than this many characters would print below 8 pt (landscape A4
    /// holds about 146 at 11 pt): such a sheet prints at full size, its columns continuing on the next pages.
    static let legibleWidth = 200.0
    /// 8 pt of 11: the scale the width above is fitted at.
    static let legibleScale = 73
    var baseName: String
    var printTitle: String

    func sheetName(_ index: Int) -> String { index == 0 ? baseName : "\(baseName)(\(index + 1))" }

    /// Writes the rows; returns the sheet names used. Rows are written strictly in order (constant-memory safe).
    @discardableResult
    func write(_ detail: DetailRows, to wb: Workbook, styles s: Styles) throws -> [String] {
        let columns = detail.template.columns
        let headers = ["所属单位"] + columns.map(\.header)
        let formats = columns.map { c -> Format in
            switch c.type {
            case .integer: return s.number(.integer)
            case .number: return s.number(.decimal2)
            case .percent: return s.number(.percent)
            case .date: return s.date
            default: return s.text
            }
        }
        let sheets = max(1, (detail.count + Self.rowsPerSheet - 1) / Self.rowsPerSheet)
        var names: [String] = []
        var sheet: Worksheet?
        var row = 0
        func open(_ index: Int) throws {
            let ws = try wb.addSheet(sheetName(index))
            names.append(ws.name)
            // Widths from the headers and typical content: unit names and dates are short, names wrap at 40.
            let widths = headers.enumerated().map { c, h -> Double in
                // Text columns hold names of 15–20 characters (项目名称, 企业名称): 32 shows most of them whole.
                let typical: Double = c == 0 ? 10 : columns[c - 1].type == .string ? 32 : 12
                return min(max(displayWidth(h) + 2, typical), 40)
            }
            for (c, w) in widths.enumerated() { try ws.setColumn(c, width: w) }
            for (c, h) in headers.enumerated() { try ws.write(0, c, h, s.header) }
            ws.freeze(rows: 1)
            let last = index == sheets - 1 ? max(1, detail.count - index * Self.rowsPerSheet) : Self.rowsPerSheet
            try ws.autofilter(0, 0, last, headers.count - 1)
            var setup = PrintSetup(landscape: true, fitToWidth: widths.reduce(0, +) <= Self.legibleWidth, repeatRows: 0...0,
                                   header: "&C&\"-,Bold\"\(printTitle.replacingOccurrences(of: "&", with: "&&"))·\(baseName)",
                                   footer: "&C第 &P 页，共 &N 页")
            setup.scale = Self.legibleScale   // when too wide to fit: the smallest legible size, columns continuing over
            try ws.setPrint(setup)
            sheet = ws
            row = 1
        }
        try open(0)
        var written = 0
        try detail.each { unitName, values in
            if row > Self.rowsPerSheet { try open(names.count) }
            guard let ws = sheet else { return }
            try ws.write(row, 0, unitName, s.text)
            for (i, v) in values.enumerated() {
                switch v {
                case .null: break
                case .number(let d): try ws.write(row, i + 1, d, formats[i])
                case .text(let t):
                    // Dates are stored as yyyy-mm-dd text; the sheet shows them as dates a clerk can sort and filter.
                    if columns[i].type == .date, let (y, m, d) = Normalise.dateParts(t.utf8) {
                        try ws.writeDate(row, i + 1, year: y, month: m, day: d, formats[i])
                    } else {
                        try ws.write(row, i + 1, t, columns[i].type == .date ? s.text : formats[i])
                    }
                }
            }
            row += 1
            written += 1
        }
        return names
    }
}

import Crypto
import Foundation
import GaizaoModel
import GaizaoStore
import XLSXWriter

/// 上报表: the jurisdiction's figures as the level above reads them — one row per indicator, with the components of
/// every rate so the city adds numerators and denominators instead of averaging its counties' rates. Written as
/// `上报/<region code>-<period>.csv` (UTF-8 with BOM) and `.xlsx` by every run and by `gaizao export`.
struct UpwardReport {
    let data: ReportData

    static var headers: [String] { UpwardReportFormat.headers }

    var baseName: String { FileName.safe("\(data.pipeline.region.code)-\(data.period)") }

    /// Every row's cells as text; numbers as plain decimals (no grouping), empty where there is no value.
    var rows: [[String]] {
        let p = data.pipeline
        let figures = data.totals.compactMap { f in p.indicator(code: f.code).map { (f, $0) } }
        let body: [[String]] = figures.map { f, ind in
            let n = { (v: Double?) in v.map(UpwardReportFormat.number) ?? "" }
            return [ind.code, ind.name, ind.unit, ind.measure.kind.rawValue, n(f.monthValue), n(f.ytd), n(f.planToDate),
                    n(f.yearTarget), n(f.planTarget)] + UpwardReportFormat.componentCells(f.components)
        }
        let head = [p.region.code, p.region.name, data.period.description, p.id]
        let inputs = inputsHash
        // Each row's own digest, so the level above can name the indicator whose figures were changed.
        return body.map { cells in
            let row = head + cells
            return row + [inputs, Self.sha256(UpwardReportFormat.digestText(row))]
        }
    }

    /// SHA-256 over the month's stored files (name and digest, in name order): which inputs these figures came from.
    var inputsHash: String {
        Self.sha256(data.files.map { "\($0.name)\t\($0.sha256)" }.sorted().joined(separator: "\n"))
    }

    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Writes the `.csv` and the `.xlsx` into `directory`; returns their paths.
    func write(into directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let rows = self.rows
        let csv = (directory as NSString).appendingPathComponent(baseName + ".csv")
        let text = ([Self.headers] + rows).map { $0.map(IssuesCSV.field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        try Data(("\u{FEFF}" + text).utf8).write(to: URL(fileURLWithPath: csv))
        let xlsx = (directory as NSString).appendingPathComponent(baseName + ".xlsx")
        let wb = try Workbook(path: xlsx)
        try wb.setProperties(DocumentProperties(title: "\(data.pipeline.region.name)上报表（\(data.period.chinese)）",
                                                company: data.pipeline.region.name, created: data.period.stableTimestamp))
        let s = Styles(workbook: wb)
        let sheet = try wb.addSheet("上报表")
        // Numbers stay numbers (the columns 本月 … 基期分母); codes and hashes stay text.
        let numeric = UpwardReportFormat.numeric
        for (c, h) in Self.headers.enumerated() {
            try sheet.write(0, c, h, s.header)
            try sheet.setColumn(c, width: c >= 19 ? 20 : max(displayWidth(h) + 4, c == 5 ? 28 : 12))
        }
        for (r, row) in rows.enumerated() {
            for (c, v) in row.enumerated() {
                if numeric.contains(c), let d = Double(v) { try sheet.write(r + 1, c, d, s.number(.plain)) }
                else if !v.isEmpty { try sheet.write(r + 1, c, v, s.text) }
            }
        }
        sheet.freeze(rows: 1)
        try sheet.setPrint(PrintSetup(landscape: true, fitToWidth: false, repeatRows: 0...0, footer: "&C第 &P 页，共 &N 页"))
        try wb.close()
        return [csv, xlsx]
    }
}

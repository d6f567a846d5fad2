import Crypto
import CSVStream
import Foundation
import GaizaoModel

/// What a lower jurisdiction's 上报表 is checked for on the way up (issue 20): a report for another month is
/// refused whole (`period-mismatch`: it would replace the county's standing report); a row whose components do
/// not give its own rate (`component-mismatch`), or whose figures no longer match the 数据SHA256 gaizao wrote for
/// it (`report-altered`), is loaded with a warning naming the indicator.
struct UpwardReportCheck {
    private let file: String
    /// The file's column of each 上报表 header, nil where the file lacks it.
    private let source: [Int?]

    init?(binding: HeaderBinding, file: String) {
        guard binding.template.upward else { return nil }
        self.file = file
        source = UpwardReportFormat.headers.map { h in
            binding.template.columns.firstIndex { $0.name == h }.flatMap { binding.sourceIndex[$0] }
        }
    }

    private func cell(_ record: CSVRecord, _ i: Int) -> String {
        guard let si = source[i], si < record.count else { return "" }
        return Normalise.text(record[si])
    }

    private func column(_ i: Int) -> Int? { source[i].map { $0 + 1 } }

    /// The issues of one data row; `refuse` is set when the whole file must not be loaded.
    func check(_ record: CSVRecord, period: Period, unit: String?, refuse: inout Bool) -> [Issue] {
        let line = record.number
        var issues: [Issue] = []
        let code = cell(record, 4), name = cell(record, 5)
        let said = cell(record, 2)
        if let month = Normalise.month(said), month != period {
            refuse = true
            return [Issue(.error, .periodMismatch, file: file, line: line, column: column(2), columnName: "报告期", raw: said,
                          message: "上报表的报告期为 \(month)，与报送月份 \(period) 不符，整表未载入（请报送 \(period) 的上报表）", unit: unit)]
        }
        let cells = UpwardReportFormat.headers.indices.map { cell(record, $0) }
        let number = { (i: Int) in Double(cells[i].replacingOccurrences(of: ",", with: "")) }
        if let kind = Measure.Kind(rawValue: cells[7]), let value = number(8),
           let combined = UpwardReportFormat.combined(kind: kind, unit: cells[6], number),
           abs(combined - value) > 1e-6 * max(1, abs(value)) {
            issues.append(Issue(.warning, .componentMismatch, file: file, line: line, column: column(8), columnName: "本月",
                                raw: cells[8],
                                message: "第\(line)行“\(name)”（\(code)）的本月值 \(cells[8]) 与其分项算出的 \(UpwardReportFormat.number(combined)) 不符，请核对分子、分母（或本期、上期）",
                                unit: unit))
        }
        let digest = cells[20]
        if !digest.isEmpty {
            let raw = UpwardReportFormat.headers.indices.map { i -> String in
                guard let si = source[i], si < record.count else { return "" }
                return record[si]
            }
            let actual = FileDigest.sha256(of: Data(UpwardReportFormat.digestText(raw).utf8))
            if actual != digest.lowercased() {
                issues.append(Issue(.warning, .reportAltered, file: file, line: line, column: column(20), columnName: "数据SHA256",
                                    raw: code,
                                    message: "第\(line)行“\(name)”（\(code)）的数据与 gaizao 生成时的校验值（数据SHA256）不符：上报表生成后被改动过，请向报送单位核实",
                                    unit: unit))
            }
        }
        return issues
    }
}

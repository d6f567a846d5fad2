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
    private let pipeline: Pipeline
    /// The file's column of each 上报表 header, nil where the file lacks it.
    private let source: [Int?]
    /// 指标代码 → the kind this pipeline adds it up as, per unit (a rollup's code map gives each unit its own code).
    private let kinds: [String: [String: Measure.Kind]]
    /// The lower jurisdictions, named in a refusal.
    private let regions: String

    init?(binding: HeaderBinding, file: String, pipeline: Pipeline) {
        guard binding.template.upward else { return nil }
        self.file = file
        self.pipeline = pipeline
        source = UpwardReportFormat.headers.map { h in
            binding.template.columns.firstIndex { $0.name == h }.flatMap { binding.sourceIndex[$0] }
        }
        var kinds: [String: [String: Measure.Kind]] = [:]
        for ind in pipeline.indicators {
            guard let r = ind.measure.rollup, ind.measure.template == binding.template.id else { continue }
            for unit in pipeline.submitters(of: binding.template) { kinds[unit.code, default: [:]][r.code(for: unit.code)] = r.kind }
        }
        self.kinds = kinds
        regions = pipeline.submitters(of: binding.template).map(\.name).joined(separator: "、")
    }

    private func cell(_ record: CSVRecord, _ i: Int) -> String {
        guard let si = source[i], si < record.count else { return "" }
        return Normalise.text(record[si])
    }

    private func column(_ i: Int) -> Int? { source[i].map { $0 + 1 } }

    /// The issues of one data row; `refuse` is set when the whole file must not be loaded.
    func check(_ record: CSVRecord, period: Period, unit submitter: GaizaoModel.Unit?, refuse: inout Bool) -> [Issue] {
        let line = record.number
        let unit = submitter?.code
        var issues: [Issue] = []
        // A 上报表 is one region's: its 地区代码 decides, and must agree with the file's name.
        let region = cell(record, 0)
        if !region.isEmpty {
            let named = pipeline.unit(named: region)
            if named == nil || (submitter != nil && named?.code != submitter?.code) {
                refuse = true
                let message = named == nil
                    ? "第\(line)行地区代码“\(region)”不是本级的下级单位（\(regions)），整表未载入"
                    : "第\(line)行地区代码“\(region)”是\(named?.name ?? region)，文件却是\(submitter?.name ?? "")报送的；一份上报表只能是一个地区的，整表未载入"
                return [Issue(.error, named == nil ? .unknownUnit : .unitConflict, file: file, line: line, column: column(0),
                              columnName: "地区代码", raw: region, message: message, unit: unit)]
            }
        }
        let code = cell(record, 4), name = cell(record, 5)
        let said = cell(record, 2)
        if let month = Normalise.month(said), month != period {
            refuse = true
            return [Issue(.error, .periodMismatch, file: file, line: line, column: column(2), columnName: "报告期", raw: said,
                          message: "上报表的报告期为 \(month)，与报送月份 \(period) 不符，整表未载入（请报送 \(period) 的上报表）", unit: unit)]
        }
        let cells = UpwardReportFormat.headers.indices.map { cell(record, $0) }
        let number = { (i: Int) in Double(cells[i].replacingOccurrences(of: ",", with: "")) }
        if let unit, let expected = kinds[unit]?[code], let given = Measure.Kind(rawValue: cells[7]), given != expected {
            issues.append(Issue(.warning, .constraintError, file: file, line: line, column: column(7), columnName: "类型", raw: cells[7],
                                message: "第\(line)行“\(name)”（\(code)）的类型为 \(given.rawValue)，本级按 \(expected.rawValue) 汇总；请核对指标代码是否对应同一指标",
                                unit: unit))
        }
        let byName = { (name: String) in UpwardReportFormat.headers.firstIndex(of: name).flatMap(number) }
        if let kind = Measure.Kind(rawValue: cells[7]), let value = number(8),
           let rate = UpwardReportFormat.components(kind, byName)?.rate, case let combined = cells[6] == "%" ? rate * 100 : rate,
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

import CSVStream
import Foundation
import GaizaoModel

/// What the lines above a form's header say: `填报单位：乌镇镇    单位：万元    2023年6月`.
struct TitleFacts {
    /// The submitting unit as the form names it.
    var unitName: String?
    var unit: Unit?
    /// The unit of amounts for columns whose header names none (`单位：万元`).
    var moneyUnit: String?
    /// Months the title says the data is for (a date with a day, or after 日期/时间, is when it was filled in).
    var months: [(text: String, period: Period)] = []
    var line: Int?

    init(_ titles: [CSVRecord], pipeline: Pipeline) {
        for record in titles {
            let text = record.fields.map { Normalise.text($0) }.filter { !$0.isEmpty }.joined(separator: "  ")
            if let m = text.firstMatch(of: /填\s*报\s*单\s*位\s*[:：]\s*([^\s:：]+)/) {
                unitName = String(m.1)
                unit = pipeline.unit(named: String(m.1))
                line = line ?? record.number
            }
            for m in text.matches(of: /单\s*位\s*[:：]\s*([^\s:：,，;；)）]+)/) {
                let before = text[..<m.range.lowerBound].filter { !$0.isWhitespace }.suffix(2)
                if before == "填报" || before == "报送" { continue }
                let u = String(m.1)
                if Normalise.unitFactor(from: u, to: "万元") != nil { moneyUnit = u; line = line ?? record.number }
            }
            for m in text.matches(of: /(\d{4})\s*年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*[日号])/) {
                let before = text[..<m.range.lowerBound].suffix(6)
                if before.contains("日期") || before.contains("时间") { continue }
                guard let y = Int(m.1), let mo = Int(m.2), (1...12).contains(mo),
                      let p = Period(String(format: "%04d-%02d", y, mo)) else { continue }
                months.append((String(m.0), p))
                line = line ?? record.number
            }
        }
    }

    /// Checks the title against the folder and the file name: a month that is not the reporting month refuses the
    /// file (`period-mismatch`); a 填报单位 other than the file name's unit is a warning, and the file name wins.
    func check(file: String, period: Period, report: inout FileReport) {
        if let wrong = months.first(where: { $0.period != period }) {
            report.issues.append(Issue(.error, .periodMismatch, file: file, line: line, raw: wrong.text,
                                       message: "表头上方注明的月份为“\(wrong.text)”，与报送月份\(period.chinese)不符，整个文件未载入；如确为\(period.chinese)的数据，请更正标题中的月份后重新报送",
                                       unit: report.unit?.code))
            report.rejected = true
        }
        guard let name = unitName else { return }
        if let named = unit {
            if let fromName = report.unit, fromName.code != named.code {
                report.issues.append(Issue(.warning, .unitConflict, file: file, line: line, raw: name,
                                           message: "表头上方“填报单位”为\(named.name)，文件名为\(fromName.name)；按文件名计入\(fromName.name)，如有误请更正后重新报送",
                                           unit: fromName.code))
            } else if report.unit == nil {
                report.unit = named
            }
        } else if report.unit == nil {
            report.issues.append(Issue(.warning, .unknownUnit, file: file, line: line, raw: name,
                                       message: "表头上方“填报单位”为“\(name)”，不是本流程的单位；请在文件名中写明单位", unit: nil))
        }
    }
}

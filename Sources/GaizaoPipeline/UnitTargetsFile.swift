import CSVStream
import Foundation
import GaizaoModel

/// `<id>.targets.csv`: 指标代码, 单位, 年份, 目标值 — the decomposition of targets by unit and year.
enum UnitTargetsFile {
    static let headers = ["指标代码", "单位", "年份", "目标值"]

    static func load(path: String, pipeline: Pipeline) throws -> [String: [String: Targets]] {
        var result: [String: [String: [Int: Double]]] = [:]
        var problem: PipelineError?
        let reader = CSVReader(path: path)
        let encoding = try reader.detectEncoding()
        var columns: [Int] = []
        try reader.forEach(encoding: encoding) { record in
            if record.isBlank { return true }
            if columns.isEmpty {
                let cells = record.fields.map(Normalise.header)
                columns = headers.compactMap { cells.firstIndex(of: $0) }
                if columns.count != headers.count {
                    problem = PipelineError(file: path, line: record.number,
                                            message: "目标分解表表头应为：\(headers.joined(separator: ","))")
                    return false
                }
                return true
            }
            let v = columns.map { $0 < record.count ? Normalise.text(record[$0]) : "" }
            guard pipeline.indicator(code: v[0]) != nil else {
                problem = PipelineError(file: path, line: record.number, message: "指标代码“\(v[0])”不在流程文件中")
                return false
            }
            guard let unit = pipeline.unit(named: v[1]) else {
                problem = PipelineError(file: path, line: record.number, message: "单位“\(v[1])”不在流程文件的单位名单中")
                return false
            }
            guard let year = Int(v[2]), case .value(let target) = Normalise.number(v[3]) else {
                problem = PipelineError(file: path, line: record.number, message: "年份“\(v[2])”或目标值“\(v[3])”不是数字")
                return false
            }
            result[v[0], default: [:]][unit.code, default: [:]][year] = target
            return true
        }
        if let problem { throw problem }
        return result.mapValues { $0.mapValues(Targets.init) }
    }
}

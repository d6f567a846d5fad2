import CSVStream
import Foundation
import GaizaoModel
import Yams

/// A pipeline file that cannot be used, with the place to fix it.
public struct PipelineError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var message: String

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Reads `pipelines/<id>.yaml` and its optional `<id>.targets.csv`.
public enum PipelineLoader {
    /// Loads and, when `lint` is true, refuses a pipeline with any lint error (the first one is reported).
    public static func load(path: String, lint: Bool = true) throws -> Pipeline {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else {
            throw PipelineError(file: path, line: nil, message: "无法读取流程文件（不存在或不是 UTF-8 文本）")
        }
        var pipeline = try parse(text, source: path)
        let targetsPath = (path as NSString).deletingPathExtension + ".targets.csv"
        if FileManager.default.fileExists(atPath: targetsPath) {
            pipeline.unitTargets = try UnitTargetsFile.load(path: targetsPath, pipeline: pipeline)
        }
        if lint, let first = PipelineLint.findings(pipeline).first(where: { $0.level == .error }) {
            throw PipelineError(file: first.file, line: first.line, message: first.message + "（运行 gaizao lint 查看全部问题）")
        }
        return pipeline
    }

    public static func parse(_ text: String, source: String = "<pipeline>") throws -> Pipeline {
        let raw: RawPipeline
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
            raw = try YAMLDecoder().decode(RawPipeline.self, from: text)
        } catch let error as DecodingError {
            throw PipelineError(file: source, line: nil, message: describe(error))
        } catch let error as YamlError {
            throw PipelineError(file: source, line: nil, message: "YAML 语法错误：\(error)")
        }
        let order = root?.mapping?["templates"]?.mapping?.keys.compactMap(\.string) ?? []
        func line(_ path: [String]) -> Int? { YAMLLocator.line(of: path, in: root) }

        var templates: [Template] = []
        for id in order.isEmpty ? raw.templates.keys.sorted() : order {
            guard let t = raw.templates[id] else { continue }
            if t.rollup ?? false {
                // A 上报表's columns are fixed: the level below writes them (UpwardReportFormat).
                guard t.columns == nil, t.mode == nil, t.key == nil else {
                    throw PipelineError(file: source, line: line(["templates", id]),
                                        message: "模板 \(id) 是上报表（rollup: true），其列、键和模式固定，不能再写 columns、key 或 mode")
                }
                templates.append(UpwardReportFormat.template(id: id, title: t.title, submittedBy: t.submitted_by.values))
                continue
            }
            guard let columns = t.columns else {
                throw PipelineError(file: source, line: line(["templates", id]), message: "模板 \(id) 缺少 columns")
            }
            templates.append(Template(
                id: id, title: t.title, submittedBy: t.submitted_by.values, mode: t.mode ?? .snapshot,
                key: t.key ?? [], unitColumn: t.unit_column, monthColumn: t.month_column,
                alternateKey: t.alternate_key ?? [], columns: columns))
        }
        let upward = templates.filter(\.upward).map(\.id)
        for name in (raw.sets ?? [:]).keys.sorted() where raw.templates[name] != nil {
            throw PipelineError(file: source, line: line(["sets", name]),
                                message: "行集“\(name)”与模板同名；请另取一个名字（如 counted_\(name)）")
        }
        var indicators: [Indicator] = []
        var lines: [String: Int] = [:]
        for (i, r) in raw.indicators.enumerated() {
            for key in ["code", "measure", "targets", "lead", "decompose", "baseline"] {
                lines["indicators.\(i).\(key)"] = line(["indicators", "\(i)", key])
            }
            var measure = try r.measure.resolve(source: source, line: line(["indicators", "\(i)", "measure"]))
            if let set = raw.sets?[measure.template] { measure.restrict(to: set.resolved(name: measure.template)) }
            if measure.rollup != nil && measure.template.isEmpty {
                // `from:` may be left out when the pipeline reads one kind of 上报表.
                guard upward.count == 1 else {
                    throw PipelineError(file: source, line: line(["indicators", "\(i)", "measure"]),
                                        message: upward.isEmpty ? "指标 \(r.code) 取自上报表（rollup），但流程中没有 rollup: true 的模板"
                                            : "指标 \(r.code) 取自上报表，流程有多个上报表模板（\(upward.joined(separator: "、"))），请用 from 写明")
                }
                measure.template = upward[0]
            }
            var targets: [Int: Double] = [:]
            let fromUnits: Bool
            switch r.targets {
            case .sumOfUnits?:
                fromUnits = true
                guard measure.rollup.map({ $0.kind == .count || $0.kind == .sum }) ?? false else {
                    throw PipelineError(file: source, line: line(["indicators", "\(i)", "targets"]),
                                        message: "指标 \(r.code)：targets: sum_of_units 只用于取自上报表的计数或求和指标（比率、增速、降幅的目标不能相加）")
                }
            case .years, nil:
                fromUnits = false
            }
            for (k, v) in r.targets?.years ?? [:] {
                guard let y = Int(k) else {
                    throw PipelineError(file: source, line: line(["indicators", "\(i)", "targets"]),
                                        message: "指标 \(r.code) 的目标年份“\(k)”不是年份")
                }
                targets[y] = v
            }
            let accrued = measure.kind == .count || measure.kind == .sum
            indicators.append(Indicator(
                code: r.code, name: r.name, unit: r.unit, measure: measure,
                accumulate: r.accumulate ?? (accrued ? .plan : .year),
                targets: Targets(targets), decompose: r.decompose, lead: r.lead, raceWeight: r.race,
                note: r.note, baseline: r.baseline, baseValue: r.base_value, hidden: r.hidden ?? false))
            indicators[indicators.count - 1].targetsFromUnits = fromUnits
        }
        for (i, _) in raw.units.enumerated() { lines["units.\(i)"] = line(["units", "\(i)"]) }
        for id in order { lines["templates.\(id)"] = line(["templates", id]) }
        var p = Pipeline(
            id: raw.id, title: raw.title, region: raw.region, plan: raw.plan, deadlineDay: raw.deadline_day ?? 5,
            thresholds: raw.thresholds ?? Thresholds(), outlierFactor: raw.outlier_factor ?? 10, units: raw.units,
            templates: templates, indicators: indicators)
        p.limits = try raw.limits?.resolved(source: source, line: line(["limits"])) ?? CSVLimits()
        p.lines = lines
        p.detailTemplate = raw.detail
        if let r = raw.report {
            p.wording.ranked = r.ranked ?? p.wording.ranked
            p.wording.race = r.race ?? p.wording.race
            p.wording.office = r.office
            p.wording.contact = r.contact
        }
        p.quarterlyNotice = raw.notice?.quarterly ?? false
        if let zone = raw.timezone {
            guard let clock = LocalClock(identifier: zone) else {
                throw PipelineError(file: source, line: line(["timezone"]),
                                    message: "时区“\(zone)”无法识别，请写 IANA 时区名，如 Asia/Shanghai")
            }
            p.clock = clock
        }
        p.source = source
        return p
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ c: [CodingKey]) -> String {
            c.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            return "\(path(ctx.codingPath)) 缺少必填项“\(key.stringValue)”"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx):
            return "\(path(ctx.codingPath)) 的值类型不对：\(ctx.debugDescription)"
        case .dataCorrupted(let ctx):
            return "\(path(ctx.codingPath))：\(ctx.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// Finds the line of a key path in a composed YAML tree.
enum YAMLLocator {
    static func line(of path: [String], in root: Node?) -> Int? {
        var node = root
        var best = root?.mark?.line
        for key in path {
            if let i = Int(key), let seq = node?.sequence, i < seq.count {
                node = seq[i]
            } else if let map = node?.mapping, let pair = map.first(where: { $0.key.string == key }) {
                best = pair.key.mark?.line ?? best
                node = pair.value
            } else {
                break
            }
            best = node?.mark?.line ?? best
        }
        return best
    }
}

/// `submitted_by: town` or `submitted_by: [jxj, fgj]`.
struct OneOrMany: Decodable {
    var values: [String]
    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) { values = [s] } else { values = try c.decode([String].self) }
    }
}

struct RawPipeline: Decodable {
    var id: String
    var title: String
    var region: Region
    var plan: Plan
    var deadline_day: Int?
    var timezone: String?
    var thresholds: Thresholds?
    var outlier_factor: Double?
    var limits: RawLimits?
    var detail: String?
    var notice: RawNotice?
    var report: RawReport?
    var sets: [String: RawRowSet]?
    var units: [Unit]
    var templates: [String: RawTemplate]
    var indicators: [RawIndicator]
}

/// `report: {ranked, race, office, contact}`: the reports' words for the ranked units and the sending office.
struct RawReport: Decodable {
    var ranked: String?
    var race: String?
    var office: String?
    var contact: String?
}

/// `limits: {file_mb, field_kb, columns, rows}`; any omitted cap keeps its default.
struct RawLimits: Decodable {
    var file_mb: Int?
    var field_kb: Int?
    var columns: Int?
    var rows: Int?

    func resolved(source: String, line: Int?) throws -> CSVLimits {
        var l = CSVLimits()
        for (name, value, range) in [("file_mb", file_mb, 1...65_536), ("field_kb", field_kb, 1...1_048_576),
                                     ("columns", columns, 1...100_000), ("rows", rows, 1...100_000_000)] {
            if let v = value, !range.contains(v) {
                throw PipelineError(file: source, line: line,
                                    message: "limits.\(name) 应在 \(range.lowerBound) 到 \(range.upperBound) 之间，现为 \(v)")
            }
        }
        if let v = file_mb { l.maxFileBytes = v << 20 }
        if let v = field_kb { l.maxFieldBytes = v << 10 }
        if let v = columns { l.maxColumns = v }
        if let v = rows { l.maxRecords = v }
        return l
    }
}

/// `notice: {quarterly: true}`.
struct RawNotice: Decodable {
    var quarterly: Bool?
}

/// `sets: {counted_projects: {of: projects, where: {项目状态: [在建, 竣工]}, within_plan: 开工日期}}`.
struct RawRowSet: Decodable {
    var of: String
    var `where`: [String: OneOrMany]?
    var within_plan: OneOrMany?

    func resolved(name: String) -> RowSet {
        RowSet(name: name, template: of,
               filter: (self.where ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value.values.map(Normalise.text)) },
               withinPlan: within_plan?.values ?? [])
    }
}

struct RawTemplate: Decodable {
    var title: String
    var submitted_by: OneOrMany
    var mode: Template.Mode?
    var key: [String]?
    var unit_column: String?
    var month_column: String?
    var alternate_key: [String]?
    var columns: [Column]?
    var rollup: Bool?
}

/// `targets:` is either targets by year or `sum_of_units` (a rollup adds what the lower levels report).
enum RawTargets: Decodable {
    case years([String: Double])
    case sumOfUnits

    var years: [String: Double]? {
        if case .years(let y) = self { return y }
        return nil
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let word = try? c.decode(String.self) {
            guard word == "sum_of_units" else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "targets 须是按年份的目标，或 sum_of_units（下级上报目标之和）")
            }
            self = .sumOfUnits
        } else {
            self = .years(try c.decode([String: Double].self))
        }
    }
}

struct RawIndicator: Decodable {
    var code: String
    var name: String
    var unit: String
    var measure: RawMeasure
    var accumulate: Indicator.Accumulate?
    var targets: RawTargets?
    var decompose: String?
    var lead: String?
    var race: Double?
    var note: String?
    var baseline: Double?
    var base_value: Double?
    var hidden: Bool?
}

struct RawMeasure: Decodable {
    var count: String?
    var sum: String?
    var ratio: [String]?
    var growth: String?
    var decline: String?
    var level: String?
    var column: String?
    var `where`: [String: OneOrMany]?
    var date: String?
    var cumulative: [String: String]?
    var year_to_date: Bool?
    var window: Measure.Window?
    var previous: String?
    var against: String?
    var per: String?
    var rollup: String?
    var kind: String?
    var codes: [String: String]?
    var from: String?

    func resolve(source: String, line: Int?) throws -> Measure {
        if let code = rollup {
            let others: [Any?] = [count, sum, ratio, growth, decline, level, column, self.where, date, cumulative, year_to_date,
                                  window, previous, against, per]
            guard others.allSatisfy({ $0 == nil }) else {
                throw PipelineError(file: source, line: line, message: "rollup 指标取自上报表，只能写 kind、codes 和 from，不能再写 count、sum、column 等口径")
            }
            guard let word = kind, let k = Measure.Kind(rawValue: word) else {
                throw PipelineError(file: source, line: line,
                                    message: "rollup 须用 kind 写明下级的指标类型：\(Measure.Kind.allCases.map(\.rawValue).joined(separator: "、"))（决定如何汇总）")
            }
            return Measure(.rollup(Rollup(kind: k, code: code, codes: codes ?? [:])), template: from ?? "")
        }
        let given: [(Measure.Kind, String?)] = [(.count, count), (.sum, sum), (.ratio, ratio.map { $0.joined(separator: "/") }),
                                                (.growth, growth), (.decline, decline), (.level, level)]
        let named = given.filter { $0.1 != nil }
        guard named.count == 1, let (kind, target) = named.first, let target else {
            throw PipelineError(file: source, line: line,
                                message: "measure 须且只须写明一种口径：count、sum、ratio、growth、decline 或 level（及其模板）")
        }
        // Each kind takes exactly what it reads; what it lacks is said here, once, so every later stage can run it.
        func need(_ value: String?, _ message: String) throws -> String {
            guard let value, !value.isEmpty else { throw PipelineError(file: source, line: line, message: message) }
            return value
        }
        let columnNeeded = "\(kind.rawValue) 须用 column 写明取数的列"
        let shape: Measure.Shape
        switch kind {
        case .count:
            shape = .count
        case .sum:
            if let plan = cumulative?["plan"], let year = cumulative?["year"] {
                shape = .sum(.cumulative(plan: plan, year: year))
            } else {
                let c = try need(column, "sum 须用 column 写明求和的列，或用 cumulative: {plan: …, year: …} 同时写明规划期累计列和本年累计列")
                shape = .sum(year_to_date ?? false ? .yearToDate(c) : .column(c))
            }
        case .ratio:
            guard let r = ratio, r.count == 2 else {
                throw PipelineError(file: source, line: line, message: "ratio 须写成 [分子指标代码, 分母指标代码]")
            }
            shape = .ratio(numerator: r[0], denominator: r[1], window: window ?? .plan)
        case .growth:
            let c = try need(column, columnNeeded)
            shape = .growth(column: c, against: previous.map { .previousColumn($0) } ?? (against == "base" ? .baseYear : .yearAgo))
        case .decline:
            let c = try need(column, columnNeeded)
            shape = .decline(column: c, per: try need(per, "decline 须用 per 写明强度的分母列（如 per: 规上工业增加值）"))
        case .level:
            shape = .level(column: try need(column, columnNeeded))
        }
        var m = Measure(shape, template: kind == .ratio ? "" : target)
        // Stored cells are normalised (full-width forms folded), so filter values are too: 首台（套） = 首台(套).
        m.filter = (self.where ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value.values.map(Normalise.text)) }
        m.date = date
        return m
    }
}

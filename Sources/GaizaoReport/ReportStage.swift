import Foundation
import GaizaoModel
import GaizaoStore

/// Paths of what a report run wrote.
public struct ReportOutputs: Sendable {
    public var directory: String
    public var workbook: String
    public var indicators: String
    public var issues: String
    public var notice: String
    /// `通报.docx`: the same notice for Word and WPS.
    public var noticeDocument: String
    /// `上报/<region code>-<period>.csv` and `.xlsx`: the figures for the level above.
    public var upward: [String] = []
    public var feedback: [String] = []
    /// `季度通报.txt`, at the end of a quarter when the pipeline asks for quarterly notices.
    public var quarterlyNotice: String?

    /// Every file written, relative to `directory`.
    public var files: [String] {
        ([workbook, indicators, issues, notice, noticeDocument] + [quarterlyNotice].compactMap { $0 } + upward + feedback).map { String($0.dropFirst(directory.count + 1)) }
    }
}

/// Stage 4: the leadership workbook, `indicators.json` and `issues.csv`, from the warehouse alone.
public struct ReportStage {
    public var pipeline: Pipeline
    public var period: Period
    /// Write the 项目清单 sheets (off with `--no-detail` or `detail: none` in the pipeline).
    public var includeDetail = true
    /// Called after each output is written to the staging folder; tests throw from it to simulate a full disk.
    public var afterWrite: ((String) throws -> Void)?

    public init(pipeline: Pipeline, period: Period) {
        self.pipeline = pipeline
        self.period = period
    }

    public func load(warehouse: Warehouse) throws -> ReportData {
        let figures = try warehouse.read(pipeline: pipeline.id) { try $0.figures(period: period) }
        var data = ReportData(pipeline: pipeline, period: period, figures: figures,
                              files: try warehouse.files(pipeline: pipeline.id, period: period),
                              issues: try warehouse.issues(pipeline: pipeline.id, period: period))
        data.lastMonth = try warehouse.read(pipeline: pipeline.id) { try $0.figures(period: period.previous) }
        for month in period.january.through(period) {
            let totals = month == period ? data.totals
                : try warehouse.read(pipeline: pipeline.id) { try $0.figures(period: month, totalsOnly: true) }
            if !totals.isEmpty { data.history.append((month, totals)) }
        }
        return data
    }

    /// The workbook's file name: `<title>（Y年m月）.xlsx`.
    public var workbookName: String { FileName.safe("\(pipeline.title)（\(period.chinese)）", extension: "xlsx") }

    /// Where this month's outputs go (feedback workbooks are listed once written).
    public func paths(outputs root: String) -> ReportOutputs {
        paths(in: ((root as NSString).appendingPathComponent(pipeline.id) as NSString).appendingPathComponent(period.description))
    }

    func paths(in dir: String) -> ReportOutputs {
        var out = ReportOutputs(directory: dir, workbook: (dir as NSString).appendingPathComponent(workbookName),
                                indicators: (dir as NSString).appendingPathComponent("indicators.json"),
                                issues: (dir as NSString).appendingPathComponent("issues.csv"),
                                notice: (dir as NSString).appendingPathComponent("通报.txt"),
                                noticeDocument: (dir as NSString).appendingPathComponent("通报.docx"))
        let quarterly = (dir as NSString).appendingPathComponent("季度通报.txt")
        if FileManager.default.fileExists(atPath: quarterly) { out.quarterlyNotice = quarterly }
        let upwardDir = (dir as NSString).appendingPathComponent("上报")
        out.upward = ((try? FileManager.default.contentsOfDirectory(atPath: upwardDir)) ?? [])
            .filter { ($0.hasSuffix(".csv") || $0.hasSuffix(".xlsx")) && !$0.hasPrefix(".") }.sorted()
            .map { (upwardDir as NSString).appendingPathComponent($0) }
        let feedbackDir = (dir as NSString).appendingPathComponent("回执")
        out.feedback = ((try? FileManager.default.contentsOfDirectory(atPath: feedbackDir)) ?? [])
            .filter { $0.hasSuffix(".xlsx") && !$0.hasPrefix(".") }.sorted()
            .map { (feedbackDir as NSString).appendingPathComponent($0) }
        return out
    }

    /// Writes the month's outputs into a staging folder next to the month folder, lets `finish` add to it (it gets the
    /// data the report was built from, so it need not read the warehouse again)
    /// (the manifest), then swaps it in: a run killed at any moment leaves the previous set or the new one.
    @discardableResult
    public func run(warehouse: Warehouse, outputs root: String,
                    finish: (ReportOutputs, ReportData) throws -> Void = { _, _ in }) throws -> ReportOutputs {
        let data = try load(warehouse: warehouse)
        let final = paths(outputs: root).directory
        let staging = OutputFolder.staging(for: final)
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        // A failed write (disk full) leaves the previous outputs as they were and no staging folder behind.
        do {
            return try build(data, staging: staging, final: final, root: root, warehouse: warehouse, finish: finish)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    func build(_ data: ReportData, staging: String, final: String, root: String, warehouse: Warehouse,
               finish: (ReportOutputs, ReportData) throws -> Void) throws -> ReportOutputs {
        var out = paths(in: staging)
        try warehouse.read(pipeline: pipeline.id) { store in
            let detail = includeDetail ? try store.detailRows(pipeline, period: period) : nil
            try LeadershipWorkbook(data: data, detail: detail).write(to: out.workbook)
        }
        try afterWrite?(out.workbook)
        try Data(indicatorsJSON(data).rendered().utf8).write(to: URL(fileURLWithPath: out.indicators))
        try Data(IssuesCSV.render(data).utf8).write(to: URL(fileURLWithPath: out.issues))
        let notice = Notice(data: data)
        try Data(notice.render().utf8).write(to: URL(fileURLWithPath: out.notice))
        try NoticeDocument(blocks: notice.blocks, date: Date(timeIntervalSince1970: TimeInterval(period.stableTimestamp)))
            .write(to: out.noticeDocument)
        if pipeline.quarterlyNotice, period.month % 3 == 0 {
            let path = (staging as NSString).appendingPathComponent("季度通报.txt")
            try Data(Notice(data: data, quarterly: true).render().utf8).write(to: URL(fileURLWithPath: path))
            out.quarterlyNotice = path
        }
        out.upward = try UpwardReport(data: data).write(into: (staging as NSString).appendingPathComponent("上报"))
        let feedbackDir = (staging as NSString).appendingPathComponent("回执")
        try FileManager.default.createDirectory(atPath: feedbackDir, withIntermediateDirectories: true)
        out.feedback = []
        for unit in feedbackUnits(data) {
            let fb = FeedbackWorkbook(data: data, unit: unit)
            let path = (feedbackDir as NSString).appendingPathComponent(fb.fileName)
            try fb.write(to: path)
            out.feedback.append(path)
        }
        try finish(out, data)
        try OutputFolder.swap(staging, into: final)
        return paths(outputs: root)
    }

    /// `gaizao export`: the 上报表 of a stored month, written into `directory` (nothing else is touched).
    public func exportUpward(warehouse: Warehouse, into directory: String) throws -> [String] {
        try UpwardReport(data: try load(warehouse: warehouse)).write(into: directory)
    }

    /// Units that sent files or were expected to: each gets a 回执.
    func feedbackUnits(_ data: ReportData) -> [Unit] {
        let senders = Set(data.files.compactMap(\.unit))
        let expected = Set(pipeline.templates.flatMap { pipeline.submitters(of: $0) }.map(\.code))
        return pipeline.units.filter { senders.contains($0.code) || expected.contains($0.code) }
    }

    /// SPEC §7 `indicators.json`.
    public func indicatorsJSON(_ data: ReportData) -> JSON {
        let sources = data.files.filter { $0.status == .loaded && $0.superseded_by == nil }
            .sorted { ($0.name, $0.sha256) < ($1.name, $1.sha256) }
            .map { JSON.object([("file", .string($0.name)), ("sha256", .string($0.sha256))]) }
        return .object([
            ("pipeline", .string(pipeline.id)), ("period", .string(period.description)),
            ("generated_from", .array(sources)), ("books", .object(Books(files: data.files).jsonFields)),
            ("indicators", .array(data.figures.map(\.json))),
        ])
    }
}

/// `issues.csv`: UTF-8 with BOM so Excel opens it; cells that Excel would run as formulas are prefixed with `'`.
public enum IssuesCSV {
    public static let header = "级别,代码,单位,文件,行,列,字段,原值,说明"

    static func render(_ data: ReportData) -> String {
        "\u{FEFF}" + header + "\r\n" + lines(data.issues, unitName: data.unitName).joined()
    }

    /// One CRLF-terminated line per issue, in the column order of `header`.
    public static func lines(_ issues: [Issue], unitName: (String?) -> String) -> [String] {
        issues.map { i in
            let cells = [i.severity.chinese, i.code.rawValue, unitName(i.unit), i.file, i.line.map(String.init) ?? "",
                         i.column.map { Issue.columnLetters($0) } ?? "", i.columnName ?? "", i.raw ?? "", i.message]
            return cells.map(field).joined(separator: ",") + "\r\n"
        }
    }

    /// `-12`, `-0.5`: digits with an optional sign and decimal part, which no spreadsheet reads as a formula.
    static func isPlainNumber(_ s: String) -> Bool {
        var digits = s.utf8.dropFirst(s.hasPrefix("-") ? 1 : 0)[...]
        guard let first = digits.first, (0x30...0x39).contains(first) else { return false }
        var dot = false
        while let c = digits.popFirst() {
            if c == 0x2E, !dot, let next = digits.first, (0x30...0x39).contains(next) { dot = true; continue }
            guard (0x30...0x39).contains(c) else { return false }
        }
        return true
    }

    static func field(_ s: String) -> String {
        var v = s
        // A leading = + - @ would make a spreadsheet run the cell as a formula; a negative number is only a number
        // (guarded, -11.8 became the text '-11.8 in every CSV and in the 上报表 the level above reads).
        if let f = v.first, "=+-@".contains(f), !isPlainNumber(v) { v = "'" + v }
        if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            v = "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }
}

/// A month's output folder replaced as a whole: the new set is built in `.<M>.staging`, the old folder is
/// moved to `.<M>.previous`, the new one renamed into place, the old one removed. `recover` puts things
/// right after a kill between the two renames.
public enum OutputFolder {
    static func staging(for dir: String) -> String { sibling(dir, "staging") }
    static func previous(for dir: String) -> String { sibling(dir, "previous") }

    static func sibling(_ dir: String, _ suffix: String) -> String {
        ((dir as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent(".\((dir as NSString).lastPathComponent).\(suffix)")
    }

    static func swap(_ staging: String, into dir: String) throws {
        let fm = FileManager.default
        let previous = previous(for: dir)
        try? fm.removeItem(atPath: previous)
        if fm.fileExists(atPath: dir) { try fm.moveItem(atPath: dir, toPath: previous) }
        try fm.moveItem(atPath: staging, toPath: dir)
        try? fm.removeItem(atPath: previous)
    }

    /// After a killed run: bring back the previous folder if the new one never arrived; drop a half-built staging folder.
    public static func recover(_ dir: String) {
        let fm = FileManager.default
        let previous = previous(for: dir)
        if !fm.fileExists(atPath: dir), fm.fileExists(atPath: previous) { try? fm.moveItem(atPath: previous, toPath: dir) }
        try? fm.removeItem(atPath: previous)
        try? fm.removeItem(atPath: staging(for: dir))
    }
}

/// Writes under a temporary name in the same folder and renames, so a killed run never leaves half a file.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        try write(to: path) { tmp in try data.write(to: URL(fileURLWithPath: tmp)) }
    }

    public static func write(to path: String, _ produce: (String) throws -> Void) throws {
        let dir = (path as NSString).deletingLastPathComponent
        let tmp = (dir as NSString).appendingPathComponent(".\((path as NSString).lastPathComponent).\(getpid()).tmp")
        do {
            try produce(tmp)
            if rename(tmp, path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        } catch {
            unlink(tmp)
            throw error
        }
    }
}

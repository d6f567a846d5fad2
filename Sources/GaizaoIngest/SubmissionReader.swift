import CSVStream
import Foundation
import GaizaoModel
import GaizaoStore
import XLSXWriter

/// What reading one file found: which template and unit, the row accounting and every issue.
public struct FileReport: Sendable {
    public var submission: Submission
    public var encoding: TextEncoding?
    public var template: Template?
    public var unit: GaizaoModel.Unit?
    public var headerLine = 0
    public var rowsRead = 0
    public var rowsAccepted = 0
    public var rowsRejected = 0
    public var rowsBlank = 0
    public var issues: IssueLog = []
    /// Who filled and checked the form, from its footer (`填报人：张三  联系电话：…  审核人：李四`).
    public var contact: String?
    /// A workbook's format (`xlsx`, `xls`), shown where a text file's encoding is.
    public var format: String?
    /// A structural error: nothing from the file is loaded.
    public var rejected = false

    /// Set when the file was recognised as a copy and not read.
    public var copyOf: FileStatus?
    public var status: FileStatus { copyOf ?? (rejected ? .rejected : .loaded) }

    /// What is stored: a structurally rejected file loads no rows, so every non-blank row counts as rejected.
    public var storedAccepted: Int { rejected ? 0 : rowsAccepted }
    public var storedRejected: Int { rejected ? rowsRead - rowsBlank : rowsRejected }
}

/// Reads one submission against a pipeline: encoding, header, template, unit, then row by row.
public struct SubmissionReader: Sendable {
    public var pipeline: Pipeline
    public var period: Period
    public var limits: CSVLimits
    /// How many leading records may be title rows above the header.
    static let headerSearchDepth = 10

    public init(pipeline: Pipeline, period: Period, limits: CSVLimits? = nil) {
        self.pipeline = pipeline
        self.period = period
        self.limits = limits ?? pipeline.limits
    }

    /// Parses the file; accepted rows go to `accept` as they are read, so memory stays flat.
    /// `prepare` is called once the header has identified the template, before the first row.
    public func read(_ submission: Submission, accept: (ParsedRow) throws -> Void,
                     prepare: (Template) throws -> Void = { _ in }) throws -> FileReport {
        var report = try readRows(submission, accept: accept, prepare: prepare)
        report.issues.close(file: submission.name, unit: report.unit?.code)
        return report
    }

    private func readRows(_ submission: Submission, accept: (ParsedRow) throws -> Void,
                          prepare: (Template) throws -> Void) throws -> FileReport {
        var report = FileReport(submission: submission)
        let file = submission.name
        func structural(_ code: IssueCode, _ message: String, line: Int? = nil, column: Int? = nil,
                        columnName: String? = nil, raw: String? = nil) {
            report.issues.append(Issue(.error, code, file: file, line: line, column: column, columnName: columnName,
                                       raw: raw, message: message, unit: report.unit?.code))
            report.rejected = true
        }
        if submission.size > limits.maxFileBytes {
            structural(.limitExceeded, "文件大小 \(submission.size) 字节，超过上限 \(limits.maxFileBytes) 字节，未读取")
            return report
        }
        if submission.size == 0 {
            structural(.emptyFile, "文件为空（0 字节），请重新导出后报送")
            return report
        }
        switch FileFormat.sniff(path: submission.path) {
        case .workbook:
            return try readWorkbook(submission, as: .workbook, report: report, accept: accept, prepare: prepare)
        case .compound(let encrypted):
            if encrypted {
                structural(.unreadableFile, "文件已加密，请取消密码后再报送")
                return report
            }
            return try readWorkbook(submission, as: .compound(encrypted: false), report: report, accept: accept, prepare: prepare)
        case .html:
            report.issues.append(Issue(.info, .fileFormat, file: file,
                                       message: "文件名为 .\((file as NSString).pathExtension)，内容实为网页表格（HTML，某些系统导出的“伪 .xls”），已按网页表格读取"))
            return try readWorkbook(submission, as: .html, report: report, accept: accept, prepare: prepare)
        case .markup:
            structural(.unreadableFile, "文件名是 Excel 工作簿，内容却是 XML 表格（Excel 2003 XML，某些系统导出的“伪 .xls”），不能按工作簿读取；请用 Excel 或 WPS 打开后另存为 .xlsx 再报送")
            return report
        case .text:
            let ext = (file as NSString).pathExtension.lowercased()
            if ["xls", "xlsx", "xlsm", "et"].contains(ext) {
                report.issues.append(Issue(.info, .fileFormat, file: file,
                                           message: "文件名为 .\(ext)，内容实为文本（CSV），已按 CSV 读取"))
            }
        }
        let reader = CSVReader(path: submission.path, limits: limits)
        let encoding: TextEncoding
        do {
            encoding = try reader.detectEncoding()
        } catch {
            if case .decoding(let f) = error {
                structural(.encodingError, String(format: "文件编码无法识别：第 %d 字节（0x%02X）既不是 UTF-8 也不是 GB18030，请另存为“CSV UTF-8”后重新报送", f.offset + 1, f.byte))
            } else {
                structural(.unreadableFile, "无法读取文件：\(error)")
            }
            return report
        }
        report.encoding = encoding

        var state = RowState(reader: self, file: file)
        do {
            try reader.forEach(encoding: encoding) { record in
                try state.consume(record, report: &report, accept: accept, prepare: prepare)
                return !report.rejected
            }
        } catch let error as CSVError {
            switch error {
            case .limitExceeded(let what, let limit, let record):
                let noun = ["field": "单个字段长度（字节）", "columns": "列数", "records": "行数", "file": "文件大小（字节）"][what] ?? what
                structural(.limitExceeded, "\(noun)超过上限 \(limit)，文件未载入", line: record)
            case .decoding(let f):
                structural(.encodingError, String(format: "第 %d 字节（0x%02X）无法按 GB18030 解码", f.offset + 1, f.byte))
            case .unreadable(_, let reason):
                structural(.unreadableFile, "无法读取文件：\(reason)")
            case .parser(let m):
                structural(.fieldCount, "CSV 格式错误：\(m)")
            }
            return report
        }
        state.finish(report: &report)
        return report
    }
}

/// Column binding found from the header row.
/// A class: every row reads it, and a struct of arrays and strings was copied (retained field by field) per row.
final class HeaderBinding {
    let template: Template
    /// For each template column: the file's column index (0-based), or nil if absent.
    let sourceIndex: [Int?]
    let fieldCount: Int
    let keyIndexes: [Int]
    /// The columns compiled for the hot path, each with the multiplier from the header's unit to the template's.
    let rules: [CellRule]
    /// Columns required only when another holds some values: (the column, the one it depends on, those values).
    let conditional: [(column: Int, on: Int, values: [String])]

    init(template: Template, sourceIndex: [Int?], fieldCount: Int, keyIndexes: [Int], rules: [CellRule],
         conditional: [(column: Int, on: Int, values: [String])] = []) {
        self.template = template
        self.sourceIndex = sourceIndex
        self.fieldCount = fieldCount
        self.keyIndexes = keyIndexes
        self.rules = rules
        self.conditional = conditional
    }
}

/// The streaming state while reading records of one file.
struct RowState {
    let reader: SubmissionReader
    let file: String
    var header: HeaderBinding?
    var nonBlankSeen = 0
    var buffered: [CSVRecord] = []
    var seenKeys = KeyLines()
    /// The 上报表 checks, for an upward template (set when the header is adopted).
    var upward: UpwardReportCheck?
    /// Reused for every row, so a row's cells cost no allocation once the buffer has grown.
    var cells = RowCells()
    /// Unit-column texts already resolved (a ledger repeats its town's name on every row).
    var namedUnits: [String: Unit?] = [:]
    /// The file's column of the template's unit column (nil inside: the file has none); nil until the first row.
    var unitColumnSource: Int??
    /// The last unit-column cell that named no other unit.
    var lastAgreeingUnit: [UInt8] = []
    /// A record that looked like an incomplete header: the row above a second header row, perhaps.
    var pendingHeader: CSVRecord?
    /// Once a footer line is seen, what follows is not data either.
    var footerSeen = false

    init(reader: SubmissionReader, file: String) {
        self.reader = reader
        self.file = file
    }

    /// Takes `record` as the header: binds it (with what the rows above it say), reports the rows above as titles,
    /// and prepares the template's table.
    mutating func adopt(_ record: CSVRecord, titles: ArraySlice<CSVRecord>, report: inout FileReport,
                        prepare: (Template) throws -> Void) throws {
        let above = titles.filter { !$0.isBlank }
        let facts = TitleFacts(above, pipeline: reader.pipeline)
        facts.check(file: file, period: reader.period, report: &report)
        guard let b = bind(record, moneyUnit: facts.moneyUnit, report: &report) else { return }
        header = b
        report.headerLine = record.number
        if let first = above.first {
            report.issues.append(Issue(.info, .blankRow, file: file, line: first.number,
                                       raw: first.fields.joined(separator: " "),
                                       message: "表头上方有 \(above.count) 行标题或说明，已跳过（表头在第\(record.number)行）",
                                       unit: report.unit?.code))
        }
        buffered = []
        if !report.rejected { try prepare(b.template) }
    }

    /// Two header rows as one: each column named by its lower cell, or by the upper one where the lower is empty
    /// (a cell merged down over both rows keeps its text in the upper one).
    static func mergeHeader(_ upper: CSVRecord, _ lower: CSVRecord) -> CSVRecord {
        let n = max(upper.count, lower.count)
        let fields = (0..<n).map { i -> String in
            let below = i < lower.count ? lower[i] : ""
            return Normalise.text(below).isEmpty ? (i < upper.count ? upper[i] : "") : below
        }
        return CSVRecord(number: lower.number, fields: fields)
    }

    /// The footer of a form: who filled it in and checked it, or notes below the table.
    /// Compared as bytes, as every data row is asked: the first non-blank field is a prefix, then nothing, `:` or `：`.
    static func isFooter(_ record: CSVRecord) -> Bool {
        for i in 0..<record.count {
            let field = record.bytes(i).drop { $0 == 0x20 || $0 == 0x09 }
            if field.isEmpty { continue }
            guard field.first.map({ footerLeads.contains($0) }) == true else { return false }
            for prefix in footerPrefixBytes where field.starts(with: prefix) {
                let rest = field.dropFirst(prefix.count).drop { $0 == 0x20 }
                if rest.isEmpty || rest.first == 0x3A || rest.starts(with: [0xEF, 0xBC, 0x9A]) { return true }
            }
            return false
        }
        return false
    }
    static let footerPrefixBytes = footerPrefixes.map { Array($0.utf8) }
    static let footerLeads = Set(footerPrefixBytes.compactMap(\.first))
    static let footerPrefixes = ["填报人", "填表人", "制表人", "联系人", "联系电话", "审核人", "审核", "负责人", "单位负责人",
                                 "统计负责人", "分管领导", "注", "说明", "备注", "填表说明"]

    /// After the last record: a file with no header, or a header and no data, is refused whole.
    mutating func finish(report: inout FileReport) {
        if header == nil, let upper = pendingHeader, !report.rejected {
            pendingHeader = nil
            try? adopt(upper, titles: buffered.prefix { $0.number < upper.number }, report: &report) { _ in }
        }
        if report.rejected { return }
        func empty(_ message: String, line: Int? = nil) {
            report.issues.append(Issue(.error, .emptyFile, file: file, line: line, message: message, unit: report.unit?.code))
            report.rejected = true
        }
        if header == nil {
            if nonBlankSeen == 0 { empty("文件没有任何内容（只有空行）") } else { identifyFromBuffered(report: &report) }
        } else if report.rowsRead == report.rowsBlank {
            empty("文件只有表头，没有数据行；如本月确无数据，请在报送说明中注明，不要上报空表", line: report.headerLine)
        }
    }

    mutating func consume(_ record: CSVRecord, report: inout FileReport, accept: (ParsedRow) throws -> Void,
                          prepare: (Template) throws -> Void) throws {
        guard let binding = header else {
            if report.unit == nil { report.unit = reader.unit(fromFileName: file) }
            if record.isBlank { buffered.append(record); return }
            nonBlankSeen += 1
            buffered.append(record)
            if let upper = pendingHeader {
                // The row above matched a template only in part: a header over two rows (a group cell such as
                // 投资情况 over 计划总投资 | 累计完成投资) is named by its lowest cells.
                pendingHeader = nil
                let merged = Self.mergeHeader(upper, record)
                let above = score(upper), below = score(record), both = score(merged)
                if let both, both.found > above?.found ?? 0, both.complete || !(below?.complete ?? false) {
                    try adopt(merged, titles: buffered.dropLast(2), report: &report, prepare: prepare)
                } else if let below, below.complete {
                    try adopt(record, titles: buffered.dropLast(), report: &report, prepare: prepare)
                } else {
                    // Not a second header row: the row above is the header, and this row its first data row.
                    try adopt(upper, titles: buffered.dropLast(2), report: &report, prepare: prepare)
                    if header != nil && !report.rejected { try consume(record, report: &report, accept: accept, prepare: prepare) }
                }
                return
            }
            if let found = score(record) {
                // Only a header with every template column is taken at once; one with fewer may be the upper half
                // of a two-row header, so the next row decides.
                if found.complete && found.found == found.columns {
                    try adopt(record, titles: buffered.dropLast(), report: &report, prepare: prepare)
                } else {
                    pendingHeader = record
                }
            } else if nonBlankSeen >= SubmissionReader.headerSearchDepth {
                identifyFromBuffered(report: &report)
            }
            return
        }
        if footerSeen || Self.isFooter(record) {
            footerSeen = true
            report.rowsRead += 1
            report.rowsBlank += 1
            let text = record.fields.map { Normalise.text($0) }.filter { !$0.isEmpty }.joined(separator: "  ")
            if !text.isEmpty {
                report.contact = [report.contact, text].compactMap { $0 }.joined(separator: "；")
                report.issues.append(Issue(.info, .blankRow, file: file, line: record.number, raw: text,
                                           message: "表尾签署或说明行（\(text.prefix(60))），不是数据，已跳过", unit: report.unit?.code))
            }
            return
        }
        report.rowsRead += 1
        if record.isBlank {
            report.rowsBlank += 1
            report.issues.append(Issue(.info, .blankRow, file: file, line: record.number,
                                       message: "空行，已跳过", unit: report.unit?.code))
            return
        }
        if report.rejected && report.unit == nil {
            // Already refused for want of a unit: count the rest without repeating the reason.
            report.rowsRejected += 1
            return
        }
        if report.unit == nil {
            guard let unit = reader.unit(fromRecord: record, binding: binding) else {
                report.rowsRejected += 1
                let unitIndex = binding.template.columns.firstIndex { $0.name == binding.template.unitColumn }
                    .flatMap { binding.sourceIndex[$0] }
                report.issues.append(Issue(.error, .unknownUnit, file: file, line: record.number,
                                           column: unitIndex.map { $0 + 1 }, columnName: binding.template.unitColumn,
                                           raw: unitIndex.flatMap { $0 < record.count ? record[$0] : nil },
                                           message: "无法确定报送单位：文件名中没有单位名称，“\(binding.template.unitColumn ?? "单位")”列也没有可识别的单位。请在文件名中写明单位，如“梧桐街道-\(binding.template.title).csv”",
                                           unit: nil))
                report.rejected = true
                return
            }
            report.unit = unit
        }
        if !binding.template.upward {
            checkUnitColumn(record, binding: binding, report: &report)
        } else {
            // A 上报表's 地区代码 decides its region: another one refuses the file (not a unit-conflict warning on top).
            if upward == nil { upward = UpwardReportCheck(binding: binding, file: file, pipeline: reader.pipeline) }
            var refuse = false
            report.issues += upward?.check(record, period: reader.period, unit: report.unit, refuse: &refuse) ?? []
            if refuse {
                report.rowsRejected += 1
                report.rejected = true
                return
            }
        }
        if var row = parse(record, binding: binding, report: &report) {
            row.unit = report.unit?.code ?? ""   // set just above: a row without a unit was refused
            report.rowsAccepted += 1
            try accept(row)
        } else {
            report.rowsRejected += 1
        }
    }

    /// A row whose unit column (所属镇街) names another known unit than the file's submitter is kept for the
    /// submitter, with a `unit-conflict` warning naming both.
    mutating func checkUnitColumn(_ record: CSVRecord, binding: HeaderBinding, report: inout FileReport) {
        // Where the unit column is, found once per file; a ledger repeats its own town on every row, so a cell equal
        // to the last one that named the submitter is passed without a String or a lookup.
        if unitColumnSource == nil {
            let ci = binding.template.columns.firstIndex { $0.name == binding.template.unitColumn }
            unitColumnSource = .some(ci.flatMap { binding.sourceIndex[$0] })
        }
        guard let submitter = report.unit, let col = binding.template.unitColumn, let found = unitColumnSource,
              let si = found, si < record.count else { return }
        let bytes = record.bytes(si)
        if bytes.isEmpty || bytes.elementsEqual(lastAgreeingUnit) { return }
        let raw = record[si]
        let named: Unit?
        if let hit = namedUnits[raw] { named = hit } else {
            named = reader.pipeline.unit(named: raw)
            namedUnits[raw] = .some(named)
        }
        guard let other = named, other.code != submitter.code else {
            lastAgreeingUnit = Array(bytes)
            return
        }
        guard report.issues.wants(.unitConflict, .warning) else { return }
        report.issues.append(Issue(.warning, .unitConflict, file: file, line: record.number, column: si + 1,
                                   columnName: col, raw: raw,
                                   message: "本行“\(col)”为\(other.name)，但文件由\(submitter.name)报送；本行计入\(submitter.name)。如属\(other.name)，请由\(other.name)报送或更正本列",
                                   unit: submitter.code))
    }

    /// Templates a header row could be, best first: by whether every required column is there, then by how many
    /// columns match, then by coverage.
    func rank(_ names: Set<String>) -> [(template: Template, complete: Bool, found: Int)] {
        reader.pipeline.templates.map { t -> (template: Template, complete: Bool, found: Int) in
            let found = t.columns.filter { names.contains(Normalise.header($0.name)) }.count
            let complete = t.columns.allSatisfy { !$0.required || names.contains(Normalise.header($0.name)) }
            return (t, complete, found)
        }.filter { $0.found >= 2 && ($0.complete || Double($0.found) >= Double($0.template.columns.count) * 0.5) }
            .sorted { a, b in
                if a.complete != b.complete { return a.complete }
                if a.found != b.found { return a.found > b.found }
                return a.found * b.template.columns.count > b.found * a.template.columns.count
            }
    }

    /// How well a record reads as a header: its best template's completeness, matched and total columns, or nil.
    func score(_ record: CSVRecord) -> (complete: Bool, found: Int, columns: Int)? {
        rank(Set(record.fields.map { Normalise.splitHeader(Normalise.header($0)).name })).first
            .map { ($0.complete, $0.found, $0.template.columns.count) }
    }

    /// Matches a header row to the best template, or nil if it does not look like a header. `moneyUnit` is the
    /// unit a line above the header gives (`单位：万元`) for columns whose header names none.
    mutating func bind(_ record: CSVRecord, moneyUnit: String? = nil, report: inout FileReport) -> HeaderBinding? {
        let cells = record.fields.map { Normalise.splitHeader(Normalise.header($0)) }
        let names = Set(cells.map(\.name))
        let scored = rank(names)
        guard let best = scored.first else { return nil }
        let template = best.template
        if scored.count > 1, scored[1].complete == best.complete, scored[1].found == best.found {
            let rivals = scored.prefix { $0.complete == best.complete && $0.found == best.found }
            let detail = rivals.map { r in
                let missing = r.template.columns.filter { !names.contains(Normalise.header($0.name)) }.map(\.header)
                return "“\(r.template.title)”" + (missing.isEmpty ? "" : "（缺少：\(missing.prefix(6).joined(separator: "、"))）")
            }.joined(separator: "；")
            report.issues.append(Issue(.error, .ambiguousTemplate, file: file, line: record.number,
                                       raw: record.fields.prefix(8).joined(separator: ","),
                                       message: "表头同样符合多个模板：\(detail)，无法判断是哪一张表；请使用 gaizao template 生成的空白模板",
                                       unit: report.unit?.code))
            report.rejected = true
            return nil
        }
        var sourceIndex = [Int?](repeating: nil, count: template.columns.count)
        var factor = [Double](repeating: 1, count: template.columns.count)
        for (i, cell) in cells.enumerated() {
            guard let ci = template.columns.firstIndex(where: { Normalise.header($0.name) == cell.name }) else {
                if !cell.name.isEmpty {
                    report.issues.append(Issue(.warning, .extraColumn, file: file, line: record.number, column: i + 1,
                                               columnName: record[i], raw: record[i],
                                               message: "“\(record[i])”不是“\(template.title)”模板的列，已忽略",
                                               unit: report.unit?.code))
                }
                continue
            }
            let column = template.columns[ci]
            if sourceIndex[ci] != nil {
                report.issues.append(Issue(.error, .duplicateColumn, file: file, line: record.number, column: i + 1,
                                           columnName: column.header, raw: record[i],
                                           message: "“\(column.header)”列出现了两次（第\(Issue.columnLetters((sourceIndex[ci] ?? 0) + 1))列和第\(Issue.columnLetters(i + 1))列），无法判断以哪一列为准",
                                           unit: report.unit?.code))
                report.rejected = true
                continue
            }
            sourceIndex[ci] = i
            // A column without its own unit takes the one the title line gives, where the two convert (万元 ↔ 元).
            let stated = cell.unit ?? moneyUnit.flatMap { u in column.unit.flatMap { Normalise.unitFactor(from: u, to: $0) } != nil ? u : nil }
            if let given = stated, let expected = column.unit, Normalise.header(given) != Normalise.header(expected) {
                if let f = Normalise.unitFactor(from: given, to: expected) {
                    factor[ci] = f
                    report.issues.append(Issue(.info, .unitMismatch, file: file, line: record.number, column: i + 1,
                                               columnName: column.header, raw: record[i],
                                               message: "\(cell.unit == nil ? "“\(column.header)”列按表头上方注明的“单位：\(given)”读取" : "表头单位为“\(given)”")，模板单位为“\(expected)”，已按 1\(given) = \(String(format: "%g", f))\(expected) 换算",
                                               unit: report.unit?.code))
                } else {
                    report.issues.append(Issue(.error, .unitMismatch, file: file, line: record.number, column: i + 1,
                                               columnName: column.header, raw: record[i],
                                               message: "表头单位“\(given)”无法换算为模板单位“\(expected)”，请按模板单位填报",
                                               unit: report.unit?.code))
                    report.rejected = true
                }
            }
        }
        for (ci, column) in template.columns.enumerated() where sourceIndex[ci] == nil && column.required {
            report.issues.append(Issue(.error, .missingColumn, file: file, line: record.number,
                                       columnName: column.header,
                                       message: "缺少必填列“\(column.header)”，整个文件未载入；请使用 gaizao template 生成的模板",
                                       unit: report.unit?.code))
            report.rejected = true
        }
        for (ci, column) in template.columns.enumerated() where sourceIndex[ci] == nil && !column.required {
            report.issues.append(Issue(.warning, .missingColumn, file: file, line: record.number,
                                       columnName: column.header, message: "缺少列“\(column.header)”，按空值处理",
                                       unit: report.unit?.code))
        }
        report.template = template
        let keyIndexes = template.key.compactMap { k in template.columns.firstIndex { $0.name == k } }
        let rules = template.columns.indices.map { CellRule(column: template.columns[$0], factor: factor[$0]) }
        let conditional = template.columns.enumerated().compactMap { ci, c -> (Int, Int, [String])? in
            guard let when = c.requiredWhen, let on = template.columns.firstIndex(where: { $0.name == when.column }) else { return nil }
            return (ci, on, when.values.map(Normalise.text))
        }
        return HeaderBinding(template: template, sourceIndex: sourceIndex, fieldCount: record.count,
                             keyIndexes: keyIndexes, rules: rules, conditional: conditional)
    }

    /// No header found: say which template came closest and what it lacks.
    func identifyFromBuffered(report: inout FileReport) {
        guard !report.rejected else { return }
        let first = buffered.first { !$0.isBlank }
        let cells = Set(first?.fields.map { Normalise.splitHeader(Normalise.header($0)).name } ?? [])
        let ranked = reader.pipeline.templates.map { t -> (Template, [String]) in
            (t, t.columns.filter { !cells.contains(Normalise.header($0.name)) }.map(\.header))
        }.sorted { $0.1.count < $1.1.count }
        var message = "无法识别模板：前\(min(buffered.count, SubmissionReader.headerSearchDepth))行中没有与任何模板相符的表头。"
        if let closest = ranked.first {
            message += "最接近的是“\(closest.0.title)”，缺少列：\(closest.1.prefix(8).joined(separator: "、"))"
        }
        report.issues.append(Issue(.error, .unknownTemplate, file: file, line: first?.number,
                                   raw: first.map { $0.fields.prefix(6).joined(separator: ",") },
                                   message: message, unit: report.unit?.code))
        report.rejected = true
    }

    /// Normalises and checks one data row; nil when an error rejects it (issues appended).
    mutating func parse(_ record: CSVRecord, binding: HeaderBinding, report: inout FileReport) -> ParsedRow? {
        let line = record.number
        let unitCode = report.unit?.code
        if record.count != binding.fieldCount {
            // Excel drops trailing empty cells: fewer fields are fine only if the missing ones are beyond every used column.
            let lastUsed = binding.sourceIndex.compactMap { $0 }.max() ?? 0
            if record.count > binding.fieldCount || record.count <= lastUsed {
                report.issues.append(Issue(.error, .fieldCount, file: file, line: line,
                                           raw: record.fields.prefix(4).joined(separator: ","),
                                           message: "本行有 \(record.count) 列，表头有 \(binding.fieldCount) 列（可能是内容中含有未加引号的逗号或换行），本行未载入",
                                           unit: unitCode))
                return nil
            }
        }
        // Every total-row label contains 计 (E8 AE A1); only then is the first cell worth a String.
        if record.count > 0, Self.mayBeTotalLabel(record.bytes(0)), let first = Optional(Normalise.text(record[0])),
           ["合计", "总计", "小计", "合 计"].contains(first) || first.hasPrefix("合计") {
            report.issues.append(Issue(.warning, .constraintError, file: file, line: line, column: 1, raw: first,
                                       message: "第\(line)行是合计行，不是项目数据，已跳过（合计由系统计算）",
                                       unit: unitCode))
            return nil
        }
        cells.reset(count: binding.rules.count)
        var ok = true
        // Rules are used in place: a copy of each (its Column's strings and lists) was a tenth of all retains.
        for ci in binding.rules.indices {
            guard let si = binding.sourceIndex[ci], si < record.count else {
                if binding.rules[ci].column.required { ok = false }
                continue
            }
            if binding.rules[ci].fast(record.bytes(si), into: &cells, at: ci) { continue }
            let rule = binding.rules[ci], column = rule.column
            let raw = record[si]
            switch Self.convert(raw, column: column, factor: rule.factor) {
            case .success(let v):
                cells.set(ci, v)
                if case .text(let t) = v, xmlSafe(t) != t {
                    report.issues.append(Issue(.warning, .constraintError, file: file, line: line, column: si + 1,
                                               columnName: column.header, raw: t,
                                               message: "第\(line)行“\(column.header)”含有表格文件不允许的控制字符（如 U+FFFF），工作簿中显示为 �；请核对后重新导出",
                                               unit: unitCode))
                }
                if case .null = v, column.required {
                    ok = false
                    report.issues.append(Issue(.error, .missingValue, file: file, line: line, column: si + 1,
                                               columnName: column.header, raw: raw,
                                               message: "第\(line)行“\(column.header)”为必填项，不能为空", unit: unitCode))
                }
            case .failure(let problem):
                ok = false
                report.issues.append(Issue(.error, problem.code, file: file, line: line, column: si + 1,
                                           columnName: column.header, raw: raw,
                                           message: "第\(line)行“\(column.header)”为“\(raw)”，\(problem.message)",
                                           unit: unitCode))
            }
        }
        for (ci, on, values) in binding.conditional {
            guard case .null = cells[ci], let v = cells[on].text, values.contains(v) else { continue }
            ok = false
            let column = binding.template.columns[ci]
            report.issues.append(Issue(.error, .missingValue, file: file, line: line, column: binding.sourceIndex[ci].map { $0 + 1 },
                                       columnName: column.header,
                                       message: "第\(line)行“\(binding.template.columns[on].name)”为“\(v)”，“\(column.header)”必须填写，本行未载入",
                                       unit: unitCode))
        }
        guard ok else { return nil }
        func part(_ i: Int) -> String { cells[i].text ?? cells[i].number.map { "\($0)" } ?? "" }
        let key = binding.keyIndexes.count == 1 ? part(binding.keyIndexes[0])
            : binding.keyIndexes.map(part).joined(separator: "\u{1F}")
        if !binding.keyIndexes.isEmpty {
            if let earlier = seenKeys.firstLine(of: key, else: line) {
                report.issues.append(Issue(.error, .duplicateKey, file: file, line: line,
                                           column: binding.sourceIndex[binding.keyIndexes[0]].map { $0 + 1 },
                                           columnName: binding.template.key.joined(separator: "+"),
                                           raw: key.replacingOccurrences(of: "\u{1F}", with: "+"),
                                           message: "第\(line)行与第\(earlier)行的“\(binding.template.key.joined(separator: "+"))”重复（\(key.replacingOccurrences(of: "\u{1F}", with: "+"))），保留第\(earlier)行，本行未载入",
                                           unit: unitCode))
                return nil
            }
        }
        var month: Period?
        if let mc = binding.template.monthColumn, let mi = binding.template.columns.firstIndex(where: { $0.name == mc }),
           let text = cells[mi].text {
            month = Period(text)
            if let m = month, m > reader.period {
                report.issues.append(Issue(.error, .periodMismatch, file: file, line: line,
                                           column: binding.sourceIndex[mi].map { $0 + 1 }, columnName: mc, raw: text,
                                           message: "第\(line)行统计月份为 \(m)，晚于报送月份 \(reader.period)，本行未载入",
                                           unit: unitCode))
                return nil
            }
        }
        return ParsedRow(line: line, key: key, month: month, cells: cells)
    }

    static func mayBeTotalLabel(_ f: ArraySlice<UInt8>) -> Bool {
        var j = f.startIndex
        while j + 2 < f.endIndex {
            if f[j] == 0xE8 && f[j + 1] == 0xAE && f[j + 2] == 0xA1 { return true }
            j += 1
        }
        return false
    }

    struct Problem: Error {
        var code: IssueCode
        var message: String
    }

    /// One cell to its stored value, or the reason it cannot be.
    static func convert(_ raw: String, column: Column, factor: Double) -> Result<FieldValue, Problem> {
        switch column.type {
        case .string:
            let t = Normalise.text(raw)
            if t.isEmpty { return .success(.null) }
            if let p = column.pattern, t.range(of: "^(?:\(p))$", options: .regularExpression) == nil {
                return .failure(Problem(code: .constraintError, message: "格式不符合要求"))
            }
            return .success(.text(t))
        case .number, .integer, .percent:
            switch Normalise.number(raw, percent: column.isPercent) {
            case .empty: return .success(.null)
            case .invalid:
                return .failure(Problem(code: .typeError, message: column.isPercent ? "不是百分数（如 40.4 或 40.4%）"
                                        : raw.contains("%") || raw.contains("％") ? "不是数字：本列不是百分数列，请去掉“%”并按\(column.unit ?? "本列单位")填写" : "不是数字"))
            case .value(let v0):
                let v = v0 * factor
                if let refused = column.refusal(v) { return .failure(Problem(code: refused.code, message: refused.message)) }
                return .success(.number(v))
            }
        case .date:
            switch Normalise.date(raw) {
            case .empty: return .success(.null)
            case .invalid:
                return .failure(Problem(code: .typeError, message: "不是有效日期（应为 2023-06-01 这样的日期）"))
            case .value(let iso): return .success(.text(iso))
            }
        case .month:
            let t = Normalise.text(raw)
            if t.isEmpty { return .success(.null) }
            guard let p = Normalise.month(t) else {
                return .failure(Problem(code: .typeError, message: "不是有效月份（应为 2023-06 这样的年月）"))
            }
            return .success(.text(p.description))
        case .enum:
            let t = Normalise.text(raw)
            if t.isEmpty { return .success(.null) }
            let options = column.values ?? []
            if let v = options.first(where: { $0 == t }) ?? options.first(where: { Normalise.header($0) == Normalise.header(t) }) {
                return .success(.text(Normalise.text(v)))   // stored in the same folded form as filters
            }
            return .failure(Problem(code: .constraintError, message: "不在可选值（\(options.joined(separator: "、"))）之中"))
        case .uscc:
            let t = Normalise.text(raw)
            if t.isEmpty { return .success(.null) }
            switch Normalise.uscc(t) {
            case .valid(let s): return .success(.text(s))
            case .malformed:
                return .failure(Problem(code: .typeError, message: "不是18位统一社会信用代码（只能含数字和除I、O、S、V、Z外的大写字母）"))
            case .badChecksum(let expected):
                return .failure(Problem(code: .usccChecksum, message: "校验位不正确（按GB 32100-2015应为“\(expected)”），请核对代码"))
            }
        }
    }

}

extension SubmissionReader {
    /// The unit whose name, alias or code appears in the file name (longest match wins).
    func unit(fromFileName name: String) -> Unit? {
        let n = Normalise.header((name as NSString).deletingPathExtension)
        var best: (Unit, Int)?
        for u in pipeline.units {
            for label in [u.name, u.code] + u.aliases where !label.isEmpty {
                let l = Normalise.header(label)
                if n.contains(l), l.count > (best?.1 ?? 0) { best = (u, l.count) }
            }
        }
        return best?.0
    }

    /// The unit named in the template's unit column of a data row.
    func unit(fromRecord record: CSVRecord, binding: HeaderBinding) -> Unit? {
        guard let col = binding.template.unitColumn,
              let ci = binding.template.columns.firstIndex(where: { $0.name == col }),
              let si = binding.sourceIndex[ci], si < record.count else { return nil }
        return pipeline.unit(named: record[si])
    }
}

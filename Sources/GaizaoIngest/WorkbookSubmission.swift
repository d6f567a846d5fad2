import CSVStream
import Foundation
import GaizaoModel
import SheetStream

extension SubmissionReader {
    /// Reads a workbook — OOXML (`.xlsx`), BIFF8 (`.xls`, `.et`) or an HTML page of tables, as `FileFormat` found: the first
    /// visible sheet whose header matches a template is read row by row, exactly as a CSV file's records are;
    /// messages name the cell as Excel shows it (`项目清单!G12`).
    func readWorkbook(_ submission: Submission, as format: FileFormat, report initial: FileReport, accept: (ParsedRow) throws -> Void,
                      prepare: (Template) throws -> Void) throws -> FileReport {
        var report = initial
        let file = submission.name
        let book: WorkbookSource
        do {
            (book, report.format) = try Self.open(submission.path, as: format)
        } catch let e as SheetError {
            report.issues.append(Issue(.error, .unreadableFile, file: file, message: e.description))
            report.rejected = true
            return report
        }
        for sheet in book.sheets where sheet.hidden {
            report.issues.append(Issue(.info, .sheetIgnored, file: file,
                                       message: "工作表“\(sheet.name)”是隐藏工作表，未读取"))
        }
        // A submission that is one sheet of a workbook (`Submission.sheet(_:)`) reads that sheet only.
        let visible = book.sheets.filter { !$0.hidden && (submission.sheet == nil || $0.name == submission.sheet) }
        guard !visible.isEmpty else {
            report.issues.append(Issue(.error, .emptyFile, file: file, message: "工作簿中没有可见的工作表"))
            report.rejected = true
            return report
        }
        var firstAttempt: FileReport?
        for (index, sheet) in visible.enumerated() {
            var attempt = report
            let start = attempt.issues.count
            var state = RowState(reader: self, file: file)
            do {
                try readSheet(sheet, of: book, state: &state, report: &attempt, accept: accept, prepare: prepare)
            } catch let e as SheetError {
                attempt.issues.append(Issue(.error, .unreadableFile, file: file, message: e.description, unit: attempt.unit?.code))
                attempt.rejected = true
            }
            state.finish(report: &attempt)
            if state.header != nil {
                for range in book.merges
                    where range.rows.lowerBound > attempt.headerLine && (range.rows.count > 1 || range.columns.count > 1) {
                    attempt.issues.append(Issue(.warning, .cellError, file: file, line: range.rows.lowerBound,
                                                column: range.columns.lowerBound + 1, raw: range.text,
                                                message: "数据区有合并单元格 \(range.text)：值只属于左上角的单元格，其余单元格按空值处理；请取消合并，逐行填写",
                                                unit: attempt.unit?.code))
                }
            }
            Self.place(&attempt.issues, from: start, sheet: sheet.name)
            if state.header != nil {
                for other in visible[(index + 1)...] where submission.sheet == nil {
                    attempt.issues.append(Issue(.info, .sheetIgnored, file: file,
                                                message: "已读取工作表“\(sheet.name)”；工作表“\(other.name)”未读取（每个文件只读取一张表，其他表请另存为单独的文件报送）",
                                                unit: attempt.unit?.code))
                }
                return attempt
            }
            if firstAttempt == nil { firstAttempt = attempt }
        }
        return firstAttempt ?? report
    }

    /// The visible sheets of a workbook whose header names a template, in tab order; empty for a CSV file or a
    /// workbook that cannot be opened (reading it says why). Reads each sheet only as far as its header.
    public func templateSheets(of submission: Submission) -> [String] {
        let format = FileFormat.sniff(path: submission.path)
        guard format == .workbook || format == .compound(encrypted: false),
              let (book, _) = try? Self.open(submission.path, as: format) else { return [] }
        // One visible sheet is read as the whole file: no need to read its header twice (for a large workbook that
        // would mean its shared strings twice).
        let visible = book.sheets.filter { !$0.hidden }
        guard visible.count > 1 else { return [] }
        struct Found: Error {}
        return visible.filter { sheet in
            var state = RowState(reader: self, file: submission.name)
            var report = FileReport(submission: submission)
            do {
                try book.rows(of: sheet) { row in
                    try state.consume(row.cells, report: &report, accept: { _ in }, prepare: { _ in throw Found() })
                    return state.header == nil && !report.rejected && row.number <= 4 * Self.headerSearchDepth
                }
            } catch is Found {
                return true
            } catch {
                return false
            }
            return state.header != nil
        }.map(\.name)
    }

    /// The reader for a workbook `FileFormat` found, and the format's name as 报送情况 shows it.
    static func open(_ path: String, as format: FileFormat) throws -> (WorkbookSource, String) {
        switch format {
        case .workbook: return (try XLSXReader(path: path), "xlsx")
        case .html: return (HTMLTableReader(path: path), "html")
        default: return (try XLSReader(path: path), "xls")
        }
    }

    /// Streams one sheet through the row state. Blank rows at the end of a sheet (formatted but never filled) are not
    /// rows; a data row with an error cell in a template column is rejected with `cell-error`.
    private func readSheet(_ sheet: SheetInfo, of book: WorkbookSource, state: inout RowState, report: inout FileReport,
                           accept: (ParsedRow) throws -> Void, prepare: (Template) throws -> Void) throws {
        let file = report.submission.name
        var blanks: [CSVRecord] = []
        try book.rows(of: sheet) { sheetRow in
            var record = sheetRow.cells
            // Cells right of the table (a note typed beside it) are not part of the row: said once, then ignored.
            if let binding = state.header, record.count > binding.fieldCount {
                if let offset = (binding.fieldCount..<record.count).first(where: { !Normalise.text(record[$0]).isEmpty }) {
                    let text = record[offset]
                    report.issues.append(Issue(.warning, .extraColumn, file: file, line: record.number, column: offset + 1, raw: text,
                                               message: "第\(record.number)行表格右侧的\(Issue.columnLetters(offset + 1))列有内容“\(text.prefix(40))”，不在表头范围内，已忽略",
                                               unit: report.unit?.code))
                }
                record.truncate(to: binding.fieldCount)
            }
            // A sheet row ends at its last filled cell: empty cells after it are empty fields, not a ragged row.
            if let binding = state.header, !record.isBlank { record.pad(to: binding.fieldCount) }
            if state.header != nil && record.isBlank {
                blanks.append(record)
                return true
            }
            for b in blanks { try state.consume(b, report: &report, accept: accept, prepare: prepare) }
            blanks.removeAll()
            if let binding = state.header, let problem = sheetRow.problems.first(where: { p in
                guard let ci = binding.sourceIndex.firstIndex(of: p.column) else { return false }
                // A long number is a problem only where a code is expected; a number column judges its size itself.
                if case .numberTooLong = p.kind { return [.uscc, .string].contains(binding.template.columns[ci].type) }
                return true
            }) {
                report.rowsRead += 1
                report.rowsRejected += 1
                let header = binding.sourceIndex.firstIndex(of: problem.column).map { binding.template.columns[$0].header } ?? ""
                let message: String
                switch problem.kind {
                case .errorValue(let v):
                    message = "第\(record.number)行“\(header)”是错误值 \(v)（公式计算出错），本行未载入；请改正公式或填写数值"
                case .formulaWithoutValue:
                    message = "第\(record.number)行“\(header)”是公式，但文件中没有保存计算结果，本行未载入；请在 Excel 或 WPS 中打开、重新计算并保存后再报送"
                case .numberTooLong(let v):
                    message = "第\(record.number)行“\(header)”在工作簿中是数值 \(String(format: "%.15G", v))，不是文字：Excel 或 WPS 把超过15位的代码当作数字保存，后几位（及字母E）已经丢失，本行未载入；请把该列设为“文本”格式，重新填写代码后再报送"
                }
                report.issues.append(Issue(.error, .cellError, file: file, line: record.number, column: problem.column + 1,
                                           columnName: header, raw: problem.column < record.count ? record[problem.column] : nil,
                                           message: message, unit: report.unit?.code))
                return true
            }
            try state.consume(record, report: &report, accept: accept, prepare: prepare)
            return !report.rejected
        }
    }

    /// Adds the cell as Excel shows it to each message about a row: `（项目清单!G12）`.
    static func place(_ issues: inout IssueLog, from start: Int, sheet: String) {
        for i in issues.indices where i >= start {
            guard let line = issues[i].line else { continue }
            if let column = issues[i].column {
                issues[i].message += "（\(sheet)!\(Issue.columnLetters(column))\(line)）"
            } else {
                issues[i].message += "（工作表“\(sheet)”第\(line)行）"
            }
        }
    }
}

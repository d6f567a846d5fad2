import Foundation

/// Stable issue codes (SPEC §5). The raw value is what `issues.csv` and the workbook show.
public enum IssueCode: String, Codable, Sendable, CaseIterable {
    case encodingError = "encoding-error"
    case emptyFile = "empty-file"
    case unknownTemplate = "unknown-template"
    case ambiguousTemplate = "ambiguous-template"
    case unknownUnit = "unknown-unit"
    case missingColumn = "missing-column"
    case duplicateColumn = "duplicate-column"
    case extraColumn = "extra-column"
    case periodMismatch = "period-mismatch"
    case duplicateFile = "duplicate-file"
    case fieldCount = "field-count"
    case blankRow = "blank-row"
    case missingValue = "missing-value"
    case typeError = "type-error"
    case constraintError = "constraint-error"
    case usccChecksum = "uscc-checksum"
    case unitMismatch = "unit-mismatch"
    case duplicateKey = "duplicate-key"
    case duplicateKeyAcrossUnits = "duplicate-key-across-units"
    case cumulativeDecrease = "cumulative-decrease"
    case outlierJump = "outlier-jump"
    case missingSubmission = "missing-submission"
    case lateSubmission = "late-submission"
    case limitExceeded = "limit-exceeded"
    case unreadableFile = "unreadable-file"
    case unitConflict = "unit-conflict"
    case supersededFile = "superseded-file"
    /// A workbook cell holding an error value (#N/A, #DIV/0!) or a formula saved without its result.
    case cellError = "cell-error"
    /// A worksheet not read: hidden, or not a template's form.
    case sheetIgnored = "sheet-ignored"
    /// What a file turned out to be when its name said otherwise (a `.xls` that is CSV text).
    case fileFormat = "file-format"
    /// A 上报表 row whose rate its own components do not give.
    case componentMismatch = "component-mismatch"
    /// A gaizao-written 上报表 row changed after it was written (its 数据SHA256 no longer matches).
    case reportAltered = "report-altered"
}

extension IssueCode {
    /// The name a clerk reads in a 回执 or the 数据问题 sheet; the code itself stays beside it for the office.
    public var chinese: String {
        switch self {
        case .encodingError: return "文件编码无法识别"
        case .emptyFile: return "空文件"
        case .unknownTemplate: return "表头无法识别"
        case .ambiguousTemplate: return "表头对应多个模板"
        case .unknownUnit: return "报送单位无法识别"
        case .missingColumn: return "缺少必填列"
        case .duplicateColumn: return "列名重复"
        case .extraColumn: return "多余的列"
        case .periodMismatch: return "月份不符"
        case .duplicateFile: return "重复报送"
        case .fieldCount: return "列数不符"
        case .blankRow: return "空行"
        case .missingValue: return "必填项为空"
        case .typeError: return "格式错误"
        case .constraintError: return "数值超出范围"
        case .usccChecksum: return "信用代码校验错误"
        case .unitMismatch: return "计量单位不符"
        case .duplicateKey: return "记录重复"
        case .duplicateKeyAcrossUnits: return "与其他单位记录重复"
        case .cumulativeDecrease: return "累计数减少"
        case .outlierJump: return "数值异常波动"
        case .missingSubmission: return "未报送"
        case .lateSubmission: return "逾期报送"
        case .limitExceeded: return "超出读取上限"
        case .unreadableFile: return "文件无法读取"
        case .unitConflict: return "所属单位不一致"
        case .supersededFile: return "已被后报文件替代"
        case .cellError: return "单元格错误值"
        case .sheetIgnored: return "工作表未读取"
        case .fileFormat: return "文件格式说明"
        case .componentMismatch: return "分项与比率不符"
        case .reportAltered: return "上报数据被改动"
        }
    }
}

/// error rejects the row (or the whole file when structural); warning keeps it; info only records.
public enum Severity: String, Codable, Sendable, Comparable {
    case error, warning, info

    public var chinese: String {
        switch self {
        case .error: return "错误"
        case .warning: return "警告"
        case .info: return "提示"
        }
    }

    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One finding about a submission, precise enough for a town clerk to fix it.
public struct Issue: Codable, Sendable, Equatable {
    public var severity: Severity
    public var code: IssueCode
    /// File name as received (never a path outside the inputs folder).
    public var file: String
    /// 1-based row as Excel shows it (header is row 1 unless title rows precede it); nil for whole-file issues.
    public var line: Int?
    /// 1-based column; nil when the issue is not about one column.
    public var column: Int?
    public var columnName: String?
    public var raw: String?
    public var message: String
    public var unit: String?
    public var stage: String

    public init(_ severity: Severity, _ code: IssueCode, file: String, line: Int? = nil, column: Int? = nil,
                columnName: String? = nil, raw: String? = nil, message: String, unit: String? = nil,
                stage: String = "ingest") {
        self.severity = severity
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.raw = raw
        self.message = message
        self.unit = unit
        self.stage = stage
    }

    /// A file that cannot be opened at all (missing, no permission, not a regular file).
    package static func unreadable(file: String, reason: String = "无法读取文件（文件不存在、没有读取权限或不是普通文件）") -> Issue {
        Issue(.error, .unreadableFile, file: file, message: reason)
    }

    /// Excel-style column letters for a 1-based column.
    public static func columnLetters(_ n: Int) -> String {
        var n = n
        var s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    /// `第12行第H列` style position.
    public var position: String {
        var p = ""
        if let line { p += "第\(line)行" }
        if let column { p += "第\(Issue.columnLetters(column))列" }
        return p
    }
}

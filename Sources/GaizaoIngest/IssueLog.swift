import GaizaoModel

/// A file's issues, listing at most `perCode` row-level issues of each code: a million rows with the same warning
/// took minutes and half a gigabyte, and no clerk reads past the first thousand. The others are counted, and
/// `close` says them in one issue per code, so nothing is dropped unsaid (the row accounting is untouched).
public struct IssueLog: RandomAccessCollection, MutableCollection, ExpressibleByArrayLiteral, Sendable {
    public static let perCode = 1_000
    private var items: [Issue] = []
    private var listed: [IssueCode: Int] = [:]
    /// Row-level issues not listed, by code: how many and the gravest severity among them.
    private var unlisted: [IssueCode: (count: Int, severity: Severity)] = [:]

    public init(arrayLiteral elements: Issue...) { for e in elements { append(e) } }

    public var startIndex: Int { items.startIndex }
    public var endIndex: Int { items.endIndex }
    public subscript(i: Int) -> Issue {
        get { items[i] }
        set { items[i] = newValue }
    }

    /// True when a row-level issue of `code` will be listed; otherwise it is counted here and the caller need not
    /// word it (wording a message per row was most of the cost).
    public mutating func wants(_ code: IssueCode, _ severity: Severity) -> Bool {
        if listed[code, default: 0] < Self.perCode { return true }
        let u = unlisted[code] ?? (0, severity)
        unlisted[code] = (u.count + 1, u.severity == .error || severity == .error ? .error : u.severity == .warning ? .warning : severity)
        return false
    }

    public mutating func append(_ issue: Issue) {
        if issue.line != nil {
            guard wants(issue.code, issue.severity) else { return }
            listed[issue.code, default: 0] += 1
        }
        items.append(issue)
    }

    public mutating func append<S: Sequence>(contentsOf issues: S) where S.Element == Issue {
        for i in issues { append(i) }
    }

    public static func += <S: Sequence>(log: inout IssueLog, issues: S) where S.Element == Issue { log.append(contentsOf: issues) }

    /// One issue per code with rows not listed, saying how many (called once the file has been read).
    public mutating func close(file: String, unit: String?) {
        for (code, u) in unlisted.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            items.append(Issue(u.severity, code, file: file,
                               message: "另有 \(u.count) 行“\(code.chinese)”（\(code.rawValue)）未逐行列出（每类只列前 \(Self.perCode) 行）；行数已计入读入、载入和退回",
                               unit: unit))
        }
        unlisted = [:]
    }
}

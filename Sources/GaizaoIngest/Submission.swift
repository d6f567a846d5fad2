import CSVStream
import Foundation
import GaizaoModel
import GaizaoStore

/// One entry of a month folder: a file to read, or one that is not read, with the reason.
public enum DirectoryEntry: Sendable {
    case submission(path: String)
    case refused(name: String, reason: String)

    var name: String {
        switch self {
        case .submission(let path): return (path as NSString).lastPathComponent
        case .refused(let name, _): return name
        }
    }
}

/// A file received for a reporting month, before it is read.
public struct Submission: Sendable {
    public var path: String
    /// The file's own name, as shown in reports (never a path).
    public var name: String
    public var sha256: String
    public var size: Int
    /// Modification time, taken as the time the office received the file.
    public var receivedAt: Date
    /// The one worksheet read, when a workbook carries several templates on several sheets: each sheet is then a
    /// submission of its own (`乌镇镇-报表.xlsx［月报］`), so it is stored, superseded and receipted like a file.
    public var sheet: String?

    /// This workbook's sheet `name` as a submission of its own; its digest is the file's and the sheet name's, so a
    /// resent workbook is a copy sheet by sheet.
    public func sheet(_ name: String) -> Submission {
        var part = self
        part.sheet = name
        part.name = "\(self.name)［\(name)］"
        part.sha256 = FileDigest.sha256(of: Data((sha256 + "\u{0}" + name).utf8))
        return part
    }

    /// Hashes the file in chunks. Throws when it cannot be read. `receipts` (from the receipt log) override mtimes.
    public init(path: String, receipts: [String: Date] = [:]) throws {
        self.path = path
        self.name = Submission.safeName((path as NSString).lastPathComponent)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        receivedAt = receipts[name] ?? attributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0)
        sha256 = try FileDigest.sha256(ofFile: path)
    }

    /// A file that could not even be opened: named, but with no content to hash.
    static func unreadable(path: String) -> Submission {
        Submission(path: path, name: safeName((path as NSString).lastPathComponent), sha256: "", size: 0,
                   receivedAt: Date(timeIntervalSince1970: 0))
    }

    init(path: String, name: String, sha256: String, size: Int, receivedAt: Date) {
        self.path = path
        self.name = name
        self.sha256 = sha256
        self.size = size
        self.receivedAt = receivedAt
    }

    /// Strips any directory part and control characters so a name like `../../x.csv` or `..\\..\\x.csv` stays a plain name.
    public static func safeName(_ raw: String) -> String {
        // Windows senders use `\\` as a separator, so both count.
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? raw
        let cleaned = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? "_" : cleaned
    }

    /// The receipt log of a month folder: `_收件登记.csv` with 文件,接收时间 (when the office logs arrivals,
    /// e.g. from e-mail). It overrides file modification times, which a copy or a git checkout resets.
    public static let receiptLog = "_收件登记.csv"

    /// A file the office keeps beside the submissions (the receipt log, `_…`) or one macOS leaves (`._…`): not read.
    public static func isOfficeFile(_ name: String) -> Bool { name.hasPrefix("_") || name.hasPrefix("._") }

    /// Its times are the office's wall clock, in the pipeline's zone.
    public static func receipts(in directory: String, clock: LocalClock = .china) -> [String: Date] {
        let path = (directory as NSString).appendingPathComponent(receiptLog)
        guard refusal(path, folder: directory) == nil, let data = FileManager.default.contents(atPath: path) else { return [:] }
        var out: [String: Date] = [:]
        // Split on bytes: one pass, linear in the file (the log may list every file of a large office for years).
        let bytes = [UInt8](data)
        func trimmed(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
            var s = s
            while let f = s.first, f == 0x20 || f == 0x09 || f == 0x0D { s = s.dropFirst() }
            while let l = s.last, l == 0x20 || l == 0x09 || l == 0x0D { s = s.dropLast() }
            return s
        }
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true).dropFirst() {
            guard let comma = line.firstIndex(of: 0x2C) else { continue }
            if let d = clock.parse(bytes: trimmed(line[(comma + 1)...])) {
                out[String(decoding: trimmed(line[line.startIndex..<comma]), as: UTF8.self)] = d
            }
        }
        return out
    }

    /// The extensions a month folder's files are read by; what a file really is, is told by its bytes.
    static let readableExtensions: Set<String> = ["csv", "xlsx", "xlsm", "xls", "et"]

    /// Every entry of a month folder, sorted by name: a submission to read, or one refused with the reason. Names
    /// starting with `_` are the office's own and `._` files are macOS resource forks; nothing else is passed over
    /// in silence — not a name in GBK bytes, a folder, a FIFO, a device, a link out of the folder or a non-CSV file.
    public static func entries(in directory: String) -> [DirectoryEntry] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var out: [DirectoryEntry] = []
        while let entry = readdir(dir) {
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            guard let name = String(validating: bytes, as: UTF8.self) else {
                let shown = decodeName(bytes).map { safeName($0) } ?? bytes.map { String(format: "%%%02X", $0) }.joined()
                out.append(.refused(name: shown, reason: "文件名不是 UTF-8 编码（按 GB18030 解读为“\(shown)”），未读取；请把文件改名后重新放入本月文件夹"))
                continue
            }
            if Self.isOfficeFile(name) { continue }
            let path = (directory as NSString).appendingPathComponent(name)
            if let reason = refusal(path, folder: directory) {
                out.append(.refused(name: safeName(name), reason: reason))
            } else if name.hasPrefix("~$") {
                out.append(.refused(name: safeName(name), reason: "是 Excel 或 WPS 打开文件时留下的临时文件（~$ 开头），不是报送文件，未读取"))
            } else if !Self.readableExtensions.contains((name as NSString).pathExtension.lowercased()) {
                out.append(.refused(name: safeName(name), reason: "不是 CSV 或 Excel 文件（.csv、.xlsx、.xlsm、.xls、.et），未读取；请另存为 .xlsx 或 CSV 后报送"))
            } else {
                out.append(.submission(path: path))
            }
        }
        return out.sorted { $0.name < $1.name }
    }

    /// Why `path` is not read, or nil for a regular file (or a link to one inside `folder`, when a folder is given).
    /// Decided from lstat/stat before anything is opened, so a FIFO never blocks and a link out is never followed.
    public static func refusal(_ path: String, folder: String?) -> String? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return "无法读取文件信息（\(String(cString: strerror(errno)))）" }
        if st.st_mode & S_IFMT == S_IFLNK {
            guard let real = realpath(path, nil) else { return "是一个失效的链接，未读取" }
            let target = String(cString: real)
            free(real)
            if let folder {
                let home = realpath(folder, nil).map { p in defer { free(p) }; return String(cString: p) } ?? folder
                guard target.hasPrefix(home + "/") else {
                    return "是指向本月文件夹以外的链接，未读取（其内容不会被读取或显示）；请把文件本身放入本月文件夹"
                }
            }
            guard stat(target, &st) == 0 else { return "链接的目标无法读取（\(String(cString: strerror(errno)))）" }
        }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "是一个文件夹，未读取；请把其中的文件直接放入本月文件夹"
        case S_IFIFO: return "是命名管道（FIFO），不是普通文件，未读取"
        case S_IFCHR, S_IFBLK: return "是设备文件，不是普通文件，未读取"
        default: return "不是普通文件，未读取"
        }
    }
}

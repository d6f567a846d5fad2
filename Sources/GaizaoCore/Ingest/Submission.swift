import CSVStream
import Crypto
import Foundation

/// A file received for a reporting month, before it is read.
public struct Submission: Sendable {
    public var path: String
    /// The file's own name, as shown in reports (never a path).
    public var name: String
    public var sha256: String
    public var size: Int
    /// Modification time, taken as the time the office received the file.
    public var receivedAt: Date

    /// Hashes the file in chunks. Throws when it cannot be read.
    public init(path: String) throws {
        self.path = path
        self.name = Submission.safeName((path as NSString).lastPathComponent)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        receivedAt = attributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CSVError.unreadable(path: path, reason: "无法打开")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { break }
            hasher.update(data: chunk)
        }
        sha256 = hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Strips any directory part and control characters so a name like `../../x.csv` stays a plain name.
    public static func safeName(_ raw: String) -> String {
        let last = raw.split(separator: "/").last.map(String.init) ?? raw
        let cleaned = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\\" }.map(Character.init))
        return cleaned.isEmpty || cleaned == "." || cleaned == ".." ? "_" : cleaned
    }

    /// The receipt log of a month folder: `_收件登记.csv` with 文件,接收时间 (when the office logs arrivals,
    /// e.g. from e-mail). It overrides file modification times, which a copy or a git checkout resets.
    public static let receiptLog = "_收件登记.csv"

    public static func receipts(in directory: String) -> [String: Date] {
        let path = (directory as NSString).appendingPathComponent(receiptLog)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        let parser = DateFormatter()
        parser.locale = Locale(identifier: "en_US_POSIX")
        parser.timeZone = TimeZone(identifier: "Asia/Shanghai")
        var out: [String: Date] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let cells = line.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2 else { continue }
            for format in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"] {
                parser.dateFormat = format
                if let d = parser.date(from: cells[1]) { out[cells[0]] = d; break }
            }
        }
        return out
    }

    /// The CSV files of a month folder, sorted by name (files starting with `_` are the office's own).
    public static func list(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.lowercased().hasSuffix(".csv") && !$0.hasPrefix(".") && !$0.hasPrefix("_") }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }
}

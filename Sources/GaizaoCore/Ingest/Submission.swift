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

    /// The CSV files of a month folder, sorted by name.
    public static func list(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.lowercased().hasSuffix(".csv") && !$0.hasPrefix(".") }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }
}

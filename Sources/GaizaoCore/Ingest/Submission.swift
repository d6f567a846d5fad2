import CSVStream
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

    /// Hashes the file in chunks. Throws when it cannot be read. `receipts` (from the receipt log) override mtimes.
    public init(path: String, receipts: [String: Date] = [:]) throws {
        self.path = path
        self.name = Submission.safeName((path as NSString).lastPathComponent)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        receivedAt = receipts[name] ?? attributes[.modificationDate] as? Date ?? Date(timeIntervalSince1970: 0)
        sha256 = try Digest.sha256(ofFile: path)
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

    /// Its times are the office's wall clock, in the pipeline's zone.
    public static func receipts(in directory: String, clock: LocalClock = .china) -> [String: Date] {
        let path = (directory as NSString).appendingPathComponent(receiptLog)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var out: [String: Date] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let cells = line.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2 else { continue }
            if let d = clock.parse(cells[1]) { out[cells[0]] = d }
        }
        return out
    }

    /// The CSV files of a month folder, sorted by name. Files starting with `_` are the office's own and
    /// `._` files are macOS resource forks; any other name, however odd (`..\\x.csv`), is a submission.
    public static func list(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.lowercased().hasSuffix(".csv") && !$0.hasPrefix("._") && !$0.hasPrefix("_") }.sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }
}

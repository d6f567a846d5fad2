import Foundation
import Testing

/// The warehouse is the boundary between stages (SPEC §2), and the compiler alone cannot see SQL in a string: only
/// GaizaoStore may import GRDB, name its `Database` or `Row`, or carry a SQL statement.
@Suite struct ArchitectureTests {
    static func sources() throws -> [(path: String, text: String)] {
        let root = Paths.root + "/Sources"
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        return try files.sorted().map { ($0, try String(contentsOfFile: root + "/" + $0, encoding: .utf8)) }
    }

    @Test func onlyTheStoreSpeaksSQL() throws {
        let sql = try NSRegularExpression(pattern: #"\b(SELECT|INSERT INTO|DELETE FROM|CREATE (TABLE|INDEX)|ALTER TABLE|UPDATE \S+ SET|PRAGMA)\b"#)
        let grdb = try NSRegularExpression(pattern: #"^import GRDB|\bDatabase(Queue|Value)?\b|\bRow\.|\bStatementArguments\b"#,
                                           options: .anchorsMatchLines)
        var offenders: [String] = []
        let all = try Self.sources()
        #expect(all.count > 40)
        for (path, text) in all where !path.hasPrefix("GaizaoStore/") {
            let range = NSRange(text.startIndex..., in: text)
            for re in [sql, grdb] {
                for m in re.matches(in: text, range: range) {
                    let line = text[..<Range(m.range, in: text)!.lowerBound].filter { $0 == "\n" }.count + 1
                    offenders.append("\(path):\(line): \((text as NSString).substring(with: m.range))")
                }
            }
        }
        #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
        // The store does speak it (the check is looking in the right place).
        #expect(all.contains { $0.path.hasPrefix("GaizaoStore/") && $0.text.contains("SELECT") })
    }
}

import Foundation

/// The one place a name from a pipeline (a unit, a title) becomes a file name in the outputs: it can never name a
/// folder, climb out of one, hide itself, or be too long for the file system.
public enum FileName {
    /// Longest name kept before the extension, in UTF-8 bytes (file systems allow 255).
    package static let maxBytes = 200

    /// `raw` with path separators, control and reserved characters as `_`, no leading dot, at most `maxBytes`
    /// bytes, then `.ext`. Distinct names can meet here (`../经信局` and `.._经信局`); lint refuses units that do.
    public static func safe(_ raw: String, extension ext: String? = nil) -> String {
        var out = ""
        for ch in raw {
            let bad = ch.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || "/\\:*?\"<>|".unicodeScalars.contains($0) }
            let piece = bad ? "_" : String(ch)
            if out.utf8.count + piece.utf8.count > maxBytes { break }
            out += piece
        }
        while out.hasPrefix(".") { out = "_" + out.dropFirst() }
        out = out.trimmingCharacters(in: .whitespaces)
        if out.isEmpty { out = "_" }
        return ext.map { out + "." + $0 } ?? out
    }
}

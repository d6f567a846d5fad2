import CSVStream
import Crypto
import Foundation
import GaizaoModel
import GaizaoStore

/// SHA-256 in lowercase hex, as `files.sha256`, `indicators.json` and `manifest.json` record it.
package enum FileDigest {
    package static func hex<D: Crypto.Digest>(_ digest: D) -> String { digest.map { String(format: "%02x", $0) }.joined() }

    /// Hashes a file in 1 MiB chunks; throws when it cannot be opened or read.
    package static func sha256(ofFile path: String) throws -> String {
        let handle = FileHandle(fileDescriptor: try openRegularFile(path), closeOnDealloc: true)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hex(hasher.finalize())
    }

    package static func sha256(of data: Data) -> String { hex(SHA256.hash(data: data)) }
}

import Crypto
import Foundation
import GaizaoCompute
import GaizaoIngest
import GaizaoModel
import GaizaoPipeline
import GaizaoReport
import GaizaoStore
import GaizaoValidate

/// `manifest.json`: what a run read and wrote, with hashes, counts, timings and its exit status.
public struct Manifest: Sendable {
    public var pipeline: String
    public var period: Period
    /// Hash of everything the month's figures depend on: the pipeline and targets files and every stored file
    /// up to the month. Equal fingerprints mean an unchanged month.
    public var fingerprint: String
    public var inputs: [StoredFile]
    public var outputs: [(file: String, sha256: String)]
    public var issues: [(code: String, count: Int)]
    public var timings: [(stage: String, seconds: Double)]
    public var exitStatus: ExitStatus

    public static let fileName = "manifest.json"

    var json: JSON {
        return .object([
            ("pipeline", .string(pipeline)), ("period", .string(period.description)), ("fingerprint", .string(fingerprint)),
            ("inputs", .array(inputs.map { f in
                .object([("file", .string(f.name)), ("sha256", .string(f.sha256)), ("status", .string(f.status.rawValue)),
                         ("superseded", .bool(f.superseded_by != nil)), ("rows_read", .number(Double(f.rows_read))),
                         ("rows_accepted", .number(Double(f.acceptedNet))), ("rows_rejected", .number(Double(f.rejectedTotal))),
                         ("rows_blank", .number(Double(f.rows_blank)))])
            })),
            ("outputs", .array(outputs.map { .object([("file", .string($0.file)), ("sha256", .string($0.sha256))]) })),
            ("counts", .object([("files", .number(Double(inputs.count)))] + Books(files: inputs).jsonFields)),
            ("issues", .object(issues.map { ($0.code, .number(Double($0.count))) })),
            ("timings", .object(timings.map { ($0.stage, .number(($0.seconds * 1000).rounded() / 1000)) })),
            ("exit_status", .number(Double(exitStatus.rawValue))),
        ])
    }

    /// The fingerprint of a month as the warehouse and pipeline files stand now.
    static func fingerprint(_ store: StoreSession, pipeline: Pipeline, period: Period, detail: Bool = true) throws -> String {
        var hasher = SHA256()
        hasher.update(data: Data((detail ? "detail\n" : "no-detail\n").utf8))
        for path in [pipeline.source, (pipeline.source as NSString).deletingPathExtension + ".targets.csv"] {
            if let data = FileManager.default.contents(atPath: path) { hasher.update(data: data) }
        }
        for line in try store.fileFingerprintLines(through: period) { hasher.update(data: Data((line + "\n").utf8)) }
        return FileDigest.hex(hasher.finalize())
    }

    static func sha256(ofFile path: String) -> String? { try? FileDigest.sha256(ofFile: path) }

    /// The previous run's manifest of a month when its outputs are all still there, unchanged.
    static func intact(in directory: String) -> (fingerprint: String, exit: ExitStatus)? {
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let fingerprint = object["fingerprint"] as? String, let code = object["exit_status"] as? Int,
              let exit = ExitStatus(rawValue: Int32(code)), let outputs = object["outputs"] as? [[String: Any]] else { return nil }
        for o in outputs {
            guard let file = o["file"] as? String, let sha = o["sha256"] as? String,
                  sha256(ofFile: (directory as NSString).appendingPathComponent(file)) == sha else { return nil }
        }
        return (fingerprint, exit)
    }
}

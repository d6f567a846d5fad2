import CSVStream
@testable import GaizaoModel
@testable import GaizaoPipeline
@testable import GaizaoRun
import Foundation
import Testing

/// Where the package and its built CLI live, seen from the tests.
enum Paths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let fixtures = root + "/Tests/GaizaoCoreTests/Fixtures"
    static let tongxiang = root + "/pipelines/tongxiang.yaml"

    /// The CLI built next to this test bundle (so `--scratch-path` builds, e.g. the sanitizer ones, test their
    /// own binary); `swift build`, the first half of `make test`, leaves it there.
    static func cli() throws -> String {
        let beside = ((ProcessInfo.processInfo.arguments.first ?? "") as NSString).deletingLastPathComponent + "/gaizao"
        let binary = FileManager.default.isExecutableFile(atPath: beside) ? beside : root + "/.build/debug/gaizao"
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the CLI first: swift build")
        return binary
    }
}

/// A shipped pipeline's sample months run in order on one store in a temporary folder, once for the tests that
/// read its outputs; the folder goes with the value.
final class SampleRun: Sendable {
    let out: String
    let result: RunResult
    var workbook: String { result.outputs.workbook }

    /// `detailIn`: the one month that writes the detail sheet (nil: every month does).
    init(_ pipelinePath: String, months: [String], detailIn: String? = nil, inputs: String = Paths.root + "/inputs") {
        out = NSTemporaryDirectory() + "gaizao-sample-" + UUID().uuidString
        let pipeline = try! PipelineLoader.load(path: pipelinePath)
        var last: RunResult?
        for m in months {
            var context = RunContext(pipeline: pipeline, period: Period(m)!, inputsRoot: inputs, outputsRoot: out)
            context.includeDetail = detailIn.map { $0 == m } ?? true
            last = try! Run(context: context).execute()
        }
        result = last!
    }
    deinit { try? FileManager.default.removeItem(atPath: out) }
}

/// A temporary folder removed when the value goes away.
final class TempDir {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "gaizao-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
}

/// Runs a program and returns its exit status and standard output (standard error is discarded).
func runProcess(_ path: String, _ args: [String]) throws -> (Int32, String) {
    let r = try runProcessWithErrors(path, args)
    return (r.status, r.stdout)
}

/// Runs a program and returns its exit status, standard output and standard error.
/// With `timeout`, a child still running after that many seconds is killed (status 137), so a hang fails the test.
func runProcessWithErrors(_ path: String, _ args: [String], cwd: String? = nil,
                          timeout: Double? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    let out = TempFileSink(), err = TempFileSink()
    p.standardOutput = out.handle
    p.standardError = err.handle
    try p.run()
    if let timeout {
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(20_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
    }
    p.waitUntilExit()
    return (p.terminationStatus, out.text, err.text)
}

/// A temporary file to collect a child's output without pipe-buffer deadlocks.
final class TempFileSink {
    let path = NSTemporaryDirectory() + "gaizao-out-" + UUID().uuidString
    let handle: FileHandle
    init() {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        handle = FileHandle(forWritingAtPath: path)!
    }
    var text: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Our own CSV output read back through the same libcsv reader that ingest uses.
func csvRows(_ text: String) throws -> [[String]] {
    let reader = CSVReader(bytes: Array(text.utf8))
    var rows: [[String]] = []
    try reader.forEach(encoding: try reader.detectEncoding()) { rows.append($0.fields); return true }
    return rows
}

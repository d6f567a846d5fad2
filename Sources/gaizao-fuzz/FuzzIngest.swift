import Foundation
import GaizaoIngest
import GaizaoModel
import GaizaoPipeline

/// One input through the ingest path (decode → parse → normalise → row rules) as `gaizao check` reads a file,
/// with the books-balance invariant asserted so the fuzzer also finds miscounted rows, not only crashes.
enum FuzzIngest {
    static let pipeline: Pipeline = {
        let path = ProcessInfo.processInfo.environment["GAIZAO_FUZZ_PIPELINE"] ?? "pipelines/tongxiang.yaml"
        // A harness, not production code: without its pipeline there is nothing to fuzz, so stop at once.
        do { return try PipelineLoader.load(path: path) } catch { fatalError("gaizao-fuzz: \(error)") }
    }()
    /// A per-process scratch file, in memory where the machine has /dev/shm.
    static let scratch: String = {
        let dir = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return (dir as NSString).appendingPathComponent("梧桐街道-fuzz-\(getpid()).csv")
    }()

    static func run(_ bytes: [UInt8]) {
        _ = FileManager.default.createFile(atPath: scratch, contents: Data(bytes))
        let reports = FileCheck(pipeline: pipeline, period: Period(year: 2023, month: 6)).run(paths: [scratch])
        for r in reports where r.rowsRead != r.rowsAccepted + r.rowsRejected + r.rowsBlank {
            // Trapping is how libFuzzer is told: the input is saved as a crash and reproduces the miscount.
            fatalError("rows read \(r.rowsRead) ≠ accepted \(r.rowsAccepted) + rejected \(r.rowsRejected) + blank \(r.rowsBlank)")
        }
    }
}

#if FUZZING
/// libFuzzer's entry point (built by `make fuzz` with -sanitize=fuzzer); the C ABI hands us a raw buffer,
/// copied into an array at once.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzIngest.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// SwiftPM points `main` at `<module>_main`, so libFuzzer's own `main` is never linked: start its driver here.
@_cdecl("gaizao_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector, fuzzOneInput)
}
#else
/// Without libFuzzer: replays corpus files (`gaizao-fuzz FILE...`), e.g. a crash the fuzzer saved.
@main
struct FuzzReplay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            FuzzIngest.run(Array(FileManager.default.contents(atPath: path) ?? Data()))
        }
        print("replayed \(CommandLine.arguments.count - 1) inputs")
    }
}
#endif

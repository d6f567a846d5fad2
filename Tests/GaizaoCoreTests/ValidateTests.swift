import Foundation
@testable import GaizaoCompute
@testable import GaizaoIngest
@testable import GaizaoModel
@testable import GaizaoPipeline
@testable import GaizaoRun
@testable import GaizaoStore
@testable import GaizaoValidate
import Testing
import struct Testing.Issue

/// Cross-file rules on the shipped Tongxiang sample, whose planted mistakes are described in tools/gen_samples.py.
@Suite struct ValidateTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func run(_ months: [Int], _ out: TempDir) throws -> (Warehouse, Pipeline, [RunResult]) {
        let pipeline = try PipelineLoader.load(path: Self.root + "/pipelines/tongxiang.yaml")
        var results: [RunResult] = []
        for m in months {
            results.append(try Run(context: RunContext(pipeline: pipeline, period: Period(year: 2023, month: m),
                                                       inputsRoot: Self.root + "/inputs", outputsRoot: out.path)).execute())
        }
        let c = RunContext(pipeline: pipeline, period: Period(year: 2023, month: 6), outputsRoot: out.path)
        return (try Warehouse(path: c.storePath), pipeline, results)
    }

    @Test func sampleMistakesAreFoundAcrossFilesAndMonths() throws {
        let out = try TempDir()
        let (wh, _, results) = try run([3, 4, 5, 6], out)
        let june = try wh.issues(pipeline: "tongxiang", period: Period(year: 2023, month: 6))
        // 凤鸣街道 repeats 梧桐街道's TX01-004: 梧桐街道 sent first, so 凤鸣街道's row is rejected.
        let dup = june.filter { $0.code == .duplicateKeyAcrossUnits }
        #expect(dup.contains { $0.severity == .error && $0.unit == "330483002" && $0.raw == "TX01-004" })
        #expect(dup.contains { $0.severity == .warning && $0.unit == "330483001" })
        #expect(june.contains { $0.code == .cumulativeDecrease && $0.unit == "330483003" && $0.line == 4 })
        #expect(june.contains { $0.code == .lateSubmission && $0.unit == "330483103" })
        #expect(!june.contains { $0.code == .outlierJump })
        // 大麻镇 missed April: reported missing, and its March ledger is carried forward.
        let april = try wh.issues(pipeline: "tongxiang", period: Period(year: 2023, month: 4))
        #expect(april.contains { $0.code == .missingSubmission && $0.unit == "330483107" })
        #expect(results[1].missingUnits.map(\.name) == ["大麻镇"])
        let aprilFigures = results[1].figures.filter { $0.scope == "330483107" }
        #expect(!aprilFigures.isEmpty && aprilFigures.allSatisfy { $0.carriedForward })
        // Accounting still holds file by file after cross-file rejections.
        for f in try wh.files(pipeline: "tongxiang", period: Period(year: 2023, month: 6)) {
            #expect(f.rows_read == f.acceptedNet + f.rejectedTotal + f.rows_blank, "\(f.name)")
        }
    }

    @Test func revalidatingChangesNothing() throws {
        let out = try TempDir()
        let (wh, pipeline, _) = try run([5, 6], out)
        let june = Period(year: 2023, month: 6)
        let before = try wh.issues(pipeline: "tongxiang", period: june)
        let figures = try ComputeStage(pipeline: pipeline, period: june).run(warehouse: wh)
        try ValidateStage(pipeline: pipeline, period: june).run(warehouse: wh)
        #expect(try wh.issues(pipeline: "tongxiang", period: june) == before)
        let again = try ComputeStage(pipeline: pipeline, period: june).run(warehouse: wh)
        for (a, b) in zip(again, figures) where a != b { Issue.record("\(a) != \(b)") }
        #expect(again.count == figures.count)
    }
}

import Foundation
@testable import GaizaoModel
@testable import GaizaoPipeline
@testable import GaizaoRun
import Testing

/// Every shipped programme (pipelines/*.yaml with a list in Fixtures/programmes/<id>.codes): it lints clean,
/// its sample months run in order, and the last workbook's 总体进展 lists every expected indicator.
@Suite struct ProgrammeTests {
    static let programmes: [String] = {
        let dir = Paths.fixtures + "/programmes"
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasSuffix(".codes") }.map { String($0.dropLast(6)) }.sorted()
    }()

    @Test func everySeedHasAProgramme() {
        #expect(Set(Self.programmes).isSuperset(of: ["tongxiang"]))
    }

    @Test(arguments: programmes)
    func programmeRunsAndReportsEveryTarget(_ id: String) throws {
        let path = Paths.root + "/pipelines/\(id).yaml"
        let (lint, text) = try runProcess(try Paths.cli(), ["lint", path])
        #expect(lint == 0, "\(text)")
        let pipeline = try PipelineLoader.load(path: path)
        let months = try FileManager.default.contentsOfDirectory(atPath: Paths.root + "/inputs/\(id)")
            .compactMap(Period.init).sorted()
        #expect(months.count >= 6, "\(id) ships \(months.count) months")
        let out = try TempDir()
        var last: RunResult?
        for m in months {
            last = try Run(context: RunContext(pipeline: pipeline, period: m, inputsRoot: Paths.root + "/inputs",
                                               outputsRoot: out.path)).execute()
        }
        let result = try #require(last)
        #expect(result.exitStatus == .clean || result.exitStatus == .incomplete)
        let expected = try String(contentsOfFile: Paths.fixtures + "/programmes/\(id).codes", encoding: .utf8)
            .split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        let listed = Set(try XLSXReader(path: result.outputs.workbook).cells("总体进展")
            .filter { $0.key.hasPrefix("B") }.map(\.value.value))
        for code in expected {
            let name = try #require(pipeline.indicator(code: code)?.name, "\(id): no indicator \(code)")
            #expect(listed.contains(name), "\(id): \(code) \(name) missing from 总体进展")
        }
        #expect(result.figures.filter { $0.scope == "total" }.count >= expected.count)
    }
}

import Crypto
import Foundation
@testable import GaizaoModel
@testable import GaizaoReport
import Testing

/// 上报表 (issue 20, its first part): every run writes the jurisdiction's figures for the level above, with the
/// components of each rate, and `gaizao export` writes the same for any stored month.
@Suite struct UpwardReportTests {
    static var june: String { WorkbookReportTests.sample.out + "/tongxiang/2023-06" }

    static func table() throws -> [[String: String]] {
        let rows = try csvRows(String(contentsOfFile: june + "/上报/330483-2023-06.csv", encoding: .utf8))
        let header = try #require(rows.first)
        #expect(header == UpwardReport.headers)
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func everyIndicatorWithItsComponents() throws {
        let rows = try Self.table()
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.june + "/indicators.json"))) as! [String: Any]
        let totals = (json["indicators"] as! [[String: Any]]).filter { ($0["scope"] as? String) == "total" }
        #expect(rows.count == totals.count && rows.count > 20)
        var combined = 0
        for (row, f) in zip(rows, totals) {
            #expect(row["指标代码"] == f["code"] as? String && row["地区代码"] == "330483" && row["报告期"] == "2023-06")
            let value = try #require(Double(row["本月"] ?? ""), "\(row["指标代码"] ?? "")")
            #expect(abs(value - ((f["month_value"] as? Double) ?? .nan)) < 1e-9)
            let d = { (k: String) in Double(row[k] ?? "") }
            // Each rate is reproduced from its own components, as the level above will recompute it.
            switch row["类型"] {
            case "ratio":
                let n = try #require(d("分子")), q = try #require(d("分母"))
                #expect(abs(n / q * 100 - value) < 1e-9, "\(row["指标代码"] ?? "")")
                combined += 1
            case "growth":
                let a = try #require(d("本期")), b = try #require(d("上期"))
                #expect(abs((a / b - 1) * 100 - value) < 1e-9, "\(row["指标代码"] ?? "")")
                combined += 1
            case "decline":
                let e = try #require(d("分子")), v = try #require(d("分母")), eb = try #require(d("基期分子")), vb = try #require(d("基期分母"))
                #expect(abs((1 - (e / v) / (eb / vb)) * 100 - value) < 1e-9, "\(row["指标代码"] ?? "")")
                combined += 1
            default:
                #expect(row["分子"] == "" && row["本期"] == "", "\(row["指标代码"] ?? "")")
            }
        }
        #expect(combined >= 5)
        // Each row's 数据SHA256 is the digest of its own figure columns, so an edited figure no longer matches it
        // and the level above can name the indicator.
        let body = try csvRows(String(contentsOfFile: Self.june + "/上报/330483-2023-06.csv", encoding: .utf8)).dropFirst()
        for row in body {
            let digest = SHA256.hash(data: Data(row[4...18].joined(separator: "\t").utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(row[20] == digest, "\(row[4])")
        }
        #expect(Set(body.map { $0[20] }).count == body.count)
        #expect(Set(rows.map { $0["输入SHA256"]?.count ?? 0 }) == [64])
    }

    @Test func theWorkbookKeepsNumbersAsNumbers() throws {
        let x = try XLSXReader(path: Self.june + "/上报/330483-2023-06.xlsx")
        let cells = try x.cells("上报表")
        #expect(cells["A1"]?.value == "地区代码" && cells["A2"]?.value == "330483" && cells["A2"]?.type == "s")
        #expect(cells["I2"]?.type == "n" && cells["J2"]?.type == "n" && cells["E2"]?.value == "projects")
        let manifest = try String(contentsOfFile: Self.june + "/manifest.json", encoding: .utf8)
        #expect(manifest.contains("上报/330483-2023-06.csv") && manifest.contains("上报/330483-2023-06.xlsx"))
    }

    @Test func exportWritesTheSameForAStoredMonth() throws {
        let dir = try TempDir()
        let args = ["export", "--pipeline", Paths.tongxiang, "--period", "2023-06", "--outputs", WorkbookReportTests.sample.out,
                    "--inputs", Paths.root + "/inputs", "--out", dir.path]
        let (status, stdout, _) = try runProcessWithErrors(try Paths.cli(), args)
        #expect(status == 0 && stdout.contains("330483-2023-06.csv"))
        let exported = try Data(contentsOf: URL(fileURLWithPath: dir.file("330483-2023-06.csv")))
        #expect(exported == (try Data(contentsOf: URL(fileURLWithPath: Self.june + "/上报/330483-2023-06.csv"))))
        var missing = args
        missing[4] = "2021-06"
        let (refused, _, stderr) = try runProcessWithErrors(try Paths.cli(), missing)
        #expect(refused == 2 && stderr.contains("尚未计算"))
        let (noOut, _, _) = try runProcessWithErrors(try Paths.cli(), Array(args.dropLast(2)))
        #expect(noOut == 2)
        // Never into the inputs: the 上报表 would be read back as next month's submission.
        let inputs = try TempDir()
        try FileManager.default.createDirectory(atPath: inputs.file("tongxiang/2023-07"), withIntermediateDirectories: true)
        var intoInputs = args
        intoInputs[8] = inputs.path
        intoInputs[10] = inputs.file("tongxiang/2023-07")
        let (inside, _, message) = try runProcessWithErrors(try Paths.cli(), intoInputs)
        #expect(inside == 2 && message.contains("报送目录"), "\(message)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: inputs.file("tongxiang/2023-07")).isEmpty)
    }
}

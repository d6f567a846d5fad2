@testable import GaizaoModel
import Testing

@Suite struct NormaliseTests {
    @Test func headersMatchAcrossWidthsAndBrackets() {
        #expect(Normalise.header("累计完成投资(万元)") == Normalise.header("累计完成投资（万元）"))
        #expect(Normalise.header(" 累计完成投资 【万元】") == Normalise.header("累计完成投资（万元）"))
        #expect(Normalise.splitHeader(Normalise.header("计划总投资（亿元）")) == ("计划总投资", "亿元"))
    }

    @Test func numbers() {
        #expect(Normalise.number("1,234.5") == .value(1234.5))
        #expect(Normalise.number("１２３４") == .value(1234))
        // A percent column reads 35 and 35% alike; a % elsewhere is refused rather than guessed at.
        #expect(Normalise.number("35%", percent: true) == .value(35))
        #expect(Normalise.number("35", percent: true) == .value(35))
        #expect(Normalise.number("0.35", percent: true) == .value(0.35))
        #expect(Normalise.number("35%") == .invalid)
        #expect(Normalise.number("—") == .empty)
        #expect(Normalise.number("无") == .empty)
        #expect(Normalise.number("约三百万") == .invalid)
    }

    @Test func dates() {
        for raw in ["2023-06-01", "2023/6/1", "2023年6月1日", "20230601", "45078", "2023.6.1"] {
            #expect(Normalise.date(raw) == .value("2023-06-01"), "\(raw)")
        }
        #expect(Normalise.date("2023-02-30") == .invalid)
        #expect(Normalise.date("2023-13-45") == .invalid)
        #expect(Normalise.date("/") == .empty)
    }

    @Test func creditCodes() {
        #expect(Normalise.uscc("91330483MA2B3C4D5E") != .malformed)
        // A code generated with the GB 32100-2015 weights.
        #expect(Normalise.uscc("91330483E2T5HEH7EW") == .valid("91330483E2T5HEH7EW"))
        #expect(Normalise.uscc("91330483E2T5HEH7E0") == .badChecksum(expected: "W"))
        #expect(Normalise.uscc("91330483E2T5HEH7E") == .malformed)
        #expect(Normalise.uscc("91330483I2T5HEH7EW") == .malformed)   // I is not in the alphabet
    }

    @Test func unitConversion() {
        #expect(Normalise.unitFactor(from: "亿元", to: "万元") == 10_000)
        #expect(Normalise.unitFactor(from: "吨标煤", to: "万吨标煤") == 0.0001)
        #expect(Normalise.unitFactor(from: "亿元", to: "吨标煤") == nil)
    }

    @Test func targetsInterpolateMissingYears() {
        let t = Targets([2022: 190, 2023: 370, 2025: 740])
        #expect(t.value(2024, originYear: 2021) == 555)
        #expect(Progress.yearTarget(t, accumulate: .plan, year: 2024, plan: Plan(start: Period(year: 2022, month: 1), end: Period(year: 2025, month: 12), baseYear: 2021)) == 185)
        #expect(Progress.yearTarget(t, accumulate: .plan, year: 2022, plan: Plan(start: Period(year: 2022, month: 1), end: Period(year: 2025, month: 12), baseYear: 2021)) == 190)
        #expect(Progress.ranks([0.5, 0.8, 0.5, nil, 0.2]) == [2, 1, 2, nil, 4])
    }
}

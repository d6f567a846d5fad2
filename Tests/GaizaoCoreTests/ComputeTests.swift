import Foundation
@testable import GaizaoModel
@testable import GaizaoPipeline
@testable import GaizaoRun
import Testing

/// Every indicator kind and SPEC §6 formula on Fixtures/kinds, figures worked out by hand.
///
/// 项目台账 (snapshot; 在建 counted, placed by 开工日期):
///   甲镇 2022-12: A1 甲 2022-03-01 · 2023-01: A1, A2 乙 2023-01-10, A3 甲 2021-12-01 (before the plan) · 2023-02: nothing sent
///   乙镇 2023-01: B1 甲 2023-01-05 · 2023-02: B1, B2 乙 2023-02-10, B3 甲 未开工
///   丙镇 2023-01: C1 乙 2023-01-20 · 2023-02: C1, C2 甲 2023-02-01
/// 月度统计 (increment, 甲镇 and 乙镇): base-year 2021-02 能耗/增加值 10/100 and 30/200; 2022-12 本年新增 30 and 20;
///   2023-01 本年新增 4 and 3 (乙镇 corrects it to 2 in its February file); 2023-02: 甲镇 9, 120, 绿色 1, 各项 2,
///   上年同期 0.5, 本年新增 10; 乙镇 24, 210, 1, 8, 1.1, 5.
@Suite struct ComputeTests {
    static let dir = Paths.fixtures + "/kinds"

    /// Runs 2022-12, 2023-01 and 2023-02 in order and returns each month's figures.
    static func figures() throws -> [String: [IndicatorFigure]] {
        let out = try TempDir()
        let pipeline = try PipelineLoader.load(path: dir + "/kinds.yaml")
        var byMonth: [String: [IndicatorFigure]] = [:]
        for m in ["2022-12", "2023-01", "2023-02"] {
            let result = try Run(context: RunContext(pipeline: pipeline, period: Period(m)!, inputsRoot: dir + "/inputs",
                                                     outputsRoot: out.path)).execute()
            byMonth[m] = result.figures
        }
        return byMonth
    }

    static let all = try! figures()

    func f(_ code: String, _ scope: String = "total", _ month: String = "2023-02") throws -> IndicatorFigure {
        try #require(Self.all[month]?.first { $0.code == code && $0.scope == scope })
    }

    func close(_ a: Double?, _ b: Double, _ why: Comment? = nil) {
        #expect(a != nil && abs(a! - b) < 1e-9, why ?? "\(String(describing: a)) ≠ \(b)")
    }

    @Test func countWithMissingMilestoneYear() throws {
        // T2023 interpolated between 2022 (4) and 2025 (16) = 8 → year target 8 − 4 = 4.
        let c = try f("count_all")
        close(c.yearTarget, 4)
        close(c.monthValue, 2)            // B2, C2
        close(c.ytd, 5)                   // A2 (carried) + B1, B2 + C1, C2
        close(c.planToDate, 6)            // + A1
        close(c.planTarget, 16)
        close(c.completion, 1.25)
        close(c.timeProgress, 2.0 / 12)
        close(c.gapPP, (1.25 - 2.0 / 12) * 100)
        #expect(c.status == .green)
        // 环比: January's month value was 3 (A2, B1, C1); 同比: nothing stored for February 2022.
        close(c.monthOnMonth, -1)
        #expect(c.yearOnYear == nil)
    }

    @Test func unitThatMissesAMonthIsCarriedForward() throws {
        let a = try f("count_all", "A")
        #expect(a.carriedForward)
        close(a.ytd, 1)                   // its January ledger: A2
        close(a.planToDate, 2)
        close(a.yearTarget, 2)            // 甲镇: T2023 = 2 + (8 − 2)/3 = 4 → 4 − 2
        #expect(try !f("count_all", "B").carriedForward)
    }

    @Test func tiesShareARankInTheRace() throws {
        // Completion: 甲镇 1/2, 乙镇 2/1, 丙镇 2/1 → ranks 3, 1, 1.
        #expect(try [f("count_all", "A").rank, f("count_all", "B").rank, f("count_all", "C").rank] == [3, 1, 1])
        let pipeline = try PipelineLoader.load(path: Self.dir + "/kinds.yaml")
        let standings = RaceStanding.standings(Self.all["2023-02"]!, pipeline: pipeline)
        #expect(standings.map(\.rank) == [3, 1, 1])
        close(standings[1].score, 1.2)    // 200% capped at 120%
        close(standings[0].score, 0.5)
    }

    @Test func ratioOfSumsNotMeanOfRatios() throws {
        // 绿色余额/各项余额: 甲镇 1/2, 乙镇 1/8 → total (1+1)/(2+8) = 20%, not the mean of ratios 31.25%.
        let share = try f("green_share")
        close(share.monthValue, 20)
        #expect(share.ytd == nil && share.planToDate == nil)
        close(share.yearTarget, 10)
        close(share.completion, 2)
        close(share.gapPP, 100)           // against 100%, not time progress
        // Count ratio over the plan window: 甲类 A1, B1, C2 of 6 counted = 50%.
        close(try f("share_jia").monthValue, 50)
    }

    @Test func growthAndDeclineAgainstTheirBases() throws {
        // (1 + 1) / (0.5 + 1.1) − 1 = 25%; the 2022 target of 20 holds past the last year.
        let g = try f("green_growth")
        close(g.monthValue, 25)
        close(g.yearTarget, 20)
        close(g.completion, 1.25)
        // 1 − ((9 + 24)/(120 + 210)) / ((10 + 30)/(100 + 200)) = 1 − 0.1/0.1333… = 25%; 2023 target 8 (base 2021 = 0).
        let d = try f("intensity_decline")
        close(d.monthValue, 25)
        close(d.yearTarget, 8)
        close(d.completion, 25.0 / 8)
        close(d.gapPP, (25.0 / 8 - 1) * 100)
    }

    @Test func levelAndYearToDateColumns() throws {
        let level = try f("all_balance")
        close(level.monthValue, 10)
        close(level.completion, 0.5)
        #expect(level.status == .red)
        // 本年新增 is already year-to-date: ytd 10 + 5; month (10 − 4) + (5 − 2, the corrected January); plan + Dec 2022.
        let loans = try f("new_loans")
        close(loans.ytd, 15)
        close(loans.monthValue, 9)
        close(loans.planToDate, 65)
        close(loans.yearTarget, 30)
        close(loans.completion, 0.5)
    }

    @Test func lowerIsBetter() throws {
        // 乙类 rows now: A2, B2, C1 = 3; baseline 10, target 6 → (10 − 3)/(10 − 6) = 175%.
        let d = try f("dyeing")
        close(d.monthValue, 3)
        close(d.yearTarget, 6)
        close(d.completion, 1.75)
        close(d.gapPP, 75)
    }

    @Test func monthInTheFirstYearOfThePlan() throws {
        // December 2022: only 甲镇's A1 (2022-03-01); year target 2022 = T2022 − 0 = 4; time progress 100%.
        let c = try f("count_all", "total", "2022-12")
        close(c.ytd, 1)
        close(c.planToDate, 1)
        close(c.yearTarget, 4)
        close(c.timeProgress, 1)
        close(c.gapPP, -75)
        #expect(c.status == .red)
    }

    @Test func formulasOnTheirOwn() {
        let plan = Plan(start: Period(year: 2022, month: 1), end: Period(year: 2025, month: 12), baseYear: 2021)
        let t = Targets([2023: 8, 2025: 15])
        #expect(Progress.target(t, accumulate: .base, year: 2022, plan: plan) == 4)
        #expect(Progress.target(t, accumulate: .base, year: 2024, plan: plan) == 11.5)
        // A rate that starts from a measured base-year value: coverage 40% in 2021 → 100% by 2025.
        #expect(Progress.target(Targets([2025: 100]), accumulate: .base, year: 2023, plan: plan, baseValue: 40) == 70)
        #expect(Progress.yearTarget(Targets([2022: 190, 2023: 370, 2025: 740]), accumulate: .plan, year: 2024, plan: plan) == 185)
        #expect(Progress.planTarget(Targets([2022: 10, 2023: 12, 2024: 14, 2025: 16]), accumulate: .year, plan: plan) == 52)
        #expect(Progress.completion(3, target: 6, baseline: 10) == 1.75)
        #expect(Progress.status(gap: -10, thresholds: Thresholds()) == .yellow)
        #expect(Progress.status(gap: -10.01, thresholds: Thresholds()) == .red)
        #expect(Progress.ranks([0.5, 2, 2, nil, 1]) == [4, 1, 1, nil, 3])
        #expect(abs(Progress.composite([(2.0, 1), (0.6, 1), (nil, 5)])! - 0.9) < 1e-12)   // 1.2 and 0.6; no figure, no weight
    }
}

import Foundation

/// A reporting month, `YYYY-MM`.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public let year: Int
    public let month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// Parses `2023-06` (also `2023-6`, `202306`).
    public init?(_ text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        let parts = t.split(separator: "-")
        if parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]) {
            year = y; month = m
        } else if parts.count == 1, t.count == 6, let v = Int(t) {
            year = v / 100; month = v % 100
        } else {
            return nil
        }
        guard (1900...2200).contains(year), (1...12).contains(month) else { return nil }
    }

    public init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let p = Period(s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "“\(s)”不是有效的年月（应为 YYYY-MM）"))
        }
        self = p
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public var description: String { String(format: "%04d-%02d", year, month) }
    public var index: Int { year * 12 + month - 1 }
    public init(index: Int) { self.init(year: index / 12, month: index % 12 + 1) }
    public var previous: Period { Period(index: index - 1) }
    public var next: Period { Period(index: index + 1) }
    public var january: Period { Period(year: year, month: 1) }
    public static func < (a: Period, b: Period) -> Bool { a.index < b.index }

    /// First and last ISO day of the month; the last is `-31` so string comparison covers every real day.
    public var firstDay: String { description + "-01" }
    public var lastDay: String { description + "-31" }

    public var daysInMonth: Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Chinese label: 2023年6月.
    public var chinese: String { "\(year)年\(month)月" }

    /// The month before the one containing `date` (what a cron job on the 5th reports).
    public static func previousMonth(of date: Date = Date(), calendar: Calendar = .current) -> Period {
        let c = calendar.dateComponents([.year, .month], from: date)
        return Period(year: c.year ?? 1970, month: c.month ?? 1).previous
    }

    /// Months from `self` to `end`, inclusive.
    public func through(_ end: Period) -> [Period] {
        index <= end.index ? (index...end.index).map(Period.init(index:)) : []
    }

    /// Seconds since 1970 at noon UTC on the last day: a stable timestamp for workbook properties.
    public var stableTimestamp: Int {
        var c = DateComponents()
        c.year = year; c.month = month; c.day = daysInMonth; c.hour = 12
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(secondsFromGMT: 0) ?? cal.timeZone
        return Int(cal.date(from: c)?.timeIntervalSince1970 ?? 0)
    }
}

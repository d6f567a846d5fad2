import Foundation

/// Turns what clerks type into canonical values (SPEC §5).
public enum Normalise {
    /// Header text compared after folding full-width forms, dropping spaces and unifying brackets.
    public static func header(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            var v = u.value
            if v == 0xFEFF || v == 0x3000 || v == 0x20 || v == 0x09 || v == 0xA0 || v == 0x0A || v == 0x0D { continue }
            if (0xFF01...0xFF5E).contains(v) { v -= 0xFEE0 }  // full-width ASCII
            switch v {
            case 0x28, 0x5B, 0x3010, 0x3014, 0x3016, 0x7B: v = 0x28       // ( [ 【 〔 〖 {
            case 0x29, 0x5D, 0x3011, 0x3015, 0x3017, 0x7D: v = 0x29       // ) ] 】 〕 〗 }
            default: break
            }
            if let u = Unicode.Scalar(v) { out.append(u) }
        }
        return String(out)
    }

    /// Splits a normalised header `累计完成投资(万元)` into name and bracketed unit.
    public static func splitHeader(_ normalised: String) -> (name: String, unit: String?) {
        guard normalised.hasSuffix(")"), let open = normalised.lastIndex(of: "(") else { return (normalised, nil) }
        let unit = String(normalised[normalised.index(after: open)..<normalised.index(before: normalised.endIndex)])
        return (String(normalised[..<open]), unit.isEmpty ? nil : unit)
    }

    /// Empty markers clerks use for "no value".
    package static func isEmptyMarker(_ s: Substring) -> Bool {
        s.isEmpty || s == "—" || s == "-" || s == "/" || s == "无" || s == "－" || s == "——" || s == "／"
            || s == "N/A" || s == "n/a"
    }

    /// Trims ASCII and ideographic spaces and folds full-width ASCII.
    public static func text(_ s: String) -> String {
        // Hot path: most cells have no full-width forms and no surrounding blanks, and come back untouched.
        var needsFold = false
        for u in s.unicodeScalars where u.value == 0x3000 || (0xFF01...0xFF5E).contains(u.value) { needsFold = true; break }
        let t = needsFold ? String(String.UnicodeScalarView(s.unicodeScalars.map { u in
            let v = u.value
            if (0xFF01...0xFF5E).contains(v), let u = Unicode.Scalar(v - 0xFEE0) { return u }
            if v == 0x3000 { return " " }
            return u
        })) : s
        let scalars = t.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isBlank($0) }), let last = scalars.lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return t }
        return String(scalars[first...last])
    }

    /// Spaces and tabs (what `.whitespaces` trimmed); line breaks inside a cell are content.
    @inline(__always) static func isBlank(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v < 0x80 { return v == 0x20 || v == 0x09 || v == 0x0B || v == 0x0C }
        if v >= 0x3001 { return false }     // CJK and beyond: never blank (U+3000 is folded before this)
        return u.properties.isWhitespace
    }

    /// `2023-06-01` without Foundation's formatter on the hot path.
    package static func isoDate(_ y: Int, _ m: Int, _ d: Int) -> String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))"
    }

    public enum NumberResult: Equatable {
        case empty
        case value(Double)
        case invalid
    }

    /// Powers of ten that are exact doubles.
    public static let powersOfTen: [Double] = (0...15).map { e in (0..<e).reduce(1.0) { r, _ in r * 10 } }

    /// The one definition of a number's text, for both paths of ingest: `[+-]?digits[.digits][e[+-]digits]` in
    /// ASCII, as `Double(String)` reads it, finite, else nil. Plain decimals of up to 15 significant digits are
    /// read from the bytes (mantissa and power of ten both exact, so one division rounds as `Double(String)` does);
    /// anything else goes through `Double(String)`. The general path hands it the cell with separators, blanks
    /// and full-width forms taken out; the fast path hands it the raw bytes.
    @inlinable public static func decimal<C: Collection<UInt8>>(_ f: C) -> Double? {
        guard !f.isEmpty else { return nil }
        var plain = true
        var negative = false
        var mantissa: UInt64 = 0
        var intDigits = 0, fracDigits = 0
        var dot = false
        for (k, b) in f.enumerated() {
            switch b {
            case 0x30...0x39:
                mantissa = mantissa &* 10 &+ UInt64(b - 0x30)
                if dot { fracDigits += 1 } else { intDigits += 1 }
            case 0x2E:
                if dot { plain = false } else { dot = true }
            case 0x2D where k == 0:
                negative = true
            case 0x2B, 0x2D, 0x45, 0x65:   // + - E e: not plain, perhaps still a number
                plain = false
            default:
                return nil
            }
        }
        if plain, intDigits > 0, !dot || fracDigits > 0, intDigits + fracDigits <= 15 {
            let v = Double(mantissa) / powersOfTen[fracDigits]
            return negative ? -v : v
        }
        guard let v = Double(String(decoding: f, as: UTF8.self)), v.isFinite else { return nil }
        return v
    }

    /// `1,234.5`, `１２３４`, `12%` (in a percent column, as 12), blanks and empty markers; a leading `'` (a
    /// spreadsheet's mark for "keep as text", which CSV writers guarding against formulas put before `-12`) is dropped.
    public static func number(_ raw: String, percent: Bool = false) -> NumberResult {
        var s = text(raw)
        if s.hasPrefix("'") { s.removeFirst() }
        if isEmptyMarker(Substring(s)) { return .empty }
        var digits = ""
        digits.reserveCapacity(s.utf8.count)
        var sawPercent = false
        for ch in s.unicodeScalars {
            switch ch {
            case "0"..."9", ".", "-", "+", "e", "E": digits.unicodeScalars.append(ch)
            case ",", "，", " ", "¥", "￥": continue
            case "%", "％":
                if sawPercent { return .invalid }
                sawPercent = true
            default: return .invalid
            }
        }
        guard let v = decimal(digits.utf8) else { return .invalid }
        // A percent column holds percentage numbers: 40.4 and 40.4% are both 40.4. A % anywhere else is a mistake
        // (12% in a 万元 column), not a number to guess at.
        if sawPercent && !percent { return .invalid }
        return .value(v)
    }

    public enum DateResult: Equatable {
        case empty
        case value(String)   // ISO yyyy-mm-dd
        case invalid
    }

    /// `2023-06-01`, `2023/6/1`, `2023.6.1`, `2023年6月1日`, `20230601`, Excel serial numbers.
    public static func date(_ raw: String) -> DateResult {
        let s = text(raw)
        if isEmptyMarker(Substring(s)) { return .empty }
        guard let (y, m, d) = dateParts(s.utf8) else { return .invalid }
        return .value(isoDate(y, m, d))
    }

    /// The one definition of a date's text, for both paths of ingest (the fast path hands it the raw bytes):
    /// year, month and day separated by `-`, `/`, `.` or 年/月/日, or 8 digits, or an Excel serial number; a time
    /// after a space, `T` or `:` is ignored. Nil unless it names a real day (`isCalendarDate`).
    @inlinable public static func dateParts<C: Collection<UInt8>>(_ b: C) -> (Int, Int, Int)? {
        // Up to three parts, in a tuple: this runs for every date cell of a million-row ledger, so no array.
        var parts = (0, 0, 0), count = 0
        func push(_ v: Int) -> Bool {
            switch count {
            case 0: parts.0 = v
            case 1: parts.1 = v
            case 2: parts.2 = v
            default: return false
            }
            count += 1
            return true
        }
        var current = 0, digits = 0
        var allDigits = true
        var i = b.startIndex
        // The two bytes after `i`, if there are two (年 is E5 B9 B4, 月 E6 9C 88, 日 E6 97 A5).
        func next2(_ i: C.Index) -> (UInt8, UInt8)? {
            let j = b.index(after: i)
            guard j != b.endIndex else { return nil }
            let k = b.index(after: j)
            guard k != b.endIndex else { return nil }
            return (b[j], b[k])
        }
        scan: while i != b.endIndex {
            let c = b[i]
            switch c {
            case 0x30...0x39:
                digits += 1
                if digits > 8 { return nil }   // no date part is longer than 20230601 (found by make fuzz)
                current = current * 10 + Int(c - 0x30)
                i = b.index(after: i)
                continue
            case 0x2D, 0x2F, 0x2E:
                i = b.index(after: i)
            case 0xE5, 0xE6:
                guard let (x, y) = next2(i), (c, x, y) == (0xE5, 0xB9, 0xB4) || (c, x, y) == (0xE6, 0x9C, 0x88)
                        || (c, x, y) == (0xE6, 0x97, 0xA5) else { return nil }
                i = b.index(i, offsetBy: 3)
            case 0x20, 0x54, 0x3A:
                break scan   // a time part follows; keep the date
            default:
                return nil
            }
            allDigits = false
            if digits > 0, !push(current) { return nil }
            current = 0
            digits = 0
        }
        if digits > 0, !push(current) { return nil }
        if allDigits && count == 1 {
            let v = parts.0
            if digits == 8 {
                parts = (v / 10000, v / 100 % 100, v % 100)
                count = 3
            } else if (1...80000).contains(v) {
                return serial(v)
            } else {
                return nil
            }
        }
        guard count == 3, isCalendarDate(parts.0, parts.1, parts.2) else { return nil }
        return parts
    }

    /// The one rule for a stored date, on both paths of ingest: a real day of a year gaizao accepts.
    @inlinable public static func isCalendarDate(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        (1900...2200).contains(y) && (1...12).contains(m) && d >= 1 && d <= Period(year: y, month: m).daysInMonth
    }

    /// Excel's day count from 1899-12-30 (which absorbs its 1900 leap-year bug for dates after February 1900).
    @inlinable public static func serial(_ n: Int) -> (Int, Int, Int) {
        var y = 1899, m = 12, d = 30 + n
        while true {
            let dim = Period(year: y, month: m).daysInMonth
            if d <= dim { break }
            d -= dim
            m += 1
            if m > 12 { m = 1; y += 1 }
        }
        return (y, m, d)
    }

    /// `2023-06`, `2023/6`, `2023年6月`, `202306`, or a full date (its month).
    public static func month(_ raw: String) -> Period? {
        let s = text(raw)
        if let p = Period(s.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: ".", with: "-")) {
            return p
        }
        let t = s.replacingOccurrences(of: "年", with: "-").replacingOccurrences(of: "月", with: "")
        if let p = Period(t) { return p }
        if case .value(let iso) = date(s) { return Period(String(iso.prefix(7))) }
        return nil
    }

    public static let usccAlphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".utf8)
    public static let usccWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    public static let usccValue: [Int] = {
        var table = [Int](repeating: -1, count: 128)
        for (i, c) in usccAlphabet.enumerated() { table[Int(c)] = i }
        return table
    }()

    public enum USCCResult: Equatable {
        case valid(String)
        case malformed
        case badChecksum(expected: Character)
    }

    /// 统一社会信用代码 per GB 32100-2015: 18 characters, check digit from weights 3^(i-1) mod 31.
    public static func uscc(_ raw: String) -> USCCResult {
        let s = text(raw).uppercased()
        switch usccCheck(s.utf8) {
        case .valid: return .valid(s)
        case .malformed: return .malformed
        case .badChecksum(let expected): return .badChecksum(expected: Character(Unicode.Scalar(expected)))
        }
    }

    /// What GB 32100-2015 says of 18 bytes (lower-case letters read as upper-case).
    public enum USCCCheck: Equatable { case valid, malformed, badChecksum(expected: UInt8) }

    /// The one definition of a valid credit code, for both paths of ingest (the fast path hands it raw bytes).
    @inlinable public static func usccCheck<C: Collection<UInt8>>(_ bytes: C) -> USCCCheck {
        guard bytes.count == 18 else { return .malformed }
        var sum = 0
        for (i, raw) in bytes.enumerated() {
            let b = raw >= 0x61 && raw <= 0x7A ? raw - 0x20 : raw
            guard b < 128, usccValue[Int(b)] >= 0 else { return .malformed }
            if i < 17 {
                sum += usccValue[Int(b)] * usccWeights[i]
            } else {
                let expected = usccAlphabet[(31 - sum % 31) % 31]
                return b == expected ? .valid : .badChecksum(expected: expected)
            }
        }
        return .malformed
    }

    /// Factor that converts a value in `from` into `to`, when both are known units of one dimension.
    public static func unitFactor(from: String, to: String) -> Double? {
        if from == to { return 1 }
        let scale: [String: (String, Double)] = [
            "元": ("money", 1), "万元": ("money", 1e4), "亿元": ("money", 1e8),
            "吨标煤": ("energy", 1), "万吨标煤": ("energy", 1e4), "吨标准煤": ("energy", 1),
            "万吨标准煤": ("energy", 1e4), "%": ("rate", 0.01), "百分比": ("rate", 0.01),
            "吨": ("mass", 1), "万吨": ("mass", 1e4), "亩": ("area", 1), "万亩": ("area", 1e4),
            "个": ("count", 1), "台": ("count", 1), "项": ("count", 1), "家": ("count", 1), "台(套)": ("count", 1),
        ]
        guard let a = scale[Normalise.header(from)], let b = scale[Normalise.header(to)], a.0 == b.0 else { return nil }
        return a.1 / b.1
    }
}

import GaizaoModel
import GaizaoStore
/// A template column compiled for the hot path. Clean cells (no surrounding blanks, no full-width forms, plain
/// numbers and dates) go straight from the record's bytes into the row; anything else takes the general path in
/// `RowState.convert`, which also words every error. `convert` stays the definition: for any cell `fast` accepts,
/// it must store exactly what `convert` would (`FastPathTests` holds the two together).
struct CellRule {
    enum Kind { case text, number, date, choice, uscc, general }

    let column: Column
    let factor: Double
    let kind: Kind
    /// Enum options already in stored (normalised) form, as bytes.
    let options: [[UInt8]]

    init(column: Column, factor: Double) {
        self.column = column
        self.factor = factor
        switch column.type {
        case .string: kind = column.pattern == nil ? .text : .general
        case .number, .integer, .percent: kind = .number
        case .date: kind = .date
        case .enum: kind = .choice
        case .uscc: kind = .uscc
        case .month: kind = .general
        }
        options = (column.values ?? []).filter { Normalise.text($0) == $0 }.map { Array($0.utf8) }
    }

    /// Stores a clean cell into `row[i]` and returns true; false leaves the cell to the general path.
    func fast(_ f: ArraySlice<UInt8>, into row: inout RowCells, at i: Int) -> Bool {
        if f.isEmpty {
            // Empty optional cells are null in every type; an empty required cell is an error worded elsewhere.
            guard !column.required else { return false }
            row.set(i, .null)
            return true
        }
        switch kind {
        case .general:
            return false
        case .text:
            guard Self.isCleanText(f) else { return false }
            row.setText(i, f)
            return true
        case .choice:
            guard let option = options.first(where: { $0.elementsEqual(f) }) else { return false }
            row.setText(i, option)
            return true
        case .number:
            guard var v = Self.plainDecimal(f) else { return false }
            v *= factor
            if column.refusal(v) != nil { return false }   // the general path words why
            row.setNumber(i, v)
            return true
        case .date:
            guard let (y, m, d) = Self.plainDate(f) else { return false }
            row.setDate(i, year: y, month: m, day: d)
            return true
        case .uscc:
            return Self.uscc(f, into: &row, at: i)
        }
    }

    /// True when `Normalise.text` would return the bytes unchanged: the first and last characters are not blank
    /// (printable ASCII, or U+4000 and above, where no character is blank) and nothing inside is folded
    /// (U+3000 is E3 80 80; full-width ASCII is EF BC xx / EF BD xx).
    static func isCleanText(_ f: ArraySlice<UInt8>) -> Bool {
        let first = f[f.startIndex]
        guard (0x21...0x7E).contains(first) || first >= 0xE4 else { return false }
        var lead = f.endIndex - 1
        while f[lead] & 0xC0 == 0x80 && lead > f.startIndex { lead -= 1 }
        let last = f[lead]
        guard (0x21...0x7E).contains(last) || (last >= 0xE4 && lead != f.endIndex - 1) else { return false }
        var j = f.startIndex
        let end = f.endIndex
        while j < end {
            let b = f[j]
            if b < 0x20 { return false }   // control characters: the general path words a warning
            if b == 0xE3 || b == 0xEF {
                guard j + 1 < end else { return false }
                let b1 = f[j + 1]
                if b == 0xE3 && b1 == 0x80 { return false }
                if b == 0xEF && (b1 == 0xBC || b1 == 0xBD || b1 == 0xBF) { return false }   // full-width forms, U+FFFx
            }
            j += 1
        }
        return true
    }

    static let powersOfTen: [Double] = (0...15).map { e in (0..<e).reduce(1.0) { r, _ in r * 10 } }

    /// `-?digits(.digits)?` with at most 15 significant digits, else nil. Exactly the double `Double(String)`
    /// gives: mantissa and power of ten are both exact, so one division rounds correctly.
    static func plainDecimal(_ f: ArraySlice<UInt8>) -> Double? {
        var j = f.startIndex
        let negative = f[j] == 0x2D
        if negative { j += 1 }
        var mantissa: UInt64 = 0
        var intDigits = 0
        var fracDigits = 0
        var dot = false
        while j < f.endIndex {
            let b = f[j]
            if b >= 0x30 && b <= 0x39 {
                mantissa = mantissa &* 10 &+ UInt64(b - 0x30)
                if dot { fracDigits += 1 } else { intDigits += 1 }
            } else if b == 0x2E && !dot {
                dot = true
            } else {
                return nil
            }
            j += 1
        }
        guard intDigits > 0, !dot || fracDigits > 0, intDigits + fracDigits <= 15 else { return nil }
        let v = Double(mantissa) / powersOfTen[fracDigits]
        return negative ? -v : v
    }

    /// `2023-06-01`, `2023/6/1` or `2023.6.1` with a valid calendar date, else nil.
    static func plainDate(_ f: ArraySlice<UInt8>) -> (Int, Int, Int)? {
        var parts = (0, 0, 0)
        var part = 0
        var digits = 0
        for b in f {
            if b >= 0x30 && b <= 0x39 {
                digits += 1
                guard digits <= 4 else { return nil }
                let d = Int(b - 0x30)
                switch part {
                case 0: parts.0 = parts.0 * 10 + d
                case 1: parts.1 = parts.1 * 10 + d
                default: parts.2 = parts.2 * 10 + d
                }
            } else if b == 0x2D || b == 0x2F || b == 0x2E {
                guard digits > 0, part < 2 else { return nil }
                part += 1
                digits = 0
            } else {
                return nil
            }
        }
        guard part == 2, digits > 0 else { return nil }
        let (y, m, d) = parts
        guard Normalise.isCalendarDate(y, m, d) else { return nil }
        return (y, m, d)
    }

    /// An 18-character ASCII code with a correct check digit (`Normalise.usccCheck`), stored upper-cased.
    static func uscc(_ f: ArraySlice<UInt8>, into row: inout RowCells, at i: Int) -> Bool {
        guard Normalise.usccCheck(f) == .valid else { return false }
        row.setText(i, f.lazy.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 })
        return true
    }
}

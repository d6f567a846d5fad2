import GaizaoModel
import GaizaoStore
/// A template column compiled for the hot path. Clean cells (no surrounding blanks, no full-width forms, plain
/// numbers and dates) go straight from the record's bytes into the row; anything else takes the general path in
/// `RowState.convert`, which also words every error. `convert` stays the definition: for any cell `fast` accepts,
/// it must store exactly what `convert` would (`FastPathTests` holds the two together).
final class CellRule {   // a class: copied per cell, a struct retained its Column field by field
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
            guard var v = Normalise.decimal(f) else { return false }
            v *= factor
            if column.refusal(v) != nil { return false }   // the general path words why
            row.setNumber(i, v)
            return true
        case .date:
            guard let (y, m, d) = Normalise.dateParts(f) else { return false }
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

    /// An 18-character ASCII code with a correct check digit (`Normalise.usccCheck`), stored upper-cased.
    static func uscc(_ f: ArraySlice<UInt8>, into row: inout RowCells, at i: Int) -> Bool {
        guard Normalise.usccCheck(f) == .valid else { return false }
        row.setText(i, f.lazy.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 })
        return true
    }
}

import Foundation

/// A normalised cell, ready for the warehouse.
public enum FieldValue: Sendable, Equatable {
    case null
    case text(String)
    case number(Double)

    public var number: Double? { if case .number(let v) = self { return v } else { return nil } }
    public var text: String? { if case .text(let v) = self { return v } else { return nil } }
}

/// An accepted row: cells in template column order.
public struct ParsedRow: Sendable {
    public var line: Int
    public var unit = ""
    public var key: String
    public var month: Period?
    public var cells: RowCells

    package init(line: Int, unit: String = "", key: String, month: Period?, cells: RowCells) {
        self.line = line
        self.unit = unit
        self.key = key
        self.month = month
        self.cells = cells
    }
}

/// A normalised row held in one reused buffer: text cells are ranges of `bytes`, so a row allocates nothing per
/// field on the way from the CSV record to the warehouse.
public struct RowCells: Sendable {
    /// One stored cell; text is a range of the row's UTF-8 bytes.
    public enum Cell: Sendable, Equatable {
        case null
        case text(Range<Int>)
        case number(Double)
    }

    // Settable so the hot methods below can be @inlinable (a restricted setter cannot be): ingest fills a million rows
    // through them from another module, where an unspecialised generic call cost more than the parsing.
    public var bytes: [UInt8] = []
    public var cells: [Cell] = []

    @inlinable public init(count: Int = 0) { reset(count: count) }

    @inlinable public var count: Int { cells.count }

    @inlinable package mutating func reset(count: Int) {
        bytes.removeAll(keepingCapacity: true)
        cells.removeAll(keepingCapacity: true)
        cells.append(contentsOf: repeatElement(.null, count: count))
    }

    @inlinable package mutating func setText<C: Collection<UInt8>>(_ i: Int, _ utf8: C) {
        let start = bytes.count
        bytes.append(contentsOf: utf8)
        cells[i] = .text(start..<bytes.count)
    }

    @inlinable package mutating func setNumber(_ i: Int, _ v: Double) { cells[i] = .number(v) }

    /// Appends another row's cells after these (for packing rows into a batch).
    @inlinable package mutating func append(_ row: RowCells) {
        let base = bytes.count
        bytes.append(contentsOf: row.bytes)
        for cell in row.cells {
            if case .text(let r) = cell { cells.append(.text(r.lowerBound + base..<r.upperBound + base)) } else { cells.append(cell) }
        }
    }

    /// Appends `yyyy-mm-dd` as the text of cell `i` without building a String.
    @inlinable package mutating func setDate(_ i: Int, year: Int, month: Int, day: Int) {
        let start = bytes.count
        func digits(_ v: Int, _ n: Int) {
            var d = 1
            for _ in 1..<n { d *= 10 }
            while d > 0 { bytes.append(UInt8(0x30 + v / d % 10)); d /= 10 }
        }
        digits(year, 4); bytes.append(0x2D); digits(month, 2); bytes.append(0x2D); digits(day, 2)
        cells[i] = .text(start..<bytes.count)
    }

    @inlinable package mutating func set(_ i: Int, _ value: FieldValue) {
        switch value {
        case .null: cells[i] = .null
        case .text(let s): setText(i, s.utf8)
        case .number(let v): cells[i] = .number(v)
        }
    }

    public func isNull(_ i: Int) -> Bool { cells[i] == .null }

    /// The cell as a value (allocates a String for text; for messages, keys and tests, not the bulk path).
    public subscript(i: Int) -> FieldValue {
        switch cells[i] {
        case .null: return .null
        case .text(let r): return .text(String(decoding: bytes[r], as: UTF8.self))
        case .number(let v): return .number(v)
        }
    }
}

/// Accepted rows of one file packed together for the hand-over from the reading thread to the writing one:
/// one byte buffer and one cell array for the whole batch, so a row costs no allocation of its own.
package struct RowBatch: Sendable {
    package struct Head: Sendable {
        package var line: Int
        package var key: String
        package var month: Period?
    }

    package let width: Int
    package var unit = ""
    package private(set) var heads: [Head] = []
    package private(set) var cells: RowCells

    package init(width: Int, capacity: Int) {
        self.width = width
        cells = RowCells(count: 0)
        heads.reserveCapacity(capacity)
    }

    package var count: Int { heads.count }

    package mutating func append(_ row: ParsedRow) {
        unit = row.unit
        heads.append(Head(line: row.line, key: row.key, month: row.month))
        cells.append(row.cells)
    }
}

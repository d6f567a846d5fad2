import CSVStream
import Foundation
import ZIPFoundation

/// Caps on what a workbook may make gaizao read: a zip bomb or a thousand-sheet workbook is refused, not read.
public struct SheetLimits: Sendable {
    /// Uncompressed bytes of any one part (a sheet's XML, the shared strings).
    public var maxPartBytes: UInt64 = 4 << 30
    /// Uncompressed over compressed size of a part; real sheets compress 5–30×, zip bombs thousands of times.
    public var maxRatio: UInt64 = 250
    public var maxSheets = 255
    public var maxCellBytes = 32_767   // Excel's own limit on a cell's text

    public init() {}
}

/// Why a workbook could not be read, in words a town clerk can act on.
public enum SheetError: Error, CustomStringConvertible, Sendable {
    case notAWorkbook(String)
    case encrypted
    case limit(String)
    case missingPart(String)
    case malformed(part: String, reason: String)
    case badReference(sheet: String, reference: String)

    public var description: String {
        switch self {
        case .notAWorkbook(let why): return "不是可读取的 Excel 工作簿（\(why)），请用 Excel 或 WPS 另存为 .xlsx 后重新报送"
        case .encrypted: return "文件已加密，请取消密码后再报送"
        case .limit(let what): return "\(what)，疑为异常文件，未读取"
        case .missingPart(let part): return "工作簿缺少“\(part)”部件（文件不完整或不是 Excel 写出的），请用 Excel 或 WPS 打开后另存为 .xlsx 再报送"
        case .malformed(let part, let reason): return "工作簿部件“\(part)”无法解析：\(reason)"
        case .badReference(let sheet, let reference): return "工作表“\(sheet)”中的单元格位置“\(reference)”超出 Excel 的范围（XFD1048576），文件异常，未读取"
        }
    }
}

/// A cell whose value cannot be taken as it stands.
public struct CellProblem: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `#N/A`, `#DIV/0!` …: a formula that failed.
        case errorValue(String)
        /// A formula saved without its result (written by a program that does not calculate).
        case formulaWithoutValue
        /// A number too long to be held digit for digit (more than 15 significant digits): what Excel and WPS make of
        /// a credit code typed or opened from CSV into a General cell (913304833204173224 → 9.13304833204173E+17,
        /// 913304838247496E70 → 9.13E+84). The reader of a code column refuses it; a number column ignores it.
        case numberTooLong(Double)
    }

    /// The problem a number cell's value has, if it is too long for its digits (see `numberTooLong`).
    public static func lengthProblem(_ v: Double, column: Int) -> CellProblem? {
        abs(v) >= 1e15 ? CellProblem(column: column, kind: .numberTooLong(v)) : nil
    }
    /// 0-based column.
    public var column: Int
    public var kind: Kind
}

/// One row of a worksheet: the cell texts from column A (empty where no cell) as the same record a CSV line is, its
/// number as Excel shows it, and the cells that could not be read as values.
public struct SheetRow: Sendable {
    public var cells: CSVRecord
    public var problems: [CellProblem] = []

    public var number: Int { cells.number }
    public var fields: [String] { cells.fields }

    public init(number: Int) { cells = CSVRecord(number: number) }
}

/// A merged range as the sheet records it (`B12:C14`): rows 12…14 as Excel numbers them, columns 1…2 from 0.
public struct CellRange: Sendable, Equatable {
    public var text: String
    public var rows: ClosedRange<Int>
    public var columns: ClosedRange<Int>

    /// Parsed with the sheet's own cell-reference rule; nil when either corner is not a cell.
    init?(_ text: String) {
        let corners = text.split(separator: ":").map { corner in
            Array(corner.utf8).withUnsafeBufferPointer { SheetPart.reference($0) }
        }
        guard corners.count == 2, let a = corners[0], let b = corners[1], a.column >= 0, a.row >= 1,
              a.row <= b.row, a.column <= b.column else { return nil }
        self.text = text
        rows = a.row...b.row
        columns = a.column...b.column
    }
}

/// One worksheet of a workbook, as listed in `xl/workbook.xml`.
public struct SheetInfo: Sendable {
    public var name: String
    public var hidden: Bool
    /// The part holding the sheet's XML, e.g. `xl/worksheets/sheet1.xml`.
    public var part: String
}

/// Reads an `.xlsx` / `.xlsm` workbook: the zip through ZIPFoundation, every XML part streamed through libexpat, so a
/// sheet of a million rows is read in constant memory (the shared strings excepted: a cell may name any of them).
public final class XLSXReader {
    public let sheets: [SheetInfo]
    private let archive: Archive
    private let limits: SheetLimits
    private let dateStyles: [Bool]
    private let date1904: Bool
    private var shared: StringTable?
    private let sharedPart: String?
    /// Merged ranges of the sheet last read.
    public private(set) var merges: [CellRange] = []

    public init(path: String, limits: SheetLimits = SheetLimits()) throws {
        self.limits = limits
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw SheetError.notAWorkbook("zip 目录无法读取")
        }
        // ZIPFoundation reads an entry until its recorded compressed size is consumed; a size past the end of the file
        // would have it wait at EOF for ever, so such a directory is refused here.
        let fileSize = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value ?? 0
        var entries = 0
        for entry in archive {
            entries += 1
            if UInt64(entry.compressedSize) > fileSize { throw SheetError.notAWorkbook("zip 目录记录的部件大小超出文件本身") }
        }
        if entries > 4 * limits.maxSheets + 64 { throw SheetError.limit("工作簿含有 \(entries) 个部件") }
        let reader = PartReader(archive: archive, limits: limits)
        // The workbook part is named by the package relationships; Excel and WPS always call it xl/workbook.xml.
        var workbookPart = "xl/workbook.xml"
        if archive["_rels/.rels"] != nil {
            let rels = Relationships()
            try reader.parse("_rels/.rels", into: rels)
            if let target = rels.targets.first(where: { $0.type.hasSuffix("/officeDocument") })?.target {
                workbookPart = target.hasPrefix("/") ? String(target.dropFirst()) : target
            }
        }
        guard archive[workbookPart] != nil else { throw SheetError.missingPart(workbookPart) }
        let base = (workbookPart as NSString).deletingLastPathComponent
        let book = WorkbookPart()
        try reader.parse(workbookPart, into: book)
        if book.sheets.count > limits.maxSheets { throw SheetError.limit("工作簿含有 \(book.sheets.count) 张工作表") }
        let relsPart = base + "/_rels/" + (workbookPart as NSString).lastPathComponent + ".rels"
        let rels = Relationships()
        if archive[relsPart] != nil { try reader.parse(relsPart, into: rels) }
        func resolve(_ target: String) -> String {
            if target.hasPrefix("/") { return String(target.dropFirst()) }
            var parts = base.split(separator: "/").map(String.init)
            for piece in target.split(separator: "/") {
                if piece == ".." { _ = parts.popLast() } else if piece != "." { parts.append(String(piece)) }
            }
            return parts.joined(separator: "/")
        }
        let byID = Dictionary(rels.targets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        sheets = book.sheets.compactMap { s in
            guard let rel = byID[s.relationship], rel.type.hasSuffix("/worksheet") || rel.type.isEmpty else { return nil }
            return SheetInfo(name: s.name, hidden: s.state != "visible", part: resolve(rel.target))
        }
        date1904 = book.date1904
        sharedPart = rels.targets.first { $0.type.hasSuffix("/sharedStrings") }.map { resolve($0.target) }
            ?? (archive[base + "/sharedStrings.xml"] != nil ? base + "/sharedStrings.xml" : nil)
        let stylesPart = rels.targets.first { $0.type.hasSuffix("/styles") }.map { resolve($0.target) } ?? base + "/styles.xml"
        if archive[stylesPart] != nil {
            let styles = StylesPart()
            try reader.parse(stylesPart, into: styles)
            dateStyles = styles.dateStyles
        } else {
            dateStyles = []
        }
    }

    private func sharedStrings() throws -> StringTable {
        if let shared { return shared }
        guard let part = sharedPart else { throw SheetError.missingPart("xl/sharedStrings.xml") }
        let table = SharedStringsPart(maxCellBytes: limits.maxCellBytes)
        // Text is shorter than its XML (each <si><t>…</t></si> costs 14 bytes of markup), so the part's size bounds it.
        table.partBytes = min(Int(archive[part]?.uncompressedSize ?? 0), Int(limits.maxPartBytes))
        try PartReader(archive: archive, limits: limits).parse(part, into: table)
        shared = table.table
        return table.table
    }

    /// Streams the sheet's rows in order; `body` returns false to stop early. The sheet is inflated and parsed on a
    /// thread of its own while `body` runs on the caller's: with the rows' checks on the other core, a million-row
    /// sheet reads in two thirds of the time.
    public func rows(of sheet: SheetInfo, _ body: (SheetRow) throws -> Bool) throws {
        guard archive[sheet.part] != nil else { throw SheetError.missingPart(sheet.part) }
        // Read before the sheet: one Archive has one file position, so a part cannot be inflated inside another's
        // extraction (the sheet's would resume at the wrong offset).
        let strings: Result<StringTable, Error>
        if let part = sharedPart, archive[part] != nil {
            strings = .success(try sharedStrings())
        } else {
            strings = .failure(SheetError.missingPart(sharedPart ?? "xl/sharedStrings.xml"))   // said at the first shared cell
        }
        let parser = SheetPart(sheet: sheet.name, dateStyles: dateStyles, date1904: date1904,
                               maxCellBytes: limits.maxCellBytes, strings: strings)
        let queue = SheetRowQueue()
        let job = SheetJob(reader: PartReader(archive: archive, limits: limits), part: sheet.part, parser: parser, queue: queue)
        merges = []
        Thread.detachNewThread { job.run() }
        // However the loop ends (done, stopped, or `body` threw), the parser's thread lets go of the archive first.
        defer { queue.cancel() }
        while let batch = queue.receive() {
            for row in batch where try !body(row) { return }
        }
        try queue.result()
        merges = parser.merges
    }
}

/// A sheet being parsed on its own thread, handing rows over in batches. The archive and the parser are touched by
/// that thread only until the queue says it has finished.
private final class SheetJob: @unchecked Sendable {
    let reader: PartReader, part: String, parser: SheetPart, queue: SheetRowQueue

    init(reader: PartReader, part: String, parser: SheetPart, queue: SheetRowQueue) {
        self.reader = reader
        self.part = part
        self.parser = parser
        self.queue = queue
    }

    func run() {
        var batch: [SheetRow] = []
        batch.reserveCapacity(256)
        parser.emit = { [queue] row in
            batch.append(row)
            if batch.count == 256 {
                try queue.send(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        do {
            try reader.parse(part, into: parser)
            if !batch.isEmpty { try queue.send(batch) }
            queue.finish(nil)
        } catch {
            queue.finish(error)
        }
        parser.emit = { _ in }
    }
}

/// A bounded queue of row batches from the parsing thread to the reading one; the parser's error comes last.
private final class SheetRowQueue: @unchecked Sendable {   // all state is guarded by `condition`
    private let condition = NSCondition()
    private var batches: [[SheetRow]] = []
    private var finished = false, cancelled = false
    private var failure: Error?

    func send(_ batch: [SheetRow]) throws {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= 8 && !cancelled { condition.wait() }
        if cancelled { throw StopReading() }
        batches.append(batch)
        condition.broadcast()
    }

    func finish(_ error: Error?) {
        condition.lock()
        failure = error
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or nil once the parser has finished and everything sent was taken.
    func receive() -> [SheetRow]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        guard !batches.isEmpty else { return nil }
        condition.broadcast()
        return batches.removeFirst()
    }

    /// Stops the parser and waits for its thread to let go of the archive.
    func cancel() {
        condition.lock()
        cancelled = true
        batches.removeAll()
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    func result() throws {
        condition.lock()
        defer { condition.unlock() }
        while !finished { condition.wait() }
        if let failure, !(failure is StopReading) { throw failure }
    }
}

/// Thrown out of expat's callbacks to stop reading a part early.
struct StopReading: Error {}

/// Streams one zip entry into an expat parser, enforcing the size and ratio caps while it inflates.
struct PartReader {
    let archive: Archive
    let limits: SheetLimits

    func parse(_ path: String, into events: PartEvents) throws {
        guard let entry = archive[path] else { throw SheetError.missingPart(path) }
        let size = UInt64(entry.uncompressedSize), packed = max(UInt64(entry.compressedSize), 1)
        if size > limits.maxPartBytes { throw SheetError.limit("部件“\(path)”解压后 \(size) 字节，超过上限 \(limits.maxPartBytes) 字节") }
        if size > 1 << 20 && size / packed > limits.maxRatio {
            throw SheetError.limit("部件“\(path)”压缩比 \(size / packed):1，超过上限 \(limits.maxRatio):1（疑为压缩炸弹）")
        }
        let parser = try XMLPushParser(events: events)
        var seen: UInt64 = 0
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: true) { data in
                seen += UInt64(data.count)
                // The directory's sizes may lie: the inflated bytes are counted too.
                if seen > limits.maxPartBytes || (seen > 1 << 20 && seen / packed > limits.maxRatio) {
                    throw SheetError.limit("部件“\(path)”解压后超过 \(seen) 字节（压缩比超过 \(limits.maxRatio):1，疑为压缩炸弹）")
                }
                try parser.feed(data)
                if let halt = events.halt { throw halt }
            }
            try parser.feed(Data(), final: true)
        } catch let e as XMLStreamError {
            throw events.halt ?? SheetError.malformed(part: path, reason: e.description)
        } catch let e as SheetError {
            throw e
        } catch {
            // What the row consumer threw (StopReading, a full channel), or ZIPFoundation's inflate error.
            if let halt = events.halt { throw halt }
            throw SheetError.malformed(part: path, reason: "解压失败（\(error)）")
        }
        if let halt = events.halt { throw halt }
    }
}

/// A part's event handler; `halt` (a `SheetError`, or what a row consumer threw) stops the read after the chunk.
class PartEvents: XMLEvents {
    var halt: Error?
}

/// A workbook's shared strings as one UTF-8 buffer, each string behind its length (a 1–3 byte varint), with the
/// offset of every 16th string: two million Swift Strings took 300 MB at a million rows, and an offset per string
/// 8 MB more than this. Finding string `i` steps over at most 15 lengths.
struct StringTable {
    private var bytes: [UInt8] = []
    /// The offset of strings 0, 16, 32 …; 32-bit: a shared-strings part is capped far below 4 GiB (`SheetLimits.maxPartBytes`).
    private var checkpoints: [UInt32] = []

    private(set) var count = 0

    /// Room for what the part can hold, so the buffer never doubles (and copies) while a million strings arrive.
    mutating func reserve(bytes: Int, strings: Int) {
        self.bytes.reserveCapacity(bytes)
        checkpoints.reserveCapacity(strings / 16 + 1)
    }

    mutating func append(_ text: [UInt8]) {
        if count & 15 == 0 { checkpoints.append(UInt32(truncatingIfNeeded: bytes.count)) }
        var n = text.count
        while n >= 0x80 { bytes.append(UInt8(n & 0x7F) | 0x80); n >>= 7 }
        bytes.append(UInt8(n))
        bytes.append(contentsOf: text)
        count += 1
    }

    subscript(i: Int) -> ArraySlice<UInt8> {
        var at = Int(checkpoints[i >> 4])
        var skip = i & 15
        while true {
            var n = 0, shift = 0
            while bytes[at] & 0x80 != 0 { n |= Int(bytes[at] & 0x7F) << shift; shift += 7; at += 1 }
            n |= Int(bytes[at]) << shift
            at += 1
            if skip == 0 { return bytes[at..<at + n] }
            at += n
            skip -= 1
        }
    }
}

/// `_rels/*.rels`: relationship id → target part and type.
final class Relationships: PartEvents {
    var targets: [(id: String, target: String, type: String)] = []
    override func start(_ name: XMLName, _ attributes: XMLAttributes) {
        guard name.is("Relationship"), let id = attributes.value("Id"), let target = attributes.value("Target") else { return }
        targets.append((id, target, attributes.value("Type") ?? ""))
    }
}

/// `xl/workbook.xml`: the sheets in tab order, their visibility, and the date system.
final class WorkbookPart: PartEvents {
    var sheets: [(name: String, state: String, relationship: String)] = []
    var date1904 = false
    override func start(_ name: XMLName, _ attributes: XMLAttributes) {
        if name.is("sheet") {
            sheets.append((attributes.value("name") ?? "Sheet\(sheets.count + 1)", attributes.value("state") ?? "visible",
                           attributes.value("id") ?? ""))
        } else if name.is("workbookPr") {
            let v = attributes.value("date1904")
            date1904 = v == "1" || v == "true"
        }
    }
}

/// `xl/styles.xml`: which cell styles show numbers as dates.
final class StylesPart: PartEvents {
    private var custom: [Int: String] = [:]
    private var inCellXfs = false
    private var xfFormats: [Int] = []
    var dateStyles: [Bool] { xfFormats.map { id in custom[id].map(Self.isDateFormat) ?? Self.builtinDates.contains(id) } }

    /// Built-in number formats that are dates or times, including the CJK ones (27–36, 50–58).
    static let builtinDates: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// A format code is a date when, outside quoted text, escapes and [colour]/[$-804] brackets, it has y, d or h.
    static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false, inBracket = false, escaped = false
        for ch in code.lowercased() {
            if escaped { escaped = false; continue }
            if ch == "\\" { escaped = true; continue }
            if ch == "\"" { inQuote.toggle(); continue }
            if inQuote { continue }
            if ch == "[" { inBracket = true; continue }
            if ch == "]" { inBracket = false; continue }
            if !inBracket && (ch == "y" || ch == "d" || ch == "h") { return true }
        }
        return false
    }

    override func start(_ name: XMLName, _ attributes: XMLAttributes) {
        if name.is("numFmt"), let id = attributes.value("numFmtId").flatMap(Int.init), let code = attributes.value("formatCode") {
            custom[id] = code
        } else if name.is("cellXfs") {
            inCellXfs = true
        } else if name.is("xf"), inCellXfs {
            xfFormats.append(attributes.value("numFmtId").flatMap(Int.init) ?? 0)
        }
    }

    override func end(_ name: XMLName) {
        if name.is("cellXfs") { inCellXfs = false }
    }
}

/// `xl/sharedStrings.xml`: each `<si>`'s text, its runs joined, phonetic guides (`<rPh>`) left out.
final class SharedStringsPart: PartEvents {
    var table = StringTable()
    private var buffer: [UInt8] = []
    private var inItem = false, inText = false, inPhonetic = false
    private let maxCellBytes: Int

    init(maxCellBytes: Int) { self.maxCellBytes = maxCellBytes }

    /// The part's inflated size, an upper bound on its text.
    var partBytes = 0

    override func start(_ name: XMLName, _ attributes: XMLAttributes) {
        if name.is("sst") {
            // uniqueCount is how many <si> follow; believed only up to what the part could hold.
            let count = attributes.value("uniqueCount").flatMap(Int.init) ?? 0
            table.reserve(bytes: partBytes, strings: min(max(count, 0), partBytes / 7))
        }
        if name.is("si") { inItem = true; buffer.removeAll(keepingCapacity: true) }
        else if name.is("rPh") { inPhonetic = true }
        else if name.is("t"), inItem, !inPhonetic { inText = true }
    }

    override func end(_ name: XMLName) {
        if name.is("si") { table.append(buffer); inItem = false }
        else if name.is("rPh") { inPhonetic = false }
        else if name.is("t") { inText = false }
    }

    override func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard inText, buffer.count + bytes.count <= maxCellBytes * 4 else { return }
        buffer.append(contentsOf: bytes)
    }
}

/// A worksheet's `<sheetData>`, row by row, and its `<mergeCells>`.
final class SheetPart: PartEvents {
    let sheet: String
    let dateStyles: [Bool]
    let date1904: Bool
    let maxCellBytes: Int
    /// The shared strings, or why there are none (said at the first shared cell). Unwrapped once here: a
    /// `Result.get()` per cell copied the table out, two retains and releases for every shared string read.
    private let table: StringTable
    private let tableMissing: Error?
    var emit: (SheetRow) throws -> Void = { _ in }
    var merges: [CellRange] = []

    private var row = SheetRow(number: 0)
    private var inRow = false
    private var column = -1
    private var type: CellType = .number
    private var style = 0
    private var hasFormula = false
    private var capturing = false
    private var inInline = false, inPhonetic = false
    private var value: [UInt8] = []
    private var lastRow = 0

    enum CellType { case number, shared, inline, formulaText, boolean, error, date }

    init(sheet: String, dateStyles: [Bool], date1904: Bool, maxCellBytes: Int, strings: Result<StringTable, Error>) {
        self.sheet = sheet
        self.dateStyles = dateStyles
        self.date1904 = date1904
        self.maxCellBytes = maxCellBytes
        switch strings {
        case .success(let t): table = t; tableMissing = nil
        case .failure(let e): table = StringTable(); tableMissing = e
        }
    }

    /// `G12` → (column 6, row 12); nil past XFD1048576 or when malformed.
    static func reference(_ bytes: UnsafeBufferPointer<UInt8>) -> (column: Int, row: Int)? {
        var col = 0, row = 0, i = 0
        while i < bytes.count, (0x41...0x5A).contains(bytes[i]) || (0x61...0x7A).contains(bytes[i]) {
            col = col * 26 + Int((bytes[i] | 0x20) - 0x61 + 1)
            if col > 16_384 { return nil }
            i += 1
        }
        var digits = 0
        while i < bytes.count, (0x30...0x39).contains(bytes[i]) {
            row = row * 10 + Int(bytes[i] - 0x30)
            digits += 1
            if row > 1_048_576 { return nil }
            i += 1
        }
        guard i == bytes.count, row >= 1 || digits == 0 else { return nil }
        return (col - 1, row)
    }

    override func start(_ name: XMLName, _ attributes: XMLAttributes) {
        guard halt == nil else { return }
        if name.is("c") {
            column += 1
            type = .number
            style = 0
            var reference: UnsafeBufferPointer<UInt8>?
            // Compared as bytes: a String per attribute per cell was a third of reading a sheet.
            attributes.forEachLetter { letter, v in
                switch letter {
                case 0x72: reference = v   // r
                case 0x74:                 // t
                    guard let first = v.first else { return }
                    switch (first, v.count) {
                    case (0x73, 1): type = .shared        // s
                    case (0x69, _): type = .inline        // inlineStr
                    case (0x73, 3): type = .formulaText   // str
                    case (0x62, 1): type = .boolean       // b
                    case (0x65, 1): type = .error         // e
                    case (0x64, 1): type = .date          // d
                    default: type = .number
                    }
                case 0x73:                 // s
                    for d in v where (0x30...0x39).contains(d) { style = style * 10 + Int(d - 0x30) }
                default: break
                }
            }
            if let r = reference {
                guard let ref = Self.reference(r), ref.column >= 0 else {
                    halt = SheetError.badReference(sheet: sheet, reference: String(decoding: r, as: UTF8.self))
                    return
                }
                column = ref.column
            }
            hasFormula = false
            value.removeAll(keepingCapacity: true)
        } else if name.is("v") {
            capturing = true
        } else if name.is("f") {
            hasFormula = true
        } else if name.is("is") {
            inInline = true
        } else if name.is("rPh") {
            inPhonetic = true
        } else if name.is("t") {
            if inInline && !inPhonetic { capturing = true }
        } else if name.is("row") {
            let number: Int
            if let r = attributes.bytes("r") {
                guard let ref = Self.reference(r), ref.column == -1 else {
                    halt = SheetError.badReference(sheet: sheet, reference: String(decoding: r, as: UTF8.self))
                    return
                }
                number = ref.row
            } else {
                number = lastRow + 1
            }
            row = SheetRow(number: number)
            inRow = true
            column = -1
        } else if name.is("mergeCell"), let ref = attributes.value("ref").flatMap(CellRange.init) {
            merges.append(ref)
        }
    }

    override func end(_ name: XMLName) {
        guard halt == nil else { return }
        if name.is("v") || name.is("t") {
            capturing = false
        } else if name.is("is") {
            inInline = false
        } else if name.is("rPh") {
            inPhonetic = false
        } else if name.is("c") {
            finishCell()
        } else if name.is("row") {
            inRow = false
            lastRow = row.number
            // Trailing empty cells (a styled but empty cell) are not fields.
            row.cells.dropTrailingEmpty()
            do { try emit(row) } catch { halt = error }
        }
    }

    override func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard capturing, value.count + bytes.count <= maxCellBytes * 4 else { return }
        value.append(contentsOf: bytes)
    }

    private func finishCell() {
        guard inRow, column >= 0 else { return }
        // Cells go into the row as bytes: a String per cell was most of reading a sheet.
        if hasFormula && value.isEmpty && type != .inline {
            row.problems.append(CellProblem(column: column, kind: .formulaWithoutValue))
        }
        switch type {
        case .shared:
            var index = 0
            for d in value {
                guard (0x30...0x39).contains(d), index < Int.max / 20 else { return }
                index = index * 10 + Int(d - 0x30)
            }
            guard !value.isEmpty else { return }
            if let tableMissing {
                halt = tableMissing
                return
            }
            guard index < table.count else {
                halt = SheetError.malformed(part: sheet, reason: "单元格引用了不存在的第 \(index + 1) 个共享字符串")
                return
            }
            put(table[index])
        case .inline, .formulaText:
            put(value)
        case .boolean:
            if value.isEmpty { return }
            put((value == [0x31] || value.elementsEqual("true".utf8) ? "TRUE" : "FALSE").utf8)
        case .error:
            row.problems.append(CellProblem(column: column, kind: .errorValue(String(decoding: value, as: UTF8.self))))
            put(value)
        case .date:
            put(value.prefix(10))
        case .number:
            if value.isEmpty { return }
            if style < dateStyles.count, dateStyles[style], let serial = Double(String(decoding: value, as: UTF8.self)) {
                if let date = Self.date(serial: serial, date1904: date1904) { put(date.utf8) } else { put(value) }
            } else if value.contains(0x45) || value.contains(0x65), let v = Double(String(decoding: value, as: UTF8.self)) {
                put(Self.plain(v).utf8)
                if let p = CellProblem.lengthProblem(v, column: column) { row.problems.append(p) }
            } else {
                put(value)
                // 16 or more digits before any point: more than a double holds.
                if (value.firstIndex(of: 0x2E) ?? value.endIndex) - value.startIndex > 15, let v = Double(String(decoding: value, as: UTF8.self)),
                   let p = CellProblem.lengthProblem(v, column: column) { row.problems.append(p) }
            }
        }
    }

    private func put<C: Collection<UInt8>>(_ bytes: C) {
        if !bytes.isEmpty { row.cells.set(column, bytes) }
    }

    /// A number without exponent, as a person would type it.
    static func plain(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        var s = String(format: "%.15f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// An Excel date serial as `yyyy-mm-dd` (with ` hh:mm` when it has a time). Serial 60 is Excel's 1900-02-29,
    /// a day that never was; serials before it are one day off from the count after it.
    static func date(serial: Double, date1904: Bool) -> String? {
        guard serial >= 0, serial < 2_958_466 else { return nil }
        let whole = Int(serial.rounded(.down))
        let fraction = serial - Double(whole)
        // Days since 1899-12-30, the epoch that makes serials from 61 (1900-03-01) right.
        var days = whole
        if date1904 { days += 1462 } else if whole == 60 { return "1900-02-29" } else if whole < 60 { days += 1 }
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm); 1899-12-30 is day −25569.
        let z = days - 25_569 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        // Written digit by digit: String(format:) was a tenth of reading a sheet of dates.
        var out = [UInt8]()
        out.reserveCapacity(16)
        func digits(_ v: Int, _ width: Int) {
            var p = 1
            for _ in 1..<width { p *= 10 }
            var v = v
            if v >= p * 10 { out.append(contentsOf: String(v).utf8); return }
            while p > 0 { out.append(UInt8(0x30 + v / p)); v %= p; p /= 10 }
        }
        digits(y, 4); out.append(0x2D); digits(m, 2); out.append(0x2D); digits(d, 2)
        let minutes = Int((fraction * 1440).rounded())
        if minutes > 0 && minutes < 1440 { out.append(0x20); digits(minutes / 60, 2); out.append(0x3A); digits(minutes % 60, 2) }
        return String(decoding: out, as: UTF8.self)
    }
}

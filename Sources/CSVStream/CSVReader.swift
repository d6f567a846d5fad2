import Clibcsv
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Caps that keep hostile files from exhausting memory.
public struct CSVLimits: Sendable, Equatable {
    public var maxFileBytes: Int
    public var maxFieldBytes: Int
    public var maxColumns: Int
    public var maxRecords: Int

    public init(maxFileBytes: Int = 2 << 30, maxFieldBytes: Int = 1 << 20,
                maxColumns: Int = 1000, maxRecords: Int = 5_000_000) {
        self.maxFileBytes = maxFileBytes
        self.maxFieldBytes = maxFieldBytes
        self.maxColumns = maxColumns
        self.maxRecords = maxRecords
    }
}

/// Why reading stopped early.
public enum CSVError: Error, Sendable, Equatable {
    case unreadable(path: String, reason: String)
    case decoding(DecodingFailure)
    /// `what` is one of "file", "field", "columns", "records"; `record` the 1-based record where it tripped.
    case limitExceeded(what: String, limit: Int, record: Int)
    case parser(String)
}

/// One parsed record. Fields live in one reused byte buffer, so reading a row allocates nothing per field.
public struct CSVRecord: Sendable {
    /// 1-based record number, header included: the row number Excel shows for the same file.
    public internal(set) var number = 0
    @usableFromInline var storage: [UInt8] = []
    @usableFromInline var ends: [Int] = []

    public init() {}

    /// Builds a record from strings (tests and generated rows).
    public init(number: Int, fields: [String]) {
        self.number = number
        for f in fields { storage.append(contentsOf: f.utf8); ends.append(storage.count) }
    }

    /// An empty record to be filled cell by cell (`set`), as a worksheet row is.
    public init(number: Int) { self.number = number }

    public var count: Int { ends.count }

    /// Sets field `i`, padding with empty fields. Worksheet cells arrive left to right, so this appends; a cell left
    /// of the last one (which no spreadsheet program writes) rebuilds the record.
    @inlinable public mutating func set<C: Collection<UInt8>>(_ i: Int, _ bytes: C) {
        if i >= ends.count {
            let end = storage.count
            while ends.count < i { ends.append(end) }
            storage.append(contentsOf: bytes)
            ends.append(storage.count)
        } else {
            var all = fields
            all[i] = String(decoding: bytes, as: UTF8.self)
            self = CSVRecord(number: number, fields: all)
        }
    }

    /// Keeps the first `n` fields.
    @inlinable public mutating func truncate(to n: Int) {
        guard n < ends.count else { return }
        ends.removeLast(ends.count - n)
        storage.removeLast(storage.count - (ends.last ?? 0))
    }

    /// Adds empty fields up to `n` (a sheet row ends at its last non-empty cell; the cells after it are empty).
    @inlinable public mutating func pad(to n: Int) {
        let end = storage.count
        while ends.count < n { ends.append(end) }
    }

    /// Drops empty fields at the end (a styled but empty cell is not a field).
    @inlinable public mutating func dropTrailingEmpty() {
        while let last = ends.last, last == (ends.count > 1 ? ends[ends.count - 2] : 0) { ends.removeLast() }
    }

    /// The raw UTF-8 bytes of field `i`, sharing the record's storage.
    @inlinable public func bytes(_ i: Int) -> ArraySlice<UInt8> {
        let start = i == 0 ? 0 : ends[i - 1]
        return storage[start..<ends[i]]
    }

    public subscript(i: Int) -> String {
        String(decoding: bytes(i), as: UTF8.self)
    }

    /// True when every field is empty or only spaces (a blank row).
    public var isBlank: Bool {
        for b in storage where b != 0x20 && b != 0x09 { return false }
        return true
    }

    public var fields: [String] { (0..<count).map { self[$0] } }

    mutating func reset() { storage.removeAll(keepingCapacity: true); ends.removeAll(keepingCapacity: true) }
    mutating func append(_ p: UnsafeRawBufferPointer) { storage.append(contentsOf: p); ends.append(storage.count) }
}

/// What a full pass over a file saw.
public struct CSVSummary: Sendable, Equatable {
    public var records = 0
    public var bytes = 0
}

/// Streams the records of a CSV file (or bytes) through libcsv, decoding GB18030 on the fly.
public struct CSVReader: Sendable {
    public enum Source: Sendable {
        case file(String)
        case bytes([UInt8])
    }

    public let source: Source
    public let limits: CSVLimits
    static let chunkSize = 1 << 16

    public init(path: String, limits: CSVLimits = CSVLimits()) {
        self.source = .file(path)
        self.limits = limits
    }

    public init(bytes: [UInt8], limits: CSVLimits = CSVLimits()) {
        self.source = .bytes(bytes)
        self.limits = limits
    }

    /// Tries UTF-8 (with or without BOM) first, GB18030 second; anything else fails at its first bad byte.
    public func detectEncoding() throws(CSVError) -> TextEncoding {
        var validator = UTF8Validator()
        var first = true
        var hasBOM = false
        var utf8Failure: Int?
        try forEachChunk { chunk in
            var c = chunk
            if first {
                first = false
                if c.count >= 3 && c[0] == 0xEF && c[1] == 0xBB && c[2] == 0xBF {
                    hasBOM = true
                    c = UnsafeRawBufferPointer(rebasing: c[3...])
                }
            }
            if let bad = validator.feed(c) { utf8Failure = bad; return false }
            return true
        }
        if utf8Failure == nil, validator.finish() == nil { return hasBOM ? .utf8BOM : .utf8 }
        if hasBOM {
            let at = (utf8Failure ?? validator.finish() ?? 0) + 3
            throw .decoding(DecodingFailure(offset: at, byte: byteAt(at)))
        }
        // Validate the whole stream as GB18030 before committing to it.
        guard let transcoder = GB18030Transcoder() else { throw .parser("iconv 不支持 GB18030") }
        do {
            try forEachChunk { chunk in
                try transcoder.feed(chunk, final: false) { _ in }
                return true
            }
            try transcoder.feed(UnsafeRawBufferPointer(start: nil, count: 0), final: true) { _ in }
        } catch let failure as DecodingFailure {
            throw .decoding(failure)
        } catch let error as CSVError {
            throw error
        } catch {
            throw .parser("\(error)")
        }
        return .gb18030
    }

    private func byteAt(_ offset: Int) -> UInt8 {
        var found: UInt8 = 0
        var seen = 0
        try? forEachChunk { chunk in
            if offset < seen + chunk.count { found = chunk[offset - seen]; return false }
            seen += chunk.count
            return true
        }
        return found
    }

    /// Calls `body` for every record, in order. `body` returns false to stop early.
    @discardableResult
    public func forEach(encoding: TextEncoding,
                        _ body: (CSVRecord) throws -> Bool) throws -> CSVSummary {
        try withoutActuallyEscaping(body) { body in
            let ctx = ParserContext(limits: limits, body: body)
            let parser = UnsafeMutablePointer<csv_parser>.allocate(capacity: 1)
            defer { csv_free(parser); parser.deallocate() }
            guard csv_init(parser, UInt8(CSV_REPALL_NL)) == 0 else { throw CSVError.parser("csv_init") }
            let opaque = Unmanaged.passUnretained(ctx).toOpaque()
            var summary = CSVSummary()
            var skipBOM = encoding == .utf8BOM
            let transcoder = encoding == .gb18030 ? GB18030Transcoder() : nil

            func parse(_ piece: UnsafeRawBufferPointer) throws {
                guard piece.count > 0, !ctx.stopped else { return }
                let done = csv_parse(parser, piece.baseAddress, piece.count, fieldCallback, rowCallback, opaque)
                if let error = ctx.error { throw error }
                if done != piece.count && !ctx.stopped {
                    throw CSVError.parser(String(cString: csv_strerror(csv_error(parser))))
                }
                if csv_get_buffer_size(parser) > limits.maxFieldBytes + CSVReader.chunkSize {
                    throw CSVError.limitExceeded(what: "field", limit: limits.maxFieldBytes,
                                                 record: ctx.record.number + 1)
                }
            }

            try forEachChunk { chunk in
                var c = chunk
                summary.bytes += c.count
                if summary.bytes > limits.maxFileBytes {
                    throw CSVError.limitExceeded(what: "file", limit: limits.maxFileBytes, record: ctx.record.number)
                }
                if skipBOM {
                    skipBOM = false
                    c = UnsafeRawBufferPointer(rebasing: c[min(3, c.count)...])
                }
                if let transcoder {
                    try transcoder.feed(c, final: false) { try parse($0) }
                } else {
                    try parse(c)
                }
                return !ctx.stopped
            }
            if let transcoder, !ctx.stopped {
                do {
                    try transcoder.feed(UnsafeRawBufferPointer(start: nil, count: 0), final: true) { try parse($0) }
                } catch let failure as DecodingFailure {
                    throw CSVError.decoding(failure)
                }
            }
            if !ctx.stopped {
                csv_fini(parser, fieldCallback, rowCallback, opaque)
                if let error = ctx.error { throw error }
            }
            summary.records = ctx.record.number
            return summary
        }
    }

    /// Reads the source in fixed-size chunks; `body` returns false to stop.
    private func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Bool) throws(CSVError) {
        do {
            switch source {
            case .bytes(let bytes):
                try bytes.withUnsafeBytes { all in
                    var offset = 0
                    while offset < all.count {
                        let end = min(all.count, offset + CSVReader.chunkSize)
                        if try !body(UnsafeRawBufferPointer(rebasing: all[offset..<end])) { return }
                        offset = end
                    }
                }
            case .file(let path):
                let fd = try openRegularFile(path)
                defer { close(fd) }
                var buffer = [UInt8](repeating: 0, count: CSVReader.chunkSize)
                while true {
                    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if n < 0 {
                        throw CSVError.unreadable(path: path, reason: String(cString: strerror(errno)))
                    }
                    if n == 0 { return }
                    let more = try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
                    if !more { return }
                }
            }
        } catch let error as CSVError {
            throw error
        } catch let failure as DecodingFailure {
            throw .decoding(failure)
        } catch {
            throw .parser("\(error)")
        }
    }
}

/// State shared with libcsv's C callbacks.
private final class ParserContext {
    let limits: CSVLimits
    let body: (CSVRecord) throws -> Bool
    var record = CSVRecord()
    var error: Error?
    var stopped = false
    var lastTerminator: Int32 = -1
    var rowBytes = 0

    init(limits: CSVLimits, body: @escaping (CSVRecord) throws -> Bool) {
        self.limits = limits
        self.body = body
    }

    func field(_ p: UnsafeRawBufferPointer) {
        guard !stopped else { return }
        if record.count >= limits.maxColumns {
            fail(.limitExceeded(what: "columns", limit: limits.maxColumns, record: record.number + 1))
            return
        }
        record.append(p)
    }

    func row(_ terminator: Int32) {
        guard !stopped else { return }
        defer { lastTerminator = terminator }
        // With CSV_REPALL_NL libcsv reports the LF of a CRLF pair as an extra empty row.
        if record.count == 0 && terminator == 0x0A && lastTerminator == 0x0D { return }
        record.number += 1
        if record.number > limits.maxRecords {
            fail(.limitExceeded(what: "records", limit: limits.maxRecords, record: record.number))
            return
        }
        do {
            if try !body(record) { stopped = true }
        } catch {
            self.error = error
            stopped = true
        }
        record.reset()
    }

    func fail(_ e: CSVError) { error = e; stopped = true }
}

private func fieldCallback(_ s: UnsafeMutableRawPointer?, _ len: Int, _ data: UnsafeMutableRawPointer?) {
    let ctx = Unmanaged<ParserContext>.fromOpaque(data!).takeUnretainedValue()
    ctx.field(UnsafeRawBufferPointer(start: s, count: s == nil ? 0 : len))
}

private func rowCallback(_ c: Int32, _ data: UnsafeMutableRawPointer?) {
    Unmanaged<ParserContext>.fromOpaque(data!).takeUnretainedValue().row(c)
}

/// Opens a regular file for reading, or throws: non-blocking, so a FIFO swapped in after the directory was listed
/// cannot hang the run, and checked with fstat on the descriptor itself, so nothing but a regular file is read.
public func openRegularFile(_ path: String) throws(CSVError) -> Int32 {
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    if fd < 0 { throw CSVError.unreadable(path: path, reason: String(cString: strerror(errno))) }
    var st = stat()
    guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else {
        close(fd)
        throw CSVError.unreadable(path: path, reason: "不是普通文件")
    }
    // Back to blocking reads: a regular file never blocks, and plain read(2) semantics are simpler.
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    return fd
}

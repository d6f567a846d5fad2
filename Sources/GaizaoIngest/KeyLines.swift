/// The keys a file has given so far, each with the line that gave it first: how a duplicate 项目编号 is found.
/// Each key is a record `[length][line, 3 bytes][key bytes]` in 1 MiB chunks that never move, under an
/// open-addressing table of 32-bit record addresses at most 70% full: about 20 bytes a key with nothing copied as
/// it grows. A
/// `[String: Int]` of a million keys peaked near 75 MB while it doubled (issue 18).
struct KeyLines {
    private static let chunkBits = 20
    private static let chunkSize = 1 << chunkBits
    private var chunks: [[UInt8]] = []
    /// 0 is an empty slot, otherwise a record's address (chunk << 20 | offset; offset 0 of chunk 0 is never used).
    /// Any size, not a power of two, so a million keys need 1.4 million slots rather than 2.1 million.
    private var slots = [UInt32](repeating: 0, count: 1024)
    /// Keys over 255 bytes (a composite key of long texts) and keys first seen past line 16,777,215 (a hostile
    /// file of quoted line breaks), which the records cannot hold: kept plainly.
    private var plain: [String: Int] = [:]

    private(set) var count = 0

    /// The line that gave `key` first, or nil after recording `line` as that line.
    mutating func firstLine(of key: String, else line: Int) -> Int? {
        var key = key
        if !plain.isEmpty, let earlier = plain[key] { return earlier }
        let recordable = key.utf8.count <= 255 && line < 1 << 24
        if key.utf8.count <= 255, let earlier = key.withUTF8({ firstLine(of: $0, else: recordable ? line : nil) }) {
            return earlier
        }
        if recordable { return nil }
        plain[key] = line
        count += 1
        return nil
    }

    /// The line recorded for `key`; when there is none, records `line` if given.
    private mutating func firstLine(of key: UnsafeBufferPointer<UInt8>, else line: Int?) -> Int? {
        var slot = Self.slot(Self.hash(key), of: slots.count)
        while slots[slot] != 0 {
            let (chunk, offset) = Self.locate(slots[slot])
            if let earlier = chunks[chunk].withUnsafeBufferPointer({ Self.line(ofRecordAt: offset, in: $0, ifKeyIs: key) }) {
                return earlier
            }
            slot += 1
            if slot == slots.count { slot = 0 }
        }
        guard let line else { return nil }
        slots[slot] = append(key, line: line)
        count += 1
        if count * 10 > slots.count * 7 { grow() }
        return nil
    }

    private static func locate(_ address: UInt32) -> (chunk: Int, offset: Int) {
        (Int(address) >> chunkBits, Int(address) & (chunkSize - 1))
    }

    private static func line(ofRecordAt offset: Int, in chunk: UnsafeBufferPointer<UInt8>, ifKeyIs key: UnsafeBufferPointer<UInt8>) -> Int? {
        guard Int(chunk[offset]) == key.count else { return nil }
        let start = offset + 4
        for i in 0..<key.count where chunk[start + i] != key[i] { return nil }
        return (0..<3).reduce(0) { $0 | Int(chunk[offset + 1 + $1]) << (8 * $1) }
    }

    private mutating func append(_ key: UnsafeBufferPointer<UInt8>, line: Int) -> UInt32 {
        let size = 4 + key.count
        if chunks.isEmpty || chunks[chunks.count - 1].count + size > Self.chunkSize {
            // Keys past 4 GiB cannot be addressed; ingest caps a file at 2 GiB.
            precondition(chunks.count < 1 << (32 - Self.chunkBits), "key table full")
            var chunk: [UInt8] = []
            chunk.reserveCapacity(Self.chunkSize)
            if chunks.isEmpty { chunk.append(0) }
            chunks.append(chunk)
        }
        let c = chunks.count - 1
        let address = UInt32(c << Self.chunkBits | chunks[c].count)
        chunks[c].append(UInt8(key.count))
        for shift in [0, 8, 16] { chunks[c].append(UInt8(truncatingIfNeeded: line >> shift)) }
        chunks[c].append(contentsOf: key)
        return address
    }

    /// `hash` onto 0..<n without a modulo (Lemire's multiply-shift).
    private static func slot(_ hash: Int, of n: Int) -> Int {
        Int(UInt64(UInt(bitPattern: hash)).multipliedFullWidth(by: UInt64(n)).high)
    }

    /// A seeded hash, so no file can be made to collide on purpose.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var h = Hasher()
        h.combine(bytes: UnsafeRawBufferPointer(key))
        return h.finalize()
    }

    private mutating func grow() {
        var table = [UInt32](repeating: 0, count: slots.count * 3 / 2)
        for address in slots where address != 0 {
            let (c, offset) = Self.locate(address)
            let h = chunks[c].withUnsafeBufferPointer { chunk in
                Self.hash(UnsafeBufferPointer(rebasing: chunk[(offset + 4)..<(offset + 4 + Int(chunk[offset]))]))
            }
            var slot = Self.slot(h, of: table.count)
            while table[slot] != 0 { slot = slot + 1 == table.count ? 0 : slot + 1 }
            table[slot] = address
        }
        slots = table
    }
}

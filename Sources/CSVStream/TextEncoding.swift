#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The encodings a submission may arrive in; detection tries them in this order.
public enum TextEncoding: String, Sendable, Codable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8-BOM"
    case gb18030 = "GB18030"
}

/// Why a byte stream could not be decoded: the offset of the first byte no supported encoding accepts.
public struct DecodingFailure: Error, Sendable, Equatable {
    public let offset: Int
    public let byte: UInt8
}

/// Incremental UTF-8 validator: feed chunks, learn the offset of the first invalid byte.
struct UTF8Validator {
    private var need = 0          // continuation bytes still expected
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    private var sequenceStart = 0
    private(set) var consumed = 0

    /// Returns the absolute offset of the first invalid byte, or nil.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if need == 0 {
                // Fast path over ASCII runs.
                if b < 0x80 { i += 1; continue }
                sequenceStart = consumed + i
                switch b {
                case 0xC2...0xDF: need = 1; lower = 0x80; upper = 0xBF
                case 0xE0: need = 2; lower = 0xA0; upper = 0xBF
                case 0xE1...0xEC, 0xEE...0xEF: need = 2; lower = 0x80; upper = 0xBF
                case 0xED: need = 2; lower = 0x80; upper = 0x9F
                case 0xF0: need = 3; lower = 0x90; upper = 0xBF
                case 0xF1...0xF3: need = 3; lower = 0x80; upper = 0xBF
                case 0xF4: need = 3; lower = 0x80; upper = 0x8F
                default: return consumed + i
                }
            } else {
                if b < lower || b > upper { return sequenceStart }
                lower = 0x80; upper = 0xBF
                need -= 1
            }
            i += 1
        }
        consumed += n
        return nil
    }

    /// An unfinished sequence at end of input is invalid.
    func finish() -> Int? { need == 0 ? nil : sequenceStart }
}

/// GB18030 → UTF-8 through glibc iconv, chunk by chunk (a multi-byte character may straddle chunks).
final class GB18030Transcoder {
    private let cd: iconv_t
    private var carry: [UInt8] = []
    private var consumed = 0
    private var output: [UInt8]

    init?() {
        let cd = iconv_open("UTF-8", "GB18030")
        if cd == iconv_t(bitPattern: -1) { return nil }
        self.cd = cd!
        output = [UInt8](repeating: 0, count: 1 << 16)
    }

    deinit { iconv_close(cd) }

    /// Transcodes `input` (plus any carried partial character); calls `sink` with UTF-8 pieces.
    func feed(_ input: UnsafeRawBufferPointer, final: Bool,
              sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        var data = carry
        data.append(contentsOf: input)
        carry.removeAll(keepingCapacity: true)
        let total = data.count
        var failure: DecodingFailure?
        try data.withUnsafeMutableBytes { inBuf in
            var inPtr = inBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
            var inLeft = total
            while inLeft > 0 {
                var produced = 0
                // errno is read right after iconv: the sink parses cells, and anything it calls may set errno
                // (a full output buffer, E2BIG, was once taken for a bad byte that way).
                let err: Int32? = output.withUnsafeMutableBytes { outBuf in
                    var outPtr = outBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuf.count
                    let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    let failed = r == Int.max || r == -1
                    let code = errno
                    produced = outBuf.count - outLeft
                    return failed ? code : nil
                }
                if produced > 0 {
                    try output.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
                }
                if let err {
                    if err == E2BIG { continue }
                    let at = total - inLeft
                    if err == EINVAL && !final {
                        carry.append(contentsOf: inBuf[at..<total])
                        inLeft = 0
                        break
                    }
                    failure = DecodingFailure(offset: consumed - (total - input.count) + at,
                                              byte: inBuf[at])
                    return
                }
            }
        }
        consumed += input.count
        if let failure { throw failure }
    }
}

/// Bytes as text: UTF-8 if they are valid UTF-8, else GB18030 (a Windows zip unpacked on Linux leaves GBK file
/// names), else nil.
public func decodeName(_ bytes: [UInt8]) -> String? {
    if let s = String(validating: bytes, as: UTF8.self) { return s }
    guard let transcoder = GB18030Transcoder() else { return nil }
    var out: [UInt8] = []
    do {
        try bytes.withUnsafeBytes { raw in
            try transcoder.feed(raw, final: true) { out.append(contentsOf: $0) }
        }
    } catch {
        return nil
    }
    return String(validating: out, as: UTF8.self)
}

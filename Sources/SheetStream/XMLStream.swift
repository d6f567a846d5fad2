import Cexpat
import Foundation

/// Why an XML part could not be read.
public struct XMLStreamError: Error, CustomStringConvertible, Sendable {
    public var line: Int
    public var message: String
    public var description: String { "第 \(line) 行：\(message)" }
}

/// The events of a streamed XML part, with element names stripped of any namespace prefix (`x:c` is `c`); each
/// part's reader subclasses it. A class, not a protocol, so expat's callbacks reach it through its user data
/// without a retain and release per event (a fifth of all cycles at a million rows).
class XMLEvents {
    /// Set by the document-type handler: why the part is refused.
    fileprivate var refusal: String?
    fileprivate var parser: XML_Parser?
    func start(_ name: XMLName, _ attributes: XMLAttributes) {}
    func end(_ name: XMLName) {}
    func text(_ bytes: UnsafeBufferPointer<UInt8>) {}
}

/// An element's local name, compared as bytes so a million cells allocate no Strings.
struct XMLName {
    let bytes: UnsafeBufferPointer<UInt8>

    init(_ qualified: UnsafePointer<CChar>) {
        let length = strlen(qualified)
        let all = UnsafeBufferPointer(start: UnsafeRawPointer(qualified).assumingMemoryBound(to: UInt8.self), count: length)
        if let colon = all.lastIndex(of: 0x3A) {
            bytes = UnsafeBufferPointer(rebasing: all[(colon + 1)...])
        } else {
            bytes = all
        }
    }

    func `is`(_ name: StaticString) -> Bool {
        name.withUTF8Buffer { $0.elementsEqual(bytes) }
    }
}

/// An element's attributes as expat hands them over (name, value, …, NULL); valid during `start` only.
struct XMLAttributes {
    let pairs: UnsafeMutablePointer<UnsafePointer<CChar>?>?

    /// The value of the attribute whose local name is `name` (`r:id` matches `id`).
    func value(_ name: StaticString) -> String? {
        guard let raw = bytes(name) else { return nil }
        return String(decoding: raw, as: UTF8.self)
    }

    /// Each attribute whose name is one letter (a cell's `r`, `s`, `t`), in one pass over the pairs: three
    /// `bytes(_:)` calls rescanned them all and measured every name.
    func forEachLetter(_ body: (UInt8, UnsafeBufferPointer<UInt8>) -> Void) {
        guard let pairs else { return }
        var i = 0
        while let key = pairs[i], let value = pairs[i + 1] {
            if key[0] != 0 && key[1] == 0 {
                body(UInt8(bitPattern: key[0]),
                     UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: strlen(value)))
            }
            i += 2
        }
    }

    func bytes(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let pairs else { return nil }
        var i = 0
        while let key = pairs[i] {
            defer { i += 2 }
            guard let value = pairs[i + 1] else { break }
            if XMLName(key).is(name) {
                return UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: strlen(value))
            }
        }
        return nil
    }
}

/// A push parser over libexpat that owns its `XML_Parser`. Document type declarations are refused outright: no
/// OOXML part has one, and refusing them shuts out entity expansion (the billion-laughs workbook) entirely.
final class XMLPushParser {
    private let parser: XML_Parser
    /// Held here for as long as the parser lives; the callbacks borrow it through the user data.
    private let events: XMLEvents

    init(events: XMLEvents) throws {
        guard let parser = XML_ParserCreate("UTF-8") else { throw XMLStreamError(line: 0, message: "无法创建 XML 解析器") }
        self.parser = parser
        self.events = events
        events.parser = parser
        XML_SetUserData(parser, Unmanaged.passUnretained(events).toOpaque())
        XML_SetElementHandler(parser, { user, name, attributes in
            guard let user, let name else { return }
            Unmanaged<XMLEvents>.fromOpaque(user)._withUnsafeGuaranteedRef { $0.start(XMLName(name), XMLAttributes(pairs: attributes)) }
        }, { user, name in
            guard let user, let name else { return }
            Unmanaged<XMLEvents>.fromOpaque(user)._withUnsafeGuaranteedRef { $0.end(XMLName(name)) }
        })
        XML_SetCharacterDataHandler(parser) { user, text, length in
            guard let user, let text, length > 0 else { return }
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: Int(length))
            Unmanaged<XMLEvents>.fromOpaque(user)._withUnsafeGuaranteedRef { $0.text(bytes) }
        }
        XML_SetStartDoctypeDeclHandler(parser) { user, _, _, _, _ in
            guard let user else { return }
            let me = Unmanaged<XMLEvents>.fromOpaque(user).takeUnretainedValue()
            me.refusal = "含有文档类型声明（DOCTYPE），不是 Excel 写出的工作表，未读取"
            if let parser = me.parser { XML_StopParser(parser, XML_FALSE) }
        }
    }

    deinit {
        events.parser = nil
        XML_ParserFree(parser)
    }

    /// Parses the next chunk; `final` after the last one.
    func feed(_ data: Data, final: Bool = false) throws {
        let status: XML_Status = data.withUnsafeBytes { raw in
            XML_Parse(parser, raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), final ? 1 : 0)
        }
        if let refusal = events.refusal { throw XMLStreamError(line: Int(XML_GetCurrentLineNumber(parser)), message: refusal) }
        guard status == XML_STATUS_OK else {
            let reason = XML_ErrorString(XML_GetErrorCode(parser)).map { String(cString: $0) } ?? "未知错误"
            throw XMLStreamError(line: Int(XML_GetCurrentLineNumber(parser)), message: "XML 格式错误（\(reason)）")
        }
    }
}

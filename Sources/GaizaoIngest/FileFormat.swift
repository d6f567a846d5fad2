import Foundation

/// What a file is, told by its first bytes rather than its name (a `.xls` may really be CSV or HTML).
enum FileFormat: Equatable {
    case text
    /// OOXML: a zip (`PK\x03\x04`) — .xlsx, .xlsm, and WPS's .xlsx.
    case workbook
    /// An OLE2 compound file (`D0 CF 11 E0`): BIFF8 .xls or WPS .et, or an encrypted OOXML package.
    case compound(encrypted: Bool)
    /// An HTML page of tables saved with an .xls name (Excel's 另存为网页, many systems' downloads).
    case html
    /// SpreadsheetML 2003 XML saved with an .xls name.
    case markup

    static func sniff(path: String) -> FileFormat {
        guard let handle = FileHandle(forReadingAtPath: path) else { return .text }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 512)) ?? Data()
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .workbook }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return .compound(encrypted: containsEncryptedPackage(handle, head: head))
        }
        var text = head
        if text.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst(3) }
        let start = String(decoding: text.prefix(256), as: UTF8.self).lowercased().drop { $0.isWhitespace }
        if start.hasPrefix("<html") || start.hasPrefix("<!doctype html") || start.hasPrefix("<table") || start.hasPrefix("<meta") {
            return .html
        }
        if start.hasPrefix("<?xml") && (start.contains("<workbook") || start.contains("urn:schemas-microsoft-com:office:spreadsheet")) {
            return .markup
        }
        return .text
    }

    /// An encrypted OOXML package is an OLE2 file with an `EncryptedPackage` stream; its name is in the directory,
    /// stored as UTF-16LE. The first 64 MiB are searched (directory sectors of real files sit well within).
    private static func containsEncryptedPackage(_ handle: FileHandle, head: Data) -> Bool {
        let needle = Data("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        var window = head
        var read = head.count
        while read < 64 << 20 {
            if window.range(of: needle) != nil { return true }
            guard let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty else { return false }
            window = window.suffix(needle.count) + chunk
            read += chunk.count
        }
        return window.range(of: needle) != nil
    }
}

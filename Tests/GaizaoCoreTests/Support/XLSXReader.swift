import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads an .xlsx back for assertions: sheet names, cells with their types and number formats.
struct XLSXReader {
    struct CellValue: Equatable {
        /// `n` number, `s` shared string, `inlineStr`, `str`, `b`.
        var type: String
        var value: String
        var numberFormat: String
    }

    let archive: Archive
    let sheetNames: [String]
    private let sheetPaths: [String: String]
    private let sharedStrings: [String]
    private let formats: [String]   // cellXfs index → format code

    init(path: String) throws {
        archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        let wb = try XMLTree(data: try XLSXReader.entry(archive, "xl/workbook.xml"))
        let rels = try XMLTree(data: try XLSXReader.entry(archive, "xl/_rels/workbook.xml.rels"))
        var targets: [String: String] = [:]
        for r in rels.all("Relationship") { targets[r.attributes["Id"] ?? ""] = r.attributes["Target"] }
        var names: [String] = []
        var paths: [String: String] = [:]
        for s in wb.all("sheet") {
            let name = s.attributes["name"] ?? ""
            names.append(name)
            let target = targets[s.attributes["r:id"] ?? ""] ?? ""
            paths[name] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        sheetNames = names
        sheetPaths = paths
        if let data = try? XLSXReader.entry(archive, "xl/sharedStrings.xml") {
            sharedStrings = try XMLTree(data: data).all("si").map { $0.text }
        } else {
            sharedStrings = []
        }
        let styles = try XMLTree(data: try XLSXReader.entry(archive, "xl/styles.xml"))
        var codes: [String: String] = ["0": "General", "3": "#,##0", "4": "#,##0.00", "9": "0%", "10": "0.00%"]
        for f in styles.all("numFmt") { codes[f.attributes["numFmtId"] ?? ""] = f.attributes["formatCode"] }
        let cellXfs = styles.all("cellXfs").first?.children.filter { $0.name == "xf" } ?? []
        formats = cellXfs.map { codes[$0.attributes["numFmtId"] ?? "0"] ?? "General" }
    }

    static func entry(_ archive: Archive, _ path: String) throws -> Data {
        guard let e = archive[path] else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        var data = Data()
        _ = try archive.extract(e) { data.append($0) }
        return data
    }

    func sheetPath(_ name: String) -> String? { sheetPaths[name] }

    func xml(ofSheet name: String) throws -> XMLTree {
        try XMLTree(data: try XLSXReader.entry(archive, sheetPaths[name]!))
    }

    /// Cells of a sheet keyed by reference (`A1`).
    func cells(_ sheet: String) throws -> [String: CellValue] {
        var out: [String: CellValue] = [:]
        for c in try xml(ofSheet: sheet).all("c") {
            let type = c.attributes["t"] ?? "n"
            var value = c.children.first { $0.name == "v" }?.text ?? ""
            if type == "s", let i = Int(value) { value = sharedStrings[i] }
            if type == "inlineStr" { value = c.children.first { $0.name == "is" }?.text ?? "" }
            let style = Int(c.attributes["s"] ?? "0") ?? 0
            out[c.attributes["r"] ?? ""] = CellValue(type: type, value: value,
                                                     numberFormat: style < formats.count ? formats[style] : "General")
        }
        return out
    }

    /// Paths of entries whose name contains `fragment` (charts, drawings).
    func entries(containing fragment: String) -> [String] {
        archive.map(\.path).filter { $0.contains(fragment) }.sorted()
    }
}

/// A minimal DOM over XMLParser, enough for sheet XML.
final class XMLTree: NSObject, XMLParserDelegate {
    final class Node {
        let name: String
        let attributes: [String: String]
        var children: [Node] = []
        var ownText = ""
        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }
        var text: String { ownText + children.map(\.text).joined() }
    }

    let root = Node(name: "#root", attributes: [:])
    private var stack: [Node] = []

    init(data: Data) throws {
        super.init()
        stack = [root]
        let parser = XMLParser(data: data)
        parser.delegate = self
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        let n = Node(name: name, attributes: attributes)
        stack.last!.children.append(n)
        stack.append(n)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last!.ownText += string }

    func all(_ name: String) -> [Node] { root.all(name) }
}

extension XMLTree.Node {
    /// This node and its descendants named `name`, in document order.
    func all(_ name: String) -> [XMLTree.Node] {
        var out: [XMLTree.Node] = []
        func walk(_ n: XMLTree.Node) {
            if n.name == name { out.append(n) }
            n.children.forEach(walk)
        }
        walk(self)
        return out
    }
}

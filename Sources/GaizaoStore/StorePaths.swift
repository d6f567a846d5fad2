#if canImport(Glibc)
import GaizaoModel
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The lock or store path cannot be used at all — no other process is involved: say what is really wrong.
public struct StoreUnusable: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path)：\(reason)" }

    package init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// The reason for a failed open(2) or mkdir(2), in words a clerk can act on.
    package static func reason(errno code: Int32, path: String) -> String {
        switch code {
        case EACCES, EPERM: return "没有权限（请检查该文件及其目录的属主和权限，或以有权限的用户运行）"
        case EROFS: return "所在文件系统只读，无法写入"
        case EISDIR: return "这是一个目录，不是文件；请用 --store 指定一个文件"
        case ENOTDIR: return "路径中有一段不是目录"
        case ENOSPC: return "磁盘已满"
        default: return String(cString: strerror(code))
        }
    }
}

/// Creates the folder `path` lies in, if it has one (`--store w.sqlite` has none).
package func ensureParentFolder(of path: String) throws {
    let parent = (path as NSString).deletingLastPathComponent
    guard !parent.isEmpty else { return }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory) {
        if !isDirectory.boolValue { throw StoreUnusable(path: parent, reason: StoreUnusable.reason(errno: ENOTDIR, path: parent)) }
        return
    }
    do {
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    } catch {
        throw StoreUnusable(path: parent, reason: "无法创建目录：" + StoreUnusable.reason(errno: errno == 0 ? EACCES : errno, path: parent))
    }
}

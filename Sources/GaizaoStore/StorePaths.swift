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
    package static func reason(errno code: Int32) -> String {
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
        if !isDirectory.boolValue { throw StoreUnusable(path: parent, reason: StoreUnusable.reason(errno: ENOTDIR)) }
        return
    }
    do {
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    } catch {
        // Foundation reports the failed mkdir as an NSError; errno is not guaranteed to still hold its code here.
        let ns = error as NSError
        let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError
        let code = [ns, underlying].compactMap { $0 }.first { $0.domain == NSPOSIXErrorDomain }.map { Int32($0.code) }
        throw StoreUnusable(path: parent, reason: "无法创建目录：" + (code.map(StoreUnusable.reason(errno:)) ?? ns.localizedDescription))
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a run could not take the warehouse.
public struct LockBusy: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var holder: String

    public var description: String { "数据仓库正被另一个 gaizao 进程使用（\(holder)），锁文件：\(path)；请稍后再试，或用 --wait 秒数 等待" }
}

/// The lock or store path cannot be used at all — no other process is involved: say what is really wrong.
public struct StoreUnusable: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String
    public var description: String { "\(path)：\(reason)" }

    /// The reason for a failed open(2) or mkdir(2), in words a clerk can act on.
    static func reason(errno code: Int32, path: String) -> String {
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
func ensureParentFolder(of path: String) throws {
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

/// An exclusive lock on one warehouse (`<store>.lock`), so two runs never interleave. It is an flock(2): the
/// kernel drops it when the holder exits or is killed, so a stale lock file never blocks the next run.
public final class RunLock {
    public let path: String
    private let fd: Int32

    /// Takes the lock, waiting up to `wait` seconds; throws `LockBusy` naming the holder's PID and start time.
    public init(store: String, wait: Double = 0) throws {
        path = store + ".lock"
        try ensureParentFolder(of: path)
        // O_NOFOLLOW: a lock path planted as a symlink is refused, not followed.
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else {
            let code = errno
            throw StoreUnusable(path: path, reason: "锁文件无法打开：" + StoreUnusable.reason(errno: code, path: path))
        }
        let deadline = Date().addingTimeInterval(wait)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code != EWOULDBLOCK && code != EINTR {
                close(fd)
                throw StoreUnusable(path: path, reason: "无法加锁：" + StoreUnusable.reason(errno: code, path: path))
            }
            if Date() >= deadline {
                let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
                close(fd)
                throw LockBusy(path: path, holder: holder.flatMap { $0.isEmpty ? nil : $0 } ?? "进程未知")
            }
            usleep(100_000)
        }
        // We hold it: record who we are for the next one that has to wait.
        let stamp = ISO8601DateFormatter().string(from: Date())
        let text = "PID \(getpid())，开始于 \(stamp)\n"
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        try? handle.truncate(atOffset: 0)
        try? handle.write(contentsOf: Data(text.utf8))
    }

    deinit {
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }
}

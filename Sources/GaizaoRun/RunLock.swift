import Foundation
import GaizaoCompute
import GaizaoIngest
import GaizaoModel
import GaizaoPipeline
import GaizaoReport
import GaizaoStore
import GaizaoValidate
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
            throw StoreUnusable(path: path, reason: "锁文件无法打开：" + StoreUnusable.reason(errno: code))
        }
        let deadline = Date().addingTimeInterval(wait)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code != EWOULDBLOCK && code != EINTR {
                close(fd)
                throw StoreUnusable(path: path, reason: "无法加锁：" + StoreUnusable.reason(errno: code))
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

import Foundation

extension Array where Element: Sendable {
    /// `map` spread over the machine's cores, results in input order. For independent, I/O-and-CPU-bound work
    /// such as hashing every file of a month.
    package func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        let results = ResultSlots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in results.set(i, transform(self[i])) }
        return results.values
    }
}

/// Result slots filled from several threads under one lock.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {   // `slots` is guarded by `lock`
    private let lock = NSLock()
    private var slots: [T?]

    package init(count: Int) { slots = Array(repeating: nil, count: count) }

    package func set(_ i: Int, _ value: T) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }

    package var values: [T] { lock.lock(); defer { lock.unlock() }; return slots.compactMap { $0 } }   // every slot is filled before values is read
}

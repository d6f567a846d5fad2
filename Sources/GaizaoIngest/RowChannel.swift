import Foundation
import GaizaoModel
import GaizaoStore

/// A bounded queue between the thread that reads a file and the one that writes its rows to the warehouse,
/// so parsing and SQLite work on the two cores at once. Items arrive in order; the reader's report comes last.
final class RowChannel: @unchecked Sendable {   // all state is guarded by `condition`
    enum Item: Sendable {
        /// The header named the template: create its table before the first rows.
        case template(Template)
        case rows(RowBatch)
    }

    /// The writer gave up (a SQLite error); the reader stops at its next send.
    struct Cancelled: Error {}

    private let condition = NSCondition()
    private var items: [Item] = []
    private var outcome: Result<FileReport, Error>?
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int = 3) { self.capacity = capacity }

    func send(_ item: Item) throws {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        items.append(item)
        condition.broadcast()
    }

    /// The reader is done: its report, or the error that stopped it.
    func finish(_ result: Result<FileReport, Error>) {
        condition.lock()
        outcome = result
        condition.broadcast()
        condition.unlock()
    }

    /// The next item, or nil once the reader has finished and everything sent was taken.
    func receive() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && outcome == nil { condition.wait() }
        guard !items.isEmpty else { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// Stops the reader and waits for it to finish.
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        while outcome == nil { condition.wait() }
        condition.unlock()
    }

    /// The reader's result; call after `receive` returned nil.
    func result() throws -> FileReport {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let outcome { return try outcome.get() }
            condition.wait()
        }
    }
}

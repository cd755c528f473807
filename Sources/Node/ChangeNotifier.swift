import EventLog
import Foundation

/// ChangeNotifier tells waiting long-polls and pushers that the log has grown, whichever process
/// wrote to it: besides in-process pokes, a watcher thread reads the log's insertion counter on a
/// connection of its own every few milliseconds, so a `samverkan append` from the CLI is served
/// promptly too.
final class ChangeNotifier: @unchecked Sendable {
    // @unchecked: every stored var is read and written only while `condition` is locked.
    private let condition = NSCondition()
    private var token: Int64
    private var isWatching = true
    private let watcherDone = DispatchSemaphore(value: 0)

    /// Starts watching the log file at `path` (when given), beginning at `token`.
    init(path: String?, token: Int64, pollMillis: Int = 20) {
        self.token = token
        guard let path else {
            isWatching = false
            watcherDone.signal()
            return
        }
        let thread = Thread { [self] in watch(path: path, pollMillis: pollMillis) }
        thread.name = "samverkan.change-watcher"
        thread.start()
    }

    /// The current token (the log's highest insertion number as last seen).
    var current: Int64 {
        condition.lock()
        defer { condition.unlock() }
        return token
    }

    /// Raises the token and wakes every waiter when `newToken` is higher.
    func update(_ newToken: Int64) {
        condition.lock()
        if newToken > token {
            token = newToken
            condition.broadcast()
        }
        condition.unlock()
    }

    /// Waits until the token exceeds `after` or `timeoutMillis` pass; returns the token.
    func wait(after: Int64, timeoutMillis: Int) -> Int64 {
        let deadline = Date().addingTimeInterval(Double(timeoutMillis) / 1000)
        condition.lock()
        defer { condition.unlock() }
        while token <= after {
            if !condition.wait(until: deadline) { break }
        }
        return token
    }

    /// Stops the watcher thread and wakes every waiter.
    func stop() {
        condition.lock()
        isWatching = false
        condition.broadcast()
        condition.unlock()
        _ = watcherDone.wait(timeout: .now() + 2)
        watcherDone.signal()
    }

    private func watch(path: String, pollMillis: Int) {
        defer { watcherDone.signal() }
        guard let database = try? Database(path: path, create: false, durability: .normal) else { return }
        defer { database.close() }
        while true {
            condition.lock()
            let keepGoing = isWatching
            condition.unlock()
            guard keepGoing else { return }
            if let latest = try? database.int64("SELECT max(id) FROM events") { update(latest) }
            usleep(UInt32(pollMillis * 1000))
        }
    }
}

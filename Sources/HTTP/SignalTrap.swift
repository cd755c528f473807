import Foundation
import Glibc
import Synchronization

/// SignalTrap turns signals such as SIGINT and SIGTERM into a call of your choosing, such as a graceful shutdown.
///
/// The process-wide signal handler only writes the signal number to a pipe (the one
/// async-signal-safe thing worth doing); a dedicated thread reads the pipe and calls the
/// handlers as ordinary code. This is used instead of dispatch signal sources because on
/// Linux those lose signals when a second source is created for the same signal.
/// Keep the trap alive for as long as the signals should be caught.
public final class SignalTrap: Sendable {
    private let id: Int

    /// Installs the trap; `handler` runs on the signal thread with the signal number, once per delivery.
    ///
    /// Signals stay caught (and ignored if no trap wants them) after the trap is cancelled,
    /// so a late SIGTERM never kills a process that meant to shut down gracefully.
    public init(signals: [Int32] = [SIGINT, SIGTERM], handler: @escaping @Sendable (Int32) -> Void) {
        id = SignalDispatcher.shared.register(signals: signals, handler: handler)
    }

    /// Installs a trap that shuts `server` down gracefully on the first SIGINT or SIGTERM.
    ///
    /// Shutdown blocks for up to the grace period, so it runs on a thread of its own rather
    /// than on the signal thread; a second signal while it runs changes nothing.
    public static func shuttingDown(
        _ server: HTTPServer, graceSeconds: Double = 10, signals: [Int32] = [SIGINT, SIGTERM]
    ) -> SignalTrap {
        SignalTrap(signals: signals) { _ in
            guard !server.isShuttingDown else { return }
            Thread.detachNewThread { server.shutdown(graceSeconds: graceSeconds) }
        }
    }

    /// Stops calling this trap's handler.
    public func cancel() {
        SignalDispatcher.shared.unregister(id: id)
    }

    deinit {
        cancel()
    }
}

/// The self-pipe the signal handler writes to; created before any handler is installed.
private let signalPipe: (read: Int32, write: Int32) = {
    var fds: [Int32] = [-1, -1]
    guard pipe(&fds) == 0 else { fatalError("SignalTrap: pipe failed with errno \(errno)") }
    // Non-blocking writes: a flood of signals must never block inside the handler.
    _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
    _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
    _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
    return (fds[0], fds[1])
}()

/// SignalDispatcher owns the process-wide handlers and the thread that calls the traps.
private final class SignalDispatcher: Sendable {
    static let shared = SignalDispatcher()

    private struct State {
        var traps: [Int: (signals: [Int32], handler: @Sendable (Int32) -> Void)] = [:]
        var installed: Set<Int32> = []
        var nextID = 0
        var isThreadStarted = false
    }

    private let state = Mutex(State())

    func register(signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) -> Int {
        _ = signalPipe  // initialize before any handler can run: lazy globals are not signal-safe
        let (id, newSignals, startThread) = state.withLock { state in
            state.nextID += 1
            state.traps[state.nextID] = (signals, handler)
            let newSignals = Set(signals).subtracting(state.installed)
            state.installed.formUnion(newSignals)
            defer { state.isThreadStarted = true }
            return (state.nextID, newSignals, !state.isThreadStarted)
        }
        if startThread {
            let thread = Thread { SignalDispatcher.shared.run() }
            thread.name = "signal-trap"
            thread.start()
        }
        for number in newSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                let savedErrno = errno
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipe.write, &byte, 1)
                errno = savedErrno
            }
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, nil)
        }
        return id
    }

    func unregister(id: Int) {
        _ = state.withLock { $0.traps.removeValue(forKey: id) }
    }

    /// Reads signal numbers from the pipe forever and calls the traps that asked for them.
    private func run() {
        var byte: UInt8 = 0
        while true {
            guard (try? systemCall("read signal pipe") { read(signalPipe.read, &byte, 1) }) == 1 else { continue }
            let number = Int32(byte)
            let handlers = state.withLock { state in
                state.traps.values.filter { $0.signals.contains(number) }.map(\.handler)
            }
            for handler in handlers { handler(number) }
        }
    }
}

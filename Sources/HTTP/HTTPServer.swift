import Foundation
import Glibc
import Synchronization

/// HTTPServer serves HTTP/1.1 over POSIX sockets with one thread per connection.
///
/// Blocking work never runs on Swift's cooperative pool: an accept thread takes
/// connections and each gets a thread of its own, on which the responder is called
/// synchronously. Connections are kept alive and pipelined requests are answered in
/// order. Call `start()`, then `shutdown(graceSeconds:)` to stop; `SignalTrap` can call
/// it on SIGINT/SIGTERM.
public final class HTTPServer: Sendable {
    /// The address, limits and timeouts this server was created with.
    public let configuration: Configuration
    /// Triggered when shutdown begins, so that blocking responders can answer early.
    public let shutdownSignal = HTTPShutdownSignal()
    let responder: any HTTPResponder

    enum Phase { case created, running, stopping, stopped }

    struct State {
        var phase = Phase.created
        var boundPort = 0
        /// Open connections by id, so that a forced shutdown can wake them.
        var connections: [Int: Socket] = [:]
        var nextConnectionID = 0
        /// Written to once at shutdown; every poller watching the read end wakes.
        var wakeupPipe: (read: Int32, write: Int32)?
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    let state = Mutex(State())
    let acceptThreadFinished = DispatchSemaphore(value: 0)

    /// Creates a server; nothing is bound until `start()`.
    public init(configuration: Configuration = Configuration(), responder: some HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
    }

    deinit {
        // Threads hold the server strongly, so when this runs none of them can still poll the pipe.
        if let pipe = state.withLock({ $0.wakeupPipe }) {
            Glibc.close(pipe.read)
            Glibc.close(pipe.write)
        }
    }

    /// The port the server listens on, known after `start()` even when port 0 was asked for.
    public var boundPort: Int { state.withLock { $0.boundPort } }

    /// Whether shutdown has begun.
    public var isShuttingDown: Bool { shutdownSignal.isTriggered }

    /// Binds the listening socket and starts accepting connections.
    ///
    /// Ignores SIGPIPE for the whole process: a write to a client that has gone away must
    /// fail with an error, never kill the node.
    public func start() throws(IOError) {
        signal(SIGPIPE, SIG_IGN)
        var fds: [Int32] = [0, 0]
        try systemCall("pipe") { pipe(&fds) }
        let listener: Socket
        let port: Int
        do {
            listener = try Socket.listen(
                host: configuration.host, port: configuration.port, backlog: configuration.backlog)
            port = try listener.localPort()
        } catch {
            Glibc.close(fds[0])
            Glibc.close(fds[1])
            throw error
        }
        let started = state.withLock { state -> Bool in
            guard state.phase == .created else { return false }
            state.phase = .running
            state.boundPort = port
            state.wakeupPipe = (fds[0], fds[1])
            return true
        }
        guard started else {
            listener.close()
            Glibc.close(fds[0])
            Glibc.close(fds[1])
            throw IOError(errnoCode: EALREADY, reason: "start HTTP server (already started or stopped)")
        }
        let wakeupRead = fds[0]
        let thread = Thread { [self] in acceptLoop(listener: listener, wakeup: wakeupRead) }
        thread.name = "http-accept"
        thread.start()
    }

    /// Stops the server: stop accepting, let in-flight requests finish, then force-close the rest.
    ///
    /// Blocks the caller for up to about `graceSeconds` plus one second, so call it from a
    /// thread of its own, never from a responder. Connections close after their current
    /// response; idle ones close at once. Calling it again waits for the first call to finish.
    public func shutdown(graceSeconds: Double = 10) {
        let (isFirst, wakeupWrite) = state.withLock { state -> (Bool, Int32?) in
            switch state.phase {
            case .created:
                state.phase = .stopped
                return (false, nil)
            case .running:
                state.phase = .stopping
                return (true, state.wakeupPipe?.write)
            case .stopping, .stopped:
                return (false, nil)
            }
        }
        shutdownSignal.trigger()
        guard isFirst, let wakeupWrite else {
            waitWhile { $0.phase == .stopping }
            resumeStopWaiters()
            return
        }
        var byte: UInt8 = 1
        _ = try? systemCall("write wakeup pipe") { write(wakeupWrite, &byte, 1) }
        acceptThreadFinished.wait()
        let deadline = ContinuousClock.now + .milliseconds(Int(graceSeconds * 1000))
        waitWhile(until: deadline) { !$0.connections.isEmpty }
        // Whatever is still open is stuck on a slow client: shutting the socket down wakes
        // its thread, which then closes it. Closing here could hit a reused descriptor.
        state.withLock { state in
            for socket in state.connections.values { socket.shutdown(Int32(SHUT_RDWR)) }
        }
        waitWhile(until: .now + .seconds(1)) { !$0.connections.isEmpty }
        state.withLock { $0.phase = .stopped }
        resumeStopWaiters()
    }

    private func resumeStopWaiters() {
        let waiters = state.withLock { state in
            defer { state.stopWaiters = [] }
            return state.stopWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Suspends until the server has stopped, for a `serve` command's main task.
    public func waitUntilStopped() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isStopped = state.withLock { state -> Bool in
                if state.phase == .stopped { return true }
                state.stopWaiters.append(continuation)
                return false
            }
            if isStopped { continuation.resume() }
        }
    }

    private func waitWhile(until deadline: ContinuousClock.Instant? = nil, _ condition: (State) -> Bool) {
        while state.withLock({ condition($0) }) {
            if let deadline, ContinuousClock.now >= deadline { return }
            Thread.sleep(forTimeInterval: 0.005)
        }
    }
}

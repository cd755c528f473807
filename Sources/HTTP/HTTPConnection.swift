import Glibc

/// HTTPConnection serves one client connection on its own thread, from accept to close.
///
/// Created on the connection's thread and never shared, so it needs no locking. It reads,
/// feeds the parser, calls the responder for each complete request in order, and applies
/// the timeout that fits where the client is: idle, sending a head, or sending a body.
final class HTTPConnection {
    private let server: HTTPServer
    private let socket: Socket
    private let remoteAddress: String
    private let wakeupDescriptor: Int32
    /// Memory for reads, allocated once: a `let`, so reading into it needs no exclusivity check.
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)

    /// What changes from request to request, kept in `run()`'s frame and passed down `inout`: as stored
    /// properties of this class, every read and write of them was a dynamic exclusivity check (seven for
    /// each read of the socket, some 1,700 instructions per request in all).
    private struct State {
        var parser: HTTPRequestParser
        /// When the first byte of the request being parsed arrived; nil while idle.
        var requestStarted: ContinuousClock.Instant?
        var lastRead = ContinuousClock.now
        var idleSince = ContinuousClock.now
        /// Memory for the response being sent, reused from answer to answer.
        var sendStorage = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    }

    private var configuration: HTTPServer.Configuration { server.configuration }

    init(server: HTTPServer, socket: Socket, remoteAddress: String, wakeupDescriptor: Int32) {
        self.server = server
        self.socket = socket
        self.remoteAddress = remoteAddress
        self.wakeupDescriptor = wakeupDescriptor
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Serves requests until the client leaves, an error or timeout ends the connection, or shutdown.
    func run() {
        do {
            try socket.setSendTimeout(configuration.writeTimeout)
            // Responses go out as one or two sends; Nagle would only delay the second.
            try socket.setOption(Int32(IPPROTO_TCP), TCP_NODELAY, 1, "setsockopt TCP_NODELAY")
        } catch {
            return
        }
        var state = State(parser: HTTPRequestParser(limits: configuration.parserLimits))
        defer { state.sendStorage.deallocate() }
        while true {
            switch state.parser.next() {
            case .request(let request):
                guard serve(request, &state) else {
                    // Linger only when the client already sent more: otherwise it has nothing unread to lose,
                    // and lingering would hold graceful shutdown until the client gets round to closing.
                    return state.parser.bufferedByteCount > 0 ? lingeringClose() : socket.shutdown(Int32(SHUT_WR))
                }
            case .continueExpected:
                var sent = 0
                let interim = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
                guard (try? interim.withUnsafeBytes { try socket.sendAll($0, sent: &sent) }) != nil else { return }
            case .error(let error):
                let response = HTTPError(error.status, message: error.description).response
                _ = send(response, for: nil, keepAlive: false, &state)
                return lingeringClose()
            case .needMoreData:
                switch receive(&state) {
                case .received: continue
                case .closed: return
                case .requestTimedOut:
                    let response = HTTPError(.requestTimeout, message: "The request took too long to arrive.").response
                    _ = send(response, for: nil, keepAlive: false, &state)
                    return lingeringClose()
                }
            }
        }
    }

    /// Answers one request; returns whether the connection stays open.
    private func serve(_ request: HTTPRequest, _ state: inout State) -> Bool {
        let context = HTTPRequestContext(remoteAddress: remoteAddress, shutdownSignal: server.shutdownSignal)
        let response = server.responder.respond(to: request, context: context)
        // Checked after the responder: a request in flight at shutdown still gets its answer, then the close.
        let keepAlive = request.isKeepAlive && !server.isShuttingDown
        let isSent = send(response, for: request, keepAlive: keepAlive, &state)
        // Pipelined bytes already buffered start the next request's header deadline now.
        let now = ContinuousClock.now
        state.requestStarted = state.parser.bufferedByteCount > 0 ? now : nil
        state.idleSince = now
        return isSent && keepAlive
    }

    /// Sends a response and logs it; returns whether every byte was sent.
    ///
    /// `request` is nil when the answer is to bytes that never became a request (errors, timeouts).
    private func send(
        _ response: HTTPResponse, for request: HTTPRequest?, keepAlive: Bool, _ state: inout State
    ) -> Bool {
        let isLogged = configuration.logSink != nil
        // The clock is read only for the access log: nothing else needs the time here.
        let started = isLogged ? state.requestStarted ?? .now : nil
        var sent = 0
        var isComplete = true
        let sendsBody = response.sendsBody(for: request?.method ?? .get)
        // Small answers go in one segment; the copy is cheaper than a second packet.
        let joined = sendsBody && response.body.count <= 64 * 1024
        // One buffer for every answer of the connection, written through a pointer, so a response head costs
        // no allocation. Bodies over 64 KiB are sent on their own, so it grows past that only for a huge response
        // head, and such storage is let go rather than kept for the connection's lifetime.
        let needed = response.headSizeBound + (joined ? response.body.count : 0)
        if state.sendStorage.count < needed || (state.sendStorage.count > 256 * 1024 && needed <= 64 * 1024) {
            state.sendStorage.deallocate()
            state.sendStorage = .allocate(byteCount: max(needed, 4096), alignment: 16)
        }
        let storage = state.sendStorage
        var length = response.writeHead(to: storage, keepAlive: keepAlive, requestVersion: request?.version ?? .http1_1)
        if joined {
            response.body.withUnsafeBytes {
                storage.baseAddress!.advanced(by: length).copyMemory(from: $0.baseAddress!, byteCount: $0.count)
            }
            length += response.body.count
        }
        do {
            try socket.sendAll(UnsafeRawBufferPointer(rebasing: storage[0..<length]), sent: &sent)
            if sendsBody, !joined {
                try response.body.withUnsafeBytes { try socket.sendAll($0, sent: &sent) }
            }
        } catch {
            isComplete = false
        }
        // Nothing to build for a server that logs nowhere (the bench's in-process node).
        guard isLogged, let started else { return isComplete }
        let elapsed = ContinuousClock.now - started
        server.log(
            HTTPAccessLogEntry(
                method: request?.method.rawValue ?? "-", path: request?.path ?? "-", status: response.status.code,
                bytesSent: sent,
                durationMilliseconds: elapsed.seconds * 1000, remoteAddress: remoteAddress))
        return isComplete
    }

    private enum ReceiveOutcome {
        case received
        case closed
        case requestTimedOut
    }

    /// Waits for bytes under the timeout that fits the parser's progress, and feeds them to the parser.
    private func receive(_ state: inout State) -> ReceiveOutcome {
        while true {
            let progress = state.parser.progress
            if progress == .idle, server.isShuttingDown { return .closed }
            let deadline: ContinuousClock.Instant
            switch progress {
            case .idle: deadline = state.idleSince + configuration.idleTimeout
            case .head: deadline = (state.requestStarted ?? state.lastRead) + configuration.headerTimeout
            case .body: deadline = state.lastRead + configuration.bodyReadTimeout
            }
            let now = ContinuousClock.now
            if now >= deadline { return progress == .idle ? .closed : .requestTimedOut }
            // Once shutdown has begun the wakeup pipe stays readable; stop watching it or poll would spin.
            let watched = server.isShuttingDown ? nil : wakeupDescriptor
            guard let ready = try? socket.waitReadable(alsoWatching: watched, timeout: deadline - now) else {
                return .closed
            }
            guard ready.socket else { continue }
            guard let count = try? socket.receive(into: readBuffer), count > 0 else { return .closed }
            state.parser.append(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
            state.lastRead = .now
            if state.requestStarted == nil { state.requestStarted = state.lastRead }
            return .received
        }
    }

    /// Stops sending, then drains briefly before the thread closes the socket.
    ///
    /// Closing with unread input makes the kernel send a reset, which can destroy the final
    /// response (say a 413) before the client reads it; draining until the client closes avoids that.
    private func lingeringClose() {
        socket.shutdown(Int32(SHUT_WR))
        let deadline = ContinuousClock.now + .seconds(2)
        var drained = 0
        while drained < 4 * 1024 * 1024 {
            let now = ContinuousClock.now
            guard now < deadline, let ready = try? socket.waitReadable(alsoWatching: nil, timeout: deadline - now),
                ready.socket
            else { return }
            guard let count = try? socket.receive(into: readBuffer), count > 0 else { return }
            drained += count
        }
    }
}

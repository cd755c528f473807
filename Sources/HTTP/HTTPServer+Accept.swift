import Foundation
import Glibc

extension HTTPServer {
    /// Accepts connections until shutdown, giving each a thread or, beyond the cap, a 503.
    func acceptLoop(listener: Socket, wakeup: Int32) {
        defer {
            // Closing here, on the only thread that uses the listener, avoids racing a blocked accept.
            listener.close()
            acceptThreadFinished.signal()
        }
        while true {
            let ready: (socket: Bool, other: Bool)
            do {
                ready = try listener.waitReadable(alsoWatching: wakeup, timeout: .seconds(3600))
            } catch {
                return
            }
            if ready.other || isShuttingDown { return }
            guard ready.socket else { continue }
            let accepted: (socket: Socket, remoteAddress: String)
            do {
                accepted = try listener.accept()
            } catch {
                switch error.errnoCode {
                case ECONNABORTED, EAGAIN, EPROTO: continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    // Out of descriptors or memory: back off instead of spinning on a readable listener.
                    Thread.sleep(forTimeInterval: 0.05)
                    continue
                default: return
                }
            }
            admit(accepted.socket, remoteAddress: accepted.remoteAddress)
        }
    }

    private func admit(_ socket: Socket, remoteAddress: String) {
        let id = state.withLock { state -> Int? in
            guard state.phase == .running, state.connections.count < configuration.maxConnections else { return nil }
            state.nextConnectionID += 1
            state.connections[state.nextConnectionID] = socket
            return state.nextConnectionID
        }
        guard let id, let wakeup = state.withLock({ $0.wakeupPipe?.read }) else {
            refuse(socket, remoteAddress: remoteAddress)
            return
        }
        let thread = Thread { [self] in
            let connection = HTTPConnection(
                server: self, socket: socket, remoteAddress: remoteAddress, wakeupDescriptor: wakeup)
            connection.run()
            connectionFinished(id: id)
        }
        thread.stackSize = configuration.threadStackSize
        thread.name = "http-connection"
        thread.start()
    }

    /// Answers 503 on the accept thread and closes, without spawning a handler.
    ///
    /// Bytes the client already sent are drained first (without blocking), because closing a
    /// socket with unread input sends a reset that can destroy the 503 before it is read.
    private func refuse(_ socket: Socket, remoteAddress: String) {
        defer { socket.close() }
        try? socket.setSendTimeout(.seconds(1))
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        _ = scratch.withUnsafeMutableBytes { try? socket.receive(into: $0, flags: Int32(MSG_DONTWAIT)) }
        var response = HTTPError(.serviceUnavailable, message: "The server is at its connection limit; retry later.")
            .response
        response.headers.add(name: "Retry-After", value: "1")
        let bytes = response.serializedHead(keepAlive: false) + response.body
        var sent = 0
        _ = bytes.withUnsafeBytes { try? socket.sendAll($0, sent: &sent) }
        socket.shutdown(Int32(SHUT_WR))
        log(
            HTTPAccessLogEntry(
                method: "-", path: "-", status: response.status.code, bytesSent: sent, durationMilliseconds: 0,
                remoteAddress: remoteAddress))
    }

    /// Forgets and closes a connection, under the lock so a forced shutdown never touches a reused descriptor.
    private func connectionFinished(id: Int) {
        state.withLock { state in
            state.connections.removeValue(forKey: id)?.close()
        }
    }

    /// Sends one log line to the configured sink.
    func log(_ entry: HTTPAccessLogEntry) {
        configuration.logSink?(entry.jsonLine)
    }
}

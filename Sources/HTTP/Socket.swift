import Glibc

/// Socket is a thin value wrapper around a TCP socket descriptor; its owner decides when to close it.
struct Socket: Sendable, Hashable {
    let descriptor: Int32

    /// Creates a listening IPv4 socket bound to `host:port` with `SO_REUSEADDR`; port 0 picks a free port.
    static func listen(host: String, port: Int, backlog: Int32) throws(IOError) -> Socket {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port)).bigEndian
        let numericHost = host == "localhost" ? "127.0.0.1" : host
        guard inet_pton(AF_INET, numericHost, &address.sin_addr) == 1, (0...65535).contains(port) else {
            throw IOError(errnoCode: EINVAL, reason: "parse listen address \(host):\(port)")
        }
        let descriptor = try systemCall("socket") {
            Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        }
        let socket = Socket(descriptor: descriptor)
        do {
            try socket.setOption(SOL_SOCKET, SO_REUSEADDR, 1, "setsockopt SO_REUSEADDR")
            try systemCall("bind \(host):\(port)") {
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
            try systemCall("listen \(host):\(port)") { Glibc.listen(descriptor, backlog) }
        } catch {
            socket.close()
            throw error
        }
        return socket
    }

    /// The local port, read back with `getsockname` (needed after binding port 0).
    func localPort() throws(IOError) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try systemCall("getsockname") {
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Accepts one connection and returns it with the peer's address as `ip:port`.
    func accept() throws(IOError) -> (socket: Socket, remoteAddress: String) {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let accepted = try systemCall("accept") {
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.accept(descriptor, $0, &length)
                }
            }
        }
        // accept4 is not visible from Swift here; set close-on-exec so spawned processes don't inherit it.
        _ = try? systemCall("fcntl FD_CLOEXEC") { fcntl(accepted, F_SETFD, FD_CLOEXEC) }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        inet_ntop(AF_INET, &address.sin_addr, &text, socklen_t(text.count))
        let host = String(decoding: text.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (Socket(descriptor: accepted), "\(host):\(UInt16(bigEndian: address.sin_port))")
    }

    /// Receives up to `buffer.count` bytes; 0 means the peer closed its side.
    func receive(into buffer: UnsafeMutableRawBufferPointer, flags: Int32 = 0) throws(IOError) -> Int {
        try systemCall("recv") { recv(descriptor, buffer.baseAddress, buffer.count, flags) }
    }

    /// Sends every byte, or throws; `MSG_NOSIGNAL` keeps a vanished peer from raising SIGPIPE.
    ///
    /// A send blocked longer than the socket's send timeout fails with `EAGAIN`, so a client
    /// that stops reading cannot hold the connection thread forever.
    func sendAll(_ bytes: UnsafeRawBufferPointer, sent: inout Int) throws(IOError) {
        var offset = 0
        while offset < bytes.count {
            let count = try systemCall("send") {
                send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            offset += count
            sent += count
        }
    }

    /// Sets an integer socket option.
    func setOption(_ level: Int32, _ name: Int32, _ value: Int32, _ reason: String) throws(IOError) {
        var value = value
        try systemCall(reason) {
            setsockopt(descriptor, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// Sets `SO_SNDTIMEO`, bounding how long one `send` may block.
    func setSendTimeout(_ timeout: Duration) throws(IOError) {
        let microseconds = max(1, timeout.milliseconds) * 1000
        var value = timeval(tv_sec: microseconds / 1_000_000, tv_usec: microseconds % 1_000_000)
        try systemCall("setsockopt SO_SNDTIMEO") {
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        }
    }

    /// Waits until the socket (or the extra descriptor) is readable; returns false on timeout.
    ///
    /// - Returns: which of the two became readable; both false means the timeout passed.
    func waitReadable(alsoWatching other: Int32?, timeout: Duration) throws(IOError) -> (socket: Bool, other: Bool) {
        // On the stack, not in an array: this runs before every request of a keep-alive connection.
        var fds = (
            pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
            pollfd(fd: other ?? -1, events: Int16(POLLIN), revents: 0)
        )
        let count = nfds_t(other == nil ? 1 : 2)
        let milliseconds = Int32(clamping: max(0, timeout.milliseconds))
        let ready = try systemCall("poll") {
            withUnsafeMutableBytes(of: &fds) { poll($0.baseAddress!.assumingMemoryBound(to: pollfd.self), count, milliseconds) }
        }
        guard ready > 0 else { return (false, false) }
        // Errors and hang-ups count as readable: the next recv reports them.
        return (fds.0.revents != 0, other != nil && fds.1.revents != 0)
    }

    /// Shuts down one or both directions, waking any thread blocked on this socket.
    func shutdown(_ how: Int32) {
        _ = try? systemCall("shutdown") { Glibc.shutdown(descriptor, how) }
    }

    /// Closes the descriptor; never retried, because Linux releases it even on `EINTR`.
    func close() {
        _ = try? systemCall("close", retryOnInterrupt: false) { Glibc.close(descriptor) }
    }
}

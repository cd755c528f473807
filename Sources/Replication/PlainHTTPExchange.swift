import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One blocking HTTP/1.1 request and answer over plain TCP (`Connection: close`), for `http://` peers.
///
/// Why not URLSession there: on Linux (swift-corelibs-foundation, still in Swift 6.3.1) a connection
/// that closes after the status line but before the end of the header block ends in
/// `fatalError("Transfer completed, but there's no response.")` (NativeProtocol.swift:240,
/// swift-corelibs-foundation#5285), so a connection cut at that moment by the network or by a peer
/// killed the whole node. The partition harness hit it. Here such a cut is an `unreachable` error.
/// `https://` peers still go through URLSession (TLS).
struct PlainHTTPExchange {
    let host: String
    let port: Int
    /// Inactivity limit of connecting, sending and each read, in seconds.
    let timeout: Double
    /// Limit of the whole exchange, in seconds.
    let overall: Double
    /// The most bytes an answer may take, head included: a page is asked for at most 4 MiB, and a peer that
    /// sends without end must not fill the puller's memory.
    static let maximumAnswerBytes = 64 << 20

    /// Sends `head` (request line and fields, ending in an empty line) and `body`; returns the status
    /// and the body of the answer. `opened` gets the socket while it is in use (to shut it down from
    /// another thread, which fails the exchange as unreachable) and `nil` before it is closed.
    func perform(head: String, body: [UInt8], opened: (Int32?) -> Void) throws -> (status: Int, body: [UInt8]) {
        let descriptor = try connect(opened)
        defer {
            opened(nil)
            close(descriptor)
        }
        let deadline = Date().addingTimeInterval(overall)
        try send(descriptor, Array(head.utf8) + body)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var total = 0
        /// Receives at most `capacity` bytes at `target`: how many, 0 at end of file, nil when interrupted.
        func receive(_ target: UnsafeMutableRawPointer, _ capacity: Int) throws -> Int? {
            guard Date() < deadline else { throw ReplicationError.unreachable("\(host):\(port): no complete answer in \(Int(overall)) s") }
            let count = recv(descriptor, target, capacity, 0)
            if count >= 0 { return count }
            if errno == EINTR { return nil }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw ReplicationError.unreachable("\(host):\(port): timed out") }
            throw ReplicationError.unreachable("\(host):\(port): \(String(cString: strerror(errno)))")
        }
        func more() throws -> Bool {  // false at end of file
            guard let count = try buffer.withUnsafeMutableBytes({ try receive($0.baseAddress!, $0.count) }) else { return true }
            if count > 0 {
                total += count
                guard total <= Self.maximumAnswerBytes else {
                    throw ReplicationError.badAnswer("\(host):\(port): answer over \(Self.maximumAnswerBytes >> 20) MiB")
                }
                received.append(contentsOf: buffer[0..<count])
                return true
            }
            return false
        }
        let cut = ReplicationError.unreachable("\(host):\(port): the connection closed before the answer was complete")
        // The head: up to the empty line.
        var headEnd: Int?
        while headEnd == nil {
            if let end = Self.find([13, 10, 13, 10], in: received) {
                headEnd = end
            } else {
                guard received.count < 65_536 else { throw ReplicationError.badAnswer("\(host):\(port): answer head over 64 KiB") }
                guard try more() else { throw cut }
            }
        }
        let lines = String(decoding: received[0..<headEnd!], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw ReplicationError.badAnswer("\(host):\(port): not an HTTP answer")
        }
        var length: Int?
        var chunked = false
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "content-length" {
                guard let number = Int(value), number >= 0 else { throw ReplicationError.badAnswer("\(host):\(port): bad Content-Length") }
                length = number
            } else if name == "transfer-encoding" {
                chunked = value.lowercased().hasSuffix("chunked")
            }
        }
        if status < 200 || status == 204 || status == 304 { return (status, []) }
        if !chunked, let length {
            guard headEnd! + 4 + length <= Self.maximumAnswerBytes else {
                throw ReplicationError.badAnswer("\(host):\(port): answer over \(Self.maximumAnswerBytes >> 20) MiB")
            }
            // Received straight into the body at its full size: gathering a page through the 64 KiB buffer, growing
            // the answer as it came and cutting the head off moved its bytes four times (a page is megabytes).
            let start = headEnd! + 4
            let early = min(length, received.count - start)
            let body = try [UInt8](unsafeUninitializedCapacity: length) { body, filled in
                received.withUnsafeBufferPointer { _ = body.initialize(fromContentsOf: $0[start..<(start + early)]) }
                filled = early
                while filled < length {
                    let raw = UnsafeMutableRawBufferPointer(body)
                    guard let count = try receive(raw.baseAddress! + filled, length - filled) else { continue }
                    guard count > 0 else { throw cut }
                    filled += count
                }
            }
            return (status, body)
        }
        received.removeFirst(headEnd! + 4)
        if chunked { return (status, try dechunk(&received, more: more, cut: cut)) }
        while try more() {}  // delimited by the end of the connection
        return (status, received)
    }

    private func dechunk(_ received: inout [UInt8], more: () throws -> Bool, cut: ReplicationError) throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            var lineEnd = Self.find([13, 10], in: received)
            while lineEnd == nil {
                guard try more() else { throw cut }
                lineEnd = Self.find([13, 10], in: received)
            }
            let sizeText = String(decoding: received[0..<lineEnd!], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0, size < 1 << 31 else {
                throw ReplicationError.badAnswer("\(host):\(port): bad chunk size")
            }
            received.removeFirst(lineEnd! + 2)
            if size == 0 { return body }  // trailers, if any, are not needed
            while received.count < size + 2 { guard try more() else { throw cut } }
            body.append(contentsOf: received[0..<size])
            received.removeFirst(size + 2)
        }
    }

    private func connect(_ opened: (Int32?) -> Void) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let found = getaddrinfo(host, String(port), &hints, &list)
        guard found == 0, let list else {
            throw ReplicationError.unreachable("\(host): \(String(cString: gai_strerror(found)))")
        }
        defer { freeaddrinfo(list) }
        var problem = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = list
        while let address = entry {
            entry = address.pointee.ai_next
            let descriptor = socket(address.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard descriptor >= 0 else {
                problem = String(cString: strerror(errno))
                continue
            }
            opened(descriptor)  // from here on a shutdown by another thread ends the wait
            // Non-blocking connect, so that the timeout bounds it; blocking again afterwards.
            let flags = fcntl(descriptor, F_GETFL)
            _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
            var result = Glibc.connect(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen)
            if result != 0 && errno == EINPROGRESS {
                var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&poller, 1, Int32(min(timeout * 1000, Double(Int32.max))))
                var error: Int32 = 0
                var size = socklen_t(MemoryLayout<Int32>.size)
                if ready == 1, getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &size) == 0, error == 0 {
                    result = 0
                } else {
                    errno = ready == 0 ? ETIMEDOUT : (error != 0 ? error : errno)
                }
            }
            if result == 0 {
                _ = fcntl(descriptor, F_SETFL, flags)
                var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
                _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
                _ = setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
                return descriptor
            }
            problem = String(cString: strerror(errno))
            opened(nil)
            close(descriptor)
        }
        throw ReplicationError.unreachable("\(host):\(port): \(problem)")
    }

    private func send(_ descriptor: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw ReplicationError.unreachable("\(host):\(port): \(String(cString: strerror(errno)))") }
            offset += count
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<start + needle.count]) == needle { return start }
        }
        return nil
    }
}

import EventModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// RawConnection is a blocking TCP client on 127.0.0.1 that sends exactly the bytes it is given:
/// the hostile corpus needs requests no HTTP library would send.
final class RawConnection {
    private let socket: Int32

    init(port: Int, receiveTimeout: Double = 15) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure("socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw Failure("connect to \(port): errno \(errno)")
        }
        var timeout = timeval(tv_sec: Int(receiveTimeout), tv_usec: Int((receiveTimeout.truncatingRemainder(dividingBy: 1)) * 1e6))
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(socket) }

    /// Sends all of `bytes`; false when the server has closed the connection.
    @discardableResult
    func send(_ bytes: some Collection<UInt8>) -> Bool {
        let array = Array(bytes)
        var offset = 0
        while offset < array.count {
            let sent = array[offset...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Bytes received and not yet handed out: pipelined answers arrive together.
    private var pending: [UInt8] = []

    /// Reads until `enough` says the pending bytes are complete, the server closes, or the timeout passes.
    func receive(until enough: ([UInt8]) -> Bool = { _ in false }) -> (bytes: [UInt8], closed: Bool) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !enough(pending) {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count == 0 { return (pending, true) }
            if count < 0 { return (pending, errno == ECONNRESET) }
            pending += buffer[0..<count]
        }
        return (pending, false)
    }

    /// Reads one complete response (by `Content-Length`); nil when the server closed before one came.
    func response() -> RawResponse? {
        _ = receive(until: { RawResponse.completeLength(of: $0) != nil })
        guard let length = RawResponse.completeLength(of: pending) else { return nil }
        defer { pending.removeFirst(length) }
        return RawResponse(bytes: Array(pending[0..<length]))
    }

    /// Half-closes the sending side, as a client that is done talking.
    func finishSending() { shutdown(socket, Int32(SHUT_WR)) }
}

/// RawResponse is one HTTP response as bytes, with its status, headers and body picked out.
struct RawResponse {
    let bytes: [UInt8]

    var head: String {
        let end = RawResponse.headEnd(bytes) ?? bytes.count
        return String(decoding: bytes[0..<end], as: UTF8.self)
    }

    var status: Int { Int(head.split(separator: " ", maxSplits: 2).dropFirst().first ?? "") ?? 0 }

    var body: [UInt8] { RawResponse.headEnd(bytes).map { Array(bytes[($0 + 4)...]) } ?? [] }

    var json: JSONValue { (try? JSONParser.parse(body)) ?? .null }

    func header(_ name: String) -> String? {
        for line in head.split(separator: "\r\n").dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == name.lowercased() {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// The length of the first complete response in `bytes`, when it is complete.
    static func completeLength(of bytes: [UInt8]) -> Int? {
        guard let end = headEnd(bytes) else { return nil }
        let response = RawResponse(bytes: Array(bytes[0..<(end + 4)]))
        let length = Int(response.header("Content-Length") ?? "0") ?? 0
        return bytes.count >= end + 4 + length ? end + 4 + length : nil
    }
}

/// One request on a fresh connection (`Connection: close`), answered by status and body.
func http(_ port: Int, _ method: String, _ path: String, body: [UInt8]? = nil, headers: [String: String] = [:],
          timeout: Double = 30) throws -> RawResponse {
    let connection = try RawConnection(port: port, receiveTimeout: timeout)
    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
    guard connection.send(head + "\r\n"), connection.send(body ?? []) else { throw Failure("\(method) \(path): send failed") }
    guard let response = connection.response() else { throw Failure("\(method) \(path): no answer") }
    return response
}

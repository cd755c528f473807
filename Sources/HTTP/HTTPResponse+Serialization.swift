extension HTTPResponse {
    /// Framing fields the server owns; a responder's copies are dropped so framing can't be broken.
    private static let framingFields: Set<String> = ["content-length", "transfer-encoding", "connection"]

    /// Whether this status is sent without a body and without `Content-Length` (RFC 9110 §6.4.1).
    var isBodiless: Bool {
        status.code < 200 || status.code == 204 || status.code == 304
    }

    /// The status line and header section, ready to send before the body.
    ///
    /// - Parameters:
    ///   - keepAlive: whether the connection stays open; false adds `Connection: close`.
    ///   - requestVersion: HTTP/1.0 clients need `Connection: keep-alive` to keep the connection.
    func serializedHead(keepAlive: Bool, requestVersion: HTTPVersion = .http1_1) -> [UInt8] {
        var head = "HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n"
        for field in headers where !Self.framingFields.contains(field.name.lowercased()) {
            // CR or LF in a value would let a handler's data split the response; neutralize them.
            // Scalars, not Characters: "\r\n" is a single Character in Swift.
            var value = ""
            value.unicodeScalars.append(
                contentsOf: field.value.unicodeScalars.map { $0 == "\r" || $0 == "\n" ? " " : $0 })
            head += "\(field.name): \(value)\r\n"
        }
        if !isBodiless {
            head += "Content-Length: \(body.count)\r\n"
        }
        if !keepAlive {
            head += "Connection: close\r\n"
        } else if requestVersion == .http1_0 {
            head += "Connection: keep-alive\r\n"
        }
        head += "\r\n"
        return Array(head.utf8)
    }

    /// Whether the body is sent for this request method.
    func sendsBody(for method: HTTPMethod) -> Bool {
        !isBodiless && method != .head && !body.isEmpty
    }
}

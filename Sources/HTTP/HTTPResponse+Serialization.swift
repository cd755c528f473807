extension HTTPResponse {
    /// Framing fields the server owns; a responder's copies are dropped so framing can't be broken.
    private static let framingFields = ["content-length", "transfer-encoding", "connection"]

    /// Whether this status is sent without a body and without `Content-Length` (RFC 9110 §6.4.1).
    var isBodiless: Bool {
        status.code < 200 || status.code == 204 || status.code == 304
    }

    /// The status line and header section, ready to send before the body.
    ///
    /// - Parameters:
    ///   - keepAlive: whether the connection stays open; false adds `Connection: close`.
    ///   - requestVersion: HTTP/1.0 clients need `Connection: keep-alive` to keep the connection.
    ///   - extraCapacity: room reserved after the head, for a body the caller appends to send both at once.
    func serializedHead(keepAlive: Bool, requestVersion: HTTPVersion = .http1_1, extraCapacity: Int = 0) -> [UInt8] {
        // Written as bytes: this runs for every answer, and building it as a String cost a busy
        // node more than parsing the request.
        var head: [UInt8] = []
        head.reserveCapacity(160 + headers.count * 48 + extraCapacity)
        head += "HTTP/1.1 ".utf8
        head += String(status.code).utf8
        head.append(.space)
        head += status.reasonPhrase.utf8
        head += "\r\n".utf8
        for field in headers where !Self.framingFields.contains(where: { HTTPHeaders.sameName($0, field.name) }) {
            head += field.name.utf8
            head += ": ".utf8
            // CR or LF in a value would let a handler's data split the response; neutralize them.
            for byte in field.value.utf8 {
                head.append(byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") ? .space : byte)
            }
            head += "\r\n".utf8
        }
        if !isBodiless {
            head += "Content-Length: ".utf8
            head += String(body.count).utf8
            head += "\r\n".utf8
        }
        if !keepAlive {
            head += "Connection: close\r\n".utf8
        } else if requestVersion == .http1_0 {
            head += "Connection: keep-alive\r\n".utf8
        }
        head += "\r\n".utf8
        return head
    }

    /// Whether the body is sent for this request method.
    func sendsBody(for method: HTTPMethod) -> Bool {
        !isBodiless && method != .head && !body.isEmpty
    }
}

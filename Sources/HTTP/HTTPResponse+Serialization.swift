extension HTTPResponse {
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
        var head: [UInt8] = []
        head.reserveCapacity(160 + headers.count * 48 + extraCapacity)
        writeHead(into: &head, keepAlive: keepAlive, requestVersion: requestVersion)
        return head
    }

    /// Appends the status line and header section to `head`, which a connection reuses for every answer.
    ///
    /// Written as bytes, from the headers' bytes: this runs for every answer, and building it as a String
    /// cost a busy node more than parsing the request.
    func writeHead(into head: inout [UInt8], keepAlive: Bool, requestVersion: HTTPVersion) {
        head += StaticString("HTTP/1.1 ").bytes
        head.appendDecimal(status.code)
        head.append(.space)
        head += status.reasonPhrase.utf8
        head += StaticString("\r\n").bytes
        headers.forEachField { name, value in
            // Framing fields are the server's; a responder's copies are dropped so framing can't be broken.
            guard !Self.isFramingField(name) else { return }
            head += name
            head += StaticString(": ").bytes
            // CR or LF in a value would let a handler's data split the response; neutralize them.
            for byte in value {
                head.append(byte == .cr || byte == .lf ? .space : byte)
            }
            head += StaticString("\r\n").bytes
        }
        if !isBodiless {
            head += StaticString("Content-Length: ").bytes
            head.appendDecimal(body.count)
            head += StaticString("\r\n").bytes
        }
        if !keepAlive {
            head += StaticString("Connection: close\r\n").bytes
        } else if requestVersion == .http1_0 {
            head += StaticString("Connection: keep-alive\r\n").bytes
        }
        head += StaticString("\r\n").bytes
    }

    /// Whether a field name is one of the framing fields the server owns.
    private static func isFramingField(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name.count {
        case 14: HTTPHeaders.sameName(name, StaticString("content-length").bytes)
        case 17: HTTPHeaders.sameName(name, StaticString("transfer-encoding").bytes)
        case 10: HTTPHeaders.sameName(name, StaticString("connection").bytes)
        default: false
        }
    }

    /// Whether the body is sent for this request method.
    func sendsBody(for method: HTTPMethod) -> Bool {
        !isBodiless && method != .head && !body.isEmpty
    }
}

extension [UInt8] {
    /// Appends `value` in decimal ASCII, without making a string.
    mutating func appendDecimal(_ value: Int) {
        guard value >= 0 else {
            self += String(value).utf8
            return
        }
        var divisor = 1
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}

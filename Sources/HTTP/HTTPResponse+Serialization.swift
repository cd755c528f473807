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
    func serializedHead(keepAlive: Bool, requestVersion: HTTPVersion = .http1_1) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: headSizeBound) { buffer, count in
            count = writeHead(
                to: UnsafeMutableRawBufferPointer(buffer), keepAlive: keepAlive, requestVersion: requestVersion)
        }
    }

    /// The most bytes `writeHead(to:keepAlive:requestVersion:)` writes: every field's bytes with room for
    /// its `: ` and CRLF, and room for the status line and the framing fields the server adds.
    var headSizeBound: Int {
        headers.bytes.count + 4 * headers.count + status.reasonPhrase.utf8.count + 128
    }

    /// Writes the status line and header section to `buffer`, which holds at least `headSizeBound` bytes,
    /// and returns how many bytes it wrote.
    ///
    /// Written as bytes through a pointer, from the headers' bytes: this runs for every answer, and building
    /// it as a String, then appending piece by piece to an array, cost a busy node more than parsing the request.
    func writeHead(to buffer: UnsafeMutableRawBufferPointer, keepAlive: Bool, requestVersion: HTTPVersion) -> Int {
        precondition(buffer.count >= headSizeBound, "response head buffer too small")
        // Bound, not assumed: the connection's storage is raw memory never bound to a type before.
        var writer = HeadWriter(base: buffer.baseAddress!.bindMemory(to: UInt8.self, capacity: buffer.count))
        writer.write(StaticString("HTTP/1.1 ").bytes)
        writer.writeDecimal(status.code)
        writer.write(.space)
        // CR or LF in the reason phrase, a field name or a value would let a handler's text split the response;
        // each is written as a space.
        var reason = status.reasonPhrase
        reason.withUTF8 { for byte in $0 { writer.write(Self.neutralized(byte)) } }
        writer.write(StaticString("\r\n").bytes)
        headers.forEachField { name, value in
            // Framing fields are the server's; a responder's copies are dropped so framing can't be broken.
            guard !Self.isFramingField(name) else { return }
            for byte in name { writer.write(Self.neutralized(byte)) }
            writer.write(StaticString(": ").bytes)
            for byte in value { writer.write(Self.neutralized(byte)) }
            writer.write(StaticString("\r\n").bytes)
        }
        if !isBodiless {
            writer.write(StaticString("Content-Length: ").bytes)
            writer.writeDecimal(body.count)
            writer.write(StaticString("\r\n").bytes)
        }
        if !keepAlive {
            writer.write(StaticString("Connection: close\r\n").bytes)
        } else if requestVersion == .http1_0 {
            writer.write(StaticString("Connection: keep-alive\r\n").bytes)
        }
        writer.write(StaticString("\r\n").bytes)
        return writer.count
    }

    /// The byte as written into a response head: CR and LF become a space.
    @inline(__always)
    private static func neutralized(_ byte: UInt8) -> UInt8 { byte == .cr || byte == .lf ? .space : byte }

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

/// HeadWriter writes bytes one after another into memory its caller sized.
struct HeadWriter {
    let base: UnsafeMutablePointer<UInt8>
    /// Bytes written so far.
    var count = 0

    mutating func write(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Writes `value` in decimal ASCII (at most 20 bytes), without making a string.
    mutating func writeDecimal(_ value: Int) {
        var magnitude = value.magnitude
        if value < 0 { write(UInt8(ascii: "-")) }
        var divisor: UInt = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        while divisor > 0 {
            write(UInt8(ascii: "0") + UInt8(magnitude / divisor))
            magnitude %= divisor
            divisor /= 10
        }
    }
}

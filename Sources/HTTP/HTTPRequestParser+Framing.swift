/// How the body of a request is delimited (RFC 9112 §6.3).
enum Framing: Sendable, Equatable {
    case none
    case fixed(Int)
    case chunked
}

extension HTTPRequestParser {
    /// Applies RFC 9112 §6.1–6.3 so that this server and any proxy in front agree on where the body ends.
    func framing(of request: HTTPRequest) -> Swift.Result<Framing, HTTPParseError> {
        // One pass over the fields' bytes, without strings or arrays, for the usual head (one Host, no
        // Transfer-Encoding, at most one Content-Length of plain digits): the general path below makes three
        // arrays and splits and trims strings. Anything else takes the general path.
        var hostCount = 0
        var lengthCount = 0
        var hasEncoding = false
        var length: Int?
        request.headers.forEachField { name, value in
            // Names differ in length far more often than in letters: only a name of the right length is compared.
            switch name.count {
            case 4 where HTTPHeaders.sameName(name, Self.hostName):
                hostCount += 1
            case 14 where HTTPHeaders.sameName(name, Self.contentLengthName):
                lengthCount += 1
                length = Self.parseDecimal(value)
            case 17 where HTTPHeaders.sameName(name, Self.transferEncodingName):
                hasEncoding = true
            default:
                break
            }
        }
        if hostCount > 1 || (request.version == .http1_1 && hostCount == 0) { return .failure(.invalidHost) }
        if !hasEncoding, lengthCount == 0 { return .success(.none) }
        if !hasEncoding, lengthCount == 1, let length {
            if length > limits.maxBodyBytes { return .failure(.bodyTooLarge) }
            return .success(length == 0 ? .none : .fixed(length))
        }
        return generalFraming(of: request)
    }

    private static var hostName: UnsafeBufferPointer<UInt8> { StaticString("host").bytes }
    private static var contentLengthName: UnsafeBufferPointer<UInt8> { StaticString("content-length").bytes }
    private static var transferEncodingName: UnsafeBufferPointer<UInt8> { StaticString("transfer-encoding").bytes }

    /// The framing rules on every head, with arrays of each field's values: what `framing(of:)` does for a head
    /// outside its one pass (Transfer-Encoding, repeated or listed Content-Length, a value not plain digits).
    func generalFraming(of request: HTTPRequest) -> Swift.Result<Framing, HTTPParseError> {
        let headers = request.headers
        let hosts = headers.values(for: "Host")
        if hosts.count > 1 || (request.version == .http1_1 && hosts.isEmpty) { return .failure(.invalidHost) }
        let lengths = headers.values(for: "Content-Length")
        let encodings = headers.values(for: "Transfer-Encoding")
        if !encodings.isEmpty {
            if !lengths.isEmpty { return .failure(.contentLengthWithTransferEncoding) }
            if request.version == .http1_0 { return .failure(.transferEncodingOnHTTP10) }
            let codings = encodings.flatMap { $0.split(separator: ",") }.map { $0.trimmingOWS().lowercased() }
            if let unknown = codings.first(where: { $0 != "chunked" }) {
                return .failure(unknown.isEmpty ? .invalidTransferEncoding : .unsupportedTransferCoding(unknown))
            }
            guard codings.count == 1 else { return .failure(.invalidTransferEncoding) }
            return .success(.chunked)
        }
        guard !lengths.isEmpty else { return .success(.none) }
        var length: Int?
        for element in lengths.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            guard let value = Self.parseDecimal(element.trimmingOWS()) else { return .failure(.invalidContentLength) }
            if let length, length != value { return .failure(.conflictingContentLength) }
            length = value
        }
        guard let length else { return .failure(.invalidContentLength) }
        if length > limits.maxBodyBytes { return .failure(.bodyTooLarge) }
        return .success(length == 0 ? .none : .fixed(length))
    }

    /// Parses 1*DIGIT, saturating at `Int.max` so a huge length is refused as too large, not as malformed.
    static func parseDecimal(_ text: String) -> Int? {
        HTTPHeaders.withUTF8(text) { parseDecimal($0) }
    }

    /// Parses 1*DIGIT from bytes, saturating at `Int.max` like `parseDecimal(_:)` of a string.
    static func parseDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for digit in bytes {
            guard digit.isDigit else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
            // Saturated, but the rest is still checked: a huge length with a letter in it is malformed.
            value = overflow1 || overflow2 ? Int.max : sum
        }
        return value
    }
}

extension StaticString {
    /// The string's UTF-8 bytes, which a literal keeps in the binary for the program's lifetime.
    var bytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: utf8Start, count: utf8CodeUnitCount)
    }
}

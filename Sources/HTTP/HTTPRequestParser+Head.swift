/// How the body of a request is delimited (RFC 9112 §6.3).
enum Framing: Sendable, Equatable {
    case none
    case fixed(Int)
    case chunked
}

extension HTTPRequestParser {
    /// Parses the request line and field lines of a complete head and decides its framing.
    func parseHead(lines: [Range<Int>]) -> Swift.Result<(HTTPRequest, Framing), HTTPParseError> {
        guard let requestLine = lines.first else { return .failure(.invalidRequestLine) }
        let method: HTTPMethod
        let target: HTTPRequestTarget
        let version: HTTPVersion
        switch parseRequestLine(bytes(requestLine)) {
        case .failure(let error): return .failure(error)
        case .success(let parts): (method, target, version) = parts
        }
        var headers = HTTPHeaders()
        headers.reserveCapacity(lines.count - 1)
        for line in lines.dropFirst() {
            switch parseField(bytes(line)) {
            case .failure(let error): return .failure(error)
            case .success(let field): headers.add(name: field.name, value: field.value)
            }
        }
        let request = HTTPRequest(method: method, target: target, version: version, headers: headers)
        return framing(of: request).map { (request, $0) }
    }

    private func bytes(_ range: Range<Int>) -> ArraySlice<UInt8> {
        buffer[(start + range.lowerBound)..<(start + range.upperBound)]
    }

    private func parseRequestLine(
        _ line: ArraySlice<UInt8>
    ) -> Swift.Result<(HTTPMethod, HTTPRequestTarget, HTTPVersion), HTTPParseError> {
        // method SP target SP version, split at the first two spaces: the version's fixed form leaves no room
        // for a third.
        guard let firstSpace = line.firstIndex(of: .space),
            let secondSpace = line[(firstSpace + 1)...].firstIndex(of: .space)
        else { return .failure(.invalidRequestLine) }
        let methodBytes = line[..<firstSpace]
        let targetBytes = line[(firstSpace + 1)..<secondSpace]
        let versionBytes = line[(secondSpace + 1)...]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(\.isTokenCharacter) else {
            return .failure(.invalidRequestLine)
        }
        let at = versionBytes.startIndex
        guard versionBytes.count == 8, versionBytes.prefix(5).elementsEqual("HTTP/".utf8),
            versionBytes[at + 6] == UInt8(ascii: "."), versionBytes[at + 5].isDigit, versionBytes[at + 7].isDigit
        else { return .failure(.invalidRequestLine) }
        let version = HTTPVersion(
            major: Int(versionBytes[at + 5] - UInt8(ascii: "0")), minor: Int(versionBytes[at + 7] - UInt8(ascii: "0")))
        guard version == .http1_0 || version == .http1_1 else { return .failure(.unsupportedVersion) }
        // The target must be visible ASCII; anything else (controls, DEL, raw UTF-8) is invalid.
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
            let target = HTTPRequestTarget(String(decoding: targetBytes, as: UTF8.self))
        else { return .failure(.invalidTarget) }
        return .success((HTTPMethod(rawValue: String(decoding: methodBytes, as: UTF8.self)), target, version))
    }

    private func parseField(_ line: ArraySlice<UInt8>) -> Swift.Result<HTTPHeaders.Field, HTTPParseError> {
        guard let first = line.first else { return .failure(.invalidHeaderField) }
        if first == .space || first == .tab { return .failure(.obsoleteLineFolding) }
        guard let colon = line.firstIndex(of: .colon) else { return .failure(.invalidHeaderField) }
        let name = line[line.startIndex..<colon]
        guard let last = name.last else { return .failure(.invalidHeaderField) }
        if last == .space || last == .tab { return .failure(.whitespaceBeforeColon) }
        guard name.allSatisfy(\.isTokenCharacter) else { return .failure(.invalidHeaderField) }
        var value = line[(colon + 1)...]
        while let byte = value.first, byte == .space || byte == .tab { value.removeFirst() }
        while let byte = value.last, byte == .space || byte == .tab { value.removeLast() }
        // field-value = VCHAR / obs-text / SP / HTAB; every other control byte is refused.
        guard value.allSatisfy({ $0 == .tab || ($0 >= 0x20 && $0 != 0x7F) }) else {
            return .failure(.invalidCharacter)
        }
        return .success((name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
    }

    /// Applies RFC 9112 §6.1–6.3 so that this server and any proxy in front agree on where the body ends.
    func framing(of request: HTTPRequest) -> Swift.Result<Framing, HTTPParseError> {
        let headers = request.headers
        // One pass without arrays for the usual head (one Host, no Transfer-Encoding, at most one
        // Content-Length of plain digits): the general path below made three arrays and split and trimmed
        // strings, 7,900 instructions per request. Anything else takes the general path.
        var hostCount = 0
        var lengthCount = 0
        var hasEncoding = false
        var lengthText = ""
        for field in headers {
            if HTTPHeaders.sameName(field.name, "Host") {
                hostCount += 1
            } else if HTTPHeaders.sameName(field.name, "Content-Length") {
                lengthCount += 1
                lengthText = field.value
            } else if HTTPHeaders.sameName(field.name, "Transfer-Encoding") {
                hasEncoding = true
            }
        }
        if hostCount > 1 || (request.version == .http1_1 && hostCount == 0) { return .failure(.invalidHost) }
        if !hasEncoding, lengthCount == 0 { return .success(.none) }
        if !hasEncoding, lengthCount == 1, let length = Self.parseDecimal(lengthText) {
            if length > limits.maxBodyBytes { return .failure(.bodyTooLarge) }
            return .success(length == 0 ? .none : .fixed(length))
        }
        return generalFraming(of: request)
    }

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
        guard !text.isEmpty, text.utf8.allSatisfy(\.isDigit) else { return nil }
        var value = 0
        for digit in text.utf8 {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return Int.max }
            value = sum
        }
        return value
    }
}

extension UInt8 {
    var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }

    /// Whether the byte may appear in a token (RFC 9110 §5.6.2): method names and field names.
    var isTokenCharacter: Bool {
        switch self {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}

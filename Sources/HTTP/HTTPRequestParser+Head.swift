extension HTTPRequestParser {
    /// Parses the request line and field lines of a complete head of `headLength` bytes at `start`, found by
    /// `scan`, and decides its framing.
    func parseHead(_ scan: HeadScan, headLength: Int) -> Swift.Result<(HTTPRequest, Framing), HTTPParseError> {
        guard let requestLine = scan.requestLine else { return .failure(.invalidRequestLine) }
        let origin = start
        let parsed = buffer.withUnsafeBufferPointer { buffer -> Swift.Result<HTTPRequest, HTTPParseError> in
            let head = HTTPHeaders.slice(buffer, origin..<origin + headLength)
            let method: HTTPMethod
            let target: HTTPRequestTarget
            let version: HTTPVersion
            switch Self.parseRequestLine(HTTPHeaders.slice(head, requestLine)) {
            case .failure(let error): return .failure(error)
            case .success(let parts): (method, target, version) = parts
            }
            // The field lines with their line endings, without the empty line that ends the head.
            let section = HTTPHeaders.slice(head, scan.headerStart..<headLength - 2)
            return Self.parseFields(section, count: scan.fieldCount).map {
                HTTPRequest(method: method, target: target, version: version, headers: $0)
            }
        }
        switch parsed {
        case .failure(let error): return .failure(error)
        case .success(let request): return framing(of: request).map { (request, $0) }
        }
    }

    private static func parseRequestLine(
        _ line: UnsafeBufferPointer<UInt8>
    ) -> Swift.Result<(HTTPMethod, HTTPRequestTarget, HTTPVersion), HTTPParseError> {
        // method SP target SP version, split at the first two spaces: the version's fixed form leaves no room
        // for a third.
        guard let firstSpace = line.firstIndex(of: .space),
            let secondSpace = line[(firstSpace + 1)...].firstIndex(of: .space)
        else { return .failure(.invalidRequestLine) }
        let methodBytes = HTTPHeaders.slice(line, 0..<firstSpace)
        let targetBytes = HTTPHeaders.slice(line, (firstSpace + 1)..<secondSpace)
        let versionBytes = HTTPHeaders.slice(line, (secondSpace + 1)..<line.count)
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(\.isTokenCharacter) else {
            return .failure(.invalidRequestLine)
        }
        guard versionBytes.count == 8, versionBytes.prefix(5).elementsEqual("HTTP/".utf8),
            versionBytes[6] == UInt8(ascii: "."), versionBytes[5].isDigit, versionBytes[7].isDigit
        else { return .failure(.invalidRequestLine) }
        let version = HTTPVersion(
            major: Int(versionBytes[5] - UInt8(ascii: "0")), minor: Int(versionBytes[7] - UInt8(ascii: "0")))
        guard version == .http1_0 || version == .http1_1 else { return .failure(.unsupportedVersion) }
        // The target must be visible ASCII; anything else (controls, DEL, raw UTF-8) is invalid.
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
            let target = HTTPRequestTarget(visibleASCII: targetBytes)
        else { return .failure(.invalidTarget) }
        return .success((HTTPMethod(token: methodBytes), target, version))
    }

    /// Checks the field lines of `section` (each ending in CRLF, without CR, LF or NUL elsewhere: the scan
    /// refused those) and returns them as headers over one copy of the section's bytes.
    ///
    /// Each line is checked in one pass: the name up to its colon, then the value, whose trimmed bounds are
    /// found on the way to the line's end.
    private static func parseFields(
        _ section: UnsafeBufferPointer<UInt8>, count: Int
    ) -> Swift.Result<HTTPHeaders, HTTPParseError> {
        var spans: [HTTPHeaders.Span] = []
        spans.reserveCapacity(count)
        let end = section.count
        var index = 0
        while index < end {
            let lineStart = index
            if section[index] == .space || section[index] == .tab { return .failure(.obsoleteLineFolding) }
            var nameIsToken = true
            while index < end, section[index] != .colon, section[index] != .cr {
                nameIsToken = nameIsToken && section[index].isTokenCharacter
                index += 1
            }
            guard index < end, section[index] == .colon, index > lineStart else {
                return .failure(.invalidHeaderField)
            }
            let name = lineStart..<index
            if section[index - 1] == .space || section[index - 1] == .tab { return .failure(.whitespaceBeforeColon) }
            guard nameIsToken else { return .failure(.invalidHeaderField) }
            index += 1
            while index < end, section[index] == .space || section[index] == .tab { index += 1 }
            let valueStart = index
            var valueEnd = index
            // field-value = VCHAR / obs-text / SP / HTAB; every other control byte is refused.
            var isValid = true
            while index < end, section[index] != .cr {
                let byte = section[index]
                if byte != .space, byte != .tab { valueEnd = index + 1 }
                isValid = isValid && (byte == .tab || (byte >= 0x20 && byte != 0x7F))
                index += 1
            }
            guard isValid else { return .failure(.invalidCharacter) }
            spans.append(HTTPHeaders.Span(name: name, value: valueStart..<valueEnd))
            index += 2
        }
        return .success(HTTPHeaders(bytes: Array(section), spans: spans))
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

extension HTTPRequestParser {
    /// Parses the request line and field lines of a complete head of `headLength` bytes at `start`, found by
    /// `scan`, and decides its framing.
    ///
    /// Throws rather than returning a `Result`: the request is then returned once, not wrapped, copied out
    /// of the wrapper and destroyed with it.
    func parseHead(_ scan: HeadScan, headLength: Int) throws(HTTPParseError) -> (HTTPRequest, Framing) {
        guard let requestLine = scan.requestLine else { throw .invalidRequestLine }
        let origin = start
        let request = try buffer.withUnsafeBufferPointer { buffer throws(HTTPParseError) -> HTTPRequest in
            let head = HTTPHeaders.slice(buffer, origin..<origin + headLength)
            let (method, target, version) = try Self.parseRequestLine(HTTPHeaders.slice(head, requestLine))
            // The field lines with their line endings, without the empty line that ends the head.
            let section = HTTPHeaders.slice(head, scan.headerStart..<headLength - 2)
            let headers = try Self.parseFields(section, count: scan.fieldCount)
            return HTTPRequest(method: method, target: target, version: version, headers: headers)
        }
        return (request, try framing(of: request).get())
    }

    private static func parseRequestLine(
        _ line: UnsafeBufferPointer<UInt8>
    ) throws(HTTPParseError) -> (HTTPMethod, HTTPRequestTarget, HTTPVersion) {
        // method SP target SP version, split at the first two spaces: the version's fixed form leaves no room
        // for a third. The method is checked on the way to the first space.
        var firstSpace = 0
        var isToken = true
        while firstSpace < line.count, line[firstSpace] != .space {
            isToken = isToken && line[firstSpace].isTokenCharacter
            firstSpace += 1
        }
        var secondSpace = firstSpace + 1
        while secondSpace < line.count, line[secondSpace] != .space { secondSpace += 1 }
        guard secondSpace < line.count else { throw .invalidRequestLine }
        guard firstSpace > 0, isToken else { throw .invalidRequestLine }
        let targetBytes = HTTPHeaders.slice(line, (firstSpace + 1)..<secondSpace)
        let versionBytes = HTTPHeaders.slice(line, (secondSpace + 1)..<line.count)
        guard versionBytes.count == 8, versionBytes[0] == UInt8(ascii: "H"), versionBytes[1] == UInt8(ascii: "T"),
            versionBytes[2] == UInt8(ascii: "T"), versionBytes[3] == UInt8(ascii: "P"),
            versionBytes[4] == UInt8(ascii: "/"),
            versionBytes[6] == UInt8(ascii: "."), versionBytes[5].isDigit, versionBytes[7].isDigit
        else { throw .invalidRequestLine }
        let version = HTTPVersion(
            major: Int(versionBytes[5] - UInt8(ascii: "0")), minor: Int(versionBytes[7] - UInt8(ascii: "0")))
        guard version == .http1_0 || version == .http1_1 else { throw .unsupportedVersion }
        // The target must be visible ASCII; anything else (controls, DEL, raw UTF-8) is invalid.
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
            let target = HTTPRequestTarget(visibleASCII: targetBytes)
        else { throw .invalidTarget }
        return (HTTPMethod(token: HTTPHeaders.slice(line, 0..<firstSpace)), target, version)
    }

    /// Checks the field lines of `section` (each ending in CRLF, without CR, LF or NUL elsewhere: the scan
    /// refused those) and returns them as headers over one copy of the section's bytes.
    ///
    /// Each line is checked in one pass: the name up to its colon, then the value, whose trimmed bounds are
    /// found on the way to the line's end.
    private static func parseFields(
        _ section: UnsafeBufferPointer<UInt8>, count: Int
    ) throws(HTTPParseError) -> HTTPHeaders {
        var spans: [HTTPHeaders.Span] = []
        spans.reserveCapacity(count)
        let end = section.count
        var index = 0
        while index < end {
            let lineStart = index
            if section[index] == .space || section[index] == .tab { throw .obsoleteLineFolding }
            var nameIsToken = true
            while index < end, section[index] != .colon, section[index] != .cr {
                nameIsToken = nameIsToken && section[index].isTokenCharacter
                index += 1
            }
            guard index < end, section[index] == .colon, index > lineStart else { throw .invalidHeaderField }
            let name = lineStart..<index
            if section[index - 1] == .space || section[index - 1] == .tab { throw .whitespaceBeforeColon }
            guard nameIsToken else { throw .invalidHeaderField }
            index += 1
            while index < end, section[index] == .space || section[index] == .tab { index += 1 }
            let valueStart = index
            var valueEnd = index
            // field-value = VCHAR / obs-text / SP / HTAB; every other control byte is refused. Bytes above
            // space are the usual case and need one comparison.
            while index < end, section[index] != .cr {
                let byte = section[index]
                if byte > .space {
                    if byte == 0x7F { throw .invalidCharacter }
                    valueEnd = index + 1
                } else if byte != .space, byte != .tab {
                    throw .invalidCharacter
                }
                index += 1
            }
            spans.append(HTTPHeaders.Span(name: name, value: valueStart..<valueEnd))
            index += 2
        }
        return HTTPHeaders(bytes: Array(section), spans: spans)
    }
}

extension UInt8 {
    var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }

    /// Whether the byte may appear in a token (RFC 9110 §5.6.2): method names and field names.
    ///
    /// Looked up in two 64-bit masks (bytes 0–63 and 64–127): it runs for every byte of every method and
    /// field name. `isTokenCharacterBySwitch` is the same set written out, for the test that checks them.
    var isTokenCharacter: Bool {
        if self < 64 { return (Self.tokenMaskLow >> UInt64(self)) & 1 != 0 }
        if self < 128 { return (Self.tokenMaskHigh >> UInt64(self - 64)) & 1 != 0 }
        return false
    }

    /// Token characters among bytes 0–63: `!#$%&'*+-.` and digits.
    static let tokenMaskLow: UInt64 = 0x03FF_6CFA_0000_0000
    /// Token characters among bytes 64–127: letters and `^_`|~`.
    static let tokenMaskHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    /// The token characters as a plain `switch`, the definition the masks are checked against.
    var isTokenCharacterBySwitch: Bool {
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

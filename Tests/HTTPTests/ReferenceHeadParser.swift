@testable import HTTP

/// The head parsing of 3027709, before fields were kept as bytes: a list of lines, a `String` per name and
/// value, and the framing rules on those strings. Kept here only as the reference the byte parser must match.
enum ReferenceHeadParser {
    /// What the reference makes of a buffer holding at most one head.
    enum Outcome: Equatable {
        case incomplete
        case error(HTTPParseError)
        case head(method: String, target: String, version: HTTPVersion, fields: [[String]], framing: Framing)
    }

    static func parse(_ buffer: [UInt8], limits: HTTPRequestParser.Limits) -> Outcome {
        var lines: [Range<Int>] = []
        var lineStart = 0
        var headerStart = 0
        var leadingEmptyLines = 0
        var offset = 0
        var headLength: Int?
        scan: while offset < buffer.count {
            let byte = buffer[offset]
            if byte == .cr {
                guard offset + 1 < buffer.count else { return .incomplete }
                guard buffer[offset + 1] == .lf else { return .error(.bareCarriageReturn) }
                let line = lineStart..<offset
                offset += 2
                lineStart = offset
                if lines.isEmpty {
                    if line.isEmpty {
                        leadingEmptyLines += 1
                        if leadingEmptyLines > 4 { return .error(.invalidRequestLine) }
                        continue
                    }
                    lines.append(line)
                    headerStart = offset
                } else if line.isEmpty {
                    headLength = offset
                    break scan
                } else {
                    lines.append(line)
                    if lines.count - 1 > limits.maxHeaderFields { return .error(.tooManyHeaderFields) }
                }
            } else if byte == .lf {
                return .error(.bareLineFeed)
            } else if byte == 0 {
                return .error(.invalidCharacter)
            } else {
                offset += 1
            }
            if lines.isEmpty {
                if offset - lineStart > limits.maxRequestLineBytes { return .error(.requestLineTooLong) }
            } else if offset - headerStart > limits.maxHeaderSectionBytes {
                return .error(.headerSectionTooLarge)
            }
        }
        guard headLength != nil, let requestLine = lines.first else { return .incomplete }
        let line = buffer[requestLine]
        guard let firstSpace = line.firstIndex(of: .space),
            let secondSpace = line[(firstSpace + 1)...].firstIndex(of: .space)
        else { return .error(.invalidRequestLine) }
        let methodBytes = line[..<firstSpace]
        let targetBytes = line[(firstSpace + 1)..<secondSpace]
        let versionBytes = line[(secondSpace + 1)...]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(\.isTokenCharacterBySwitch) else {
            return .error(.invalidRequestLine)
        }
        let at = versionBytes.startIndex
        guard versionBytes.count == 8, versionBytes.prefix(5).elementsEqual("HTTP/".utf8),
            versionBytes[at + 6] == UInt8(ascii: "."), versionBytes[at + 5].isDigit, versionBytes[at + 7].isDigit
        else { return .error(.invalidRequestLine) }
        let version = HTTPVersion(
            major: Int(versionBytes[at + 5] - UInt8(ascii: "0")), minor: Int(versionBytes[at + 7] - UInt8(ascii: "0")))
        guard version == .http1_0 || version == .http1_1 else { return .error(.unsupportedVersion) }
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
            let target = HTTPRequestTarget(String(decoding: targetBytes, as: UTF8.self))
        else { return .error(.invalidTarget) }
        var fields: [(String, String)] = []
        for range in lines.dropFirst() {
            let line = buffer[range]
            guard let first = line.first else { return .error(.invalidHeaderField) }
            if first == .space || first == .tab { return .error(.obsoleteLineFolding) }
            guard let colon = line.firstIndex(of: .colon) else { return .error(.invalidHeaderField) }
            let name = line[line.startIndex..<colon]
            guard let last = name.last else { return .error(.invalidHeaderField) }
            if last == .space || last == .tab { return .error(.whitespaceBeforeColon) }
            guard name.allSatisfy(\.isTokenCharacterBySwitch) else { return .error(.invalidHeaderField) }
            var value = line[(colon + 1)...]
            while let byte = value.first, byte == .space || byte == .tab { value.removeFirst() }
            while let byte = value.last, byte == .space || byte == .tab { value.removeLast() }
            guard value.allSatisfy({ $0 == .tab || ($0 >= 0x20 && $0 != 0x7F) }) else {
                return .error(.invalidCharacter)
            }
            fields.append((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
        }
        let request = HTTPRequest(
            method: HTTPMethod(rawValue: String(decoding: methodBytes, as: UTF8.self)), target: target,
            version: version, headers: HTTPHeaders(fields))
        // The general rules are the string-based rules of 3027709 (FramingFastPathTests holds the fast pass to them).
        switch HTTPRequestParser(limits: limits).generalFraming(of: request) {
        case .failure(let error): return .error(error)
        case .success(let framing):
            return .head(
                method: request.method.rawValue, target: target.raw, version: version, fields: fields.map { [$0, $1] },
                framing: framing)
        }
    }
}

@testable import HTTP

/// The request parser of 3027709, before fields were kept as bytes, rebuilt over a whole buffer: its head scan
/// (a list of lines), its request-line and field-line checks, its framing rules (`framing(of:)` with its general
/// path) over a list of `String` names and values as its `HTTPHeaders` kept them, its `100-continue` check, and
/// what its `next()` answered, step by step, for a buffer holding every byte at once: the body taken after the
/// head, chunked bodies decoded as its `ChunkedDecoder` did, and the requests pipelined after it.
///
/// Nothing here calls `HTTPRequestParser` or the byte-based `HTTPHeaders`. Shared with the module are only its
/// value types (`HTTPParseError`, `HTTPVersion`, `Framing`), `HTTPRequestTarget(_:)` for the target's checks (the
/// string initializer 3027709 called), the byte constants and `isDigit`, and `isTokenCharacterBySwitch` (3027709's
/// `isTokenCharacter`). Kept only as the reference the byte parser must match (HeadParsingEquivalenceTests).
enum ReferenceHeadParser {
    /// A head the reference accepted.
    struct Head: Equatable {
        var method: String
        var target: String
        var version: HTTPVersion
        var fields: [[String]]
        var framing: Framing
    }

    /// One answer of `next()`.
    enum Step: Equatable {
        case request(Head, body: [UInt8])
        case continueExpected
        /// No complete request; `pending` is the head whose body is awaited, if any.
        case needMoreData(pending: Head?)
        case error(HTTPParseError)
    }

    /// An answer with the bytes still buffered after it (nil after an error, when no request can follow).
    struct Observed: Equatable {
        var step: Step
        var remaining: Int?
    }

    /// The answers of successive `next()` calls on a parser that holds all of `buffer`, up to the first
    /// `needMoreData` or error.
    static func steps(_ buffer: [UInt8], limits: HTTPRequestParser.Limits) -> [Observed] {
        var steps: [Observed] = []
        var offset = 0
        while steps.count < 16 {
            switch parseHead(Array(buffer[offset...]), limits: limits) {
            case .incomplete:
                steps.append(Observed(step: .needMoreData(pending: nil), remaining: buffer.count - offset))
                return steps
            case .error(let error):
                steps.append(Observed(step: .error(error), remaining: nil))
                return steps
            case .head(let head, let length, let expectsContinue):
                offset += length
                let available = buffer.count - offset
                switch head.framing {
                case .none:
                    steps.append(Observed(step: .request(head, body: []), remaining: available))
                case .fixed(let length):
                    if expectsContinue, available < length {
                        steps.append(Observed(step: .continueExpected, remaining: available))
                    }
                    guard available >= length else {
                        steps.append(Observed(step: .needMoreData(pending: head), remaining: available))
                        return steps
                    }
                    offset += length
                    steps.append(
                        Observed(
                            step: .request(head, body: Array(buffer[(offset - length)..<offset])),
                            remaining: buffer.count - offset))
                case .chunked:
                    if expectsContinue, available == 0 {
                        steps.append(Observed(step: .continueExpected, remaining: available))
                    }
                    switch decodeChunks(buffer, from: offset, limits: limits) {
                    case .incomplete(let consumed):
                        steps.append(Observed(step: .needMoreData(pending: head), remaining: buffer.count - consumed))
                        return steps
                    case .failure(let error):
                        steps.append(Observed(step: .error(error), remaining: nil))
                        return steps
                    case .complete(let body, let end):
                        offset = end
                        steps.append(Observed(step: .request(head, body: body), remaining: buffer.count - offset))
                    }
                }
            }
        }
        return steps
    }

    private enum HeadOutcome {
        case incomplete
        case error(HTTPParseError)
        case head(Head, length: Int, expectsContinue: Bool)
    }

    /// The head at the start of `buffer`, as 3027709's `scanHead` and `parseHead(lines:)` took it.
    private static func parseHead(_ buffer: [UInt8], limits: HTTPRequestParser.Limits) -> HeadOutcome {
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
        guard let headLength, let requestLine = lines.first else { return .incomplete }
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
        var fields: [(name: String, value: String)] = []
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
            fields.append((name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
        }
        switch framing(fields: fields, version: version, limits: limits) {
        case .failure(let error): return .error(error)
        case .success(let framing):
            // 3027709's `headCompleted`: `100 Continue` only for HTTP/1.1.
            let expectsContinue = version == .http1_1 && containsToken("100-continue", in: "Expect", fields)
            let head = Head(
                method: String(decoding: methodBytes, as: UTF8.self), target: target.raw, version: version,
                fields: fields.map { [$0.name, $0.value] }, framing: framing)
            return .head(head, length: headLength, expectsContinue: expectsContinue)
        }
    }
}

// MARK: - 3027709's framing over its string fields

extension ReferenceHeadParser {
    private typealias Fields = [(name: String, value: String)]

    /// 3027709's `framing(of:)`: the one pass for the usual head, then its `generalFraming(of:)`.
    private static func framing(
        fields: Fields, version: HTTPVersion, limits: HTTPRequestParser.Limits
    ) -> Result<Framing, HTTPParseError> {
        var hostCount = 0
        var lengthCount = 0
        var hasEncoding = false
        var lengthText = ""
        for field in fields {
            if sameName(field.name, "Host") {
                hostCount += 1
            } else if sameName(field.name, "Content-Length") {
                lengthCount += 1
                lengthText = field.value
            } else if sameName(field.name, "Transfer-Encoding") {
                hasEncoding = true
            }
        }
        if hostCount > 1 || (version == .http1_1 && hostCount == 0) { return .failure(.invalidHost) }
        if !hasEncoding, lengthCount == 0 { return .success(.none) }
        if !hasEncoding, lengthCount == 1, let length = parseDecimal(lengthText) {
            if length > limits.maxBodyBytes { return .failure(.bodyTooLarge) }
            return .success(length == 0 ? .none : .fixed(length))
        }
        return generalFraming(fields: fields, version: version, limits: limits)
    }

    /// 3027709's `generalFraming(of:)`.
    private static func generalFraming(
        fields: Fields, version: HTTPVersion, limits: HTTPRequestParser.Limits
    ) -> Result<Framing, HTTPParseError> {
        let hosts = values(for: "Host", fields)
        if hosts.count > 1 || (version == .http1_1 && hosts.isEmpty) { return .failure(.invalidHost) }
        let lengths = values(for: "Content-Length", fields)
        let encodings = values(for: "Transfer-Encoding", fields)
        if !encodings.isEmpty {
            if !lengths.isEmpty { return .failure(.contentLengthWithTransferEncoding) }
            if version == .http1_0 { return .failure(.transferEncodingOnHTTP10) }
            let codings = encodings.flatMap { $0.split(separator: ",") }.map { trimmingOWS($0).lowercased() }
            if let unknown = codings.first(where: { $0 != "chunked" }) {
                return .failure(unknown.isEmpty ? .invalidTransferEncoding : .unsupportedTransferCoding(unknown))
            }
            guard codings.count == 1 else { return .failure(.invalidTransferEncoding) }
            return .success(.chunked)
        }
        guard !lengths.isEmpty else { return .success(.none) }
        var length: Int?
        for element in lengths.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            guard let value = parseDecimal(trimmingOWS(element)) else { return .failure(.invalidContentLength) }
            if let length, length != value { return .failure(.conflictingContentLength) }
            length = value
        }
        guard let length else { return .failure(.invalidContentLength) }
        if length > limits.maxBodyBytes { return .failure(.bodyTooLarge) }
        return .success(length == 0 ? .none : .fixed(length))
    }

    /// 3027709's `parseDecimal(_:)`: 1*DIGIT, saturating at `Int.max`.
    private static func parseDecimal(_ text: String) -> Int? {
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

    /// 3027709's `HTTPHeaders.values(for:)`.
    private static func values(for name: String, _ fields: Fields) -> [String] {
        fields.filter { sameName($0.name, name) }.map(\.value)
    }

    /// 3027709's `HTTPHeaders.containsToken(_:in:)`.
    private static func containsToken(_ token: String, in name: String, _ fields: Fields) -> Bool {
        let wanted = token.lowercased()
        return values(for: name, fields).contains { value in
            value.split(separator: ",").contains { trimmingOWS($0).lowercased() == wanted }
        }
    }

    /// 3027709's `HTTPHeaders.sameName(_:_:)`.
    private static func sameName(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        return lhs.utf8.elementsEqual(rhs.utf8) { left, right in
            left == right
                || (left | 0x20 == right | 0x20 && (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(left | 0x20))
        }
    }

    /// 3027709's `StringProtocol.trimmingOWS()`.
    private static func trimmingOWS(_ text: some StringProtocol) -> String {
        let isOWS: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        let bytes = Substring(text).utf8
        guard let first = bytes.firstIndex(where: { !isOWS($0) }), let last = bytes.lastIndex(where: { !isOWS($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}

// MARK: - 3027709's chunked decoding, over a whole buffer

extension ReferenceHeadParser {
    private enum ChunkOutcome {
        /// More bytes are needed; `consumed` is where the decoder's `start` stood.
        case incomplete(consumed: Int)
        case failure(HTTPParseError)
        case complete(body: [UInt8], end: Int)
    }

    private enum LineOutcome {
        case incomplete
        case failure(HTTPParseError)
        case complete(ArraySlice<UInt8>)
    }

    /// 3027709's `decodeChunks()` from `start`, with every byte already buffered.
    private static func decodeChunks(
        _ buffer: [UInt8], from start: Int, limits: HTTPRequestParser.Limits
    ) -> ChunkOutcome {
        enum Step { case size, data(remaining: Int), dataEnd, trailer }
        let maxChunkLineBytes = 4096
        var start = start
        var step = Step.size
        var body: [UInt8] = []
        var trailerBytes = 0
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        func takeLine(limit: Int, tooLong: HTTPParseError) -> LineOutcome {
            let end = min(buffer.count, start + limit + 2)
            var index = start
            while index < end {
                switch buffer[index] {
                case .lf: return .failure(.bareLineFeed)
                case 0: return .failure(.invalidCharacter)
                case .cr:
                    guard index + 1 < buffer.count else { return .incomplete }
                    guard buffer[index + 1] == .lf else { return .failure(.bareCarriageReturn) }
                    let line = buffer[start..<index]
                    start = index + 2
                    return .complete(line)
                default: index += 1
                }
            }
            return index - start > limit ? .failure(tooLong) : .incomplete
        }
        while true {
            switch step {
            case .size:
                let line: ArraySlice<UInt8>
                switch takeLine(limit: maxChunkLineBytes, tooLong: .invalidChunk) {
                case .incomplete: return .incomplete(consumed: start)
                case .failure(let error): return .failure(error)
                case .complete(let found): line = found
                }
                var size = 0
                var digits = line.prefix(while: { hex($0) != nil })
                guard !digits.isEmpty else { return .failure(.invalidChunk) }
                while let digit = digits.popFirst().flatMap(hex) {
                    size = size * 16 + Int(digit)
                    if size > limits.maxBodyBytes { return .failure(.bodyTooLarge) }
                }
                let rest = line.dropFirst(line.prefix(while: { hex($0) != nil }).count)
                let extensions = rest.drop(while: { $0 == .space || $0 == .tab })
                guard extensions.isEmpty || extensions.first == UInt8(ascii: ";") else {
                    return .failure(.invalidChunk)
                }
                if body.count + size > limits.maxBodyBytes { return .failure(.bodyTooLarge) }
                step = size == 0 ? .trailer : .data(remaining: size)
            case .data(let remaining):
                let count = min(remaining, buffer.count - start)
                guard count > 0 else { return .incomplete(consumed: start) }
                body += buffer[start..<start + count]
                start += count
                step = remaining == count ? .dataEnd : .data(remaining: remaining - count)
            case .dataEnd:
                guard buffer.count - start >= 2 else { return .incomplete(consumed: start) }
                guard buffer[start] == .cr, buffer[start + 1] == .lf else { return .failure(.invalidChunk) }
                start += 2
                step = .size
            case .trailer:
                let line: ArraySlice<UInt8>
                switch takeLine(limit: limits.maxHeaderSectionBytes - trailerBytes, tooLong: .headerSectionTooLarge) {
                case .incomplete: return .incomplete(consumed: start)
                case .failure(let error): return .failure(error)
                case .complete(let found): line = found
                }
                if line.isEmpty { return .complete(body: body, end: start) }
                trailerBytes += line.count + 2
                if let first = line.first, first == .space || first == .tab { return .failure(.obsoleteLineFolding) }
            }
        }
    }
}

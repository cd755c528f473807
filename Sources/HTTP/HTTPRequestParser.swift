/// HTTPRequestParser turns bytes from a connection into requests, one at a time.
///
/// The parser is pure: feed it bytes with `append(_:)` as they arrive, then call `next()`
/// until it answers `.needMoreData`. It handles a request split across many reads and
/// several pipelined requests in one read, and enforces the framing rules of RFC 9112
/// §6 and the size limits before it buffers more than they allow. After an error the
/// parser stays failed, because the stream can no longer be trusted to be framed.
public struct HTTPRequestParser: Sendable {
    /// Limits the parser enforces, each answered with its own status.
    public struct Limits: Sendable, Equatable {
        /// The longest request line in bytes, without its line ending (414 beyond it).
        public var maxRequestLineBytes: Int
        /// The largest header section in bytes, line endings included (431 beyond it).
        public var maxHeaderSectionBytes: Int
        /// The most header fields in one request (431 beyond it).
        public var maxHeaderFields: Int
        /// The largest body in bytes, for `Content-Length` and chunked bodies alike (413 beyond it).
        public var maxBodyBytes: Int

        /// Creates limits; the defaults are 8 KiB, 32 KiB, 100 fields and 8 MiB.
        public init(
            maxRequestLineBytes: Int = 8 * 1024, maxHeaderSectionBytes: Int = 32 * 1024,
            maxHeaderFields: Int = 100, maxBodyBytes: Int = 8 * 1024 * 1024
        ) {
            self.maxRequestLineBytes = maxRequestLineBytes
            self.maxHeaderSectionBytes = maxHeaderSectionBytes
            self.maxHeaderFields = maxHeaderFields
            self.maxBodyBytes = maxBodyBytes
        }
    }

    /// What the parser found in the bytes it holds.
    public enum Result: Sendable, Equatable {
        /// A complete request; more may follow in the buffer.
        case request(HTTPRequest)
        /// The head asked for `100 Continue` before the client sends its body; send it, then call `next()` again.
        case continueExpected
        /// The buffered bytes do not yet hold a complete request.
        case needMoreData
        /// The bytes are not a valid request; answer with `error.status` and close.
        case error(HTTPParseError)
    }

    /// How far the parser is into the current request, which decides which timeout applies.
    public enum Progress: Sendable, Equatable {
        /// No byte of a next request has arrived.
        case idle
        /// Some bytes of a request head have arrived, but not all of it.
        case head
        /// The head is complete and the body is being read.
        case body
    }

    /// The limits this parser enforces.
    public let limits: Limits

    var buffer: [UInt8] = []
    /// Index in `buffer` of the first byte not yet consumed.
    var start = 0
    var phase: Phase = .head
    var headScan = HeadScan()
    /// The head of the request whose body is being read.
    var pendingRequest: HTTPRequest?
    var chunked = ChunkedDecoder()
    var isContinuePending = false

    enum Phase: Sendable {
        case head
        case fixedBody(length: Int)
        case chunkedBody
        case failed(HTTPParseError)
    }

    /// Creates a parser with the given limits.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Adds bytes received from the connection.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        // Drop consumed bytes once they are at least half the buffer: amortized O(1) per byte.
        if start > 0, start >= buffer.count / 2 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The number of received bytes not yet consumed by a returned request.
    public var bufferedByteCount: Int { buffer.count - start }

    /// How far the parser is into the current request.
    public var progress: Progress {
        switch phase {
        case .head: bufferedByteCount == 0 ? .idle : .head
        case .fixedBody, .chunkedBody: .body
        case .failed: .head
        }
    }

    /// Parses as far as the buffered bytes allow and reports the outcome.
    public mutating func next() -> Result {
        if isContinuePending {
            isContinuePending = false
            return .continueExpected
        }
        switch phase {
        case .failed(let error):
            return .error(error)
        case .head:
            switch scanHead() {
            case .incomplete:
                return .needMoreData
            case .failure(let error):
                return fail(error)
            case .complete(let headLength):
                return headCompleted(headLength: headLength)
            }
        case .fixedBody(let length):
            guard bufferedByteCount >= length, var request = pendingRequest.take() else { return .needMoreData }
            request.body = Array(buffer[start..<start + length])
            start += length
            return finish(request)
        case .chunkedBody:
            switch decodeChunks() {
            case .incomplete:
                return .needMoreData
            case .failure(let error):
                return fail(error)
            case .complete:
                guard var request = pendingRequest.take() else { return .needMoreData }
                request.body = chunked.body
                chunked = ChunkedDecoder()
                return finish(request)
            }
        }
    }

    private mutating func headCompleted(headLength: Int) -> Result {
        let scan = headScan
        headScan = HeadScan()
        do {
            let (request, framing) = try parseHead(scan, headLength: headLength)
            start += headLength
            return bodyFollows(request, framing: framing)
        } catch {
            start += headLength
            return fail(error)
        }
    }

    /// Goes on from a parsed head to its body; the request is consumed, so it moves on rather than being copied.
    private mutating func bodyFollows(_ request: consuming HTTPRequest, framing: Framing) -> Result {
        let expectsContinue =
            request.version == .http1_1 && request.headers.containsToken("100-continue", in: "Expect")
        switch framing {
        case .none:
            return finish(request)
        case .fixed(let length):
            // A body already buffered (the usual small request) is taken at once, without parking the
            // request in `pendingRequest` and copying it out again.
            if bufferedByteCount >= length {
                request.body = Array(buffer[start..<start + length])
                start += length
                return finish(request)
            }
            pendingRequest = request
            phase = .fixedBody(length: length)
            return expectsContinue ? .continueExpected : .needMoreData
        case .chunked:
            pendingRequest = request
            phase = .chunkedBody
            if expectsContinue, bufferedByteCount == 0 { return .continueExpected }
            return next()
        }
    }

    /// Takes the request (consuming, so it moves into the result rather than being copied).
    private mutating func finish(_ request: consuming HTTPRequest) -> Result {
        phase = .head
        return .request(request)
    }

    private mutating func fail(_ error: HTTPParseError) -> Result {
        phase = .failed(error)
        pendingRequest = nil
        return .error(error)
    }
}

extension HTTPRequestParser {
    /// The outcome of one step of scanning or decoding.
    enum StepOutcome<Value> {
        case incomplete
        case complete(Value)
        case failure(HTTPParseError)
    }

    /// Progress of the scan for the end of a request head, kept between reads.
    ///
    /// The scan only finds where the head ends and which line is the request line; `parseHead` splits
    /// the field lines itself as it checks them, so no list of lines is built.
    struct HeadScan: Sendable {
        /// Bytes from `start` already examined.
        var scanned = 0
        /// Offset from `start` of the line being scanned.
        var lineStart = 0
        /// Offsets from `start` of the request line without its line ending, once it is complete.
        var requestLine: Range<Int>?
        /// Offset from `start` of the first header field line.
        var headerStart = 0
        /// Field lines found so far.
        var fieldCount = 0
        var leadingEmptyLines = 0
    }

    /// Scans for the empty line that ends the head, checking characters and limits as it goes.
    ///
    /// Errors come in byte order: a bare CR or LF, a NUL, or the byte that first exceeds a limit, whichever
    /// comes first, exactly as a byte-by-byte check would find them.
    mutating func scanHead() -> StepOutcome<Int> {
        var scan = headScan
        defer { headScan = scan }
        let limits = limits
        let origin = start
        return buffer.withUnsafeBufferPointer { buffer in
            // Read through a pointer: this loop runs for every byte of every head, and indexing the array
            // property checked bounds and uniqueness per byte.
            let end = buffer.count - origin
            var offset = scan.scanned
            defer { scan.scanned = offset }
            while offset < end {
                // The run of ordinary bytes up to the next CR, LF or NUL, but not past the byte that would
                // exceed the limit of the line or section being scanned. A limit below zero acts as zero:
                // either way the first ordinary byte exceeds it.
                let isRequestLine = scan.requestLine == nil
                let base = isRequestLine ? scan.lineStart : scan.headerStart
                let limit = max(0, isRequestLine ? limits.maxRequestLineBytes : limits.maxHeaderSectionBytes)
                let allowed = limit - (offset - base)
                let runEnd = allowed >= end - offset ? end : offset + allowed + 1
                while offset < runEnd {
                    let byte = buffer[origin + offset]
                    // Every byte above CR is ordinary; only the few below need a closer look.
                    if byte > .cr || (byte != .cr && byte != .lf && byte != 0) {
                        offset += 1
                    } else {
                        break
                    }
                }
                if offset - base > limit {
                    return .failure(isRequestLine ? .requestLineTooLong : .headerSectionTooLarge)
                }
                guard offset < end else { return .incomplete }
                let byte = buffer[origin + offset]
                if byte == .lf { return .failure(.bareLineFeed) }
                if byte == 0 { return .failure(.invalidCharacter) }
                // A CR: it must end a line.
                guard offset + 1 < end else { return .incomplete }
                guard buffer[origin + offset + 1] == .lf else { return .failure(.bareCarriageReturn) }
                let line = scan.lineStart..<offset
                offset += 2
                scan.lineStart = offset
                if scan.requestLine == nil {
                    if line.isEmpty {
                        // RFC 9112 §2.2: a server should ignore empty lines before the request line.
                        scan.leadingEmptyLines += 1
                        if scan.leadingEmptyLines > 4 { return .failure(.invalidRequestLine) }
                        continue
                    }
                    scan.requestLine = line
                    scan.headerStart = offset
                    // An empty section is already too large for a limit below zero, as the byte-by-byte check found.
                    if limits.maxHeaderSectionBytes < 0 { return .failure(.headerSectionTooLarge) }
                } else if line.isEmpty {
                    return .complete(offset)
                } else {
                    scan.fieldCount += 1
                    if scan.fieldCount > limits.maxHeaderFields { return .failure(.tooManyHeaderFields) }
                    // The line ending counts towards the section.
                    if offset - scan.headerStart > limits.maxHeaderSectionBytes {
                        return .failure(.headerSectionTooLarge)
                    }
                }
            }
            return .incomplete
        }
    }
}

extension UInt8 {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")
}

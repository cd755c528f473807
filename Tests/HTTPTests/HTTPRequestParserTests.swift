import Testing

@testable import HTTP

/// Feeds `bytes` to a fresh parser and collects results until it needs more data or fails.
private func parseAll(_ bytes: [UInt8], limits: HTTPRequestParser.Limits = .init()) -> [HTTPRequestParser.Result] {
    var parser = HTTPRequestParser(limits: limits)
    parser.append(bytes)
    return drain(&parser)
}

private func drain(_ parser: inout HTTPRequestParser) -> [HTTPRequestParser.Result] {
    var results: [HTTPRequestParser.Result] = []
    while true {
        let result = parser.next()
        switch result {
        case .needMoreData: return results
        case .error: return results + [result]
        default: results.append(result)
        }
    }
}

private func requests(_ results: [HTTPRequestParser.Result]) -> [HTTPRequest] {
    results.compactMap { if case .request(let request) = $0 { request } else { nil } }
}

private func firstError(_ text: String, limits: HTTPRequestParser.Limits = .init()) -> HTTPParseError? {
    for result in parseAll(Array(text.utf8), limits: limits) {
        if case .error(let error) = result { return error }
    }
    return nil
}

/// One malformed request and the error it must produce.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    let name: String
    let raw: String
    let error: HTTPParseError
    var testDescription: String { name }
}

@Suite struct HTTPRequestParserTests {
    static let malformed: [MalformedCase] = [
        .init(
            name: "Content-Length with Transfer-Encoding",
            raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
            error: .contentLengthWithTransferEncoding),
        .init(
            name: "differing duplicate Content-Length",
            raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
            error: .conflictingContentLength),
        .init(
            name: "differing Content-Length list", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\n",
            error: .conflictingContentLength),
        .init(
            name: "signed Content-Length", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello",
            error: .invalidContentLength),
        .init(
            name: "negative Content-Length", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n",
            error: .invalidContentLength),
        .init(
            name: "hex Content-Length", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n",
            error: .invalidContentLength),
        .init(
            name: "empty Content-Length", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n",
            error: .invalidContentLength),
        .init(
            name: "unknown transfer coding",
            raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
            error: .unsupportedTransferCoding("gzip")),
        .init(
            name: "chunked twice", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
            error: .invalidTransferEncoding),
        .init(
            name: "Transfer-Encoding on HTTP/1.0", raw: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
            error: .transferEncodingOnHTTP10),
        .init(
            name: "space before colon", raw: "GET / HTTP/1.1\r\nHost : a\r\n\r\n", error: .whitespaceBeforeColon),
        .init(
            name: "tab before colon", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A\t: b\r\n\r\n",
            error: .whitespaceBeforeColon),
        .init(
            name: "obsolete line folding", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n",
            error: .obsoleteLineFolding),
        .init(name: "bare CR in field", raw: "GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n", error: .bareCarriageReturn),
        .init(name: "bare CR in request line", raw: "GET /\r HTTP/1.1\r\n\r\n", error: .bareCarriageReturn),
        .init(name: "bare LF", raw: "GET / HTTP/1.1\nHost: a\r\n\r\n", error: .bareLineFeed),
        .init(name: "NUL in field value", raw: "GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n", error: .invalidCharacter),
        .init(name: "NUL in target", raw: "GET /a\0b HTTP/1.1\r\nHost: a\r\n\r\n", error: .invalidCharacter),
        .init(name: "control byte in value", raw: "GET / HTTP/1.1\r\nHost: a\u{01}\r\n\r\n", error: .invalidCharacter),
        .init(name: "missing Host on HTTP/1.1", raw: "GET / HTTP/1.1\r\nX: y\r\n\r\n", error: .invalidHost),
        .init(name: "two Host fields", raw: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", error: .invalidHost),
        .init(name: "HTTP/2.0", raw: "GET / HTTP/2.0\r\nHost: a\r\n\r\n", error: .unsupportedVersion),
        .init(name: "HTTP/1.2", raw: "GET / HTTP/1.2\r\nHost: a\r\n\r\n", error: .unsupportedVersion),
        .init(name: "malformed version", raw: "GET / HTTP/1.10\r\nHost: a\r\n\r\n", error: .invalidRequestLine),
        .init(name: "two spaces", raw: "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", error: .invalidRequestLine),
        .init(name: "no target", raw: "GET HTTP/1.1\r\nHost: a\r\n\r\n", error: .invalidRequestLine),
        .init(name: "bad percent escape", raw: "GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n", error: .invalidTarget),
        .init(name: "relative target", raw: "GET a/b HTTP/1.1\r\nHost: a\r\n\r\n", error: .invalidTarget),
        .init(
            name: "field without colon", raw: "GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", error: .invalidHeaderField
        ),
        .init(
            name: "bad chunk size",
            raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
            error: .invalidChunk),
        .init(
            name: "chunk data longer than size",
            raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n",
            error: .invalidChunk),
        .init(
            name: "bare LF after chunk size",
            raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n",
            error: .bareLineFeed),
    ]

    @Test(arguments: malformed)
    func malformedRequestIsRefused(_ testCase: MalformedCase) {
        #expect(firstError(testCase.raw) == testCase.error)
    }

    @Test func errorsMapToTheirStatuses() {
        #expect(HTTPParseError.requestLineTooLong.status.code == 414)
        #expect(HTTPParseError.headerSectionTooLarge.status.code == 431)
        #expect(HTTPParseError.tooManyHeaderFields.status.code == 431)
        #expect(HTTPParseError.bodyTooLarge.status.code == 413)
        #expect(HTTPParseError.unsupportedTransferCoding("gzip").status.code == 501)
        #expect(HTTPParseError.unsupportedVersion.status.code == 505)
        #expect(HTTPParseError.contentLengthWithTransferEncoding.status.code == 400)
        #expect(HTTPParseError.bareCarriageReturn.status.code == 400)
    }

    @Test func identicalDuplicateContentLengthsAreAccepted() throws {
        let raw = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5, 005\r\n\r\nhello"
        let parsed = requests(parseAll(Array(raw.utf8)))
        #expect(parsed.count == 1)
        #expect(parsed.first?.body == Array("hello".utf8))
    }

    @Test func requestLineLimitIs414() {
        let target = "/" + String(repeating: "a", count: 8 * 1024)
        #expect(firstError("GET \(target) HTTP/1.1\r\nHost: a\r\n\r\n") == .requestLineTooLong)
        // Refused before the line ends: a client cannot make the server buffer an endless line.
        #expect(firstError("GET \(target)") == .requestLineTooLong)
        let fits = "/" + String(repeating: "a", count: 8 * 1024 - 20)
        #expect(firstError("GET \(fits) HTTP/1.1\r\nHost: a\r\n\r\n") == nil)
    }

    @Test func headerSectionLimitsAre431() {
        let big = "GET / HTTP/1.1\r\nHost: a\r\nX-Big: \(String(repeating: "b", count: 33 * 1024))\r\n\r\n"
        #expect(firstError(big) == .headerSectionTooLarge)
        let hundredOne = (1...100).map { "X-\($0): v\r\n" }.joined()
        #expect(firstError("GET / HTTP/1.1\r\nHost: a\r\n\(hundredOne)\r\n") == .tooManyHeaderFields)
        let hundred = (1...99).map { "X-\($0): v\r\n" }.joined()
        #expect(firstError("GET / HTTP/1.1\r\nHost: a\r\n\(hundred)\r\n") == nil)
        // A limit below zero refuses even an empty section, as it did when every byte was checked on its own.
        #expect(
            firstError("GET / HTTP/1.1\r\n\r\n", limits: .init(maxHeaderSectionBytes: -1)) == .headerSectionTooLarge)
        #expect(firstError("GET / HTTP/1.1\r\nHost: a\r\n\r\n", limits: .init(maxHeaderSectionBytes: 9)) == nil)
    }

    @Test func anUnboundedSectionLimitTakesAChunkedBodysTrailer() {
        let limits = HTTPRequestParser.Limits(maxRequestLineBytes: .max, maxHeaderSectionBytes: .max)
        let raw = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n"
        let results = parseAll(Array(raw.utf8), limits: limits)
        guard case .request(let request)? = results.first else {
            Issue.record("expected a request, got \(results)")
            return
        }
        #expect(request.body == Array("abc".utf8))
    }

    @Test func chunkSizesNearTheLargestIntegerAreRefusedWithoutOverflow() {
        let limits = HTTPRequestParser.Limits(maxBodyBytes: .max)
        let head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        #expect(firstError(head + "FFFFFFFFFFFFFFFF\r\n", limits: limits) == .bodyTooLarge)
        #expect(firstError(head + "1\r\na\r\n7FFFFFFFFFFFFFFF\r\n", limits: limits) == .bodyTooLarge)
        let results = parseAll(Array((head + "2\r\nab\r\n0\r\n\r\n").utf8), limits: limits)
        guard case .request(let request)? = results.first else {
            Issue.record("expected a request, got \(results)")
            return
        }
        #expect(request.body == Array("ab".utf8))
        // The limit itself still holds exactly.
        let four = HTTPRequestParser.Limits(maxBodyBytes: 4)
        #expect(firstError(head + "5\r\n", limits: four) == .bodyTooLarge)
        #expect(firstError(head + "2\r\nab\r\n3\r\n", limits: four) == .bodyTooLarge)
        #expect(firstError(head + "2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n", limits: four) == nil)
    }

    @Test func oversizedContentLengthIsRefusedBeforeTheBody() {
        let limits = HTTPRequestParser.Limits(maxBodyBytes: 1000)
        #expect(
            firstError("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1001\r\n\r\n", limits: limits) == .bodyTooLarge)
        #expect(
            firstError("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n") == .bodyTooLarge
        )
        #expect(firstError("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n", limits: limits) == nil)
    }

    @Test func chunkedBodyOverTheLimitIsRefusedAsSoonAsItExceeds() {
        let limits = HTTPRequestParser.Limits(maxBodyBytes: 10)
        let head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        // The second size line pushes the total to 12; no data of that chunk is needed to decide.
        #expect(firstError(head + "6\r\nabcdef\r\n6\r\n", limits: limits) == .bodyTooLarge)
        #expect(firstError(head + "FFFFFFFFFFFFFFFFFFFFFFFF\r\n", limits: limits) == .bodyTooLarge)
        #expect(firstError(head + "5\r\nabcde\r\n5\r\nfghij\r\n0\r\n\r\n", limits: limits) == nil)
    }

    @Test func parsesASimpleRequest() throws {
        let raw = "GET /v1/events?channel=a%2Fb&q=x+y&flag HTTP/1.1\r\nHost: node\r\nX-Trace: 1\r\nx-trace: 2\r\n\r\n"
        let request = try #require(requests(parseAll(Array(raw.utf8))).first)
        #expect(request.method == .get)
        #expect(request.version == .http1_1)
        #expect(request.path == "/v1/events")
        #expect(request.target.raw == "/v1/events?channel=a%2Fb&q=x+y&flag")
        #expect(request.target.queryValue("channel") == "a/b")
        #expect(request.target.queryValue("q") == "x y")
        #expect(request.target.queryValue("flag") == "")
        #expect(request.headers["X-TRACE"] == "1")
        #expect(request.headers.values(for: "x-trace") == ["1", "2"])
        #expect(request.headers.map(\.name) == ["Host", "X-Trace", "x-trace"])
        #expect(request.body.isEmpty)
        #expect(request.isKeepAlive)
    }

    @Test func percentDecodesThePath() throws {
        let target = try #require(HTTPRequestTarget("/a%20b/%C3%A5+c"))
        #expect(target.path == "/a b/å+c")
        #expect(HTTPRequestTarget("/bad%2") == nil)
        #expect(HTTPRequestTarget("/nul%00") == nil)
        #expect(HTTPRequestTarget("/notutf8%FF") == nil)
        #expect(HTTPRequestTarget("http://example.com/x?y=1")?.path == "/x")
        #expect(HTTPRequestTarget("*")?.path == "*")
    }

    @Test func decodesChunkedBodyWithExtensionsAndTrailers() throws {
        let raw =
            "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n1 ; ext\r\n,\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"
        let parsed = requests(parseAll(Array(raw.utf8)))
        #expect(parsed.count == 1)
        #expect(parsed.first?.body == Array("hello, world".utf8))
    }

    @Test func parsesARequestFedOneByteAtATime() throws {
        let raw =
            "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
            + "POST /b HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n1\r\nf\r\n0\r\n\r\n"
        var parser = HTTPRequestParser()
        var results: [HTTPRequestParser.Result] = []
        for byte in Array(raw.utf8) {
            parser.append([byte])
            results += drain(&parser)
        }
        let parsed = requests(results)
        #expect(parsed.map(\.path) == ["/a", "/b"])
        #expect(parsed.map(\.body) == [Array("abc".utf8), Array("def".utf8)])
        #expect(parser.progress == .idle)
    }

    @Test func parsesPipelinedRequestsInOrder() {
        let raw =
            "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi"
            + "GET /3 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /4 HT"
        var parser = HTTPRequestParser()
        parser.append(Array(raw.utf8))
        let parsed = requests(drain(&parser))
        #expect(parsed.map(\.path) == ["/1", "/2", "/3"])
        #expect(parsed.map(\.isKeepAlive) == [true, true, false])
        #expect(parser.progress == .head)
        #expect(parser.bufferedByteCount == 9)
    }

    @Test func reportsProgressForTimeouts() {
        var parser = HTTPRequestParser()
        #expect(parser.progress == .idle)
        parser.append(Array("POST / HTTP/1.1\r\nHost: a\r\n".utf8))
        _ = parser.next()
        #expect(parser.progress == .head)
        parser.append(Array("Content-Length: 4\r\n\r\nab".utf8))
        #expect(parser.next() == .needMoreData)
        #expect(parser.progress == .body)
        parser.append(Array("cd".utf8))
        guard case .request = parser.next() else {
            Issue.record("expected a request")
            return
        }
        #expect(parser.progress == .idle)
    }

    @Test func asksForContinueBeforeAHeldBackBody() {
        var parser = HTTPRequestParser()
        parser.append(Array("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        #expect(parser.next() == .continueExpected)
        #expect(parser.next() == .needMoreData)
        parser.append(Array("ok".utf8))
        #expect(requests([parser.next()]).first?.body == Array("ok".utf8))
    }

    @Test func keepAliveFollowsTheVersionDefaults() throws {
        let old = try #require(requests(parseAll(Array("GET / HTTP/1.0\r\n\r\n".utf8))).first)
        #expect(!old.isKeepAlive)
        let oldKept = try #require(
            requests(parseAll(Array("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n".utf8))).first)
        #expect(oldKept.isKeepAlive)
    }

    @Test func ignoresEmptyLinesBeforeTheRequestLine() {
        #expect(requests(parseAll(Array("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))).count == 1)
    }

    @Test func staysFailedAfterAnError() {
        var parser = HTTPRequestParser()
        parser.append(Array("GET / HTTP/1.1\r\nHost : a\r\n\r\n".utf8))
        #expect(parser.next() == .error(.whitespaceBeforeColon))
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(parser.next() == .error(.whitespaceBeforeColon))
    }
}

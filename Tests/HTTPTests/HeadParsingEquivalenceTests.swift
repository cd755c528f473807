import Testing

@testable import HTTP

/// The byte parser must accept and refuse every head exactly as the string parser of 3027709 did: same error,
/// or same method, target, version, fields (as strings) and framing, however the bytes are split across reads.
struct HeadParsingEquivalenceTests {
    private static let methods = ["GET", "POST", "get", "PO(T", "", "DELETE", "OPTIONS", "PATCH", "M\u{E9}"]
    private static let targets = [
        "/", "/v1/events", "/a?b=c%20d", "/%zz", "a/b", "*", "/\u{7F}", "/\u{E9}", "http://h/x?y", "/a#f", "/a%00",
    ]
    private static let versions = ["HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "HTTP/1.10", "http/1.1", "HTTP/1.1 ", "HTTP/1"]
    private static let names = [
        "Host", "host", "HOST", "Content-Length", "content-length", "Transfer-Encoding", "Connection", "X-A", "X A",
        "", "X(", "Content-Length ", "Host\t", "X-\u{DC}", "Content-Type",
    ]
    private static let values = [
        "a", "", " 5 ", "5", "05", "5, 5", "5,6", "chunked", "gzip, chunked", "\t", "a\u{7F}", "a\u{01}b", "close",
        "\t x \t", "127.0.0.1", "application/json", "99999999999999999999", "9999999999999999999a",
    ]
    /// Bytes slipped into a head at random: each line ending, control and obs-text case.
    private static let injected: [UInt8] = [0x0D, 0x0A, 0x00, 0x7F, 0xE9, 0xFF, 0x20, 0x09, 0x01, 0x3A]

    private static func randomHead(_ random: inout some RandomNumberGenerator) -> [UInt8] {
        var head: [UInt8] = []
        if Int.random(in: 0..<10, using: &random) == 0 {
            head += Array(repeating: Array("\r\n".utf8), count: Int.random(in: 1...6, using: &random)).flatMap { $0 }
        }
        let separator = Int.random(in: 0..<20, using: &random) == 0 ? "  " : " "
        head += Array(
            (methods.randomElement(using: &random)! + separator + targets.randomElement(using: &random)! + " "
                + versions.randomElement(using: &random)! + "\r\n").utf8)
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            var line = Array(names.randomElement(using: &random)!.utf8)
            switch Int.random(in: 0..<20, using: &random) {
            case 0: line.insert(.space, at: 0)  // obsolete line folding
            case 1: line += Array(" no colon".utf8)
            default: line += Array([":", ": ", ":\t", ":  "].randomElement(using: &random)!.utf8)
            }
            // Values as raw bytes: a Latin-1 é is obs-text, not UTF-8.
            line += values.randomElement(using: &random)!.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
            head += line + Array("\r\n".utf8)
        }
        head += Array("\r\n".utf8)
        if Bool.random(using: &random) {
            let byte = injected.randomElement(using: &random)!
            head.insert(byte, at: Int.random(in: 0...head.count, using: &random))
        }
        return head
    }

    /// The parser's outcome for `bytes` fed in pieces cut at `cuts`, in the reference's terms.
    private static func outcome(
        _ bytes: [UInt8], cuts: [Int], limits: HTTPRequestParser.Limits
    ) -> ReferenceHeadParser.Outcome {
        var parser = HTTPRequestParser(limits: limits)
        var fed = 0
        for cut in cuts + [bytes.count] {
            parser.append(bytes[fed..<cut])
            fed = cut
            switch parser.next() {
            case .error(let error):
                return .error(error)
            case .request(let request):
                return head(request, framing: .none)
            case .needMoreData, .continueExpected:
                guard let request = parser.pendingRequest else { continue }
                switch parser.phase {
                case .fixedBody(let length): return head(request, framing: .fixed(length))
                case .chunkedBody: return head(request, framing: .chunked)
                case .head, .failed: Issue.record("a pending request outside a body phase")
                }
            }
        }
        return .incomplete
    }

    private static func head(_ request: HTTPRequest, framing: Framing) -> ReferenceHeadParser.Outcome {
        .head(
            method: request.method.rawValue, target: request.target.raw, version: request.version,
            fields: request.headers.map { [$0.name, $0.value] }, framing: framing)
    }

    @Test(arguments: [
        HTTPRequestParser.Limits(maxRequestLineBytes: 24, maxHeaderSectionBytes: 60, maxHeaderFields: 3),
        HTTPRequestParser.Limits(maxBodyBytes: 4),
        HTTPRequestParser.Limits(maxRequestLineBytes: 0, maxHeaderSectionBytes: 0, maxHeaderFields: 0),
        HTTPRequestParser.Limits(maxRequestLineBytes: -1, maxHeaderSectionBytes: -1, maxHeaderFields: -1),
        HTTPRequestParser.Limits(maxRequestLineBytes: .max, maxHeaderSectionBytes: .max),
    ])
    func randomHeadsAreParsedAsByTheStringParser(limits: HTTPRequestParser.Limits) {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<4_000 {
            let bytes = Self.randomHead(&random)
            let expected = ReferenceHeadParser.parse(bytes, limits: limits)
            #expect(Self.outcome(bytes, cuts: [], limits: limits) == expected, "\(bytes)")
            let cuts = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                Int.random(in: 0...bytes.count, using: &random)
            }.sorted()
            #expect(Self.outcome(bytes, cuts: cuts, limits: limits) == expected, "\(bytes) cut at \(cuts)")
        }
    }

    @Test func headsFedByteByByteAreParsedAsByTheStringParser() {
        var random = SystemRandomNumberGenerator()
        let limits = HTTPRequestParser.Limits(maxRequestLineBytes: 24, maxHeaderSectionBytes: 60, maxHeaderFields: 3)
        for _ in 0..<500 {
            let bytes = Self.randomHead(&random)
            #expect(
                Self.outcome(bytes, cuts: Array(0..<bytes.count), limits: limits)
                    == ReferenceHeadParser.parse(bytes, limits: limits), "\(bytes)")
        }
    }

    @Test func tokenMasksHoldTheTokenCharacters() {
        for byte in UInt8.min...UInt8.max {
            #expect(byte.isTokenCharacter == byte.isTokenCharacterBySwitch, "\(byte)")
        }
    }
}

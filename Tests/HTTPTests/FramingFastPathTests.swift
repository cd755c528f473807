import Testing

@testable import HTTP

/// The usual head's framing is decided in one pass; every head must be framed as the general rules frame it.
struct FramingFastPathTests {
    private static let names = [
        "Host", "host", "HOST", "Content-Length", "content-length", "CONTENT-LENGTH", "Transfer-Encoding",
        "transfer-encoding", "Content-Type", "Connection", "Expect", "Content-Lengths", "X-Host",
    ]
    private static let values = [
        "", "0", "00", "5", "05", "12", "1048576", "1048577", "99999999999999999999999", "5,5", "5, 5", "5,6", ",5",
        "5,", " 5", "5 ", "-1", "+5", "5a", "0x10", "chunked", "Chunked", "gzip, chunked", "chunked, chunked",
        "127.0.0.1", "١٢", "5\t",
    ]

    @Test func randomHeadsAreFramedAsByTheGeneralRules() {
        var random = SystemRandomNumberGenerator()
        let limits = HTTPRequestParser.Limits(maxBodyBytes: 1 << 20)
        let parser = HTTPRequestParser(limits: limits)
        for _ in 0..<20_000 {
            var headers = HTTPHeaders()
            for _ in 0..<Int.random(in: 0...5, using: &random) {
                headers.add(name: Self.names.randomElement(using: &random)!, value: Self.values.randomElement(using: &random)!)
            }
            let version: HTTPVersion = Bool.random(using: &random) ? .http1_1 : .http1_0
            let request = HTTPRequest(method: .post, target: HTTPRequestTarget("/v1/events")!, version: version, headers: headers)
            let expected = parser.generalFraming(of: request)
            #expect(parser.framing(of: request) == expected, "\(version) \(Array(headers))")
        }
    }

    @Test func theUsualHeadsAreFramedAsBefore() {
        let limits = HTTPRequestParser.Limits(maxBodyBytes: 100)
        let parser = HTTPRequestParser(limits: limits)
        let heads: [[(String, String)]] = [
            [("Host", "a")], [("Host", "a"), ("Content-Length", "0")], [("Host", "a"), ("Content-Length", "100")],
            [("Host", "a"), ("Content-Length", "101")], [("Host", "a"), ("Content-Length", "7"), ("Content-Length", "7")],
            [("Host", "a"), ("Content-Length", "7"), ("Content-Length", "8")], [("Content-Length", "7")],
            [("Host", "a"), ("Host", "a"), ("Content-Length", "7")], [("Host", "a"), ("Content-Length", "")],
            [("Host", "a"), ("Content-Length", "7"), ("Transfer-Encoding", "chunked")],
        ]
        for head in heads {
            for version in [HTTPVersion.http1_0, .http1_1] {
                let request = HTTPRequest(
                    method: .post, target: HTTPRequestTarget("/")!, version: version, headers: HTTPHeaders(head))
                #expect(parser.framing(of: request) == parser.generalFraming(of: request), "\(version) \(head)")
            }
        }
    }
}

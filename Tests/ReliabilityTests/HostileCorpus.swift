import EventModel
import Foundation

/// One hostile request: its bytes and what the server must do with them.
struct HostileCase {
    let name: String
    let bytes: [UInt8]
    /// Acceptable statuses; empty means the server must close without answering.
    let statuses: Set<Int>

    init(_ name: String, _ text: String, _ statuses: Set<Int>) {
        self.init(name, Array(text.utf8), statuses)
    }

    init(_ name: String, _ bytes: [UInt8], _ statuses: Set<Int>) {
        self.name = name
        self.bytes = bytes
        self.statuses = statuses
    }
}

/// The corpus: request smuggling, framing, limits, versions, targets, garbage and bad JSON.
/// Slow, byte-at-a-time, pipelined and hang-up cases need timing and are in HostileHTTPTests.
enum HostileCorpus {
    static let push = "POST /v1/push HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
    static let empty = #"{"events":[]}"#

    static func post(_ path: String, _ body: String) -> String {
        "POST \(path) HTTP/1.1\r\nHost: a\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    static func cases(seed: UInt64) -> [HostileCase] {
        var random = SplitMix64(seed: seed)
        let garbage = (0..<512).map { _ in UInt8.random(in: 0...255, using: &random) }
        let clientHello: [UInt8] = [0x16, 0x03, 0x01, 0x00, 0xA5, 0x01, 0x00, 0x00, 0xA1, 0x03, 0x03] + Array(repeating: 0x42, count: 64)
        let nested = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        let longChunk = "\r\n\r\n\(empty.utf8.count.hexString)\r\n\(empty)\r\n0\r\n\r\n"
        return [
            // Smuggling: Content-Length and Transfer-Encoding together, in either order.
            HostileCase("CL+TE", push + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", [400]),
            HostileCase("TE+CL", push + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n", [400]),
            HostileCase("duplicate equal CL", push + "Content-Length: 13\r\nContent-Length: 13\r\n\r\n" + empty, [200, 400]),
            HostileCase("duplicate different CL", push + "Content-Length: 13\r\nContent-Length: 14\r\n\r\n" + empty + " ", [400]),
            HostileCase("CL list", push + "Content-Length: 13, 14\r\n\r\n" + empty, [400]),
            HostileCase("CL negative", push + "Content-Length: -1\r\n\r\n", [400]),
            HostileCase("CL plus sign", push + "Content-Length: +13\r\n\r\n" + empty, [400]),
            HostileCase("CL hex", push + "Content-Length: 0xd\r\n\r\n" + empty, [400]),
            HostileCase("CL overflow", push + "Content-Length: 99999999999999999999999999\r\n\r\n", [400, 413]),
            HostileCase("CL inner space", push + "Content-Length: 1 3\r\n\r\n" + empty, [400]),
            HostileCase("CL empty", push + "Content-Length: \r\n\r\n", [400]),
            HostileCase("TE chunked, identity", push + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n", [400, 501]),
            HostileCase("TE identity", push + "Transfer-Encoding: identity\r\n\r\n", [400, 501]),
            HostileCase("TE gzip, chunked", push + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", [501]),
            HostileCase("TE chunked twice", push + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", [400]),
            HostileCase("TE on HTTP/1.0", "POST /v1/push HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", [400]),
            HostileCase("TE folded", push + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n", [400]),
            HostileCase("TE space before colon", push + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n", [400]),
            HostileCase("TE tab before colon", push + "Transfer-Encoding\t: chunked\r\n\r\n0\r\n\r\n", [400]),
            HostileCase("TE xchunked", push + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", [501]),
            HostileCase("TE upper case", push + "Transfer-Encoding: CHUNKED" + longChunk, [200]),
            HostileCase("obsolete folding", "GET /v1/health HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n continued\r\n\r\n", [400]),
            // Line endings and control bytes.
            HostileCase("bare LF", "GET /v1/health HTTP/1.1\nHost: a\n\n", [400]),
            HostileCase("bare CR", "GET /v1/health HTTP/1.1\rHost: a\r\n\r\n", [400]),
            HostileCase("bare CR in value", "GET /v1/health HTTP/1.1\r\nHost: a\r\nX-A: 1\r2\r\n\r\n", [400]),
            HostileCase("NUL in value", "GET /v1/health HTTP/1.1\r\nHost: a\r\nX-A: a\u{0}b\r\n\r\n", [400]),
            HostileCase("NUL in target", "GET /v1/he\u{0}alth HTTP/1.1\r\nHost: a\r\n\r\n", [400]),
            HostileCase("control in name", "GET /v1/health HTTP/1.1\r\nHost: a\r\nX\u{1}A: 1\r\n\r\n", [400]),
            HostileCase("DEL in value", "GET /v1/health HTTP/1.1\r\nHost: a\r\nX-A: \u{7F}\r\n\r\n", [400]),
            // Chunked framing.
            HostileCase("chunk size overflow", push + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFFFF\r\n", [400, 413]),
            HostileCase("chunk size negative", push + "Transfer-Encoding: chunked\r\n\r\n-1\r\n", [400]),
            HostileCase("chunk size not hex", push + "Transfer-Encoding: chunked\r\n\r\nzz\r\n", [400]),
            HostileCase("chunk without CRLF", push + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcX0\r\n\r\n", [400]),
            HostileCase("chunks beyond the body limit", push + "Transfer-Encoding: chunked\r\n\r\n900000\r\n", [413]),
            // Limits.
            HostileCase("request line 9 KiB", "GET /" + String(repeating: "a", count: 9_000) + " HTTP/1.1\r\nHost: a\r\n\r\n", [414]),
            HostileCase("header 33 KiB", "GET /v1/health HTTP/1.1\r\nHost: a\r\nX-A: " + String(repeating: "b", count: 33_000) + "\r\n\r\n", [431]),
            HostileCase("101 header fields", "GET /v1/health HTTP/1.1\r\nHost: a\r\n" + (0..<101).map { "X-\($0): 1\r\n" }.joined() + "\r\n", [431]),
            HostileCase("body 9 MiB announced", push + "Content-Length: 9437184\r\n\r\n", [413]),
            // Versions, methods, hosts and targets.
            HostileCase("HTTP/2.0", "GET /v1/health HTTP/2.0\r\nHost: a\r\n\r\n", [505]),
            HostileCase("HTTP/1.2", "GET /v1/health HTTP/1.2\r\nHost: a\r\n\r\n", [505]),
            HostileCase("HTTP/0.9", "GET /v1/health\r\n\r\n", [400]),
            HostileCase("version garbage", "GET /v1/health HTTX/1.1\r\nHost: a\r\n\r\n", [400, 505]),
            HostileCase("lower-case method", "get /v1/health HTTP/1.1\r\nHost: a\r\n\r\n", [400, 405, 501]),
            HostileCase("unknown method", "BREW /v1/health HTTP/1.1\r\nHost: a\r\n\r\n", [400, 405, 501]),
            HostileCase("no Host", "GET /v1/health HTTP/1.1\r\n\r\n", [400]),
            HostileCase("two Hosts", "GET /v1/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", [400]),
            HostileCase("asterisk target", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", [400, 404]),
            HostileCase("absolute target", "GET http://evil.example/v1/health HTTP/1.1\r\nHost: a\r\n\r\n", [200, 400]),
            HostileCase("bad percent", "GET /v1/%zz HTTP/1.1\r\nHost: a\r\n\r\n", [400]),
            HostileCase("relative target", "GET ../../etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n", [400]),
            HostileCase("double space", "GET  /v1/health HTTP/1.1\r\nHost: a\r\n\r\n", [400]),
            HostileCase("wrong method on push", "DELETE /v1/push HTTP/1.1\r\nHost: a\r\n\r\n", [405]),
            HostileCase("query out of range", "GET /v1/changes?after=-5&limit=999999999999999999999 HTTP/1.1\r\nHost: a\r\n\r\n", [400]),
            // Garbage.
            HostileCase("random bytes", garbage, [400]),
            HostileCase("TLS ClientHello", clientHello, [400]),
            HostileCase("only line breaks", "\r\n\r\n\r\n\r\nGET /v1/health HTTP/1.1\r\nHost: a\r\n\r\n", [200, 400]),
            // JSON bodies.
            HostileCase("truncated JSON", post("/v1/push", #"{"events":[{"channel":"region""#), [400]),
            HostileCase("deeply nested JSON", post("/v1/push", nested), [400]),
            HostileCase("invalid UTF-8 JSON", Array(push.utf8) + Array("Content-Length: 18\r\n\r\n{\"events\":[\"".utf8) + [0xC3, 0x28, 0xFF] + Array("\"]}".utf8), [400]),
            HostileCase("huge exponent", post("/v1/pull", #"{"vector":{},"maxEvents":1e999999}"#), [400]),
            HostileCase("huge integer seq", post("/v1/pull", #"{"vector":{"region":{"x.1":{"hash":"00","seq":99999999999999999999999}}}}"#), [400]),
            HostileCase("events not an array", post("/v1/push", #"{"events":{"a":1}}"#), [400]),
            HostileCase("events of junk", post("/v1/push", #"{"events":[1,"x",null,{"seq":-1}]}"#), [200, 400]),
            HostileCase("JSON with BOM", post("/v1/push", "\u{FEFF}" + empty), [200, 400]),
            HostileCase("duplicate keys", post("/v1/pull", #"{"vector":{},"vector":[]}"#), [200, 400]),
            HostileCase("invalid event", post("/v1/events", #"{"channel":"region","stream":"meeting/x","type":"meeting.scheduled","author":"a","payload":{}}"#), [422]),
            HostileCase("event for another municipality", post("/v1/events", #"{"channel":"municipality/545","stream":"case/x","type":"case.opened","author":"a","payload":{}}"#), [400, 422]),
        ]
    }
}

extension Int {
    var hexString: String { String(self, radix: 16) }
}

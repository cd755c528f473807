import Foundation
import Testing

@testable import HTTP

@Suite struct HTTPResponseTests {
    @Test func serializesWithContentLengthAndClose() {
        var response = HTTPResponse.text("hi")
        response.headers.add(name: "Content-Length", value: "999")
        response.headers.add(name: "X-Evil", value: "a\r\nInjected: yes")
        let head = String(decoding: response.serializedHead(keepAlive: false), as: UTF8.self)
        #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(head.contains("Content-Length: 2\r\n"))
        #expect(!head.contains("999"))
        #expect(head.contains("X-Evil: a  Injected: yes\r\n"))
        #expect(head.contains("Connection: close\r\n"))
        #expect(head.hasSuffix("\r\n\r\n"))
    }

    @Test func keepAliveForHTTP10IsExplicit() {
        let head = String(
            decoding: HTTPResponse().serializedHead(keepAlive: true, requestVersion: .http1_0), as: UTF8.self)
        #expect(head.contains("Connection: keep-alive\r\n"))
        let modern = String(decoding: HTTPResponse().serializedHead(keepAlive: true), as: UTF8.self)
        #expect(!modern.contains("Connection"))
    }

    @Test func noContentHasNoLength() {
        let head = String(decoding: HTTPResponse(status: .noContent).serializedHead(keepAlive: true), as: UTF8.self)
        #expect(!head.contains("Content-Length"))
        #expect(!HTTPResponse.text("x").sendsBody(for: .head))
    }

    @Test func errorBodyIsJSON() throws {
        let response = HTTPError(.notFound, message: "No \"such\" thing\n").response
        #expect(response.status == .notFound)
        #expect(response.headers["content-type"] == "application/json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String])
        #expect(object == ["error": "No \"such\" thing\n"])
    }

    @Test func logLineIsJSONWithoutQuery() throws {
        let entry = HTTPAccessLogEntry(
            method: "GET", path: "/v1/x", status: 200, bytesSent: 12, durationMilliseconds: 1.23456,
            remoteAddress: "127.0.0.1:1")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(entry.jsonLine.utf8)) as? [String: Any])
        #expect(object["method"] as? String == "GET")
        #expect(object["path"] as? String == "/v1/x")
        #expect(object["status"] as? Int == 200)
        #expect(object["bytes"] as? Int == 12)
        #expect(object["duration_ms"] as? Double == 1.235)
        #expect(object["remote"] as? String == "127.0.0.1:1")
    }

    @Test func headersLookUpCaseInsensitively() {
        var headers: HTTPHeaders = ["Content-Type": "a", "X": "1"]
        headers.add(name: "x", value: "2")
        #expect(headers["content-TYPE"] == "a")
        #expect(headers.values(for: "X") == ["1", "2"])
        headers.replaceOrAdd(name: "X", value: "3")
        #expect(headers.values(for: "x") == ["3"])
        #expect(headers.count == 2)
    }
}

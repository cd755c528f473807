import Testing

@testable import HTTP

/// Response heads are written through a pointer into memory each connection reuses; every answer must still be
/// exactly its own bytes.
@Suite(.serialized) struct ResponseWritingTests {
    @Test func headIsWrittenByteForByte() {
        var response = HTTPResponse.json(Array("{}".utf8), status: .created)
        response.headers.add(name: "ETag", value: "\"x\"")
        let head = String(decoding: response.serializedHead(keepAlive: true), as: UTF8.self)
        #expect(
            head == "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nETag: \"x\"\r\n"
                + "Content-Length: 2\r\n\r\n")
        let unusual = HTTPResponse(status: HTTPStatus(code: 599, reasonPhrase: "Odd \u{E9}"), headers: [:], body: [])
        #expect(
            String(decoding: unusual.serializedHead(keepAlive: false), as: UTF8.self)
                == "HTTP/1.1 599 Odd \u{E9}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    }

    @Test func framingFieldsAreDroppedInAnyCaseAndLookalikesKept() {
        let response = HTTPResponse(
            headers: [
                "content-LENGTH": "9", "TRANSFER-encoding": "chunked", "CONNECTION": "keep-alive",
                "Content-Lengths": "a", "Connections": "b", "X-Connection": "c",
            ], body: Array("abc".utf8))
        let head = String(decoding: response.serializedHead(keepAlive: true), as: UTF8.self)
        #expect(
            head == "HTTP/1.1 200 OK\r\nContent-Lengths: a\r\nConnections: b\r\nX-Connection: c\r\n"
                + "Content-Length: 3\r\n\r\n")
    }

    @Test func lineBreaksInAReasonANameOrAValueCannotSplitTheHead() {
        let response = HTTPResponse(
            status: HTTPStatus(code: 200, reasonPhrase: "OK\r\nX-Reason: 1"),
            headers: ["X-Name\r\nX-Injected": "v", "X-Value": "a\r\nX-Injected: 2"], body: [])
        let head = String(decoding: response.serializedHead(keepAlive: true), as: UTF8.self)
        #expect(
            head == "HTTP/1.1 200 OK  X-Reason: 1\r\nX-Name  X-Injected: v\r\nX-Value: a  X-Injected: 2\r\n"
                + "Content-Length: 0\r\n\r\n")
    }

    @Test func headBoundCoversEveryHead() {
        // The bound must hold for the longest status line and framing fields the server adds.
        for code in [Int.min, Int.max] {
            let response = HTTPResponse(
                status: HTTPStatus(code: code, reasonPhrase: ""), headers: ["A": "\r\n\r\n"],
                body: [UInt8](repeating: 0, count: 12_345))
            let head = response.serializedHead(keepAlive: true, requestVersion: .http1_0)
            #expect(head.count <= response.headSizeBound)
            let text = String(decoding: head, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 \(code) \r\nA:     \r\n"))
            #expect(text.contains("Content-Length: 12345\r\n") == (code > 0))
        }
    }

    @Test func answersOfChangingSizeOnOneConnectionAreEachExact() throws {
        let server = try startServer()
        defer { server.shutdown(graceSeconds: 1) }
        let client = try TestClient(port: server.boundPort)
        let large = String(repeating: "x", count: 60_000)
        for (index, body) in ["a", large, "bb", String(repeating: "y", count: 70_000), "c", ""].enumerated() {
            try client.send(request("POST", "/echo?\(index)", body: body))
            let response = try client.readResponse()
            #expect(response.text == body, "answer \(index)")
            #expect(response.headers["x-method"] == "POST")
            #expect(response.headers["content-length"] == String(body.utf8.count))
        }
        try client.send(request("/short"))
        #expect(try client.readResponse().text == "hello /short")
    }
}

import Testing

@testable import HTTP

/// HTTPHeaders keeps fields as bytes with spans; what callers see must be what the list of strings gave them.
struct HTTPHeadersStorageTests {
    private func parsedHeaders(_ fields: String) throws -> HTTPHeaders {
        var parser = HTTPRequestParser()
        parser.append(Array("GET / HTTP/1.1\r\n\(fields)\r\n".utf8))
        guard case .request(let request) = parser.next() else { throw HeadError() }
        return request.headers
    }

    private struct HeadError: Error {}

    @Test func parsedNamesAreFoundIgnoringASCIICase() throws {
        let headers = try parsedHeaders("hOsT: a\r\nContent-TYPE: text/plain\r\nX-Z: 1\r\n")
        #expect(headers["Host"] == "a")
        #expect(headers["CONTENT-type"] == "text/plain")
        #expect(headers["x-z"] == "1")
        #expect(headers["Content-Typ"] == nil)
        #expect(headers["Content-Types"] == nil)
        #expect(headers.contains("HOST"))
        #expect(!headers.contains("Hos"))
    }

    @Test func onlyLettersFoldTheirCase() {
        // `[` and `{`, `-` and CR differ only in the bit that folds a letter's case.
        var headers = HTTPHeaders()
        headers.add(name: "a[", value: "1")
        headers.add(name: "b-c", value: "2")
        #expect(headers["a{"] == nil)
        #expect(headers["A["] == "1")
        #expect(headers["b\rc"] == nil)
        #expect(!HTTPHeaders.sameName("a[", "a{"))
    }

    @Test func repeatedFieldsKeepTheirOrder() throws {
        let headers = try parsedHeaders("Host: a\r\nX-Trace: 1\r\nOther: o\r\nx-trace: 2\r\nX-TRACE: 3\r\n")
        #expect(headers.count == 5)
        #expect(headers["x-trace"] == "1")
        #expect(headers.values(for: "X-Trace") == ["1", "2", "3"])
        #expect(headers.map(\.name) == ["Host", "X-Trace", "Other", "x-trace", "X-TRACE"])
        #expect(headers.map(\.value) == ["a", "1", "o", "2", "3"])
    }

    @Test func valuesLoseOnlyTheirOuterWhitespace() throws {
        let headers = try parsedHeaders("Host: a\r\nX-A: \t v a\tl \t\r\nX-B:\r\nX-C:   \r\nX-D:x\r\n")
        #expect(headers["X-A"] == "v a\tl")
        #expect(headers["X-B"] == "")
        #expect(headers["X-C"] == "")
        #expect(headers["X-D"] == "x")
    }

    @Test func obsTextIsKeptAndDecodedAsBefore() throws {
        var parser = HTTPRequestParser()
        parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf".utf8) + [0xE9] + Array(" ok\r\n\r\n".utf8))
        guard case .request(let request) = parser.next() else { throw HeadError() }
        var headers = request.headers
        // As `String(decoding:)` of the bytes was: the invalid byte becomes U+FFFD.
        #expect(headers["x-name"] == "caf\u{FFFD} ok")
        #expect(headers == headers)
        // Removing another field keeps the bytes as sent, not their decoded form.
        headers.remove(name: "Host")
        let stored = headers.withFields { bytes, spans in Array(HTTPHeaders.slice(bytes, spans[0].value)) }
        #expect(stored == Array("caf".utf8) + [0xE9] + Array(" ok".utf8))
        #expect(headers.count == 1)
    }

    @Test func removeAndReplaceWorkOnParsedFields() throws {
        var headers = try parsedHeaders("Host: a\r\nX-A: 1\r\nY: y\r\nx-a: 2\r\n")
        headers.replaceOrAdd(name: "X-a", value: "3")
        #expect(headers.map(\.name) == ["Host", "Y", "X-a"])
        #expect(headers.values(for: "x-A") == ["3"])
        headers.remove(name: "HOST")
        #expect(Array(headers).map { "\($0.name)=\($0.value)" } == ["Y=y", "X-a=3"])
        headers.remove(name: "absent")
        #expect(headers.count == 2)
        for _ in 0..<100 { headers.replaceOrAdd(name: "Y", value: "z") }
        // Rebuilt on removal: replacing again and again does not grow the storage.
        #expect(headers.bytes.count == "X-a3Yz".utf8.count)
    }

    @Test func equalityIgnoresNameCaseAndComparesValuesAsStrings() throws {
        let parsed = try parsedHeaders("host: a\r\nX-A: b\r\n")
        #expect(parsed == ["Host": "a", "x-a": "b"])
        #expect(parsed != ["Host": "a", "x-a": "B"])
        #expect(parsed != ["Host": "a"])
        #expect(parsed != ["X-A": "b", "Host": "a"])
        // Canonically equivalent values were equal as strings, and still are.
        #expect(HTTPHeaders([("A", "\u{E9}")]) == HTTPHeaders([("a", "e\u{301}")]))
    }

    @Test func tokensAreFoundInListsAsBefore() throws {
        let headers = try parsedHeaders("Host: a\r\nConnection: foo, ,  Close \t,bar\r\nConnection: upgrade\r\n")
        #expect(headers.containsToken("close", in: "connection"))
        #expect(headers.containsToken("CLOSE", in: "Connection"))
        #expect(headers.containsToken("upgrade", in: "Connection"))
        #expect(headers.containsToken("bar", in: "Connection"))
        #expect(!headers.containsToken("clos", in: "Connection"))
        #expect(!headers.containsToken("closed", in: "Connection"))
        #expect(!headers.containsToken("foo, ", in: "Connection"))
        #expect(!headers.containsToken("close", in: "Host"))
        // An element of only spaces trims to the empty token; an empty element is skipped, as `split` skipped it.
        #expect(headers.containsToken("", in: "Connection"))
        #expect(!HTTPHeaders([("C", "a,,b")]).containsToken("", in: "C"))
        // Beyond ASCII the string comparison decides, as it did: the Kelvin sign lower-cases to k.
        #expect(HTTPHeaders([("Connection", "\u{212A}eep-alive")]).containsToken("keep-alive", in: "Connection"))
        #expect(HTTPHeaders([("Connection", "KEEP-ALIVE")]).containsToken("keep-alive", in: "Connection"))
    }

    @Test func methodsAreReadFromTheirBytes() throws {
        for (line, method) in [
            ("GET", HTTPMethod.get), ("POST", .post), ("HEAD", .head), ("PUT", .put),
            ("DELETE", .delete), ("OPTIONS", .options), ("get", HTTPMethod(rawValue: "get")),
            ("PATCH", HTTPMethod(rawValue: "PATCH")), ("GETS", HTTPMethod(rawValue: "GETS")),
        ] {
            var parser = HTTPRequestParser()
            parser.append(Array("\(line) / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
            guard case .request(let request) = parser.next() else { throw HeadError() }
            #expect(request.method == method)
            #expect(request.method.rawValue == line)
        }
    }

    @Test func decimalsAreWrittenWithoutStrings() {
        for value in [0, 7, 10, 99, 100, 201, 12_345, 1_000_000, Int.max, -1, -250, Int.min] {
            var bytes = [UInt8](repeating: 0, count: 24)
            let count = bytes.withUnsafeMutableBufferPointer { buffer in
                var writer = HeadWriter(base: buffer.baseAddress!)
                writer.writeDecimal(value)
                return writer.count
            }
            #expect(String(decoding: bytes[..<count], as: UTF8.self) == String(value))
        }
    }

    @Test func parsedDecimalsSaturateButStayStrict() {
        #expect(HTTPRequestParser.parseDecimal("0") == 0)
        #expect(HTTPRequestParser.parseDecimal("0012") == 12)
        #expect(HTTPRequestParser.parseDecimal("99999999999999999999") == Int.max)
        #expect(HTTPRequestParser.parseDecimal("99999999999999999999a") == nil)
        #expect(HTTPRequestParser.parseDecimal("") == nil)
        #expect(HTTPRequestParser.parseDecimal(" 1") == nil)
        #expect(HTTPRequestParser.parseDecimal("\u{0661}") == nil)
    }
}

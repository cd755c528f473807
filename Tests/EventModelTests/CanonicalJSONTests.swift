import Testing

@testable import EventModel

@Suite struct CanonicalJSONTests {
    @Test(arguments: [
        ("0", "0"), ("-0", "0"), ("1.50", "1.5"), ("15e-1", "1.5"), ("1e2", "100"), ("100.0", "100"),
        ("-0.00120", "-0.0012"), ("12345678901234567890", "12345678901234567890"), ("2.5E+3", "2500"),
        ("0.000", "0"),
    ])
    func numbersHaveOneCanonicalForm(input: String, canonical: String) throws {
        #expect(try CanonicalJSON.string(JSONParser.parse(input)) == canonical)
    }

    @Test(arguments: ["01", "1.", ".5", "+1", "1e", "--1", "1e400", "0x10", "NaN", "1" + String(repeating: "0", count: 41)])
    func malformedOrHugeNumbersAreRefused(input: String) {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(input) }
    }

    @Test func keysAreSortedByUTF8BytesAndWhitespaceDropped() throws {
        let value = try JSONParser.parse(#"{ "b": 1, "a": [true, null, "x"], "Ä": {}, "Z": -2 }"#)
        #expect(CanonicalJSON.string(value) == #"{"Z":-2,"a":[true,null,"x"],"b":1,"Ä":{}}"#)
    }

    @Test func stringsEscapeOnlyWhatMustBeEscaped() throws {
        let value = try JSONParser.parse(#""tab\t nl\n quote\" back\\ slash\/ bell\u0007 é \u00e9 😀 \ud83d\ude00""#)
        #expect(CanonicalJSON.string(value) == #""tab\t nl\n quote\" back\\ slash/ bell\u0007 é é 😀 😀""#)
    }

    @Test(arguments: [
        #"{"a":1,"a":2}"#, #"[1,2"#, #"{"a" 1}"#, #""\ud800""#, #""\udc00""#, "\"\u{01}\"", #"[1] x"#, #"tru"#,
        #""\x""#,
    ])
    func invalidDocumentsAreRefused(input: String) {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(input) }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func nestingIsBounded() throws {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(deep) }
        let fine = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        _ = try JSONParser.parse(fine)
    }

    @Test func reparsingCanonicalTextIsStable() throws {
        let text = #"{"list":[1,2.25,-3,"ä\n"],"nested":{"z":null,"a":false},"n":1e-3}"#
        let once = CanonicalJSON.encode(try JSONParser.parse(text))
        let twice = CanonicalJSON.encode(try JSONParser.parse(once))
        #expect(once == twice)
        #expect(String(decoding: once, as: UTF8.self) == #"{"list":[1,2.25,-3,"ä\n"],"n":0.001,"nested":{"a":false,"z":null}}"#)
    }
}

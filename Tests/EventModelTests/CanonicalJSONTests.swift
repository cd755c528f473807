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

    @Test(arguments: [
        [0xC3, 0x28], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0x80], [0xFF], [0xF4, 0x90, 0x80, 0x80],
        [0x61, 0x5C, 0x6E, 0xC3], [0xEF, 0xBF],
    ] as [[UInt8]])
    func invalidUTF8IsRefused(inner: [UInt8]) {
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse([0x22] + inner + [0x22]) }
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(Array(#"{"k":"#.utf8) + [0x22] + inner + [0x22, 0x7D]) }
    }

    @Test func validUTF8KeepsItsBytes() throws {
        for text in ["å", "Närpes ä ö", "😀", "\u{FFFD}", "a\u{10FFFF}b", "ıİ", ""] {
            let parsed = try JSONParser.parse([0x22] + Array(text.utf8) + [0x22])
            #expect(parsed == .string(text))
        }
    }

    @Test func nestedObjectsAndArraysKeepTheirMembers() throws {
        let text = #"{"a":[{"x":1},{"y":[2,{"z":3},[]]},{}],"b":{"c":{"d":[true,null]}},"e":[[],[[1]]]}"#
        let value = try JSONParser.parse(text)
        #expect(CanonicalJSON.string(value) == text)
        #expect(value["a"]?.arrayValue?.count == 3)
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(#"{"a":{"b":1,"b":2}}"#) }
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(#"[{"a":1},{"c":[1,{"d":2,"d":3}]}]"#) }
        #expect(throws: JSONParser.Error.self) { try JSONParser.parse(#"[{"a":1,"b":[1,2}]"#) }
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

    /// Keys that share prefixes and differ in bytes above 0x7F, sorted by the byte comparison the encoder uses,
    /// must come out in the order of the generic UTF-8 comparison, bridged (non-native) strings included.
    @Test func keyOrderEqualsTheGenericUTF8Order() {
        let pieces = ["", "a", "ab", "b", "Z", "ä", "Ä", "é", "€", "𝄞", "\u{7F}", " ", "0"]
        var random = SplitMix64(seed: 11)
        for _ in 0..<2_000 {
            let count = Int(random.next() % 6)
            let keys = (0..<count).map { _ in
                (0..<(1 + Int(random.next() % 3))).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            }
            for left in keys {
                for right in keys {
                    #expect(CanonicalJSON.precedes(left, right) == left.utf8.lexicographicallyPrecedes(right.utf8))
                }
            }
            let members = Dictionary(keys.map { ($0, JSONValue.null) }, uniquingKeysWith: { first, _ in first })
            #expect(CanonicalJSON.sortedKeys(members) == members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        }
    }
}

import Testing

@testable import EventModel

/// `EventHash` holds its bytes in four words and `JSONNumber` a whole number as an `Int64`: both must still behave
/// as the bytes and the canonical text they stand for (order, equality, hashing, reading back).
@Suite struct InlineValueTests {
    /// Hashes that differ in one byte at every position, with the byte's extremes, to reach each word's every byte.
    private static func sampleHashes() -> [EventHash] {
        var hashes: [EventHash] = [.zero]
        var generator = SplitMix64(seed: 17)
        for position in 0..<32 {
            for byte: UInt8 in [0, 1, 0x7F, 0x80, 0xFF] {
                var bytes = (0..<32).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                bytes[position] = byte
                hashes.append(EventHash(bytes: bytes)!)
                bytes[0..<position] = ArraySlice(repeating: 0, count: position)
                hashes.append(EventHash(bytes: bytes)!)
            }
        }
        return hashes
    }

    @Test func hashesOrderCompareAndHashAsTheirBytes() {
        let hashes = Self.sampleHashes()
        for left in hashes {
            #expect(EventHash(bytes: left.bytes) == left)
            #expect(EventHash(hex: left.hex) == left)
            #expect(left.withUnsafeBytes { Array($0) } == left.bytes)
            for right in hashes {
                #expect((left < right) == left.bytes.lexicographicallyPrecedes(right.bytes))
                #expect((left == right) == (left.bytes == right.bytes))
                if left == right { #expect(left.hashValue == right.hashValue) }
            }
        }
        #expect(EventHash.zero.bytes == [UInt8](repeating: 0, count: 32))
        // A known answer, so that reading the bytes back is not only checked against itself.
        let abc = EventHash.sha256(Array("abc".utf8))
        #expect(abc.hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(abc.bytes.prefix(4) == [0xBA, 0x78, 0x16, 0xBF])
        #expect(abc.withUnsafeBytes { $0.last } == 0xAD)
        #expect(EventHash(bytes: [UInt8](repeating: 1, count: 31)) == nil)
    }

    /// Every way in: contiguous storage (copied in one move), a collection without it (read byte by byte), a
    /// slice of a longer run (a row's parents) and bytes in place (a row's column).
    @Test func hashesAreMadeAlikeFromEveryKindOfByteCollection() {
        for hash in Self.sampleHashes().prefix(40) {
            let bytes = hash.bytes
            let padded = [0xAA] + bytes + [0x55]
            #expect(EventHash(bytes: bytes.lazy.map { $0 }) == hash)
            #expect(EventHash(bytes: padded[1..<33]) == hash)
            #expect(padded.withUnsafeBytes { EventHash(bytes: UnsafeRawBufferPointer(rebasing: $0[1..<33])) } == hash)
            #expect(EventHash(bytes: bytes.lazy.map { $0 }.dropLast()) == nil)
            #expect(padded.withUnsafeBytes { EventHash(bytes: UnsafeRawBufferPointer(rebasing: $0[0..<33])) } == nil)
        }
    }

    @Test func wholeNumbersEqualWhateverTheyWereWrittenAs() throws {
        let forms: [(String, Int64?)] = [
            ("0", 0), ("-0", 0), ("100", 100), ("1e2", 100), ("100.0", 100), ("-12", -12),
            ("1764382412123456789", 1_764_382_412_123_456_789), ("176438241212345678", 176_438_241_212_345_678),
            ("9223372036854775807", .max), ("-9223372036854775808", .min), ("9223372036854775808", nil),
            ("-9223372036854775809", nil), ("1.5", nil), ("15e-1", nil), ("123456789012345678901234567890", nil),
        ]
        for (text, integer) in forms {
            let read = try #require(JSONNumber(jsonText: text), "\(text)")
            let parsed = try #require(try JSONParser.parse(Array(text.utf8)).numberValue, "\(text)")
            #expect(read == parsed, "\(text)")
            #expect(read.hashValue == parsed.hashValue, "\(text)")
            #expect(read.int64Value == integer, "\(text)")
            #expect(parsed.int64Value == integer, "\(text)")
            #expect(parsed.text == read.text)
            #expect(JSONNumber(jsonText: parsed.text) == parsed, "\(text) read back from its text")
            if let integer {
                #expect(parsed == JSONNumber(integer), "\(text)")
                #expect(parsed.text == String(integer))
            }
        }
        // One value, whatever its spelling: one member of a set, and one canonical encoding (digits written
        // straight from the integer, or the text).
        for spellings in [["100", "1e2", "100.0", "1E2"], ["1.5", "1.50", "15e-1"], ["-9223372036854775808"]] {
            let numbers = try spellings.map { try #require(JSONNumber(jsonText: $0)) }
            #expect(Set(numbers).count == 1, "\(spellings)")
            let encoded = Set(numbers.map { String(decoding: CanonicalJSON.encode(.number($0)), as: UTF8.self) })
            #expect(encoded == [spellings[0]], "\(spellings)")
        }
        #expect(JSONNumber(jsonText: "1.50") == JSONNumber(jsonText: "1.5"))
        #expect(JSONNumber(jsonText: "1.5")?.text == "1.5")
        #expect(JSONNumber(jsonText: "9223372036854775808")?.text == "9223372036854775808")
        #expect(try JSONParser.parse(Array("-0".utf8)).numberValue?.text == "0")
        #expect(JSONNumber(jsonText: "01") == nil)
    }

    @Test func numbersThatAreNoPlainIntegersTakeTheGeneralPath() throws {
        let forty = String(repeating: "9", count: 40)
        for text in ["1-", "-", "--1", "1+2", "12e", "1.", "01", "-01", "1e2.5", forty + "0", "-" + forty + "1"] {
            #expect(throws: JSONParser.Error.self, "\(text)") { try JSONParser.parse(Array("[\(text)]".utf8)) }
        }
        #expect(try JSONParser.parse(Array("[\(forty)]".utf8)) == .array([.number(JSONNumber(jsonText: forty)!)]))
        #expect(try JSONParser.parse(Array("-\(forty)".utf8)).numberValue?.text == "-" + forty)
        #expect(try JSONParser.parse(Array("[-0, 1e1, -12]".utf8)) == [0, 10, -12].map { .number(JSONNumber($0)) }.asArray)
    }
}

extension Array where Element == JSONValue {
    fileprivate var asArray: JSONValue { .array(self) }
}

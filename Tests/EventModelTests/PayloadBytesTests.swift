import Foundation
import Testing

@testable import EventModel

/// `PayloadBytes` vouches for payload bytes without parsing them and reads members straight from them. Whatever it
/// vouches for must parse, and every member it reads must be the one the parsed object holds; these tests hold it
/// to that over many random payloads, canonical and damaged.
@Suite struct PayloadBytesTests {
    /// Keys and strings that exercise the scan: word boundaries, bytes above 0x7F, escapes, control bytes.
    static let keys = ["a", "b", "date", "item", "meeting", "municipality", "x1234567", "x12345678", "é", "", "k\"q"]
    static let texts = [
        "", "m-1", "12345678", "1234567", "Kaskö stadshus", "körning 9", "a\"b", "a\\b", "tab\there", "new\nline",
        "\u{1}", "😀 emoji", "1234567\"", "abcdefgh\u{7F}", "ÿÿÿÿÿÿÿÿÿ",
    ]

    func randomValue(depth: Int, using rng: inout SplitMix64) -> JSONValue {
        switch Int.random(in: 0..<(depth > 2 ? 6 : 8), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2:
            let numbers = [
                "0", "-1", "231", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                "1234567890123456789012345678901234567890", "1.5", "-0.25", "100",
            ]
            return .number(JSONNumber(jsonText: numbers.randomElement(using: &rng)!)!)
        case 3, 4, 5: return .string(Self.texts.randomElement(using: &rng)!)
        case 6:
            return .array(
                (0..<Int.random(in: 0...3, using: &rng)).map { _ in randomValue(depth: depth + 1, using: &rng) })
        default: return randomObject(depth: depth + 1, using: &rng)
        }
    }

    func randomObject(depth: Int, using rng: inout SplitMix64) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0...6, using: &rng) {
            members[Self.keys.randomElement(using: &rng)!] = randomValue(depth: depth, using: &rng)
        }
        return .object(members)
    }

    /// Bytes near a canonical payload: as written, reordered, with whitespace, duplicated keys, numbers in other
    /// forms, cut short or with one byte changed.
    func damaged(_ bytes: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: return bytes
        case 1: bytes.removeLast(Int.random(in: 1...bytes.count, using: &rng))
        case 2: bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
        case 3: bytes.insert(UInt8(ascii: " "), at: Int.random(in: 0...bytes.count, using: &rng))
        case 4:
            let swaps: [(String, String)] = [
                ("231", "231.0"), ("\"a\"", "\"b\""), ("\"b\"", "\"a\""), ("1", "01"), ("0", "-0"), ("100", "1e2"),
                ("\"date\"", "\"item\""), ("ö", "\u{1}"),
            ]
            let (from, to) = swaps.randomElement(using: &rng)!
            let text = String(decoding: bytes, as: UTF8.self)
            bytes = Array(text.replacingFirst(from, with: to).utf8)
        default: bytes.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...bytes.count, using: &rng))
        }
        return bytes
    }

    @Test func vouchedBytesParseAndReadAsTheParsedObject() throws {
        var rng = SplitMix64(seed: 42)
        var vouched = 0
        var canonicalVouched = 0
        for round in 0..<20_000 {
            let canonical = CanonicalJSON.encode(randomObject(depth: 0, using: &rng))
            let bytes = round % 2 == 0 ? canonical : damaged(canonical, using: &rng)
            guard let payload = PayloadBytes(bytes) else { continue }
            vouched += 1
            if bytes == canonical { canonicalVouched += 1 }
            let parsed: JSONValue
            do { parsed = try JSONParser.parse(bytes) } catch {
                Issue.record("vouched for bytes that do not parse: \(String(decoding: bytes, as: UTF8.self)): \(error)")
                continue
            }
            guard let members = parsed.objectValue else {
                Issue.record("vouched for a non-object: \(String(decoding: bytes, as: UTF8.self))")
                continue
            }
            // Compared plainly, an issue recorded per mismatch: an `#expect` per member made the test slow.
            for key in Self.keys + ["absent", "meetin", "meetings"]
            where payload.string(key) != members[key]?.stringValue || payload.integer(key) != members[key]?.int64Value {
                Issue.record("member \(key) read from the bytes differs from \(parsed)")
            }
        }
        // The fast path must engage for most canonical payloads (the others hold escapes or non-integer numbers).
        #expect(canonicalVouched > 3_000)
        #expect(vouched > canonicalVouched)
    }

    @Test func refusesWhatItCannotVouchFor() {
        let refused = [
            "", "{", "}", "[]", "\"a\"", "{\"a\":1", "{\"a\":1}x", " {}", "{} ", "{\"a\" :1}", "{\"b\":1,\"a\":2}",
            "{\"a\":1,\"a\":2}", "{\"a\":\"\\n\"}", "{\"a\":1.5}", "{\"a\":-0}", "{\"a\":01}", "{\"a\":1e2}",
            "{\"é\":1}", "{\"a\":tru}", "{\"a\":[1,]}", "{\"a\":\"\u{1}\"}",
        ]
        for text in refused { #expect(PayloadBytes(Array(text.utf8)) == nil, "\(text)") }
        #expect(
            PayloadBytes([
                UInt8(ascii: "{"), UInt8(ascii: "\""), 0xC3, UInt8(ascii: "\""), UInt8(ascii: ":"), 0x31,
                UInt8(ascii: "}"),
            ]) == nil)
        let accepted = ["{}", "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"ä\"}}", "{\"a\":\"12345678\\u\"}"]
        #expect(PayloadBytes(Array(accepted[0].utf8)) != nil)
        #expect(PayloadBytes(Array(accepted[1].utf8)) != nil)
        #expect(PayloadBytes(Array(accepted[2].utf8)) == nil)
    }

    /// A quote, backslash or control byte at every place of a string, across the eight-byte words the scan reads.
    @Test func findsEverySpecialByteWhereverItLies() {
        for length in 0..<24 {
            for position in 0..<max(length, 1) {
                for special: UInt8 in [UInt8(ascii: "\\"), 0x00, 0x1F, 0x0A] where length > 0 {
                    var content = Array(repeating: UInt8(ascii: "x"), count: length)
                    content[position] = special
                    let bytes = Array("{\"a\":\"".utf8) + content + Array("\"}".utf8)
                    #expect(PayloadBytes(bytes) == nil, "\(length) \(position) \(special)")
                }
                let plain = Array(repeating: UInt8(ascii: "y"), count: length)
                let bytes = Array("{\"a\":\"".utf8) + plain + Array("\",\"b\":7}".utf8)
                let payload = PayloadBytes(bytes)
                #expect(payload?.string("a") == String(repeating: "y", count: length))
                #expect(payload?.integer("b") == 7)
            }
        }
    }

    @Test func checksUTF8AsTheStandardLibraryDoes() {
        var rng = SplitMix64(seed: 7)
        let pieces: [[UInt8]] = [
            [0x41], [0xC3, 0xA4], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF],
            [0xF0, 0x9F, 0x98, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8], [0x80], [0xE2, 0x82], [0xFF],
        ]
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...6, using: &rng) {
                if Bool.random(using: &rng) {
                    bytes += pieces.randomElement(using: &rng)!
                } else {
                    bytes.append(UInt8.random(in: 0x80...0xFF, using: &rng))
                }
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            if bytes.withUnsafeBufferPointer({ UTF8Check.isValid($0) }) != expected {
                Issue.record("UTF-8 check of \(bytes) differs from the standard library's")
            }
        }
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}

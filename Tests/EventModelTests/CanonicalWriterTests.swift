import Testing

@testable import EventModel

/// `CanonicalWriter` must count and write exactly what the appending encoders write, or an event's hash changes.
@Suite struct CanonicalWriterTests {
    /// Writes with `body` into room for `count` bytes, checking nothing is written past it.
    static func written(count: Int, _ body: (inout CanonicalWriter) -> Void) -> [UInt8] {
        // One guard byte past the room: a miscount that writes beyond it shows as a changed guard.
        var buffer = [UInt8](repeating: 0xA5, count: count + 1)
        let used = buffer.withUnsafeMutableBufferPointer { room -> Int in
            var writer = CanonicalWriter(room.baseAddress!)
            body(&writer)
            return writer.cursor - room.baseAddress!
        }
        #expect(used == count)
        #expect(buffer[count] == 0xA5)
        return Array(buffer[..<min(used, count)])
    }

    @Test func decimalsAreTheirTextAndCountedExactly() {
        var values: [Int64] = [0, 1, 9, 10, 11, 99, 100, 101, -1, -9, -10, -11, Int64.max, Int64.min, Int64.min + 1]
        for power in 0..<19 {
            let ten = (0..<power).reduce(Int64(1)) { value, _ in value * 10 }
            values += [ten - 1, ten, ten + 1, -ten, -(ten - 1)]
        }
        var random = SplitMix64(seed: 7)
        for _ in 0..<2_000 { values.append(Int64.random(in: Int64.min...Int64.max, using: &random) >> (random.next() % 63)) }
        for value in values {
            let count = CanonicalWriter.decimalCount(value)
            #expect(count == String(value).utf8.count, "\(value)")
            let bytes = Self.written(count: count) { $0.writeDecimal(value) }
            #expect(String(decoding: bytes, as: UTF8.self) == String(value))
        }
    }

    @Test func stringsAreEscapedAsTheEncoderEscapesThem() {
        // Every byte that needs an escape (each control byte, the quote, the backslash), alone and among others.
        var texts = (0..<0x20).map { String(UnicodeScalar(UInt8($0))) } + ["\"", "\\", "", "a", "Ödmark \u{2028} Öst"]
        texts += ["a\"b\\c\nd\u{1}e\u{1F}", "\"\"", "\\\\x", "tab\there", "emoji 🙂 and \r\n", "/not escaped/"]
        // Each kind alone at every place of a longer text: read eight bytes at a time, each word must see it.
        for special in ["\"", "\\", "\u{0}", "\u{7}", "\u{1F}", " ", "\u{7F}", "å"] {
            for place in 0..<20 {
                texts.append(String(repeating: "a", count: place) + special + String(repeating: "b", count: 19 - place))
            }
        }
        for text in texts {
            var reference: [UInt8] = []
            CanonicalJSON.writeString(text, into: &reference)
            let count = CanonicalWriter.stringCount(text)
            #expect(count == reference.count, "\(text.debugDescription)")
            #expect(Self.written(count: count) { $0.writeString(text) } == reference, "\(text.debugDescription)")
            #expect(CanonicalWriter.stringBound(text) >= count, "\(text.debugDescription)")
        }
    }

    @Test func hashesAreTheirLowercaseHex() {
        var random = SplitMix64(seed: 11)
        for round in 0..<200 {
            let hash = round == 0 ? EventHash.zero : EventHash(bytes: (0..<32).map { _ in UInt8(truncatingIfNeeded: random.next()) })!
            #expect(Self.written(count: 66) { $0.writeQuotedHex(hash) } == Array("\"\(hash.hex)\"".utf8))
        }
    }
}

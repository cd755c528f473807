import Testing

@testable import EventModel

/// `JSONParser` crosses a string's plain bytes eight at a time; whatever byte ends the run, wherever it lies within
/// a word, the string must read (or be refused) as byte by byte.
@Suite struct JSONStringScanTests {
    @Test func everySpecialByteEndsTheRunWhereverItLies() throws {
        // The bytes written, and the text they stand for (nil: refused).
        let specials: [([UInt8], String?)] = [
            ([0x01], nil), ([0x1F], nil), ([0x0A], nil), ([0x5C, 0x6E], "\n"), ([0x5C, 0x22], "\""),
            ([0xC3, 0xA4], "ä"), ([0xFF], nil), ([0x7F], "\u{7F}"), ([0x20], " "), ([], ""),
        ]
        for length in 0...20 {
            for position in 0...length {
                for (written, meaning) in specials {
                    let before = [UInt8](repeating: UInt8(ascii: "a"), count: position)
                    let after = [UInt8](repeating: UInt8(ascii: "b"), count: length - position)
                    let bytes = Array("[\"".utf8) + before + written + after + Array("\",12345678]".utf8)
                    let parsed = try? JSONParser.parse(bytes)
                    guard let meaning else {
                        #expect(parsed == nil, "\(bytes)")
                        continue
                    }
                    let text = String(repeating: "a", count: position) + meaning + String(repeating: "b", count: length - position)
                    #expect(parsed == [.string(text), 12_345_678], "\(bytes)")
                }
            }
        }
    }
}

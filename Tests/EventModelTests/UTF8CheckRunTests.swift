import Testing

@testable import EventModel

/// `UTF8Check` passes over runs of ASCII eight bytes at a time: a byte above 0x7F anywhere in or after such a run,
/// valid or not, must still be judged as the standard library judges it.
@Suite struct UTF8CheckRunTests {
    @Test func runsOfASCIIAroundAnyPieceAreJudgedAsTheStandardLibraryDoes() {
        let pieces: [[UInt8]] = [
            [0xC3, 0xA4], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBF],
            [0xF0, 0x9F, 0x98, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8], [0x80], [0xE2, 0x82], [0xFF], [0xC3],
        ]
        for before in 0...17 {
            for after in 0...17 {
                for piece in pieces {
                    let bytes = Array(repeating: UInt8(ascii: "k"), count: before) + piece
                        + Array(repeating: UInt8(ascii: "s"), count: after)
                    let expected = String(validating: bytes, as: UTF8.self) != nil
                    let judged = bytes.withUnsafeBufferPointer { UTF8Check.isValid($0) }
                    #expect(judged == expected, "\(before) \(piece) \(after)")
                }
            }
        }
    }
}

import Testing

@testable import EventModel

/// `EventHash(hex:)` reads every received event's claimed and previous hash without a branch per digit; it must
/// still take exactly 64 lowercase hex digits, each byte value tried at every position.
@Suite struct EventHashHexTests {
    @Test func everyByteAtEveryPositionIsReadOrRefusedAsHex() {
        let sound = EventHash.sha256([7, 1, 3])
        let digits = Array(sound.hex.utf8)
        let hexDigits = Set("0123456789abcdef".utf8)
        for position in digits.indices {
            for byte in UInt8.min...UInt8.max {
                var text = digits
                text[position] = byte
                let read = text.withUnsafeBufferPointer { EventHash.bytes(hex: $0) }
                if hexDigits.contains(byte) {
                    #expect(read.map { EventHash(bytes: $0)?.hex } == String(decoding: text, as: UTF8.self))
                } else {
                    #expect(read == nil, "byte \(byte) at \(position)")
                }
            }
        }
        #expect(EventHash(hex: sound.hex) == sound)
        #expect(EventHash(hex: sound.hex.uppercased()) == nil)
        #expect(EventHash(hex: String(sound.hex.dropLast())) == nil)
        #expect(EventHash(hex: sound.hex + "0") == nil)
    }
}

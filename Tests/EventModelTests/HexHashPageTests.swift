import Testing

@testable import EventModel

/// A page's `prev` and `hash` written as 64 lowercase hex digits are read straight into hashes
/// (`WireEnvelope.hexHashes`); every other value of those fields must still be read, accepted and refused as the
/// JSON tree and `Event(wire:)` do, the fields must read back as the strings sent, and the digest shortcut must stay.
@Suite struct HexHashPageTests {
    let pages = WireEnvelopeTests()

    /// The canonical wire text of `event` with the value of `field` written as `replacement` (raw JSON).
    func wire(_ event: Event, _ field: String, _ replacement: String) -> String {
        var text = String(decoding: CanonicalJSON.encode(event.wireObject), as: UTF8.self)
        let hex = field == "hash" ? event.hash.hex : event.previous.hex
        let member = "\"\(field)\":\"\(hex)\""
        text = text.replacing(member, with: "\"\(field)\":" + replacement)
        return text
    }

    @Test func nearHexValuesAreReadAndRefusedAsByTheTree() {
        var random = SplitMix64(seed: 29)
        for _ in 0..<20 {
            let event = pages.randomEvent(&random)
            for field in ["hash", "prev"] {
                let hex = field == "hash" ? event.hash.hex : event.previous.hex
                let variants = [
                    "\"\(hex)\"", "\"\(hex.uppercased())\"", "\"\(hex.dropLast())\"", "\"\(hex)0\"",
                    "\"\\u00\(String(hex.utf8.first!, radix: 16))\(hex.dropFirst())\"", "\"g\(hex.dropFirst())\"",
                    "\"\(hex.dropLast())\"}", "\"\(hex.dropLast(2))\"\"", "null", "7", "[\"\(hex)\"]", "\"\(hex)",
                ]
                for variant in variants {
                    let text = wire(event, field, variant)
                    pages.expectSame(Array("{\"events\":[\(text)]}".utf8))
                    // The member twice: the tree refuses the repeated key, whichever value comes first.
                    let twice = text.replacing("\"\(field)\":", with: "\"\(field)\":\"\(hex)\",\"\(field)\":")
                    pages.expectSame(Array("{\"events\":[\(twice)]}".utf8))
                }
            }
        }
    }

    @Test func hashesReadFromAPageReadBackAsTheirStringsAndKeepTheShortcut() throws {
        // Texts without escapes, so every event is written as its canonical encoding (the shortcut's condition).
        let events = (1...5).map { seq in
            Event(
                channel: .region, origin: Origin("krs-server.1")!, seq: Int64(seq),
                previous: EventHash.sha256([UInt8(seq)]), hlc: HLC(rawValue: 1_764_382_412_123 << 16 | Int64(seq))!,
                municipality: MunicipalityCode(545)!, stream: StreamID("item/\(seq)")!, type: EventType("test.note")!,
                schemaVersion: 1, author: Author("anna")!, parents: seq > 2 ? [EventHash.sha256([9])] : [],
                payload: ["n": .number(JSONNumber(seq)), "text": "plain"])
        }
        let body = events.map { String(decoding: CanonicalJSON.encode($0.wireObject), as: UTF8.self) }
        let page = try JSONParser.parsePage(Array("{\"events\":[\(body.joined(separator: ","))]}".utf8), eventsAt: "events")
        let envelopes = try #require(page.envelopes)
        for (event, envelope) in zip(events, envelopes) {
            #expect(envelope.hexHash(.hash) == event.hash)
            #expect(envelope.hexHash(.prev) == event.previous)
            #expect(envelope[.hash] == .string(event.hash.hex))
            #expect(envelope["prev"] == .string(event.previous.hex))
            #expect(envelope.canonicalDigest == EventHash.sha256(event.canonicalEncoding()))
            #expect(try Event(envelope: envelope) == event)
        }
        for (event, envelope) in zip(events, envelopes) {
            let run = WireEnvelope.ChainRun(
                chain: ChainKey(channel: event.channel, origin: event.origin), first: event.seq, last: event.seq,
                hash: event.hash)
            #expect(WireEnvelope.chainRuns(of: [envelope]) == [run])
        }
    }
}

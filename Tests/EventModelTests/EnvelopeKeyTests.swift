import Testing

@testable import EventModel

/// A page reader tries each envelope key as the one a sound event writes next (`WireEnvelope.KeyPattern`); keys
/// that only look like it, keys out of order and keys near the end of the bytes must still be read, accepted and
/// refused as the JSON tree and `Event(wire:)` do.
@Suite struct EnvelopeKeyTests {
    let pages = WireEnvelopeTests()

    @Test func aPatternMatchesItsKeyAndNothingCloseToIt() {
        for slot in WireEnvelope.fieldNames.indices {
            let pattern = WireEnvelope.KeyPattern(slot: slot)
            let name = WireEnvelope.fieldNames[slot]
            func matches(_ text: String) -> Bool {
                var bytes = Array(text.utf8)
                bytes += Array(repeating: UInt8(ascii: " "), count: max(0, 16 - bytes.count))
                return bytes.withUnsafeBytes { pattern.matches($0, at: 0) }
            }
            #expect(pattern.count == name.utf8.count + 3)
            #expect(matches("\"\(name)\":"))
            #expect(matches("\"\(name)\":1,\"seq\":2"))
            for near in [
                "\"\(name)x\":", "\"\(name.dropLast())\":", "\"\(name)\" :", "\"\(name)\",", " \"\(name)\":",
                "\"\(name.uppercased())\":", "\(name)\":", "\"\(name)\"",
            ] {
                #expect(!matches(near), "\(near)")
            }
        }
    }

    @Test func keysThatLookLikeTheNextOneAreReadAsTheTreeReadsThem() {
        var random = SplitMix64(seed: 31)
        for _ in 0..<30 {
            let event = pages.randomEvent(&random)
            let text = String(decoding: CanonicalJSON.encode(event.wireObject), as: UTF8.self)
            // The canonical form, where every key is the one expected, then keys bent one at a time.
            pages.expectSame(Array("{\"events\":[\(text)]}".utf8))
            let name = WireEnvelope.fieldNames.randomElement(using: &random)!
            let escaped = "\"\\u00\(String(name.utf8.first!, radix: 16))\(name.dropFirst())\":"
            for bent in [
                "\"\(name)x\":", "\"\(name.dropLast())\":", "\"\(name)\" :", "\"\(name)\"\n:", escaped,
                "\"\(name.uppercased())\":",
            ] {
                let changed = text.replacing("\"\(name)\":", with: bent)
                pages.expectSame(Array("{\"events\":[\(changed)]}".utf8))
                // Also after another member, so the envelope starts at another offset of the page.
                pages.expectSame(Array("{\"vector\":{},\"events\":[\(changed)]}".utf8))
            }
            // A key left out, and two keys swapped: the ones after are still read by name.
            pages.expectSame(Array("{\"events\":[\(text.replacing("\"\(name)\":", with: "\"zz\":"))]}".utf8))
            let other = WireEnvelope.fieldNames.randomElement(using: &random)!
            let swapped = text.replacing("\"\(name)\":", with: "\"#\":")
                .replacing("\"\(other)\":", with: "\"\(name)\":")
                .replacing("\"#\":", with: "\"\(other)\":")
            pages.expectSame(Array("{\"events\":[\(swapped)]}".utf8))
        }
    }

    /// A page's repeated texts are told apart by all their bytes (`JSONParser.parseText`, eight at a time): texts
    /// alike but for their last bytes, and one a prefix of another, are each read as themselves.
    @Test func repeatedTextsAlikeButForTheirEndsAreToldApart() throws {
        let origins = ["krs-server.1", "krs-server.2", "krs-server.12", "krs-serve.1", "k.1", "krs-server-b.1"]
        let authors = ["anna-lisa", "anna-lisb", "anna-lis", "anna-lisa-berg", "a", "b"]
        let types = ["meeting.scheduled", "meeting.schedules", "meeting.schedule", "meeting.sch", "m", "n"]
        let events = (0..<36).map { index in
            Event(
                channel: index % 5 == 0 ? .municipality(MunicipalityCode(287)!) : .region,
                origin: Origin(origins[index % origins.count])!, seq: Int64(index + 1), previous: .zero,
                hlc: HLC(rawValue: Int64(index) << 16)!, municipality: MunicipalityCode(287)!,
                stream: StreamID("item/\(index)")!, type: EventType(types[index / 6])!, schemaVersion: 1,
                author: Author(authors[(index * 7) % authors.count])!, parents: [],
                payload: ["n": .number(JSONNumber(index))])
        }
        let bytes = CanonicalJSON.encode(["events": .array(events.map(\.wireObject))])
        pages.expectSame(bytes)
        let envelopes = try #require(try JSONParser.parsePage(bytes, eventsAt: "events").envelopes)
        var recall = WireRecall()
        let read = try envelopes.map { envelope throws(EnvelopeError) in
            try Event(envelope: envelope, recalling: &recall)
        }
        #expect(read == events)
    }

    @Test func aKeyRightAtTheEndOfTheBytesIsReadInFull() {
        // Fewer than sixteen bytes after the key: it is read by the general path, with the same error.
        for tail in ["{\"events\":[{\"v\":", "{\"events\":[{\"v\":1", "{\"events\":[{\"author\":\"a\",\"channel\":"] {
            pages.expectSame(Array(tail.utf8))
        }
    }
}

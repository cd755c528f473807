import Testing

@testable import EventModel

/// A payload `PayloadBytes` vouches for is judged from its bytes (`EventContent.payloadBytes`) and, read from a page,
/// never becomes a tree. Both must change nothing: the verdicts, problem texts included, are those of the tree the
/// bytes parse into, and the event read from a page is the one read from its JSON tree.
@Suite struct ByteVerdictTests {
    typealias Plain = VerdictEquivalenceTests

    /// `content` with its payload given as the vouched canonical bytes of its tree; nil when they are not vouched.
    static func fromBytes(_ content: EventContent) -> (EventContent, PayloadBytes)? {
        guard let bytes = PayloadBytes(CanonicalJSON.encode(content.payload)) else { return nil }
        let judged = EventContent(
            channel: content.channel, municipality: content.municipality, stream: content.stream, type: content.type,
            schemaVersion: content.schemaVersion, parents: content.parents, payloadBytes: bytes)
        return (judged, bytes)
    }

    @Test func verdictsFromPayloadBytesAreThoseOfTheTree() {
        var rng = SplitMix(seed: 0x5eed_0b17)
        var vouched = 0
        var acceptedFromBytes = 0
        var kinds: [String: Int] = [:]
        for _ in 0..<20_000 {
            let content = Plain.randomContent(&rng)
            guard let (judged, bytes) = Self.fromBytes(content) else { continue }
            vouched += 1
            let got = Plain.catalog.verdict(for: judged)
            let want = Plain.catalog.verdict(for: content)
            #expect(got == want, "\(content.type) v\(content.schemaVersion) \(content.channel) \(content.payload)")
            if got != want { return }
            kinds[got.reason.map { String($0.prefix(20)) } ?? "valid", default: 0] += 1
            if let schema = Plain.catalog.schemas[content.type]?[content.schemaVersion],
                let names = PayloadField.byteNames(of: schema.fields), PayloadField.acceptBytes(bytes, schema.fields, names: names)
            {
                acceptedFromBytes += 1
            }
        }
        // Many payloads are vouched for, many of them are judged sound from their bytes alone, and the verdicts
        // compared are of many kinds.
        #expect(vouched > 8_000)
        #expect(acceptedFromBytes > 40)
        #expect(kinds["valid", default: 0] > 20)
        #expect(kinds.count > 25)
    }

    /// Each kind of field, sound and not, at the edges the bytes are judged by.
    @Test func fieldEdgesAreJudgedAsTheTreeJudgesThem() throws {
        let catalog = EventCatalog([
            EventSchema(
                type: "test.edges",
                fields: [
                    .optional("t", .text(maxLength: 3)), .optional("i", .integer(-2...7)),
                    .optional("d", .decimal(-1.5...9_007_199_254_740_992)), .optional("dt", .date),
                    .optional("y", .year), .optional("b", .boolean), .optional("m", .municipality),
                    .optional("o", .oneOf(["é", "a"])), .optional("h", .hash), .required("r", .integer(0...0)),
                ])
        ])
        let values: [String: [String]] = [
            "t": ["\"\"", "\"abc\"", "\"abcd\"", "\"ééé\"", "\"éééé\"", "\"e\u{301}e\u{301}\"", "1", "null", "true"],
            "i": ["-2", "-3", "7", "8", "0", "\"1\"", "9223372036854775807", "9223372036854775808", "null"],
            "d": ["-1", "-2", "9007199254740993", "9007199254740994", "12345678901234567890123", "\"1\"", "null"],
            "dt": ["\"2024-02-29\"", "\"2023-02-29\"", "\"2024-1-01\"", "20240101", "null"],
            "y": ["2000", "1999", "2100", "2101", "\"2024\"", "null"],
            "b": ["true", "false", "null", "0", "\"true\""],
            "m": ["231", "232", "-231", "\"231\"", "null"],
            "o": ["\"é\"", "\"e\u{301}\"", "\"a\"", "\"b\"", "1", "null"],
            "h": ["\"" + String(repeating: "a", count: 64) + "\"", "\"" + String(repeating: "A", count: 64) + "\"", "1", "null"],
            "r": ["0", "1", "null"],
        ]
        var sound = 0
        for (key, texts) in values {
            for text in texts {
                for rest in ["\"r\":0", "\"r\":1", ""] {
                    let members = [rest, "\"\(key)\":\(text)"].filter { !$0.isEmpty }.sorted()
                    let json = "{" + members.joined(separator: ",") + "}"
                    guard members.count == Set(members.map { $0.prefix(while: { $0 != ":" }) }).count,
                        PayloadBytes(Array(json.utf8)) != nil
                    else { continue }
                    let tree = EventContent(
                        channel: .region, municipality: Plain.region, stream: StreamID("test/x")!,
                        type: EventType("test.edges")!, schemaVersion: 1, parents: [],
                        payload: try JSONParser.parse(json))
                    let (judged, _) = try #require(Self.fromBytes(tree))
                    let want = catalog.verdict(for: tree)
                    #expect(catalog.verdict(for: judged) == want, "\(json)")
                    if want == .valid { sound += 1 }
                }
            }
        }
        #expect(sound > 20)
    }

    /// A page's canonical payload is kept as bytes, the event read from it equals the one read from the JSON tree,
    /// and its payload parses into the same tree; a payload in another form is read into a tree as before.
    @Test func aPageKeepsVouchedPayloadsAsBytes() throws {
        let made = Event(
            channel: .region, origin: Origin("krs-server.1")!, seq: 3, previous: EventHash.sha256([3]),
            hlc: HLC(rawValue: 77)!, municipality: Plain.region, stream: StreamID("item/1")!,
            type: EventType("test.note")!, schemaVersion: 1, author: Author("a")!, parents: [],
            payload: ["b": "Kaskö", "a": 1, "n": ["x": [true, .null]]])
        let sound = made.wireObject
        var bytes = CanonicalJSON.encode(["events": [sound, sound], "hasMore": false])
        // The second event's payload written with a space: valid JSON, but not a form the bytes are vouched for.
        let text = String(decoding: bytes, as: UTF8.self)
        let second = try #require(text.range(of: "\"payload\":{\"a\":1", options: .backwards))
        bytes = Array(text.replacingCharacters(in: second, with: "\"payload\":{\"a\": 1").utf8)
        let envelopes = try #require(try JSONParser.parsePage(bytes, eventsAt: "events").envelopes)
        #expect(envelopes[0].payloadBytes != nil)
        #expect(envelopes[1].payloadBytes == nil)
        let tree = try Event(wire: sound)
        for envelope in envelopes {
            let event = try Event(envelope: envelope)
            #expect(event == tree)
            #expect(event.payload == tree.payload)
            #expect(event.canonicalPayload == tree.canonicalPayload)
            #expect((event.payloadBytes != nil) == (envelope.payloadBytes != nil))
            #expect(event.content == tree.content)
        }
    }
}

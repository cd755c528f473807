import Testing

@testable import EventModel

/// Checks the allocation-free `Event.canonicalEncoding` against the field-by-field encoding it replaced.
@Suite struct CanonicalEncodingTests {
    /// The encoding as docs/EVENT-FORMAT.md states it, built from each field's text form.
    static func referenceEncoding(_ event: Event) -> [UInt8] {
        var out: [UInt8] = []
        func key(_ name: String, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: "\"\(name)\":".utf8)
        }
        out.append(UInt8(ascii: "{"))
        key("author", first: true)
        CanonicalJSON.writeString(event.author.rawValue, into: &out)
        key("channel")
        CanonicalJSON.writeString(event.channel.description, into: &out)
        key("hlc")
        out.append(contentsOf: String(event.hlc.rawValue).utf8)
        key("municipality")
        out.append(contentsOf: String(event.municipality.rawValue).utf8)
        key("origin")
        CanonicalJSON.writeString(event.origin.description, into: &out)
        key("parents")
        out.append(contentsOf: "[\(event.parents.map { "\"\($0.hex)\"" }.joined(separator: ","))]".utf8)
        key("payload")
        out.append(contentsOf: CanonicalJSON.encode(event.payload))
        key("prev")
        CanonicalJSON.writeString(event.previous.hex, into: &out)
        key("schema")
        out.append(contentsOf: String(event.schemaVersion).utf8)
        key("seq")
        out.append(contentsOf: String(event.seq).utf8)
        key("stream")
        CanonicalJSON.writeString(event.stream.rawValue, into: &out)
        key("type")
        CanonicalJSON.writeString(event.type.rawValue, into: &out)
        key("v")
        out.append(contentsOf: String(Event.formatVersion).utf8)
        out.append(UInt8(ascii: "}"))
        return out
    }

    static func randomHash(_ random: inout SplitMix64) -> EventHash {
        EventHash(bytes: (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) })!
    }

    static func pick<T>(_ options: [T], _ random: inout SplitMix64) -> T {
        options[Int.random(in: 0..<options.count, using: &random)]
    }

    @Test func equalsTheFieldByFieldEncodingForRandomEvents() throws {
        var random = SplitMix64(seed: 0x5A4D_7665_726B_616E)
        let authors = ["anna", "bo \"quoted\"", "back\\slash", "Ödmark \u{2028} Öst", "Åsa Närpes", "ü", "x"]
        let nodes = ["krs-server", "a", "node-7b", "n1"]
        let codes = Municipality.members.map(\.code)
        let streams = ["meeting/2025-1", "figure/ind.1/287/2024", "a", "x:y@z/-"]
        let types = ["meeting.scheduled", "followup.reported", "a", "x_y-z"]
        let payloads: [JSONValue] = [
            [:], ["n": 1], ["text": "Närpes \"citat\" \\ \u{1}", "list": [1, "två", true, nil]],
            ["deep": ["a": ["b": -3]], "year": 2024],
        ]
        for round in 0..<2_000 {
            let channel: Channel = Bool.random(using: &random) ? .region : .municipality(Self.pick(codes, &random))
            let origin = try #require(
                Origin(node: NodeID(Self.pick(nodes, &random))!, incarnation: Int.random(in: 1...1_000_000, using: &random)))
            let hlcs: [Int64] = [0, 1, 9, 10, Int64.max, Int64.random(in: 0...Int64.max, using: &random)]
            let seqs: [Int64] = [1, 9, 10, 99, 100, Int64.max, Int64.random(in: 1...Int64.max, using: &random)]
            let schemas = [0, 1, 10, -1, Int.min, Int.max, Int.random(in: Int.min...Int.max, using: &random)]
            let parents = (0..<Int.random(in: 0...3, using: &random)).map { _ in Self.randomHash(&random) }
            let event = Event(
                channel: channel, origin: origin, seq: Self.pick(seqs, &random),
                previous: round % 5 == 0 ? .zero : Self.randomHash(&random),
                hlc: HLC(rawValue: Self.pick(hlcs, &random))!, municipality: Self.pick(codes, &random),
                stream: StreamID(Self.pick(streams, &random))!, type: EventType(Self.pick(types, &random))!,
                schemaVersion: Self.pick(schemas, &random), author: Author(Self.pick(authors, &random))!,
                parents: parents, payload: Self.pick(payloads, &random))
            let reference = Self.referenceEncoding(event)
            #expect(event.canonicalEncoding() == reference, "round \(round)")
            #expect(event.hash == EventHash.sha256(reference))
            // The wire form written from the fields (served pages) is the canonical JSON of the wire object.
            #expect(WireText.bytes(event.wireFields) == CanonicalJSON.encode(event.wireObject), "round \(round)")
        }
    }

    /// Encodings needing room above 1 KiB are hashed from an array rather than the stack: both paths must give the
    /// bytes, the hash and the hash check of the field-by-field encoding, at the edge and far beyond it.
    @Test func largeAndSmallEventsHashTheFieldByFieldEncoding() throws {
        let origin = try #require(Origin(node: NodeID("krs-server")!, incarnation: 3))
        var random = SplitMix64(seed: 0x1A46E)
        // Payload lengths stepping over the 1 KiB edge of the whole encoding one byte at a time, then large ones.
        let lengths = Array(600...1_000) + [4_000, 70_000]
        for length in lengths {
            let parents = (0..<(length % 3)).map { _ in Self.randomHash(&random) }
            let event = Event(
                channel: length % 2 == 0 ? .region : .municipality(MunicipalityCode(287)!), origin: origin,
                seq: Int64(length), previous: Self.randomHash(&random), hlc: HLC(rawValue: Int64(length) << 20)!,
                municipality: MunicipalityCode(287)!, stream: StreamID("note/\(length)")!, type: EventType("note.added")!,
                schemaVersion: 2, author: Author("Åsa \"Ö\" \\ Närpes")!, parents: parents,
                payload: ["text": .string(String(repeating: "ä\"x", count: length / 4))])
            let reference = Self.referenceEncoding(event)
            #expect(event.canonicalEncoding() == reference, "length \(length)")
            #expect(event.hash == EventHash.sha256(reference), "length \(length)")
            #expect(event.hasValidHash)
            #expect(!event.withHash(EventHash.sha256(reference + [0])).hasValidHash)
        }
    }

    /// The parser's shortcut for plain integers gives what the general canonicalization gives, or the same error.
    @Test func parsedIntegersMatchTheGeneralCanonicalForm() {
        var random = SplitMix64(seed: 42)
        var texts = ["0", "-0", "00", "01", "-01", "-", "7", "-7", "10", "100", "-100", "1e2", "10.0", "-0.0"]
        texts.append(String(repeating: "9", count: JSONNumber.maximumDigits))
        texts.append(String(repeating: "9", count: JSONNumber.maximumDigits + 1))
        texts.append("-" + String(repeating: "1", count: JSONNumber.maximumDigits))
        texts.append("1" + String(repeating: "0", count: JSONNumber.maximumDigits))
        for _ in 0..<500 { texts.append(String(Int64.random(in: Int64.min...Int64.max, using: &random))) }
        for text in texts {
            let parsed = try? JSONParser.parse("[\(text)]")
            let general = JSONNumber(jsonText: text)
            if let general {
                #expect(parsed == .array([.number(general)]), "\(text)")
            } else {
                #expect(parsed == nil, "\(text)")
            }
        }
    }
}

import Testing

@testable import EventModel

/// A page's events read straight from bytes (`JSONParser.parsePage` and `Event(envelope:)`) must accept and
/// refuse exactly what the JSON tree and `Event(wire:)` do: same events, same errors naming the same field.
@Suite struct WireEnvelopeTests {
    /// What the tree path gives for `bytes`: the parse error, or the value and its events read one by one.
    func viaTree(_ bytes: [UInt8]) -> Result<(JSONValue, [Result<Event, EnvelopeError>]?), JSONParser.Error> {
        Result { () throws(JSONParser.Error) in
            var value = try JSONParser.parse(bytes)
            guard case .object(var object) = value, let events = object["events"]?.arrayValue else {
                return (value, nil)
            }
            object["events"] = .array([])
            value = .object(object)
            return (value, events.map { wire in Result { () throws(EnvelopeError) in try Event(wire: wire) } })
        }
    }

    /// What the page reader gives for `bytes`, in the same form.
    func viaPage(_ bytes: [UInt8]) -> Result<(JSONValue, [Result<Event, EnvelopeError>]?), JSONParser.Error> {
        Result { () throws(JSONParser.Error) in
            let page = try JSONParser.parsePage(bytes, eventsAt: "events")
            return (
                page.value,
                page.envelopes?.map { envelope in Result { () throws(EnvelopeError) in try Event(envelope: envelope) } }
            )
        }
    }

    func expectSame(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        switch (viaTree(bytes), viaPage(bytes)) {
        case (.failure(let tree), .failure(let page)):
            #expect(tree == page, sourceLocation: sourceLocation)
        case (.success(let tree), .success(let page)):
            #expect(tree.0 == page.0, sourceLocation: sourceLocation)
            #expect(tree.1 == page.1, sourceLocation: sourceLocation)
        case (let tree, let page):
            Issue.record(
                "tree \(tree) but page \(page) for \(String(decoding: bytes, as: UTF8.self))",
                sourceLocation: sourceLocation)
        }
    }

    static let authors = ["a", "Åsa \"A\"", "x/y", "\u{1F600} ok", "back\\slash", "é"]
    static let texts = ["a", "Åsa \"A\"", "rad\nä", "x/y", "\u{1F600} ok", "tab\there", "back\\slash", "é"]

    func randomEvent(_ random: inout SplitMix64) -> Event {
        let channel: Channel = Bool.random(using: &random) ? .region : .municipality(MunicipalityCode(287)!)
        let origin = Origin(["krs-server.1", "nrp-laptop.12", "a.3"].randomElement(using: &random)!)!
        let parents = (0..<Int.random(in: 0...2, using: &random)).map {
            EventHash.sha256([UInt8($0), UInt8.random(in: 0...255, using: &random)])
        }
        var payload: [String: JSONValue] = [:]
        for index in 0..<Int.random(in: 0...5, using: &random) {
            payload["k\(index)\(Self.texts.randomElement(using: &random)!)"] =
                switch Int.random(in: 0...4, using: &random) {
                case 0: .string(Self.texts.randomElement(using: &random)!)
                case 1: .number(JSONNumber(Int64.random(in: -1_000_000...1_000_000, using: &random)))
                case 2: .bool(Bool.random(using: &random))
                case 3: .array([.null, .string("v"), .object(["n": .number(JSONNumber(2))])])
                default: .object(["nested": .string(Self.texts.randomElement(using: &random)!)])
                }
        }
        return Event(
            channel: channel, origin: origin, seq: Int64.random(in: 1...1_000_000, using: &random),
            previous: EventHash.sha256([UInt8.random(in: 0...255, using: &random)]),
            hlc: HLC(rawValue: Int64.random(in: 0...(1 << 50), using: &random))!, municipality: MunicipalityCode(545)!,
            stream: StreamID("item/\(Int.random(in: 0...99, using: &random))")!, type: EventType("test.note")!,
            schemaVersion: Int.random(in: 1...3, using: &random),
            author: Author(Self.authors.randomElement(using: &random)!)!,
            parents: parents, payload: .object(payload))
    }

    /// JSON text of `value` in any member order, with whitespace and escaped letters here and there: what a
    /// peer may send, not only the canonical form.
    func write(_ value: JSONValue, _ random: inout SplitMix64) -> String {
        let space = [" ", "", "", "\n\t"].randomElement(using: &random)!
        switch value {
        case .object(let members):
            let written = members.shuffled(using: &random).map {
                space + quote($0.key, &random) + ":" + space + write($0.value, &random)
            }
            return "{" + written.joined(separator: ",") + space + "}"
        case .array(let elements):
            return "[" + elements.map { space + write($0, &random) }.joined(separator: ",") + "]"
        case .string(let text): return quote(text, &random)
        default: return String(decoding: CanonicalJSON.encode(value), as: UTF8.self)
        }
    }

    func quote(_ text: String, _ random: inout SplitMix64) -> String {
        var canonical = String(decoding: CanonicalJSON.encode(.string(text)), as: UTF8.self)
        if Int.random(in: 0..<4, using: &random) == 0,
            let letter = canonical.firstIndex(where: { $0.isLetter && $0.isASCII })
        {
            let code = String(canonical[letter].asciiValue!, radix: 16)
            canonical.replaceSubrange(letter...letter, with: "\\u00" + code)
        }
        return canonical
    }

    @Test func soundPagesGiveTheSameEvents() throws {
        var random = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let events = (0..<Int.random(in: 0...6, using: &random)).map { _ in randomEvent(&random) }
            let page: JSONValue = [
                "events": .array(events.map(\.wireObject)), "hasMore": .bool(Bool.random(using: &random)),
                "vector": [:],
            ]
            let bytes = Array(write(page, &random).utf8)
            expectSame(bytes)
            let read = try JSONParser.parsePage(bytes, eventsAt: "events")
            #expect(try read.envelopes?.map { try Event(envelope: $0) } == events)
        }
    }

    @Test func malformedEventsAreRefusedNamingTheSameField() throws {
        var random = SplitMix64(seed: 11)
        let replacements: [JSONValue] = [
            .null, .bool(true), .number(JSONNumber(0)), .number(JSONNumber(5_000)), .string("x"), .array([]), [:],
        ]
        var refused: Set<String> = []
        for _ in 0..<400 {
            var object = randomEvent(&random).wireObject.objectValue!
            switch Int.random(in: 0...2, using: &random) {
            case 0: object[WireEnvelope.fieldNames.randomElement(using: &random)!] = nil
            case 1:
                object[WireEnvelope.fieldNames.randomElement(using: &random)!] = replacements.randomElement(
                    using: &random)!
            default: object[["zzz", "Hash", "extra", "a"].randomElement(using: &random)!] = .number(JSONNumber(1))
            }
            let others: [JSONValue] = [
                .object(object), .number(JSONNumber(3)), .string("e"), .null, .array([.object(object)]),
            ]
            let bytes = Array(
                write(["events": .array([others.randomElement(using: &random)!, .object(object)])], &random).utf8)
            expectSame(bytes)
            for result in try #require(try viaPage(bytes).get().1) {
                if case .failure(let error) = result { refused.insert(error.field) }
            }
        }
        // Every field of the envelope, an extra one and a non-object were each refused by name at least once.
        #expect(refused.isSuperset(of: Set(WireEnvelope.fieldNames).union(["zzz", "event"])))
    }

    @Test func malformedJSONFailsAlike() {
        var random = SplitMix64(seed: 13)
        let cases = [
            #"{"events":[{"v":1,"v":1}]}"#, #"{"events":[{"zzz":1,"zzz":2}]}"#, #"{"events":[],"events":[]}"#,
            #"{"events":[{"v":1,"v":2,"x":}]}"#, #"{"events":[1,]}"#, #"{"events":{}}"#, #"[{"events":[]}]"#, "{}", "",
            #"{"events":[{"seq":1}] "#, #"{"events":[{"seq":1}]} x"#, #"{"events":[{"a\u0000":1}]}"#, #"{"events":"#,
        ]
        for text in cases { expectSame(Array(text.utf8)) }
        // Random damage to sound pages: truncation, a byte changed, a byte removed.
        for _ in 0..<600 {
            let events = (0..<Int.random(in: 1...3, using: &random)).map { _ in randomEvent(&random) }
            var bytes = Array(write(["events": .array(events.map(\.wireObject)), "vector": [:]], &random).utf8)
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0...2, using: &random) {
            case 0: bytes.removeSubrange(at...)
            case 1: bytes[at] = Array(#"{}[]",:"0\ ae"#.utf8).randomElement(using: &random)!
            default: bytes.remove(at: at)
            }
            expectSame(bytes)
        }
    }

    @Test func aPageKeepsAtMostOneEnvelopeBeyondItsLimitYetRefusesAlike() throws {
        let many = "{\"events\":[" + Array(repeating: "{\"v\":1}", count: 50).joined(separator: ",") + "]}"
        let kept = try JSONParser.parsePage(Array(many.utf8), eventsAt: "events", keepingAtMost: 10)
        #expect(kept.envelopes?.count == 11)
        // The elements it drops are still parsed: damage after the limit is refused as before.
        let damaged = "{\"events\":[" + Array(repeating: "{\"v\":1}", count: 50).joined(separator: ",") + ",{\"v\":}]}"
        #expect(throws: JSONParser.Error.self) {
            try JSONParser.parsePage(Array(damaged.utf8), eventsAt: "events", keepingAtMost: 10)
        }
        let repeated = "{\"events\":[" + Array(repeating: "{\"v\":1}", count: 20).joined(separator: ",") + ",{\"v\":1,\"v\":1}]}"
        #expect(throws: JSONParser.Error.self) {
            try JSONParser.parsePage(Array(repeated.utf8), eventsAt: "events", keepingAtMost: 10)
        }
    }

    @Test func manyUnknownKeysAreReadAndARepeatedOneIsFound() throws {
        let keys = (0..<20_000).map { "\"k\($0)\":0" }
        let page = Array(("{\"events\":[{" + keys.joined(separator: ",") + "}]}").utf8)
        let envelopes = try #require(try JSONParser.parsePage(page, eventsAt: "events").envelopes)
        #expect(envelopes.count == 1 && envelopes[0].extraKeys.count == 20_000)
        let repeated = Array(("{\"events\":[{" + keys.joined(separator: ",") + ",\"k7\":1}]}").utf8)
        expectSame(repeated)
        #expect(throws: JSONParser.Error.self) { try JSONParser.parsePage(repeated, eventsAt: "events") }
    }
}

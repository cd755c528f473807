import Testing

@testable import EventModel

/// What a page read from bytes takes as shortcuts must give what reading each event on its own gives: the digest of
/// the received bytes (`EnvelopeForm`) is the digest of the event's canonical encoding, and texts taken from the
/// page's entries (`WireRecall`) are the texts read anew.
@Suite struct PageShortcutTests {
    let events = WireEnvelopeTests()

    /// The canonical bytes of a page carrying `wires`.
    func page(_ wires: [JSONValue]) -> [UInt8] {
        CanonicalJSON.encode(["events": .array(wires), "hasMore": false, "vector": [:]])
    }

    /// `bytes` with the first `from` replaced by `to` (both as text).
    func replacing(_ from: String, with to: String, in bytes: [UInt8]) -> [UInt8]? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let range = text.range(of: from) else { return nil }
        return Array(text.replacingCharacters(in: range, with: to).utf8)
    }

    /// Every envelope of `bytes` that decodes: its digest, when it has one, is that of its canonical encoding, and
    /// its judged hash verdict is the one of the event read from its JSON tree. Returns how many had a digest.
    @discardableResult
    func expectSoundDigests(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
        let envelopes = try #require(try JSONParser.parsePage(bytes, eventsAt: "events").envelopes)
        let wires = try #require(JSONParser.parse(bytes)["events"]?.arrayValue)
        var digests = 0
        for (envelope, wire) in zip(envelopes, wires) {
            guard let event = try? Event(envelope: envelope) else { continue }
            if let digest = envelope.canonicalDigest {
                digests += 1
                #expect(digest == EventHash.sha256(event.canonicalEncoding()), sourceLocation: sourceLocation)
            }
            let tree = OfferedEvent(wire: wire, validator: AcceptAnyContent())
            let page = OfferedEvent(envelope: envelope, validator: AcceptAnyContent())
            #expect(page.hasValidHash == tree.hasValidHash, sourceLocation: sourceLocation)
        }
        return digests
    }

    @Test func aCanonicalPageHashesItsBytesAsTheEncoding() throws {
        var random = SplitMix64(seed: 21)
        var digests = 0
        for _ in 0..<200 {
            let batch = (0..<Int.random(in: 1...4, using: &random)).map { _ in events.randomEvent(&random) }
            digests += try expectSoundDigests(page(batch.map(\.wireObject)))
        }
        // Most random events are written without escapes, and then the shortcut is taken.
        #expect(digests > 50)
    }

    /// Forms a decoder accepts but the encoder never writes: the bytes are then not the encoding, and the
    /// verdict must still be that of the encoding (a wrong digest would refuse a sound event, or pass an altered one).
    @Test func formsTheEncoderDoesNotWriteAreNotTakenForTheEncoding() throws {
        let event = Event(
            channel: .municipality(MunicipalityCode(287)!), origin: Origin("krs-server.1")!, seq: 3, previous: .zero,
            hlc: HLC(rawValue: 99)!, municipality: MunicipalityCode(287)!, stream: StreamID("note/3")!,
            type: EventType("test.note")!, schemaVersion: 1, author: Author("anna")!, parents: [],
            payload: ["n": 1, "t": "x"])
        let sound = page([event.wireObject])
        #expect(try expectSoundDigests(sound) == 1)
        let variants: [(String, String)] = [
            (#""origin":"krs-server.1""#, #""origin":"krs-server.+1""#),
            (#""channel":"municipality/287""#, #""channel":"municipality/+87""#),
            (#""seq":3"#, #""seq":3.0"#),
            (#""seq":3"#, #""seq":3e0"#),
            (#""author":"anna""#, #""author":"\u0061nna""#),
            (#""payload":{"n":1,"t":"x"}"#, #""payload":{"t":"x","n":1}"#),
            (#""payload":{"n":1"#, #""payload":{ "n":1"#),
            (#","hlc":99"#, #", "hlc":99"#),
            (#""parents":[]"#, #""parents":[ ]"#),
            (#""author":"anna","channel":"municipality/287""#, #""channel":"municipality/287","author":"anna""#),
        ]
        for (from, to) in variants {
            let bytes = try #require(replacing(from, with: to, in: sound), "\(from) not found")
            #expect(try expectSoundDigests(bytes) == 0, "\(to)")
        }
        // An altered payload keeps the shortcut and fails the hash like the encoding does.
        let altered = try #require(replacing(#""t":"x""#, with: #""t":"y""#, in: sound))
        #expect(try expectSoundDigests(altered) == 1)
        let offered = OfferedEvent(
            envelope: try #require(JSONParser.parsePage(altered, eventsAt: "events").envelopes?.first),
            validator: AcceptAnyContent())
        #expect(!offered.hasValidHash)
    }

    /// Events taking turns among a few channels, origins, types and authors, some written with escapes or
    /// invalid: judged as a page (texts recalled), each reads as it does alone.
    @Test func recalledTextsReadAsTextsReadAnew() throws {
        var random = SplitMix64(seed: 23)
        let origins = ["krs-server.1", "nrp-laptop.12", "krs-server.+1", "Bad.1", "krs-server.01"]
        let types = ["test.note", "meeting.scheduled", "Bad.Type"]
        let authors = ["anna", "bo", "", "é", "e\u{301}"]
        var recalled = 0
        for _ in 0..<100 {
            var wires: [JSONValue] = []
            for _ in 0..<Int.random(in: 1...12, using: &random) {
                var object = events.randomEvent(&random).wireObject.objectValue!
                object["origin"] = .string(origins.randomElement(using: &random)!)
                object["type"] = .string(types.randomElement(using: &random)!)
                object["author"] = .string(authors.randomElement(using: &random)!)
                if Int.random(in: 0..<10, using: &random) == 0 { object["channel"] = "municipality/999" }
                wires.append(.object(object))
            }
            var bytes = page(wires)
            // Now and then a text written with an escape: the same text, other bytes.
            if Bool.random(using: &random), let escaped = replacing(#""author":"anna""#, with: #""author":"\u0061nna""#, in: bytes) {
                bytes = escaped
            }
            let envelopes = try #require(try JSONParser.parsePage(bytes, eventsAt: "events").envelopes)
            recalled += envelopes.filter { $0.entries.origin > 0 && $0.entries.type > 0 }.count
            let judged = OfferedEvent.judging(envelopes, validator: AcceptAnyContent())
            // Alone, and as a page read backwards (an envelope whose entry was not read yet reads it anew).
            let backwards = Array(OfferedEvent.judging(envelopes.reversed(), validator: AcceptAnyContent()).reversed())
            for (index, envelope) in envelopes.enumerated() {
                let alone = OfferedEvent(envelope: envelope, validator: AcceptAnyContent())
                #expect(form(judged[index]) == form(alone))
                #expect(form(backwards[index]) == form(alone))
            }
        }
        #expect(recalled > 300)
    }

    /// What an offered event read as, to the byte (`==` on texts holds for canonically equivalent ones).
    func form(_ offered: OfferedEvent) -> String {
        switch offered.decoded {
        case .success(let event):
            "\(String(decoding: event.canonicalEncoding(), as: UTF8.self)) \(event.hash) \(offered.hasValidHash)"
        case .failure(let error): error.description
        }
    }

    /// Two pages whose first texts differ: an entry's number names a text of its own page only.
    @Test func entriesOfAnotherPageAreNotTaken() throws {
        var random = SplitMix64(seed: 29)
        var first = events.randomEvent(&random).wireObject.objectValue!
        var second = first
        first["origin"] = "krs-server.1"
        first["author"] = "anna"
        second["origin"] = "nrp-laptop.2"
        second["author"] = "bo"
        let one = try #require(try JSONParser.parsePage(page([.object(first)]), eventsAt: "events").envelopes)
        let two = try #require(try JSONParser.parsePage(page([.object(second)]), eventsAt: "events").envelopes)
        #expect(one[0].entries.origin == 1 && two[0].entries.origin == 1)
        let judged = OfferedEvent.judging(one + two, validator: AcceptAnyContent())
        #expect(form(judged[1]) == form(OfferedEvent(envelope: two[0], validator: AcceptAnyContent())))
        #expect(try judged[1].decoded.get().origin == Origin("nrp-laptop.2")!)
    }
}

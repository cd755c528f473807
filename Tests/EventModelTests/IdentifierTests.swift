import Testing

@testable import EventModel

@Suite struct IdentifierTests {
    @Test func municipalityCodesComeFromTheMemberList() {
        #expect(Municipality.members.map(\.code.rawValue) == [287, 231, 545, 280, 475])
        #expect(MunicipalityCode(287) != nil)
        #expect(MunicipalityCode(91) == nil)
        #expect(Municipality.member(MunicipalityCode(545)!)?.finnishName == "Närpiö")
    }

    @Test func channelsParseAndPrint() {
        #expect(Channel("region") == .region)
        #expect(Channel("municipality/475") == .municipality(MunicipalityCode(475)!))
        #expect(Channel("municipality/999") == nil)
        #expect(Channel("Region") == nil)
        #expect(Channel.municipality(MunicipalityCode(231)!).description == "municipality/231")
    }

    @Test(arguments: ["krs-server", "a", "n1", "malax-laptop-2"])
    func validNodeIDs(text: String) { #expect(NodeID(text) != nil) }

    @Test(arguments: ["", "Krs", "1abc", "krs_server", "krs-", "krs server", String(repeating: "a", count: 41), "krs.1"])
    func invalidNodeIDs(text: String) { #expect(NodeID(text) == nil) }

    @Test func originsCarryTheIncarnation() {
        let origin = Origin("krs-server.3")
        #expect(origin?.node.rawValue == "krs-server")
        #expect(origin?.incarnation == 3)
        #expect(Origin("krs-server.0") == nil)
        #expect(Origin("krs-server.01") == nil)
        #expect(Origin("krs-server") == nil)
        #expect(Origin("krs-server.999999")?.incarnation == 999_999)
        #expect(Origin("krs-server.1000001") == nil)
    }

    /// One origin has one text: a sign, a space, a non-ASCII digit or an eighth digit is refused, not read as a number.
    @Test(arguments: ["krs-server.+1", "krs-server.-1", "krs-server. 1", "krs-server.1 ", "krs-server.١", "krs-server.",
        "krs-server.12345678", ".1", "krs-server.1.", "krs-server.1e3", "krs-server.0x1"])
    func originsWithAnotherFormOfTheIncarnationAreRefused(text: String) { #expect(Origin(text) == nil) }

    /// Tokens are checked a byte at a time against a table of 128 bits: every character up to U+00FF, alone and
    /// inside a token, is accepted exactly when it is an ASCII letter or digit or one of the field's extra marks.
    @Test func tokensAcceptExactlyTheirCharacters() {
        func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
            scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar))
        }
        for value in UInt32(0)...0xFF {
            let scalar = Unicode.Scalar(value)!
            let character = String(Character(scalar))
            let inStream = isAlphanumeric(scalar) || "._:/@-".unicodeScalars.contains(scalar)
            #expect((StreamID(character) != nil) == inStream, "stream \(value)")
            #expect((StreamID("item" + character + "7") != nil) == inStream, "stream \(value)")
            let inType =
                scalar.isASCII && (("a"..."z").contains(scalar) || ("0"..."9").contains(scalar))
                || "._-".unicodeScalars.contains(scalar)
            #expect((EventType("note" + character) != nil) == inType, "type \(value)")
        }
        #expect(StreamID(String(repeating: "x", count: StreamID.maximumLength)) != nil)
        #expect(StreamID(String(repeating: "x", count: StreamID.maximumLength + 1)) == nil)
        #expect(StreamID("") == nil && EventType("Note") == nil && EventType("1note") == nil)
    }

    @Test func vectorsRoundTripThroughJSON() throws {
        var vector = VersionVector()
        let key = ChainKey(channel: .region, origin: Origin("a.1")!)
        vector[key] = ChainHead(seq: 4, hash: EventHash.sha256(Array("x".utf8)))
        let parsed = try VersionVector(json: try JSONParser.parse(CanonicalJSON.encode(vector.jsonValue)))
        #expect(parsed == vector)
        #expect(throws: EnvelopeError.self) { try VersionVector(json: ["region": ["a.1": ["seq": -1]]]) }
    }
}

@Suite struct NewEventTests {
    @Test func aHugePayloadIsRefusedNamingTheField() throws {
        let big = JSONValue.object(["text": .string(String(repeating: "x", count: NewEvent.maximumPayloadBytes))])
        #expect(throws: EnvelopeError.self) {
            try NewEvent(channel: .region, stream: StreamID("s")!, type: EventType("t")!, author: Author("a")!, payload: big)
        }
        let fine = JSONValue.object(["text": .string(String(repeating: "x", count: 1_000))])
        _ = try NewEvent(channel: .region, stream: StreamID("s")!, type: EventType("t")!, author: Author("a")!, payload: fine)
    }

    @Test func theCanonicalPayloadItCarriesIsTheOneAnEventHashes() throws {
        let payload: JSONValue = ["z": 1, "a": ["ö": "å", "list": [2, "x", nil]], "m": .string("\u{1F600}\n")]
        let new = try NewEvent(channel: .region, stream: StreamID("s")!, type: EventType("t")!, author: Author("a")!, payload: payload)
        #expect(new.canonicalPayload == CanonicalJSON.encode(payload))
        func event(_ bytes: [UInt8]?) -> Event {
            Event(
                channel: .region, origin: Origin("krs.1")!, seq: 1, previous: .zero, hlc: HLC(rawValue: 1 << 20)!,
                municipality: MunicipalityCode(287)!, stream: new.stream, type: new.type, schemaVersion: 1,
                author: new.author, parents: [], payload: new.payload, canonicalPayload: bytes)
        }
        let reused = event(new.canonicalPayload)
        #expect(reused.hasValidHash && reused.hash == event(nil).hash)
    }
}

import Testing

@testable import EventModel

/// `JSONParser.parseAppendBody` must accept and refuse exactly what `parse` does, and a new event made from the
/// vouched payload bytes it keeps must be the event the tree would make.
@Suite struct AppendBodyTests {
    static let canonicalPayload = #"{"date":"2025-05-05","host":287,"meeting":"m1","place":"Närpes"}"#

    static func body(payload: String, extra: String = "") -> String {
        #"{"channel":"region","stream":"meeting/m1","type":"meeting.scheduled","author":"anna"\#(extra),"payload":\#(payload)}"#
    }

    @Test func aPayloadInCanonicalFormIsKeptAsItsBytes() throws {
        let body = try JSONParser.parseAppendBody(Array(Self.body(payload: Self.canonicalPayload).utf8))
        let bytes = try #require(body.payloadBytes)
        #expect(body.payloadTree == nil && body.isObject && body.hasPayload)
        #expect(bytes.bytes == Array(Self.canonicalPayload.utf8))
        #expect(body.stream == .string("meeting/m1") && body.author == .string("anna") && body.channel == .string("region"))
    }

    @Test(arguments: [
        #"{ "date":"2025-05-05","host":287,"meeting":"m1","place":"Närpes"}"#,  // whitespace
        #"{"meeting":"m1","date":"2025-05-05","host":287,"place":"Närpes"}"#,  // keys out of order
        #"{"date":"2025-05-05","host":287.5,"meeting":"m1","place":"N\u00e4rpes"}"#,  // a decimal, an escape
        #"[1,2]"#, #""text""#, "null",
    ])
    func anyOtherPayloadIsParsedIntoItsTree(payload: String) throws {
        let body = try JSONParser.parseAppendBody(Array(Self.body(payload: payload).utf8))
        let tree = try JSONParser.parse(payload)
        #expect(body.payloadBytes == nil)
        #expect(body.payloadTree == tree)
    }

    /// Each body either parses with both, to the same members, or fails with both, with the same error.
    @Test(arguments: [
        body(payload: canonicalPayload, extra: #","author":"bo""#),  // a key repeated before the payload
        body(payload: canonicalPayload) + " ",
        body(payload: canonicalPayload) + "x",
        String(body(payload: canonicalPayload).dropLast()),
        #"{"payload":{"a":1},"payload":{"a":1}}"#,  // the payload repeated, vouched both times
        #"{"payload":{"a":1},"payload":{"b" : 2}}"#,
        #"{"payload":{"a":1,"a":2}}"#,
        #"{"payload":{"a":"\u0000"}}"#,
        #"{"payload":{"a":1},}"#,
        #"{"payload":"#,
        #"{}"#, #" { "payload" : {} } "#, "[]", #""body""#, "12", "",
        #"{"payload":"# + String(repeating: #"{"a":"#, count: 64) + "1" + String(repeating: "}", count: 64) + "}",
        #"{"payload":"# + String(repeating: #"{"a":"#, count: 63) + "1" + String(repeating: "}", count: 63) + "}",
        #"{"parents":["ab"],"schema":2,"expectedVersion":3,"payload":{}}"#,
        manyMembers(40, repeating: nil), manyMembers(40, repeating: (3, 35)), manyMembers(40, repeating: (30, 31)),
        manyMembers(16, repeating: (2, 15)), manyMembers(17, repeating: (2, 16)),
        // Within the body limit a client may send hundreds of thousands of members; the check must stay linear.
        manyMembers(60_000, repeating: (59_990, 59_999)),
    ])
    func acceptsAndRefusesWhatParseDoes(text: String) {
        let bytes = Array(text.utf8)
        let tree = Result { () throws(JSONParser.Error) in try JSONParser.parse(bytes) }
        let body = Result { () throws(JSONParser.Error) in try JSONParser.parseAppendBody(bytes) }
        switch (tree, body) {
        case (.failure(let expected), .failure(let found)): #expect(found == expected)
        case (.success(let value), .success(let body)):
            guard let members = value.objectValue else {
                #expect(!body.isObject)
                return
            }
            #expect(body.isObject && body.hasPayload == (members["payload"] != nil))
            // Written out, not taken from the code under test: a member dropped there must fail here.
            #expect(body.channel == members["channel"] && body.stream == members["stream"])
            #expect(body.type == members["type"] && body.author == members["author"])
            #expect(body.schema == members["schema"] && body.parents == members["parents"])
            #expect(body.expectedVersion == members["expectedVersion"])
            let payload = body.payloadTree ?? body.payloadBytes.map { PayloadBytes.parseVouched($0.bytes) }
            #expect(payload == members["payload"])
        default: Issue.record("parse gave \(tree), parseAppendBody \(body)")
        }
    }

    /// A body of `count` members and a payload, member `repeating.1` named as member `repeating.0`.
    static func manyMembers(_ count: Int, repeating: (Int, Int)?) -> String {
        let members = (0..<count).map { index in
            let name = index == repeating?.1 ? "k\(repeating!.0)" : "k\(index)"
            return #""\#(name)":\#(index)"#
        }
        return "{" + members.joined(separator: ",") + #","payload":{}}"#
    }

    @Test func aNewEventFromVouchedBytesIsTheEventItsTreeMakes() throws {
        let tree = try JSONParser.parse(Self.canonicalPayload)
        let bytes = try #require(PayloadBytes(Array(Self.canonicalPayload.utf8)))
        let fromTree = try NewEvent(
            channel: "region", stream: "meeting/m1", type: "meeting.scheduled", author: "anna", payload: tree)
        let fromBytes = try NewEvent(
            channel: "region", stream: "meeting/m1", type: "meeting.scheduled", author: "anna", payloadBytes: bytes)
        #expect(fromBytes == fromTree && fromBytes.hashValue == fromTree.hashValue)
        #expect(fromBytes.payload == tree && fromBytes.canonicalPayload == fromTree.canonicalPayload)
        let municipality = try #require(MunicipalityCode(287))
        #expect(fromBytes.content(municipality: municipality).payloadBytes?.bytes == bytes.bytes)
        #expect(fromTree.content(municipality: municipality).payloadBytes == nil)
        let origin = try #require(Origin("krs-server.1"))
        let hlc = HLC(wallMillis: 1_741_770_000_000, counter: 3)
        let events = [fromTree, fromBytes].map {
            Event($0, origin: origin, seq: 4, previous: .zero, hlc: hlc, municipality: municipality)
        }
        let fieldByField = Event(
            channel: .region, origin: origin, seq: 4, previous: .zero, hlc: hlc, municipality: municipality,
            stream: fromTree.stream, type: fromTree.type, schemaVersion: 1, author: fromTree.author, parents: [],
            payload: tree)
        #expect(events.allSatisfy { $0.hash == fieldByField.hash && $0.hasValidHash })
        #expect(events[0].payloadBytes == nil && events[1].payloadBytes?.bytes == bytes.bytes)
        #expect(events[1].payload == tree)
    }

    @Test func bytesOverTheLimitAreRefusedLikeATree() throws {
        let note = String(repeating: "x", count: NewEvent.maximumPayloadBytes)
        let text = #"{"note":"\#(note)"}"#
        let bytes = try #require(PayloadBytes(Array(text.utf8)))
        let refusal = EnvelopeError(
            field: "payload",
            reason: "is \(text.utf8.count) bytes; at most \(NewEvent.maximumPayloadBytes) are accepted")
        #expect(throws: refusal) {
            try NewEvent(channel: "region", stream: "s", type: "t", author: "a", payloadBytes: bytes)
        }
        #expect(throws: refusal) {
            try NewEvent(channel: "region", stream: "s", type: "t", author: "a", payload: try JSONParser.parse(text))
        }
    }

    @Test func textInCanonicalFormFromTheCommandLineIsKeptAsItsBytes() throws {
        let event = try NewEvent(
            channel: "region", stream: "meeting/m1", type: "meeting.scheduled", author: "anna",
            payloadJSON: Array(Self.canonicalPayload.utf8))
        let tree = try JSONParser.parse(Self.canonicalPayload)
        #expect(event.payloadTree == nil && event.payload == tree)
        let spaced = try NewEvent(
            channel: "region", stream: "meeting/m1", type: "meeting.scheduled", author: "anna",
            payloadJSON: Array((" " + Self.canonicalPayload).utf8))
        #expect(spaced.payloadTree != nil && spaced == event)
    }
}

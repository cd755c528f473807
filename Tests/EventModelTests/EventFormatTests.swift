import Foundation
import Testing

@testable import EventModel

/// Checks the worked example of docs/EVENT-FORMAT.md against the code, byte for byte.
@Suite struct EventFormatTests {
    static let docURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../docs/EVENT-FORMAT.md").standardized

    /// The ```canonical blocks and the SHA-256 line after each, as the document states them.
    func documentedExamples() throws -> [(canonical: String, hash: String)] {
        let text = try String(contentsOf: Self.docURL, encoding: .utf8)
        var examples: [(String, String)] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let line = lines.popFirst() {
            guard line == "```canonical", let body = lines.popFirst() else { continue }
            guard let hashLine = lines.first(where: { $0.hasPrefix("SHA-256: `") }) else { break }
            examples.append((String(body), String(hashLine.dropFirst("SHA-256: `".count).dropLast())))
        }
        return examples
    }

    @Test func workedExampleMatchesTheDocumentByteForByte() throws {
        let examples = try documentedExamples()
        try #require(examples.count == 2)
        let origin = try #require(Origin("krs-server.1"))
        let first = Event(
            channel: .region, origin: origin, seq: 1, previous: .zero, hlc: HLC(wallMillis: 1_741_770_000_000, counter: 3),
            municipality: MunicipalityCode(287)!, stream: StreamID("meeting/2025-1")!, type: EventType("meeting.scheduled")!,
            schemaVersion: 1, author: Author("anna.coordinator")!, parents: [],
            payload: ["date": "2025-03-12", "host": 287, "place": "Kristinestads stadshus, möteslokal \"Ulrika\""])
        #expect(String(decoding: first.canonicalEncoding(), as: UTF8.self) == examples[0].canonical)
        #expect(first.hash.hex == examples[0].hash)
        let second = Event(
            channel: .region, origin: origin, seq: 2, previous: first.hash, hlc: HLC(wallMillis: 1_741_770_060_000, counter: 0),
            municipality: MunicipalityCode(287)!, stream: StreamID("meeting/2025-1")!,
            type: EventType("meeting.rescheduled")!, schemaVersion: 1, author: Author("anna.coordinator")!,
            parents: [first.hash], payload: ["date": "2025-03-19", "note": "flyttat en vecka"])
        #expect(String(decoding: second.canonicalEncoding(), as: UTF8.self) == examples[1].canonical)
        #expect(second.hash.hex == examples[1].hash)
    }

    @Test func wireFormRoundTripsAndKeepsTheHash() throws {
        let event = TestEvents.make(seq: 1, payload: ["n": 1, "text": "Närpes"])
        let parsed = try Event(wireJSON: CanonicalJSON.encode(event.wireObject))
        #expect(parsed == event)
        #expect(parsed.hasValidHash)
    }

    @Test func wireFormNamesTheBadField() throws {
        let event = TestEvents.make(seq: 1, payload: ["n": 1])
        var object = try #require(event.wireObject.objectValue)
        object["parents"] = ["ABC"]
        #expect(throws: EnvelopeError(field: "parents[0]", reason: "must be 64 lowercase hex digits")) {
            try Event(wire: .object(object))
        }
        object = try #require(event.wireObject.objectValue)
        object["payload"] = [1, 2]
        #expect(throws: EnvelopeError(field: "payload", reason: "must be a JSON object, not an array")) {
            try Event(wire: .object(object))
        }
        object = try #require(event.wireObject.objectValue)
        object.removeValue(forKey: "stream")
        #expect(throws: EnvelopeError(field: "stream", reason: "is missing")) { try Event(wire: .object(object)) }
        object = try #require(event.wireObject.objectValue)
        object["extra"] = 1
        #expect(throws: EnvelopeError.self) { try Event(wire: .object(object)) }
    }
}

/// TestEvents builds chains of valid events for the pure tests.
enum TestEvents {
    static let origin = Origin("krs-server.1")!

    static func make(
        seq: Int64, previous: EventHash = .zero, origin: Origin = TestEvents.origin, channel: Channel = .region,
        municipality: Int = 287, hlcMillis: Int64 = 1_000, type: String = "test.note", payload: JSONValue = ["text": "x"]
    ) -> Event {
        Event(
            channel: channel, origin: origin, seq: seq, previous: previous, hlc: HLC(wallMillis: hlcMillis, counter: 0),
            municipality: MunicipalityCode(municipality)!, stream: StreamID("note/1")!, type: EventType(type)!,
            schemaVersion: 1, author: Author("tester")!, parents: [], payload: payload)
    }

    /// A chain of `count` linked events of one origin.
    static func chain(_ count: Int, origin: Origin = TestEvents.origin, municipality: Int = 287) -> [Event] {
        var events: [Event] = []
        var previous = EventHash.zero
        for seq in 1...Int64(count) {
            let event = make(
                seq: seq, previous: previous, origin: origin, municipality: municipality, hlcMillis: 1_000 + seq,
                payload: ["text": .string("event \(seq) of \(origin)")])
            events.append(event)
            previous = event.hash
        }
        return events
    }
}

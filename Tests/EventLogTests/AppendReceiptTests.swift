import EventModel
import Testing

@testable import EventLog

/// The receipt of an API append is written as bytes; it must stay the canonical JSON of the object it replaced.
struct AppendReceiptTests {
    /// What `POST /v1/events` answered before: the canonical encoding of a five-member object.
    private func reference(_ event: Event) -> [UInt8] {
        CanonicalJSON.encode([
            "channel": .string(event.channel.description), "origin": .string(event.origin.description),
            "seq": .number(JSONNumber(event.seq)), "hash": .string(event.hash.hex),
            "hlc": .number(JSONNumber(event.hlc.rawValue)),
        ])
    }

    @Test func receiptsOfRandomEventsAreTheCanonicalObject() throws {
        var random = SplitMix64(seed: 0x5EED_7)
        let codes = [231, 287, 545, 280, 475]
        let nodes = ["krs-server", "a", "node-1", "n9", String(repeating: "z", count: 40)]
        for round in 0..<2_000 {
            let channel: Channel =
                round % 3 == 0 ? .region : .municipality(MunicipalityCode(codes[round % codes.count])!)
            let origin = try #require(
                Origin(node: NodeID(nodes[round % nodes.count])!, incarnation: Int.random(in: 1...1_000_000, using: &random)))
            // Sequences and clocks of every size: one digit, a power of ten's edges, the largest.
            let seq: Int64 =
                switch round % 4 {
                case 0: Int64.random(in: 1...9, using: &random)
                case 1: [10, 99, 100, 999_999, 1_000_000, 99_999_999_999][round % 6]
                case 2: Int64.max - Int64.random(in: 0...3, using: &random)
                default: Int64.random(in: 1...Int64.max, using: &random)
                }
            let hlc = try #require(HLC(rawValue: round % 5 == 0 ? Int64(round) : Int64.random(in: 0...Int64.max, using: &random)))
            let event = Event(
                channel: channel, origin: origin, seq: seq, previous: .zero, hlc: hlc,
                municipality: MunicipalityCode(231)!, stream: StreamID("note/\(round)")!, type: EventType("note.added")!,
                schemaVersion: 1, author: Author("someone")!, parents: [], payload: ["n": .number(JSONNumber(round))])
            #expect(AppendReceipt.json(event) == reference(event), "round \(round)")
        }
    }

    @Test func decimalsMatchTheirTextAtTheEdges() {
        let values: [Int64] = [0, 1, 9, 10, 99, 100, -1, -10, Int64.max, Int64.min, Int64.min + 1, 1_000_000_007]
        for value in values {
            var out: [UInt8] = []
            AppendReceipt.appendDecimal(value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(value))
        }
    }
}

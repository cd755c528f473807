import Domain
import EventModel
import Replication

/// libFuzzer entry point for what a peer sends: the JSON parser, the replication messages, the
/// event envelope decoder and the ingest rules with the domain's content validator.
///
/// Besides "never crash", it checks the properties replication relies on: canonical JSON parses back
/// to the same value, and a decoded event re-encodes to the same event (so a relay never changes a
/// hash), and the ingest rules never append an event whose hash is wrong.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let value = try? JSONParser.parse(bytes) else { return 0 }
    let canonical = CanonicalJSON.encode(value)
    guard let again = try? JSONParser.parse(canonical) else { preconditionFailure("canonical JSON does not parse back") }
    precondition(again == value, "canonical JSON changed the value")
    _ = try? PullRequest(json: value)
    _ = try? PullResponse(json: value)
    _ = try? PushResponse(json: value)
    _ = try? VersionVector(json: value)
    // A push body, a pull answer, or a bare array or event: every event in it goes through the rules.
    let offered = value["events"]?.arrayValue ?? value.arrayValue ?? [value]
    let context = IngestRules.Context(physicalMillis: 1_764_000_000_000, readableChannels: [.region])
    for item in offered.prefix(64) {
        guard let event = try? Event(wire: item), event.seq >= 1 else { continue }
        let decodedAgain = try? Event(wire: event.wireObject)
        precondition(decodedAgain == event, "an event does not survive its own wire form")
        for state in [IngestRules.ChainState(), IngestRules.ChainState(head: ChainHead(seq: event.seq - 1, hash: event.previous))] {
            let outcome = IngestRules.decide(
                event, state: state, context: context, storedHash: { _ in nil },
                verdict: { DomainCatalog.standard.verdict(for: event.content) })
            if outcome.isHeld && outcome != .duplicate { precondition(event.hasValidHash, "appended with a wrong hash") }
        }
    }
    return 0
}

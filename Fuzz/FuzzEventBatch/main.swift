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
    // A puller reads pages straight from bytes: it must accept, refuse and read events as the tree path does.
    let page = Result { () throws(JSONParser.Error) in try JSONParser.parsePage(bytes, eventsAt: "events") }
    guard let value = try? JSONParser.parse(bytes) else {
        if case .success = page { preconditionFailure("a page read from bytes accepted what the parser refuses") }
        return 0
    }
    guard case .success(let read) = page else { preconditionFailure("a page read from bytes refused sound JSON") }
    if let envelopes = read.envelopes {
        let trees = value["events"]?.arrayValue ?? []
        precondition(envelopes.count == trees.count, "a page read from bytes lost events")
        for (envelope, tree) in zip(envelopes, trees) {
            let direct = Result { () throws(EnvelopeError) in try Event(envelope: envelope) }
            let viaTree = Result { () throws(EnvelopeError) in try Event(wire: tree) }
            precondition(direct == viaTree, "an event read from bytes differs from the one read from the tree")
            // A target hashes the received bytes instead of the encoding when they show it (`EnvelopeForm`).
            if case .success(let event) = direct, let digest = envelope.canonicalDigest {
                precondition(digest == EventHash.sha256(event.canonicalEncoding()), "hashed bytes that are not the encoding")
            }
            if case .success(let event) = direct { checkPayloadBytes(event) }
            // A target judges a payload it keeps as bytes from them: the verdict must be the tree's.
            if case .success(let event) = direct, case .success(let tree) = viaTree {
                precondition(
                    DomainCatalog.standard.verdict(for: event.content) == DomainCatalog.standard.verdict(for: tree.content),
                    "a verdict read from payload bytes differs from the tree's")
            }
        }
    }
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
        checkPayloadBytes(event)
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

/// A rebuild reads trusted payloads from their bytes (`PayloadBytes`) instead of a parsed tree, and a target
/// judges received ones from them: what it accepts must read and be judged as the tree is, member by member.
func checkPayloadBytes(_ event: Event) {
    guard let bytes = PayloadBytes(event.canonicalPayload), let members = event.payload.objectValue else { return }
    // Judged from the bytes (as a received event is) and from the tree: the same verdict, problem text included.
    let fromBytes = EventContent(
        channel: event.channel, municipality: event.municipality, stream: event.stream, type: event.type,
        schemaVersion: event.schemaVersion, parents: event.parents, payloadBytes: bytes)
    let fromTree = EventContent(
        channel: event.channel, municipality: event.municipality, stream: event.stream, type: event.type,
        schemaVersion: event.schemaVersion, parents: event.parents, payload: event.payload)
    precondition(
        DomainCatalog.standard.verdict(for: fromBytes) == DomainCatalog.standard.verdict(for: fromTree),
        "a verdict read from payload bytes differs from the tree's")
    for (key, value) in members {
        if let text = value.stringValue { precondition(bytes.string(key) == text, "a payload string read differently") }
        if bytes.string(key) != nil { precondition(value.stringValue != nil, "a payload string that the tree lacks") }
        let number = bytes.integer(key)
        if number != nil || value.numberValue != nil {
            precondition(number == value.int64Value, "a payload integer read differently")
        }
    }
}

extension Event {
    /// The event `new` becomes at its place in a chain, with its hash computed; the payload is kept as `new` holds
    /// it, so a new event made from vouched bytes becomes an event without a tree (parsed only when asked for).
    public init(
        _ new: NewEvent, origin: Origin, seq: Int64, previous: EventHash, hlc: HLC, municipality: MunicipalityCode
    ) {
        let unhashed = Event(
            channel: new.channel, origin: origin, seq: seq, previous: previous, hlc: hlc, municipality: municipality,
            stream: new.stream, type: new.type, schemaVersion: new.schemaVersion, author: new.author,
            parents: new.parents, payloadTree: new.payloadTree, canonicalPayload: new.canonicalPayload, hash: .zero)
        self = unhashed.withHash(unhashed.computedHash())
    }
}

/// WireEvent is an event as a node serves it to a peer: its wire form, already written, and its place.
///
/// A page served to a peer is read from the log as these (`EventLog.wireEvents`): the wire form is written
/// from the stored columns (`WireText`), so the stored payload is copied, never parsed. The receiver reads
/// and checks every field itself.
public struct WireEvent: Sendable, Hashable {
    /// The event's chain.
    public let chain: ChainKey
    /// Its place in the chain.
    public let seq: Int64
    /// Its hash, as claimed by the wire form.
    public let hash: EventHash
    /// The wire form: the canonical JSON of `Event.wireObject`.
    public let json: [UInt8]

    /// Describes an event already written out.
    public init(chain: ChainKey, seq: Int64, hash: EventHash, json: [UInt8]) {
        self.chain = chain
        self.seq = seq
        self.hash = hash
        self.json = json
    }

    /// The wire form of a decoded event.
    public init(_ event: Event) {
        self.init(
            chain: ChainKey(channel: event.channel, origin: event.origin), seq: event.seq, hash: event.hash,
            json: WireText.bytes(event.wireFields))
    }

    /// The chain head this event makes.
    public var head: ChainHead { ChainHead(seq: seq, hash: hash) }

    /// Writes `events` as a JSON array of their wire forms.
    public static func writeArray(_ events: [WireEvent], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (index, event) in events.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: event.json)
        }
        out.append(UInt8(ascii: "]"))
    }
}

import EventModel

/// ForkProof is two heads of one chain position, both signed by the origin, naming different hashes:
/// proof, transferable to any node of the region, that the origin wrote two histories.
public struct ForkProof: Sendable, Hashable {
    /// One head, the lower hash of the two so the proof has one form.
    public let first: SignedHead
    /// The other head.
    public let second: SignedHead

    /// Pairs two heads, or returns nil when they are not of one chain and seq or do not disagree.
    public init?(_ one: SignedHead, _ other: SignedHead) {
        guard one.chain == other.chain, one.head.seq == other.head.seq, one.head.hash != other.head.hash else {
            return nil
        }
        (first, second) = one.head.hash < other.head.hash ? (one, other) : (other, one)
    }

    /// The chain that forked.
    public var chain: ChainKey { first.chain }
    /// Where it forked (at or before this seq).
    public var seq: Int64 { first.head.seq }

    /// Whether both heads are signed by `key` in `region`.
    public func verify(key: PublicKey, region: RegionID) -> Bool {
        first.isSigned(by: key, region: region) && second.isSigned(by: key, region: region)
    }

    /// Whether both heads are signed by the key `trust` holds for the origin (a revoked origin's key
    /// still proves its fork).
    public func verify(in trust: TrustState) -> Bool {
        guard case .enrolled(let key, _, _) = trust.standing(of: chain.origin) else { return false }
        return verify(key: key, region: trust.region)
    }

    /// The payload of a `trust.fork_proven` event in the region channel; it holds no event content.
    public func payload(region: RegionID) -> JSONValue {
        [
            "region": .string(region.hex), "channel": .string(chain.channel.description),
            "origin": .string(chain.origin.description), "seq": .number(JSONNumber(seq)),
            "first": ["hash": .string(first.head.hash.hex), "signature": .string(first.signature.hex)],
            "second": ["hash": .string(second.head.hash.hex), "signature": .string(second.signature.hex)],
        ]
    }

    /// Reads the payload of a `trust.fork_proven` event; verify it before acting on it.
    public init(payload: JSONValue) throws(SecurityError) {
        let reader = TrustPayloadReader(payload)
        let origin = try reader.origin()
        guard let channelText = payload["channel"]?.stringValue, let channel = Channel(channelText) else {
            throw .malformedDocument(field: "payload.channel", reason: "is not a channel")
        }
        guard let seq = payload["seq"]?.int64Value, seq >= 1 else {
            throw .malformedDocument(field: "payload.seq", reason: "must be an integer ≥ 1")
        }
        let chain = ChainKey(channel: channel, origin: origin)
        func head(_ name: String) throws(SecurityError) -> SignedHead {
            guard let hashText = payload[name]?["hash"]?.stringValue, let hash = EventHash(hex: hashText),
                let signatureText = payload[name]?["signature"]?.stringValue,
                let signature = Signature(hex: signatureText)
            else { throw .malformedDocument(field: "payload.\(name)", reason: "must hold hash and signature") }
            return SignedHead(chain: chain, head: ChainHead(seq: seq, hash: hash), signature: signature)
        }
        guard let proof = ForkProof(try head("first"), try head("second")) else {
            throw .malformedDocument(field: "payload.second", reason: "must name another hash than first")
        }
        self = proof
    }
}

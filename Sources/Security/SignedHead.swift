import EventModel

/// SignedHead is an origin's Ed25519 signature over one head of one of its chains: (region, channel,
/// origin, seq, hash). The hash chain carries it back to every earlier event of the chain.
public struct SignedHead: Sendable, Hashable {
    /// The chain.
    public let chain: ChainKey
    /// The position and hash signed.
    public let head: ChainHead
    /// The origin's signature over `statement(region:)`.
    public let signature: Signature

    /// Wraps a head and a signature as received.
    public init(chain: ChainKey, head: ChainHead, signature: Signature) {
        self.chain = chain
        self.head = head
        self.signature = signature
    }

    /// Signs `head` of `chain` with the origin's node key.
    public static func sign(_ head: ChainHead, of chain: ChainKey, region: RegionID, key: SigningKey) -> SignedHead {
        SignedHead(chain: chain, head: head, signature: key.sign(statement(region: region, chain: chain, head: head)))
    }

    /// The bytes signed: canonical JSON naming the kind, region, channel, origin, seq and hash.
    public static func statement(region: RegionID, chain: ChainKey, head: ChainHead) -> [UInt8] {
        CanonicalJSON.encode([
            "kind": "samverkan.head", "region": .string(region.hex), "channel": .string(chain.channel.description),
            "origin": .string(chain.origin.description), "seq": .number(JSONNumber(head.seq)),
            "hash": .string(head.hash.hex),
        ])
    }

    /// Whether `key` signed this head in `region`.
    public func isSigned(by key: PublicKey, region: RegionID) -> Bool {
        key.verifies(signature, of: Self.statement(region: region, chain: chain, head: head))
    }

    /// The wire form carried by pull and push: `{"channel","origin","seq","hash","signature"}`.
    public var jsonValue: JSONValue {
        [
            "channel": .string(chain.channel.description), "origin": .string(chain.origin.description),
            "seq": .number(JSONNumber(head.seq)), "hash": .string(head.hash.hex), "signature": .string(signature.hex),
        ]
    }

    /// Reads the wire form, naming the member that is wrong.
    public init(json: JSONValue) throws(SecurityError) {
        guard let fields = json.objectValue, Set(fields.keys) == ["channel", "origin", "seq", "hash", "signature"]
        else {
            throw .malformedDocument(field: "head", reason: "must hold exactly channel, origin, seq, hash, signature")
        }
        guard let channelText = fields["channel"]?.stringValue, let channel = Channel(channelText) else {
            throw .malformedDocument(field: "head.channel", reason: "is not a channel")
        }
        guard let originText = fields["origin"]?.stringValue, let origin = Origin(originText) else {
            throw .malformedDocument(field: "head.origin", reason: "is not an origin")
        }
        guard let seq = fields["seq"]?.int64Value, seq >= 1 else {
            throw .malformedDocument(field: "head.seq", reason: "must be an integer ≥ 1")
        }
        guard let hashText = fields["hash"]?.stringValue, let hash = EventHash(hex: hashText) else {
            throw .malformedDocument(field: "head.hash", reason: "must be 64 lowercase hex digits")
        }
        guard let signatureText = fields["signature"]?.stringValue, let signature = Signature(hex: signatureText) else {
            throw .malformedDocument(field: "head.signature", reason: "must be 128 lowercase hex digits")
        }
        self.init(
            chain: ChainKey(channel: channel, origin: origin), head: ChainHead(seq: seq, hash: hash),
            signature: signature)
    }
}

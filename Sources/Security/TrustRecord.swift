import EventModel

/// Enrolment is a municipality root key's signed statement that `key` writes as `origin` for `municipality`.
public struct Enrolment: Sendable, Hashable {
    /// The region the statement belongs to.
    public let region: RegionID
    /// The enrolled origin (one incarnation of one node).
    public let origin: Origin
    /// The municipality the node belongs to; its root key signs.
    public let municipality: MunicipalityCode
    /// The node's public key.
    public let key: PublicKey
    /// The root key's signature over `statement`.
    public let signature: Signature

    /// Signs a new enrolment with the municipality's root key.
    public static func make(
        region: RegionID, origin: Origin, municipality: MunicipalityCode, key: PublicKey, rootKey: SigningKey
    ) -> Enrolment {
        let statement = statementBytes(region: region, origin: origin, municipality: municipality, key: key)
        return Enrolment(
            region: region, origin: origin, municipality: municipality, key: key, signature: rootKey.sign(statement))
    }

    init(region: RegionID, origin: Origin, municipality: MunicipalityCode, key: PublicKey, signature: Signature) {
        self.region = region
        self.origin = origin
        self.municipality = municipality
        self.key = key
        self.signature = signature
    }

    /// The bytes the root key signs: canonical JSON naming the kind of statement, so an enrolment can
    /// never be replayed as any other signed statement.
    public var statement: [UInt8] {
        Self.statementBytes(region: region, origin: origin, municipality: municipality, key: key)
    }

    static func statementBytes(region: RegionID, origin: Origin, municipality: MunicipalityCode, key: PublicKey)
        -> [UInt8]
    {
        CanonicalJSON.encode([
            "kind": .string(TrustCatalog.nodeEnrolled.rawValue), "region": .string(region.hex),
            "origin": .string(origin.description), "municipality": .number(JSONNumber(municipality.rawValue)),
            "key": .string(key.hex),
        ])
    }

    /// Whether the statement is signed by the root key that `genesis` lists for the municipality.
    public func isValid(in genesis: RegionGenesis) -> Bool {
        guard region == genesis.id, let member = genesis.member(municipality) else { return false }
        return member.rootKey.verifies(signature, of: statement)
    }

    /// The payload of a `trust.node_enrolled` event.
    public var payload: JSONValue {
        [
            "region": .string(region.hex), "origin": .string(origin.description),
            "municipality": .number(JSONNumber(municipality.rawValue)), "key": .string(key.hex),
            "signature": .string(signature.hex),
        ]
    }

    /// Reads the payload of a `trust.node_enrolled` event.
    public init(payload: JSONValue) throws(SecurityError) {
        let reader = TrustPayloadReader(payload)
        region = try reader.region()
        origin = try reader.origin()
        municipality = try reader.municipality()
        guard let keyText = payload["key"]?.stringValue, let key = PublicKey(hex: keyText) else {
            throw .malformedDocument(field: "payload.key", reason: "must be 64 lowercase hex digits")
        }
        self.key = key
        signature = try reader.signature()
    }
}

/// Revocation is a municipality root key's signed statement that `origin` may write no more: its events
/// stay valid only up to `through[channel]` in each listed channel, and in no other channel at all.
public struct Revocation: Sendable, Hashable {
    /// The region the statement belongs to.
    public let region: RegionID
    /// The revoked origin.
    public let origin: Origin
    /// The municipality whose root key signs; it must be the one that enrolled the origin.
    public let municipality: MunicipalityCode
    /// The last valid sequence per channel; events past it, or in channels not listed, are refused.
    public let through: [Channel: Int64]
    /// The root key's signature over `statement`.
    public let signature: Signature

    /// Signs a new revocation with the municipality's root key.
    public static func make(
        region: RegionID, origin: Origin, municipality: MunicipalityCode, through: [Channel: Int64], rootKey: SigningKey
    ) -> Revocation {
        let unsigned = Revocation(
            region: region, origin: origin, municipality: municipality, through: through,
            signature: Signature(bytes: [UInt8](repeating: 0, count: 64))!)
        return Revocation(
            region: region, origin: origin, municipality: municipality, through: through,
            signature: rootKey.sign(unsigned.statement))
    }

    init(
        region: RegionID, origin: Origin, municipality: MunicipalityCode, through: [Channel: Int64],
        signature: Signature
    ) {
        self.region = region
        self.origin = origin
        self.municipality = municipality
        self.through = through
        self.signature = signature
    }

    /// The positions as the payload lists them, ordered by channel.
    var throughJSON: JSONValue {
        .array(
            through.keys.sorted().map {
                ["channel": .string($0.description), "seq": .number(JSONNumber(through[$0]!))]
            })
    }

    /// The bytes the root key signs.
    public var statement: [UInt8] {
        CanonicalJSON.encode([
            "kind": .string(TrustCatalog.nodeRevoked.rawValue), "region": .string(region.hex),
            "origin": .string(origin.description), "municipality": .number(JSONNumber(municipality.rawValue)),
            "through": throughJSON,
        ])
    }

    /// Whether the statement is signed by the root key that `genesis` lists for the municipality.
    public func isValid(in genesis: RegionGenesis) -> Bool {
        guard region == genesis.id, let member = genesis.member(municipality) else { return false }
        return member.rootKey.verifies(signature, of: statement)
    }

    /// The payload of a `trust.node_revoked` event.
    public var payload: JSONValue {
        [
            "region": .string(region.hex), "origin": .string(origin.description),
            "municipality": .number(JSONNumber(municipality.rawValue)), "through": throughJSON,
            "signature": .string(signature.hex),
        ]
    }

    /// Reads the payload of a `trust.node_revoked` event.
    public init(payload: JSONValue) throws(SecurityError) {
        let reader = TrustPayloadReader(payload)
        region = try reader.region()
        origin = try reader.origin()
        municipality = try reader.municipality()
        guard let list = payload["through"]?.arrayValue else {
            throw .malformedDocument(field: "payload.through", reason: "must be an array")
        }
        var through: [Channel: Int64] = [:]
        for (index, item) in list.enumerated() {
            guard let text = item["channel"]?.stringValue, let channel = Channel(text),
                let seq = item["seq"]?.int64Value,
                seq >= 1, through[channel] == nil
            else {
                throw .malformedDocument(
                    field: "payload.through[\(index)]", reason: "must name a channel once and a seq ≥ 1")
            }
            through[channel] = seq
        }
        self.through = through
        signature = try reader.signature()
    }
}

/// TrustPayloadReader reads the fields every trust payload shares, naming the one that is wrong.
struct TrustPayloadReader {
    let payload: JSONValue

    init(_ payload: JSONValue) { self.payload = payload }

    func region() throws(SecurityError) -> RegionID {
        guard let text = payload["region"]?.stringValue, let region = RegionID(hex: text) else {
            throw .malformedDocument(field: "payload.region", reason: "must be the region id (64 lowercase hex digits)")
        }
        return region
    }

    func origin() throws(SecurityError) -> Origin {
        guard let text = payload["origin"]?.stringValue, let origin = Origin(text) else {
            throw .malformedDocument(field: "payload.origin", reason: "must be an origin written node.incarnation")
        }
        return origin
    }

    func municipality() throws(SecurityError) -> MunicipalityCode {
        guard let number = payload["municipality"]?.int64Value, let code = MunicipalityCode(Int(number)) else {
            throw .malformedDocument(field: "payload.municipality", reason: "must be a member municipality code")
        }
        return code
    }

    func signature(_ key: String = "signature") throws(SecurityError) -> Signature {
        guard let text = payload[key]?.stringValue, let signature = Signature(hex: text) else {
            throw .malformedDocument(field: "payload.\(key)", reason: "must be 128 lowercase hex digits")
        }
        return signature
    }
}

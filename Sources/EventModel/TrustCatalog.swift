/// TrustCatalog declares the region-channel events that carry trust: enrolments, revocations and fork
/// proofs. Their payloads are signed statements (checked by the Security module); the catalog only
/// checks their shape, so every node stores and relays them alike.
public enum TrustCatalog {
    /// A municipality's root key enrols a node key for one origin.
    public static let nodeEnrolled = EventType("trust.node_enrolled")!
    /// A municipality's root key revokes an origin, keeping its chains valid up to listed positions.
    public static let nodeRevoked = EventType("trust.node_revoked")!
    /// Two validly signed heads of one chain position that name different hashes.
    public static let forkProven = EventType("trust.fork_proven")!

    /// The stream of the trust events about `origin`: `trust/<origin>`.
    public static func stream(for origin: Origin) -> StreamID { StreamID("trust/\(origin)")! }

    /// The schemas of the trust events.
    public static let schemas: [EventSchema] = [
        EventSchema(
            type: nodeEnrolled.rawValue,
            fields: [
                .required("region", .hash), .required("origin", .text(maxLength: 48)),
                .required("municipality", .municipality), .required("key", .hash),
                .required("signature", .text(maxLength: 128)),
            ], check: checkCommon),
        EventSchema(
            type: nodeRevoked.rawValue,
            fields: [
                .required("region", .hash), .required("origin", .text(maxLength: 48)),
                .required("municipality", .municipality),
                .required(
                    "through",
                    .list(
                        .object([.required("channel", .text(maxLength: 32)), .required("seq", .integer(1...Int64.max))]
                        ), maxCount: 8)),
                .required("signature", .text(maxLength: 128)),
            ], check: checkCommon),
        EventSchema(
            type: forkProven.rawValue,
            fields: [
                .required("region", .hash), .required("channel", .text(maxLength: 32)),
                .required("origin", .text(maxLength: 48)), .required("seq", .integer(1...Int64.max)),
                .required("first", .object([.required("hash", .hash), .required("signature", .text(maxLength: 128))])),
                .required(
                    "second", .object([.required("hash", .hash), .required("signature", .text(maxLength: 128))])),
            ], check: checkCommon),
    ]

    /// The revision of `checkCommon`: change it whenever the check judges differently (see `RulesFingerprint`).
    public static let checksRevision = "trust-checks/1"

    /// The trust schemas as a catalog, to merge with the domain catalog.
    public static let catalog = EventCatalog(schemas.map { $0.identified(as: checksRevision) })

    /// Rules across fields: a parsable origin, its own stream, well-formed channels and signatures.
    static func checkCommon(_ content: EventContent) -> EnvelopeError? {
        // Read many times below: a content held as bytes is parsed once here, not at every read.
        let content = content.withTree
        guard let originText = content.payload["origin"]?.stringValue, let origin = Origin(originText) else {
            return EnvelopeError(field: "payload.origin", reason: "must be an origin written node.incarnation")
        }
        guard content.stream == stream(for: origin) else {
            return EnvelopeError(field: "stream", reason: "must be trust/\(origin)")
        }
        for signature in [
            content.payload["signature"], content.payload["first"]?["signature"],
            content.payload["second"]?["signature"],
        ] {
            if let text = signature?.stringValue,
                text.utf8.count != 128 || EventHash(hex: text.prefix(64)) == nil
                    || EventHash(hex: text.suffix(64)) == nil
            {
                return EnvelopeError(field: "payload.signature", reason: "must be 128 lowercase hex digits")
            }
        }
        if let channel = content.payload["channel"]?.stringValue, Channel(channel) == nil {
            return EnvelopeError(field: "payload.channel", reason: "is not a channel")
        }
        for (index, item) in (content.payload["through"]?.arrayValue ?? []).enumerated() {
            if let channel = item["channel"]?.stringValue, Channel(channel) == nil {
                return EnvelopeError(field: "payload.through[\(index)].channel", reason: "is not a channel")
            }
        }
        return nil
    }
}

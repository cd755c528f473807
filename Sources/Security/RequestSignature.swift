import EventModel

/// RequestSignature authenticates one HTTP request between nodes: the caller's node key signs a
/// canonical string of region, method, path, body hash, timestamp, nonce and caller origin.
///
/// Carried in one header, `Samverkan-Signature: v1 origin=<o> region=<hex> ts=<ms> nonce=<hex> sig=<hex>`.
public struct RequestSignature: Sendable, Hashable {
    /// The header that carries it.
    public static let headerName = "Samverkan-Signature"

    /// The calling origin.
    public let origin: Origin
    /// The caller's region.
    public let region: RegionID
    /// The caller's clock when it signed, in milliseconds since 1970.
    public let timestampMillis: Int64
    /// 32 lowercase hex digits, fresh per request, so a captured request cannot be replayed.
    public let nonce: String
    /// The node key's signature over the canonical string.
    public let signature: Signature

    /// Signs a request as `origin` with its node key.
    public static func sign(
        method: String, path: String, body: [UInt8], origin: Origin, region: RegionID, key: SigningKey,
        nowMillis: Int64, nonce: String = Hex.encode(SecureRandom.bytes(16))
    ) -> RequestSignature {
        let message = canonicalString(
            method: method, path: path, bodyHash: EventHash.sha256(body), timestampMillis: nowMillis, nonce: nonce,
            origin: origin, region: region)
        return RequestSignature(
            origin: origin, region: region, timestampMillis: nowMillis, nonce: nonce, signature: key.sign(message))
    }

    /// Wraps parts as received.
    public init(origin: Origin, region: RegionID, timestampMillis: Int64, nonce: String, signature: Signature) {
        self.origin = origin
        self.region = region
        self.timestampMillis = timestampMillis
        self.nonce = nonce
        self.signature = signature
    }

    /// The signed bytes: one field per line, after a version word that separates them from every other
    /// signed statement. `path` includes the query string, as the request line carries it.
    public static func canonicalString(
        method: String, path: String, bodyHash: EventHash, timestampMillis: Int64, nonce: String, origin: Origin,
        region: RegionID
    ) -> [UInt8] {
        Array(
            [
                "samverkan-request-v1", region.hex, method.uppercased(), path, bodyHash.hex, String(timestampMillis),
                nonce, origin.description,
            ]
            .joined(separator: "\n").utf8)
    }

    /// Whether `key` signed this request for these method, path and body.
    public func verifies(method: String, path: String, body: [UInt8], key: PublicKey) -> Bool {
        key.verifies(
            signature,
            of: Self.canonicalString(
                method: method, path: path, bodyHash: EventHash.sha256(body), timestampMillis: timestampMillis,
                nonce: nonce, origin: origin, region: region))
    }

    /// The header value.
    public var headerValue: String {
        "v1 origin=\(origin) region=\(region.hex) ts=\(timestampMillis) nonce=\(nonce) sig=\(signature.hex)"
    }

    /// Reads a header value, or says what is wrong with it.
    public init(headerValue: String) throws(SecurityError) {
        let words = headerValue.split(separator: " ")
        guard words.first == "v1" else {
            throw .malformedDocument(field: Self.headerName, reason: "must start with v1")
        }
        var fields: [String: Substring] = [:]
        for word in words.dropFirst() {
            guard let equals = word.firstIndex(of: "="), fields[String(word[..<equals])] == nil else {
                throw .malformedDocument(field: Self.headerName, reason: "must hold name=value words, each once")
            }
            fields[String(word[..<equals])] = word[word.index(after: equals)...]
        }
        guard Set(fields.keys) == ["origin", "region", "ts", "nonce", "sig"] else {
            throw .malformedDocument(
                field: Self.headerName, reason: "must hold exactly origin, region, ts, nonce and sig")
        }
        guard let origin = fields["origin"].flatMap({ Origin($0) }) else {
            throw .malformedDocument(field: "\(Self.headerName).origin", reason: "is not an origin")
        }
        guard let region = fields["region"].flatMap({ RegionID(hex: $0) }) else {
            throw .malformedDocument(field: "\(Self.headerName).region", reason: "must be 64 lowercase hex digits")
        }
        guard let ts = fields["ts"].flatMap({ Int64($0) }), ts >= 0 else {
            throw .malformedDocument(field: "\(Self.headerName).ts", reason: "must be milliseconds since 1970")
        }
        guard let nonce = fields["nonce"], nonce.utf8.count == 32, Hex.decode(nonce) != nil else {
            throw .malformedDocument(field: "\(Self.headerName).nonce", reason: "must be 32 lowercase hex digits")
        }
        guard let signature = fields["sig"].flatMap({ Signature(hex: $0) }) else {
            throw .malformedDocument(field: "\(Self.headerName).sig", reason: "must be 128 lowercase hex digits")
        }
        self.init(origin: origin, region: region, timestampMillis: ts, nonce: String(nonce), signature: signature)
    }
}

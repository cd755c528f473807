import EventModel

/// RequestVerifier decides whether a request from another node is authentic and what it may touch.
///
/// A pure value: the clock is passed in and the nonce cache is its own state, so the node keeps one
/// behind a lock and every rule is tested without a socket. Authentication failures are 401, an
/// authenticated node asking for a channel it may not read or write is 403; answers carry no event data.
public struct RequestVerifier: Sendable {
    /// Who is enrolled; replace it as trust events arrive.
    public var trust: TrustState
    /// How far a caller's clock may be from this node's, either way.
    public let windowMillis: Int64
    private var nonces: NonceCache

    /// A verifier accepting clocks within ±`windowMillis` (5 minutes by default).
    public init(trust: TrustState, windowMillis: Int64 = 300_000, nonceCapacity: Int = 100_000) {
        self.trust = trust
        self.windowMillis = windowMillis
        self.nonces = NonceCache(capacity: nonceCapacity)
    }

    /// Authenticates a request: `header` is the `Samverkan-Signature` value, nil when absent.
    public mutating func authenticate(
        method: String, path: String, body: [UInt8], header: String?, nowMillis: Int64
    ) -> RequestDecision {
        guard let header else {
            return .unauthorized("missing \(RequestSignature.headerName) header: requests between nodes must be signed")
        }
        let signed: RequestSignature
        do { signed = try RequestSignature(headerValue: header) } catch { return .unauthorized("\(error)") }
        guard signed.region == trust.region else {
            return .unauthorized(
                "the caller belongs to region \(signed.region.hash.short), this node to \(trust.region.hash.short)")
        }
        let offset = signed.timestampMillis - nowMillis
        guard abs(offset) <= windowMillis else {
            return .unauthorized(
                "the caller's clock is \(Self.duration(abs(offset))) \(offset > 0 ? "ahead of" : "behind") this node's "
                    + "(allowed ±\(Self.duration(windowMillis))); set the clock right (NTP) and retry")
        }
        let key: PublicKey
        let municipality: MunicipalityCode
        switch trust.standing(of: signed.origin) {
        case .unknown: return .unauthorized("unknown caller \(signed.origin): no valid enrolment names it")
        case .conflicting: return .unauthorized("caller \(signed.origin) has conflicting enrolments")
        case .enrolled(_, _, .some): return .unauthorized("caller \(signed.origin) is revoked")
        case .enrolled(let enrolled, let code, nil):
            key = enrolled
            municipality = code
        }
        guard signed.verifies(method: method, path: path, body: body, key: key) else {
            return .unauthorized("bad request signature from \(signed.origin)")
        }
        // Only a request with a valid signature may take a place in the cache.
        switch nonces.admit(
            origin: signed.origin.description, nonce: signed.nonce, timestamp: signed.timestampMillis,
            expiredBefore: nowMillis - windowMillis)
        {
        case .fresh: break
        case .replayed: return .unauthorized("replayed request: nonce \(signed.nonce) was already used")
        case .tooOld: return .unauthorized("request too old to check for replay; sign it again and retry")
        }
        return .accepted(AuthenticatedCaller(origin: signed.origin, municipality: municipality))
    }

    /// Writes a duration as hours, minutes and seconds, e.g. `3 h 12 min 5 s`.
    static func duration(_ millis: Int64) -> String {
        let seconds = millis / 1000
        var parts: [String] = []
        if seconds >= 3600 { parts.append("\(seconds / 3600) h") }
        if seconds % 3600 >= 60 { parts.append("\(seconds % 3600 / 60) min") }
        if seconds % 60 > 0 || parts.isEmpty { parts.append("\(seconds % 60) s") }
        return parts.joined(separator: " ")
    }
}

/// AuthenticatedCaller is a node whose request signature held.
public struct AuthenticatedCaller: Sendable, Hashable {
    /// The calling origin.
    public let origin: Origin
    /// Its enrolled municipality.
    public let municipality: MunicipalityCode

    /// Describes a caller.
    public init(origin: Origin, municipality: MunicipalityCode) {
        self.origin = origin
        self.municipality = municipality
    }

    /// The channels the caller may read or deliver: the region and its own municipality's.
    public var channels: Set<Channel> { [.region, .municipality(municipality)] }

    /// 403 unless the caller may read every channel of `requested`.
    public func authorizeRead(_ requested: Set<Channel>) -> RequestDecision {
        if let denied = requested.sorted().first(where: { !channels.contains($0) }) {
            return .forbidden("\(origin) of municipality \(municipality) may not read \(denied)")
        }
        return .accepted(self)
    }

    /// 403 unless the caller may deliver events of `channel` (as writer or relay).
    public func authorizeWrite(_ channel: Channel) -> RequestDecision {
        channels.contains(channel)
            ? .accepted(self)
            : .forbidden("\(origin) of municipality \(municipality) may not deliver \(channel) events")
    }
}

/// RequestDecision is the answer to a node's request, as a value the HTTP layer turns into a status.
public enum RequestDecision: Sendable, Hashable {
    /// Authentic and allowed.
    case accepted(AuthenticatedCaller)
    /// 401: missing, malformed, unknown, revoked, bad signature, replayed or clock outside the window.
    case unauthorized(String)
    /// 403: authentic, but not allowed this channel.
    case forbidden(String)

    /// The HTTP status code: 200 for accepted (the handler decides the real answer), 401 or 403.
    public var statusCode: Int {
        switch self {
        case .accepted: 200
        case .unauthorized: 401
        case .forbidden: 403
        }
    }

    /// The reason for a refusal; nil when accepted.
    public var reason: String? {
        switch self {
        case .accepted: nil
        case .unauthorized(let reason), .forbidden(let reason): reason
        }
    }
}

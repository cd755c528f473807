import EventModel

/// TrustState is who may write what in a region: the genesis plus every valid enrolment and revocation.
///
/// It is a fold over sets, so it is the same whatever order the trust events arrive in, and the same on
/// every node holding the same events. Statements with a bad root signature or of another region are
/// ignored (`apply` says why); they can never widen trust.
public struct TrustState: Sendable, Hashable {
    /// The region's genesis: its members and their root keys.
    public let genesis: RegionGenesis
    private var enrolments: [Origin: Set<Enrolment>] = [:]
    private var revocations: [Origin: Set<Revocation>] = [:]

    /// The trust of a region in which no node is enrolled yet.
    public init(genesis: RegionGenesis) { self.genesis = genesis }

    /// The region's id.
    public var region: RegionID { genesis.id }

    /// What became of one offered trust statement.
    public enum Outcome: Sendable, Hashable {
        /// The statement is valid and now part of the state (again, if it was already).
        case applied
        /// The event is not a trust statement; nothing changed.
        case notTrust
        /// The statement is malformed, of another region, or not signed by its municipality's root key.
        case ignored(String)
    }

    /// Folds one event: enrolments and revocations count when their root signature holds.
    @discardableResult
    public mutating func apply(_ event: Event) -> Outcome {
        guard event.channel == .region else { return .notTrust }
        do {
            switch event.type {
            case TrustCatalog.nodeEnrolled: return apply(try Enrolment(payload: event.payload))
            case TrustCatalog.nodeRevoked: return apply(try Revocation(payload: event.payload))
            default: return .notTrust
            }
        } catch {
            return .ignored("\(error)")
        }
    }

    /// Folds an enrolment.
    @discardableResult
    public mutating func apply(_ enrolment: Enrolment) -> Outcome {
        guard enrolment.region == region else { return .ignored("the enrolment belongs to another region") }
        guard enrolment.isValid(in: genesis) else {
            return .ignored("the enrolment is not signed by the root key of municipality \(enrolment.municipality)")
        }
        enrolments[enrolment.origin, default: []].insert(enrolment)
        return .applied
    }

    /// Folds a revocation.
    @discardableResult
    public mutating func apply(_ revocation: Revocation) -> Outcome {
        guard revocation.region == region else { return .ignored("the revocation belongs to another region") }
        guard revocation.isValid(in: genesis) else {
            return .ignored("the revocation is not signed by the root key of municipality \(revocation.municipality)")
        }
        revocations[revocation.origin, default: []].insert(revocation)
        return .applied
    }

    /// The standing of an origin.
    public enum Standing: Sendable, Hashable {
        /// No valid enrolment is known.
        case unknown
        /// Two valid enrolments name different keys or municipalities; nothing of the origin is trusted.
        case conflicting
        /// Enrolled; `through` is nil while not revoked, else the last valid seq per channel.
        case enrolled(key: PublicKey, municipality: MunicipalityCode, through: [Channel: Int64]?)
    }

    /// The standing of `origin`, derived from the sets alone.
    public func standing(of origin: Origin) -> Standing {
        guard let all = enrolments[origin], let first = all.first else { return .unknown }
        guard all.allSatisfy({ $0.key == first.key && $0.municipality == first.municipality }) else {
            return .conflicting
        }
        // Only the enrolling municipality's root may revoke; the strictest of its revocations wins.
        let applicable = (revocations[origin] ?? []).filter { $0.municipality == first.municipality }
        guard !applicable.isEmpty else {
            return .enrolled(key: first.key, municipality: first.municipality, through: nil)
        }
        var through: [Channel: Int64]?
        for revocation in applicable {
            if let current = through {
                var narrowed: [Channel: Int64] = [:]
                for (channel, seq) in current {
                    if let other = revocation.through[channel] { narrowed[channel] = min(seq, other) }
                }
                through = narrowed
            } else {
                through = revocation.through
            }
        }
        return .enrolled(key: first.key, municipality: first.municipality, through: through ?? [:])
    }

    /// The public key of an enrolled origin, or nil when unknown or conflicting.
    public func key(of origin: Origin) -> PublicKey? {
        if case .enrolled(let key, _, _) = standing(of: origin) { return key }
        return nil
    }

    /// Whether `origin`, signing with `key`, may write event `seq` of `channel`.
    public func authorize(origin: Origin, key: PublicKey? = nil, channel: Channel, seq: Int64) -> TrustDecision {
        authorization(origin: origin, key: key, channel: channel).decision(seq: seq)
    }

    /// Whether `origin`, signing with `key`, may write in `channel`, for any seq: the origin's standing found once.
    /// (A verifier asks for every event of a chain; finding the standing per event filtered the revocations each time.)
    public func authorization(origin: Origin, key: PublicKey? = nil, channel: Channel) -> ChainAuthorization {
        switch standing(of: origin) {
        case .unknown: return ChainAuthorization(refusal: .unknownOrigin(origin))
        case .conflicting: return ChainAuthorization(refusal: .conflictingEnrolments(origin))
        case .enrolled(let enrolled, let municipality, let through):
            if let key, key != enrolled { return ChainAuthorization(refusal: .keyMismatch(origin)) }
            guard channel.isReadable(byMunicipality: municipality) else {
                return ChainAuthorization(
                    refusal: .channelNotAllowed(origin: origin, municipality: municipality, channel: channel))
            }
            return ChainAuthorization(
                origin: origin, channel: channel, municipality: municipality, lastValid: through.map { $0[channel] ?? 0 })
        }
    }

    /// The channels an enrolled, unrevoked origin may read and deliver; empty otherwise.
    public func readableChannels(of origin: Origin) -> Set<Channel> {
        guard case .enrolled(_, let municipality, nil) = standing(of: origin) else { return [] }
        return [.region, .municipality(municipality)]
    }

    /// Every origin with at least one valid enrolment, in stable order.
    public var enrolledOrigins: [Origin] { enrolments.keys.sorted() }
}

/// ChainAuthorization is what trust allows one origin, signing with one key, in one channel: a decision per seq.
public struct ChainAuthorization: Sendable {
    private enum Standing: Sendable {
        case refused(TrustRefusal)
        /// `lastValid` is set when the origin is revoked: the last seq that counts (0: none).
        case allowed(origin: Origin, channel: Channel, municipality: MunicipalityCode, lastValid: Int64?)
    }

    private let standing: Standing

    init(refusal: TrustRefusal) { standing = .refused(refusal) }

    init(origin: Origin, channel: Channel, municipality: MunicipalityCode, lastValid: Int64?) {
        standing = .allowed(origin: origin, channel: channel, municipality: municipality, lastValid: lastValid)
    }

    /// Whether the origin may write event `seq`.
    public func decision(seq: Int64) -> TrustDecision {
        switch standing {
        case .refused(let refusal): return .refused(refusal)
        case .allowed(let origin, let channel, let municipality, let lastValid):
            if let lastValid, seq > lastValid { return .refused(.revoked(origin, channel: channel, lastValid: lastValid)) }
            return .allowed(municipality: municipality)
        }
    }
}

/// TrustDecision says whether an origin may write at a position, and why not.
public enum TrustDecision: Sendable, Hashable {
    /// Allowed; the origin belongs to `municipality`.
    case allowed(municipality: MunicipalityCode)
    /// Refused with a reason.
    case refused(TrustRefusal)

    /// Whether the write is allowed.
    public var isAllowed: Bool {
        if case .allowed = self { return true }
        return false
    }
}

/// TrustRefusal is why trust refuses an origin.
public enum TrustRefusal: Sendable, Hashable, CustomStringConvertible {
    /// No valid enrolment names the origin.
    case unknownOrigin(Origin)
    /// Two valid enrolments disagree about the origin.
    case conflictingEnrolments(Origin)
    /// The origin is enrolled with another key.
    case keyMismatch(Origin)
    /// The origin's municipality may not write or read the channel.
    case channelNotAllowed(origin: Origin, municipality: MunicipalityCode, channel: Channel)
    /// The origin is revoked; in this channel only events up to `lastValid` count (0: none).
    case revoked(Origin, channel: Channel, lastValid: Int64)

    /// A sentence for logs and refusals; it names positions, never content.
    public var description: String {
        switch self {
        case .unknownOrigin(let origin): "unknown origin \(origin): no valid enrolment names it"
        case .conflictingEnrolments(let origin): "origin \(origin) has conflicting enrolments; nothing of it is trusted"
        case .keyMismatch(let origin): "origin \(origin) is enrolled with another key"
        case .channelNotAllowed(let origin, let municipality, let channel):
            "origin \(origin) of municipality \(municipality) may not use \(channel)"
        case .revoked(let origin, let channel, let last):
            last == 0
                ? "origin \(origin) is revoked in \(channel) from its first event"
                : "origin \(origin) is revoked in \(channel) after seq \(last)"
        }
    }
}

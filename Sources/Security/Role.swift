import EventModel

/// Role is what a named user may do; the rules are `RolePolicy`.
public enum Role: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Municipal administrator: users, trust events, and everything a coordinator and caseworker may.
    case admin
    /// Regional coordinator: the programme, follow-up figures and joint meetings; no case data.
    case coordinator
    /// Caseworker: the municipality's cases; reads the regional views.
    case caseworker

    /// The role's name.
    public var description: String { rawValue }
}

/// RolePolicy states, as pure functions, what a user of a role may append and read.
///
/// Case data (`municipality/<code>`) is for caseworkers and admins of that municipality only; trust
/// events (`trust.*`) are for admins only; everything else in the region channel is for coordinators
/// and admins.
public enum RolePolicy {
    /// Whether `user` may append an event of `type` to `channel`.
    public static func mayAppend(_ user: UserRecord, type: EventType, channel: Channel) -> AccessDecision {
        let isTrust = type.rawValue.hasPrefix("trust.")
        switch channel {
        case .municipality(let code):
            guard code == user.municipality else {
                return .denied("\(user.name) belongs to municipality \(user.municipality), not \(code)")
            }
            guard user.role == .caseworker || user.role == .admin else {
                return .denied("a \(user.role) may not write case data; caseworkers and admins may")
            }
            guard !isTrust else { return .denied("trust events belong to the region channel") }
            return .allowed
        case .region:
            if isTrust {
                return user.role == .admin ? .allowed : .denied("only an admin may append \(type) events")
            }
            guard user.role == .coordinator || user.role == .admin else {
                return .denied("a \(user.role) may not write regional events; coordinators and admins may")
            }
            return .allowed
        }
    }

    /// Whether `user` may read `channel` (views, log, changes).
    public static func mayRead(_ user: UserRecord, channel: Channel) -> AccessDecision {
        switch channel {
        case .region: return .allowed
        case .municipality(let code):
            guard code == user.municipality else {
                return .denied("\(user.name) belongs to municipality \(user.municipality), not \(code)")
            }
            guard user.role == .caseworker || user.role == .admin else {
                return .denied("a \(user.role) may not read case data; caseworkers and admins may")
            }
            return .allowed
        }
    }

    /// Whether `user` may add, change or remove users.
    public static func mayManageUsers(_ user: UserRecord) -> AccessDecision {
        user.role == .admin ? .allowed : .denied("only an admin may manage users")
    }
}

/// AccessDecision is a role rule's answer.
public enum AccessDecision: Sendable, Hashable {
    /// Allowed.
    case allowed
    /// Denied, with a sentence saying why.
    case denied(String)

    /// Whether allowed.
    public var isAllowed: Bool { self == .allowed }
}

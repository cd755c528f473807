/// Channel is the unit of replication and of privacy: the region, or one municipality's case data.
public enum Channel: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Programme, targets, follow-up figures, joint meetings, membership and keys; every member reads it.
    case region
    /// Personal case data of one municipality; only that municipality's nodes hold it.
    case municipality(MunicipalityCode)

    /// Parses `region` or `municipality/<code>` with a member code, or returns nil.
    public init?(_ text: some StringProtocol) {
        let text = String(text)  // one conversion, then concrete code (see EnvelopeText.isToken)
        if text == "region" {
            self = .region
            return
        }
        let prefix = "municipality/"
        guard text.hasPrefix(prefix), let code = MunicipalityCode(text: text.dropFirst(prefix.count)) else {
            return nil
        }
        self = .municipality(code)
    }

    /// `region` or `municipality/<code>`.
    public var description: String {
        switch self {
        case .region: "region"
        case .municipality(let code): "municipality/\(code)"
        }
    }

    /// Whether a node of municipality `code` may hold and read this channel.
    public func isReadable(byMunicipality code: MunicipalityCode) -> Bool {
        switch self {
        case .region: true
        case .municipality(let owner): owner == code
        }
    }

    /// Orders channels by their text form, so listings are stable.
    public static func < (lhs: Channel, rhs: Channel) -> Bool {
        lhs.description.utf8.lexicographicallyPrecedes(rhs.description.utf8)
    }
}

/// ProjectionError is a reason the projection store cannot serve, with a sentence a user can act on.
public enum ProjectionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The view tables were written by a newer release.
    case newerVersion(found: Int64, supported: Int64)
    /// A stored view row cannot be read back.
    case corruptRow(view: String, reason: String)

    /// A sentence a user can act on.
    public var description: String {
        switch self {
        case .newerVersion(let found, let supported):
            "the views were built by a newer release (version \(found), this one supports \(supported)); upgrade samverkan"
        case .corruptRow(let view, let reason):
            "a stored row of the \(view) view cannot be read (\(reason)); run `samverkan rebuild`"
        }
    }
}

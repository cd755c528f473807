import EventModel

/// EventLogError is a refusal or failure of the event log, with a sentence a user can act on.
public enum EventLogError: Error, Sendable, CustomStringConvertible {
    /// The data directory holds no node.
    case notInitialised(path: String)
    /// The data directory already holds a node.
    case alreadyInitialised(path: String, node: String)
    /// The database was written by a newer release.
    case newerSchema(found: Int, supported: Int)
    /// A field of a new event is missing or malformed.
    case invalidEvent(EnvelopeError)
    /// The content validator refused a new event.
    case refusedContent(type: String, reason: String)
    /// An optimistic-concurrency check failed.
    case wrongExpectedVersion(stream: String, expected: Int64, actual: Int64)
    /// A stored row could not be read back as an event (corruption or a newer release).
    case corruptRow(id: Int64, reason: String)
    /// The node's own chain is quarantined (its fork was detected); it must start a new incarnation.
    case ownChainForked(channel: String, origin: String)
    /// The node may not write to this channel.
    case channelNotWritable(channel: String, municipality: Int)
    /// A SQLite call failed.
    case database(DatabaseError)

    /// A sentence a user can act on.
    public var description: String {
        switch self {
        case .notInitialised(let path):
            "no node in \(path); create one with `samverkan init --data \(path) --node ID --municipality CODE`"
        case .alreadyInitialised(let path, let node):
            "\(path) already holds node \(node); use another directory, or keep using this node"
        case .newerSchema(let found, let supported):
            "the log has schema version \(found) but this release supports up to \(supported); upgrade samverkan"
        case .invalidEvent(let error): "invalid event: \(error)"
        case .refusedContent(let type, let reason): "event of type \(type) refused: \(reason)"
        case .wrongExpectedVersion(let stream, let expected, let actual):
            "stream \(stream) is at version \(actual), not \(expected): someone else wrote it; reload and retry"
        case .corruptRow(let id, let reason): "stored event #\(id) cannot be read: \(reason); run `samverkan verify`"
        case .ownChainForked(let channel, let origin):
            "this node's chain \(origin) in \(channel) is forked; restore or re-initialise as a new incarnation"
        case .channelNotWritable(let channel, let municipality):
            "a node of municipality \(municipality) may not write to \(channel)"
        case .database(let error): "database failure: \(error)"
        }
    }
}

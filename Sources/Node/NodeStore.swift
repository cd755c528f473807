import Domain
import EventLog
import EventModel
import Projections

/// NodeStore is everything a node keeps in its SQLite file: the log and the views folded from it.
/// It shares one connection so a view checkpoint commits with its rows; its serial owner is the
/// node's `DatabaseQueue`.
public final class NodeStore {
    /// The event log.
    public let log: EventLog
    /// The regional views.
    public let views: ProjectionStore

    /// Opens both over the log in `directory`.
    public init(directory: String) throws {
        log = try EventLog(directory: directory, validator: Self.catalog)
        views = try ProjectionStore(log: log)
    }

    /// The content validator of a node: the domain catalog and the trust events.
    public static var catalog: EventCatalog { DomainCatalog.standard.merging(TrustCatalog.catalog) }

    /// Folds what the views have not seen yet; cheap when nothing is new.
    public func catchUpViews() throws {
        try views.catchUp(log: log)
    }

    /// Closes the database.
    public func close() { log.close() }
}

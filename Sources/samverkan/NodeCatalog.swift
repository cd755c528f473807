import Domain
import EventLog
import EventModel

/// NodeCatalog is the content validator every command of this release uses.
enum NodeCatalog {
    /// The domain catalog and the trust events (enrolments, revocations, fork proofs).
    static var current: any ContentValidator { DomainCatalog.standard.merging(TrustCatalog.catalog) }

    static func open(_ directory: String) throws -> EventLog {
        try EventLog(directory: directory, validator: current)
    }
}

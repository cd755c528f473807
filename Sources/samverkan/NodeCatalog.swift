import Domain
import EventLog
import EventModel

/// NodeCatalog is the content validator every command of this release uses.
enum NodeCatalog {
    static var current: any ContentValidator { DomainCatalog.standard }

    static func open(_ directory: String) throws -> EventLog {
        try EventLog(directory: directory, validator: current)
    }
}

import Domain
import EventLog
import EventModel
import Foundation
import Projections
import Synchronization
import Testing

/// ManualClock is a wall clock that tests set by hand, far enough ahead that every test event is in its past.
final class ManualClock: WallClock {
    private let millis: Mutex<Int64>

    init(_ start: Int64 = 1_800_000_000_000) { millis = Mutex(start) }

    func nowMillis() -> Int64 { millis.withLock { $0 } }
}

/// TestNode writes events as one origin would: gapless sequence, hash chain, advancing clock.
struct TestNode {
    let origin: Origin
    let municipality: MunicipalityCode
    var seq: Int64 = 0
    var previous = EventHash.zero
    var millis: Int64

    init(_ name: String, _ code: Int, startMillis: Int64 = 1_750_000_000_000) {
        origin = Origin("\(name).1")!
        municipality = MunicipalityCode(code)!
        millis = startMillis
    }

    mutating func write(
        _ type: EventType, _ stream: String, _ payload: JSONValue, parents: [EventHash] = [], version: Int = 1,
        channel: Channel = .region
    ) -> Event {
        millis += 1 + Int64(seq % 7)
        seq += 1
        let event = Event(
            channel: channel, origin: origin, seq: seq, previous: previous, hlc: HLC(wallMillis: millis, counter: 0),
            municipality: municipality, stream: StreamID(stream)!, type: type, schemaVersion: version,
            author: Author("samordnare")!, parents: parents, payload: payload)
        previous = event.hash
        return event
    }

    mutating func write(_ new: NewEvent) -> Event {
        write(new.type, new.stream.rawValue, new.payload, parents: new.parents, version: new.schemaVersion)
    }
}

/// A node's log in a fresh temporary directory, judging content with the domain catalog.
func makeLog(
    node: String = "nrp-server", municipality: Int = 545, validator: any ContentValidator = DomainCatalog.standard
) throws -> (log: EventLog, directory: String) {
    let directory = NSTemporaryDirectory() + "samverkan-views-\(node)-\(UUID().uuidString)"
    let identity = NodeIdentity(node: NodeID(node)!, municipality: MunicipalityCode(municipality)!)
    let log = try EventLog.create(directory: directory, identity: identity, validator: validator, clock: ManualClock())
    return (log, directory)
}

func cleanUp(_ directory: String) { try? FileManager.default.removeItem(atPath: directory) }

func figurePayload(_ indicator: String, _ code: Int, _ year: Int, value: Int) -> JSONValue {
    [
        "indicator": .string(indicator), "municipality": .number(JSONNumber(code)), "year": .number(JSONNumber(year)),
        "value": .number(JSONNumber(value)),
    ]
}

/// The digests of a pure fold of `events`, the reference the store must equal.
func pureDigests(_ events: [Event]) -> [String: EventHash] {
    var views = DomainViews()
    views.apply(events)
    return views.digests
}

/// The store's digests keyed like `DomainViews.digests`.
func storeDigests(_ store: ProjectionStore) throws -> [String: EventHash] {
    Dictionary(uniqueKeysWithValues: try store.digests().map { ($0.key.rawValue, $0.value) })
}

/// Every row of the view tables, in key order, as text; a head row ends with its event's id and hash in the log.
///
/// Checks on the way that every head row names an event of the log holding the row's hash.
func viewRows(_ database: Database) throws -> [String] {
    var rows: [String] = []
    try database.makeStatement(
        """
        SELECT h.view, h.section, h.item, hex(h.hash), '#' || h.event, hex(e.hash)
        FROM view_heads h LEFT JOIN events e ON e.id = h.event ORDER BY h.view, h.section, h.item, h.hash
        """
    ).forEachRow { row in
        #expect(row.text(5) == row.text(3), "\(row.text(2)) names event \(row.text(4)), which holds another hash")
        rows.append((0..<6).map { row.text(Int32($0)) }.joined(separator: " | "))
    }
    try database.makeStatement(
        "SELECT view, section, item, hex(hash) FROM view_superseded ORDER BY view, section, item, hash"
    ).forEachRow { row in
        rows.append("superseded " + (0..<4).map { row.text(Int32($0)) }.joined(separator: " | "))
    }
    return rows
}

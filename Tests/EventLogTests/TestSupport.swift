import EventLog
import EventModel
import Foundation
import Synchronization

/// ManualClock is a wall clock that tests move by hand.
final class ManualClock: WallClock {
    private let millis: Mutex<Int64>

    init(_ start: Int64 = 1_764_000_000_000) { millis = Mutex(start) }

    func nowMillis() -> Int64 { millis.withLock { $0 } }

    func set(_ value: Int64) { millis.withLock { $0 = value } }

    func advance(by delta: Int64) { millis.withLock { $0 += delta } }
}

/// A small catalog for the log's own tests: a region note and a municipal case note.
let testCatalog = EventCatalog([
    EventSchema(type: "test.note", fields: [.required("text", .text(maxLength: 200)), .optional("n", .integer(0...1_000_000))]),
    EventSchema(type: "test.case", channel: .ownMunicipality, fields: [.required("text", .text(maxLength: 200))]),
])

/// A fresh directory under the system's temporary folder, removed by `cleanUp`.
func makeTemporaryDirectory(_ name: String = "log") -> String {
    let path = NSTemporaryDirectory() + "samverkan-\(name)-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func cleanUp(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

/// A new node's log in a temporary directory.
func makeTemporaryLog(
    node: String = "krs-server", municipality: Int = 287, clock: ManualClock = ManualClock(),
    validator: any ContentValidator = testCatalog
) throws -> (log: EventLog, directory: String) {
    let directory = makeTemporaryDirectory(node)
    let identity = NodeIdentity(node: NodeID(node)!, municipality: MunicipalityCode(municipality)!)
    let log = try EventLog.create(directory: directory, identity: identity, validator: validator, clock: clock)
    return (log, directory)
}

func note(_ text: String, stream: String = "note/1", channel: Channel = .region, parents: [EventHash] = [],
          expectedVersion: Int64? = nil, type: String = "test.note") throws -> NewEvent {
    try NewEvent(
        channel: channel, stream: StreamID(stream)!, type: EventType(type)!, author: Author("tester")!, parents: parents,
        payload: ["text": .string(text)], expectedStreamVersion: expectedVersion)
}


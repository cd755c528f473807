import EventModel
import Foundation
import Security

/// A region of the five members with fresh root keys.
struct TestRegion {
    let genesis: RegionGenesis
    let roots: [MunicipalityCode: SigningKey]

    init() throws {
        var roots: [MunicipalityCode: SigningKey] = [:]
        for member in Municipality.members { roots[member.code] = try SigningKey() }
        self.roots = roots
        genesis = try RegionGenesis(
            name: "Test region", members: roots.map { RegionGenesis.Member(code: $0.key, rootKey: $0.value.publicKey) })
    }

    var id: RegionID { genesis.id }

    /// Enrols a new node key for `origin` and returns the key and the enrolment.
    func enrol(_ origin: String, _ code: Int) throws -> (key: SigningKey, enrolment: Enrolment) {
        let key = try SigningKey()
        let municipality = code.municipality
        let enrolment = Enrolment.make(
            region: id, origin: origin.origin, municipality: municipality, key: key.publicKey,
            rootKey: roots[municipality]!)
        return (key, enrolment)
    }

    func revoke(_ origin: String, _ code: Int, through: [Channel: Int64]) -> Revocation {
        Revocation.make(
            region: id, origin: origin.origin, municipality: code.municipality, through: through,
            rootKey: roots[code.municipality]!)
    }
}

extension String {
    var origin: Origin { Origin(self)! }
}

extension Int {
    var municipality: MunicipalityCode { MunicipalityCode(self)! }
}

/// `count` chained events of one origin in one channel, continuing after `previous`.
func makeChain(
    _ origin: String, channel: Channel = .region, municipality: Int = 287, from first: Int64 = 1, count: Int,
    previous: EventHash = .zero
) -> [Event] {
    var events: [Event] = []
    var prev = previous
    for offset in 0..<Int64(count) {
        let seq = first + offset
        let event = Event(
            channel: channel, origin: origin.origin, seq: seq, previous: prev,
            hlc: HLC(wallMillis: 1_764_000_000_000 + seq, counter: 0), municipality: municipality.municipality,
            stream: StreamID("note/\(seq)")!, type: EventType("test.note")!, schemaVersion: 1,
            author: Author("anna")!, parents: [], payload: ["text": .string("note \(seq)")])
        events.append(event)
        prev = event.hash
    }
    return events
}

/// A fresh directory, removed by `cleanUp`.
func makeTemporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "samverkan-sec-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func cleanUp(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

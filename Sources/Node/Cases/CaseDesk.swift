import Domain
import EventLog
import EventModel
import Foundation
import Privacy
import Security

/// CaseDesk is where a node's case work happens: it opens cases and records their steps with the
/// personal fields sealed under the person's key, reads them back for a caseworker (recording the
/// read), and erases them by destroying the key. Keys live in the node's `KeyStore`, never in the log.
///
/// Every method that takes an `EventLog` runs on the log's serial owner.
public final class CaseDesk: Sendable {
    /// The node's key store.
    public let keys: KeyStore
    /// The municipality whose cases these are.
    public let municipality: MunicipalityCode

    /// Opens the key store in `directory` and destroys every key the log's erasure events name, so a
    /// key store restored from an older backup never brings an erased person back.
    public init(directory: String, log: EventLog) throws {
        keys = try KeyStore(directory: directory)
        municipality = log.identity.municipality
        try purgeErased(log: log)
        try CaseAccessLog.create(log.database)
    }

    /// The municipality's case channel.
    public var channel: Channel { .municipality(municipality) }

    /// Every case of the municipality this node holds, without personal data.
    public func book(log: EventLog) throws -> CaseBook { try Self.book(log: log) }

    /// Every case of the log's own municipality, without personal data; needs no key store.
    public static func book(log: EventLog) throws -> CaseBook {
        var book = CaseBook()
        var after: Int64 = 0
        while true {
            let page = try log.events(
                matching: LogFilter(channel: .municipality(log.identity.municipality)), after: after, limit: 1000)
            for stored in page { book.apply(stored.event) }
            guard page.count == 1000, let last = page.last else { return book }
            after = last.insertionID
        }
    }

    /// Destroys the keys of every case the log says was erased, looking only at events stored after
    /// insertion number `after`; returns how many keys were destroyed and the insertion number looked through.
    @discardableResult
    public func purgeErased(log: EventLog, after start: Int64 = 0) throws -> (destroyed: Int, through: Int64) {
        let through = try log.lastInsertionID()
        var erased: Set<String> = []
        var after = start
        while true {
            // `id > ?` comes first in the query, so SQLite walks only the rows stored since `after`.
            let page = try log.events(
                matching: LogFilter(channel: channel, type: CaseStep.erasedType), after: after, limit: 1000)
            erased.formUnion(page.map(\.event.stream.rawValue))
            guard page.count == 1000, let last = page.last else { break }
            after = last.insertionID
        }
        return (erased.isEmpty ? 0 : try keys.purge(erased: erased), through)
    }

    /// Opens a new case from an `opened` draft; returns the stored event (its stream is the case id).
    public func open(_ draft: CaseDraft, author: Author, log: EventLog) throws -> Event {
        guard draft.step == .opened else { throw CaseDeskError.notAnOpening }
        let stream = StreamID("case/" + Hex.encode(SecureRandom.bytes(8)))!
        _ = try keys.makeKey(subject: stream.rawValue)
        do {
            return try append(draft, stream: stream, author: author, expectedVersion: 0, log: log)
        } catch {
            try? keys.destroy(subject: stream.rawValue)
            throw error
        }
    }

    /// Records a step of an existing case.
    public func record(_ draft: CaseDraft, stream: StreamID, author: Author, log: EventLog) throws -> Event {
        let record = try book(log: log).cases[stream]
        guard let record, record.file.openedOn != nil else { throw CaseDeskError.noSuchCase(stream.rawValue) }
        guard !record.isErased else { throw CaseDeskError.erased(stream.rawValue) }
        guard draft.step != .opened else { throw CaseDeskError.alreadyOpen(stream.rawValue) }
        return try append(draft, stream: stream, author: author, expectedVersion: nil, log: log)
    }

    /// Erases a case: appends the erasure (which every node of the municipality obeys) and destroys the key here.
    public func erase(stream: StreamID, on date: CalendarDate, author: Author, log: EventLog) throws -> Event {
        guard try book(log: log).cases[stream]?.file.openedOn != nil else {
            throw CaseDeskError.noSuchCase(stream.rawValue)
        }
        let event = try append(CaseDraft.erasure(on: date), stream: stream, author: author, expectedVersion: nil, log: log)
        try keys.destroy(subject: stream.rawValue)
        return event
    }

    private func append(
        _ draft: CaseDraft, stream: StreamID, author: Author, expectedVersion: Int64?, log: EventLog
    ) throws -> Event {
        var payload = draft.clear
        if !draft.personal.isEmpty {
            // Only the opening makes a key; a step seals under the key the case already has, so a node that
            // has the case but not yet its key refuses rather than start a second key nobody else holds.
            guard let key = try keys.key(subject: stream.rawValue) else { throw CaseDeskError.keyMissing(stream.rawValue) }
            let plaintext = CanonicalJSON.encode(.object(draft.personal))
            let box = try PersonalDataCipher.seal(plaintext, key: key, context: Self.context(stream, draft.type))
            payload["sealed"] = box.jsonValue
        }
        let event = try NewEvent(
            channel: channel, stream: stream, type: draft.type, author: author, payload: .object(payload),
            expectedStreamVersion: expectedVersion)
        return try log.append(event)
    }

    /// What a sealed box is bound to: its case and its event type, so a box cannot be moved elsewhere.
    static func context(_ stream: StreamID, _ type: EventType) -> String { "\(stream.rawValue)|\(type.rawValue)" }

    /// Who reads a case, and why; every read is recorded in the access log before anything is shown.
    public struct Reader: Sendable {
        /// The user's name.
        public let name: String
        /// The user's role (or `operator` for the CLI of a node without named users).
        public let role: String
        /// Why the case is read.
        public let purpose: String
        /// Through what.
        public let via: CaseAccessLog.Channel

        /// A reader.
        public init(name: String, role: String, purpose: String, via: CaseAccessLog.Channel) {
            self.name = name
            self.role = role
            self.purpose = purpose
            self.via = via
        }
    }

    /// One case with its personal fields opened, after recording the read.
    public func read(stream: StreamID, reader: Reader, log: EventLog) throws -> CaseDetail {
        guard let record = try book(log: log).cases[stream], record.file.openedOn != nil else {
            throw CaseDeskError.noSuchCase(stream.rawValue)
        }
        try CaseAccessLog.record(
            [stream.rawValue], user: reader.name, role: reader.role, purpose: reader.purpose, via: reader.via,
            in: log.database)
        return try detail(of: record)
    }

    /// Every case that is not erased, opened, after recording one read per case.
    public func readAll(reader: Reader, log: EventLog) throws -> [CaseDetail] {
        let records = try book(log: log).sorted.filter { !$0.isErased && $0.file.openedOn != nil }
        try CaseAccessLog.record(
            records.map(\.stream.rawValue), user: reader.name, role: reader.role, purpose: reader.purpose,
            via: reader.via, in: log.database)
        return try records.map(detail(of:))
    }

    private func detail(of record: CaseRecord) throws -> CaseDetail {
        var personal: [EventHash: [String: JSONValue]] = [:]
        var unreadable = 0
        for entry in record.entries {
            guard let sealed = entry.sealed else { continue }
            guard !record.isErased, let box = try? SealedBox(json: sealed),
                let key = try keys.key(subject: record.stream.rawValue, keyID: box.keyID),
                let plaintext = try? PersonalDataCipher.open(box, key: key, context: Self.context(record.stream, entry.type)),
                let fields = try? JSONParser.parse(plaintext).objectValue
            else {
                unreadable += 1
                continue
            }
            personal[entry.hash] = fields
        }
        return CaseDetail(record: record, personal: personal, unreadableEntries: unreadable)
    }
}

/// CaseDeskError is a case operation that cannot be done, with a sentence saying why.
public enum CaseDeskError: Error, CustomStringConvertible, Equatable {
    case noSuchCase(String)
    case erased(String)
    case alreadyOpen(String)
    case notAnOpening
    case keyMissing(String)

    /// What went wrong, for the person who asked.
    public var description: String {
        switch self {
        case .noSuchCase(let id): "no case \(id) on this node"
        case .erased(let id): "case \(id) was erased; nothing more can be recorded in it"
        case .alreadyOpen(let id): "case \(id) is already open"
        case .notAnOpening: "a new case starts with the step 'opened'"
        case .keyMissing(let id):
            "the person key of case \(id) has not reached this node yet; sync with the municipality's other nodes first"
        }
    }
}

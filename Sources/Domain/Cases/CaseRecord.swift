import EventModel

/// CaseEntry is one recorded step of a case as the log holds it: clear fields, and personal ones sealed.
public struct CaseEntry: Sendable, Hashable {
    /// The event type, e.g. `case.referral`.
    public let type: EventType
    /// The step, nil for an erasure.
    public let step: CaseStep?
    /// The day the step happened.
    public let on: CalendarDate
    /// The clear payload fields other than `on` and `sealed`.
    public let clear: [String: JSONValue]
    /// The sealed personal fields as stored (`{keyId, nonce, ciphertext, tag}`), if any.
    public let sealed: JSONValue?
    /// Who recorded it.
    public let author: String
    /// The event's hash, which names the entry.
    public let hash: EventHash
    /// The event's clock, which orders entries of one day.
    public let hlc: HLC
}

/// CaseRecord is one case of the municipality folded from its events, in any arrival order.
public struct CaseRecord: Sendable, Hashable {
    /// The case's opaque stream id.
    public let stream: StreamID
    /// What the deadlines need.
    public private(set) var file: CaseFile
    /// Every step, ordered by day, then clock, then hash.
    public private(set) var entries: [CaseEntry] = []

    /// An empty case.
    public init(stream: StreamID) {
        self.stream = stream
        self.file = CaseFile(stream: stream)
    }

    /// Folds one event of the case.
    public mutating func apply(_ event: Event) {
        guard event.stream == stream, let on = event.payload["on"]?.stringValue.flatMap(CalendarDate.init) else { return }
        file.apply(event)
        var clear = event.payload.objectValue ?? [:]
        clear["on"] = nil
        let sealed = clear.removeValue(forKey: "sealed")
        let entry = CaseEntry(
            type: event.type, step: CaseStep(eventType: event.type), on: on, clear: clear, sealed: sealed,
            author: event.author.rawValue, hash: event.hash, hlc: event.hlc)
        guard !entries.contains(where: { $0.hash == entry.hash }) else { return }
        let index = entries.firstIndex { Self.precedes(entry, $0) } ?? entries.endIndex
        entries.insert(entry, at: index)
    }

    private static func precedes(_ lhs: CaseEntry, _ rhs: CaseEntry) -> Bool {
        (lhs.on, lhs.hlc, lhs.hash.hex) < (rhs.on, rhs.hlc, rhs.hash.hex)
    }

    /// The grounds it was opened on.
    public var grounds: CaseGrounds? {
        entries.first { $0.step == .opened }?.clear["grounds"]?.stringValue.flatMap(CaseGrounds.init(rawValue:))
    }

    /// The caseworker named when it was opened, else whoever opened it.
    public var caseworker: String? {
        guard let opened = entries.first(where: { $0.step == .opened }) else { return nil }
        return opened.clear["caseworker"]?.stringValue ?? opened.author
    }

    /// Whether it was erased.
    public var isErased: Bool { file.isErased }

    /// Whether it was closed.
    public var isClosed: Bool { file.first(.closed) != nil }

    /// The day it was erased.
    public var erasedOn: CalendarDate? { entries.first { $0.type == CaseStep.erasedType }?.on }

    /// The case without a single personal byte: dates, steps, grounds and who acted. Same events, same value.
    public var canonicalJSON: JSONValue {
        .object([
            "stream": .string(stream.rawValue),
            "erased": .bool(isErased),
            "entries": .array(entries.map { entry in
                var object = entry.clear
                object["type"] = .string(entry.type.rawValue)
                object["on"] = .string(entry.on.description)
                object["author"] = .string(entry.author)
                object["hash"] = .string(entry.hash.hex)
                object["sealed"] = .bool(entry.sealed != nil)
                return .object(object)
            }),
        ])
    }
}

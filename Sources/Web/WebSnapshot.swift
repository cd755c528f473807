import Domain
import EventModel
import Projections

/// WebSnapshot is what the pages are rendered from: the three regional views, their digests and the node's status.
public struct WebSnapshot: Sendable {
    /// The node serving the pages, e.g. `krs-server.1`.
    public var node: String
    /// The node's municipality.
    public var municipality: MunicipalityCode
    /// The programme view.
    public var programme: ProgrammeView
    /// The follow-up view.
    public var followUp: FollowUpView
    /// The meetings view.
    public var meetings: MeetingsView
    /// The digest of each view, as `GET /v1/views/{name}` serves it.
    public var digests: [ViewName: EventHash]
    /// The status document of `GET /v1/status` (peers, vector, stopped chains), or null when not known.
    public var status: JSONValue

    /// Collects what the pages show.
    public init(
        node: String, municipality: MunicipalityCode, programme: ProgrammeView, followUp: FollowUpView,
        meetings: MeetingsView, digests: [ViewName: EventHash] = [:], status: JSONValue = .null
    ) {
        self.node = node
        self.municipality = municipality
        self.programme = programme
        self.followUp = followUp
        self.meetings = meetings
        self.digests = digests
        self.status = status
    }

    /// The digest of a view: the one given, else computed from its canonical JSON.
    public func digest(_ view: ViewName) -> EventHash {
        digests[view] ?? EventHash.sha256(CanonicalJSON.encode(canonicalJSON(view)))
    }

    /// The canonical JSON of a view.
    public func canonicalJSON(_ view: ViewName) -> JSONValue {
        switch view {
        case .programme: programme.canonicalJSON
        case .followup: followUp.canonicalJSON
        case .meetings: meetings.canonicalJSON
        }
    }

    /// The clock of the newest event a view includes, or nil for an empty view.
    ///
    /// Every live version carries its event's `hlc`; an edit always carries a later clock than what it
    /// replaces (its writer had seen it), so the newest live version is the newest event folded.
    public func newestEvent(_ view: ViewName) -> HLC? {
        Self.newestClock(in: canonicalJSON(view))
    }

    /// The greatest `hlc` member anywhere in a canonical view.
    static func newestClock(in value: JSONValue) -> HLC? {
        var newest: Int64?
        func walk(_ value: JSONValue) {
            if let object = value.objectValue {
                for (key, member) in object {
                    if key == "hlc", let raw = member.int64Value {
                        newest = max(newest ?? raw, raw)
                    } else {
                        walk(member)
                    }
                }
            } else if let array = value.arrayValue {
                array.forEach(walk)
            }
        }
        walk(value)
        return newest.flatMap { HLC(rawValue: $0) }
    }
}

/// WebSource hands the pages a fresh snapshot; a node implements it over its store, tests over fixed views.
public protocol WebSource: Sendable {
    /// The views caught up with the log, their digests and the node's status.
    func webSnapshot() throws -> WebSnapshot
}

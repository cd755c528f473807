import EventModel

/// IndicatorKind is how a follow-up ("Uppföljning") is measured and judged against its target.
public enum IndicatorKind: String, Sendable, Hashable, CaseIterable {
    /// A count per year, e.g. "Antal vänpersoner per år".
    case count
    /// A count with the number of participants, e.g. "Antal ordnade kurser och deltagare".
    case countWithParticipants
    /// A count per year judged against a range, e.g. "Gemensamma möten 2-4 ggr per år".
    case targetRange
    /// A duty done every `everyYears` years, e.g. "Uppdatering vart fjärde år" or the yearly budget review.
    case periodicDuty
    /// Yes or no with a note, e.g. "Information och material på för kommunen relevanta språk".
    case yesNo
    /// A survey carried out or not, with the number of answers, e.g. "Årligen enkät för invandrare".
    case survey
    /// A reference to an external tool or statistic: TEA-viisari, PARent, PARty, Statistik.
    case externalTool

    /// Whether a figure of this kind is a yes/no (`done`) rather than a number.
    public var isBoolean: Bool { self == .periodicDuty || self == .yesNo || self == .survey }
}

/// IndicatorSource tells whether an indicator is typed by a coordinator or derived from other events.
public enum IndicatorSource: String, Sendable, Hashable, CaseIterable {
    /// Reported by each municipality as a follow-up figure.
    case reported
    /// Derived from joint meeting events (meetings held).
    case meetings
    /// Derived from gathering events (gatherings held).
    case gatherings
    /// Derived from the counts each municipality publishes from its cases (`cases.counts`), suppressed at the source.
    case cases

    /// Whether the figure is derived, so a report for it is refused.
    public var isDerived: Bool { self != .reported }
}

/// IndicatorScope tells whether an indicator has a value per municipality or one for the whole region.
public enum IndicatorScope: String, Sendable, Hashable, CaseIterable {
    /// One value per municipality and year.
    case municipality
    /// One value per year for the region.
    case region
}

/// IndicatorDefinition describes one follow-up indicator of a programme.
public struct IndicatorDefinition: Sendable, Hashable {
    /// The identifier, e.g. `joint-meetings`.
    public var id: String
    /// The programme that defines it, e.g. `2023-2025`.
    public var programme: String
    /// The name as the programme writes it (Swedish).
    public var name: String
    /// How it is measured.
    public var kind: IndicatorKind
    /// The unit counted, when it counts.
    public var unit: String?
    /// Reported or derived, and from what.
    public var source: IndicatorSource
    /// Per municipality or for the region.
    public var scope: IndicatorScope
    /// For a periodic duty, how many years may pass between two times it is done.
    public var everyYears: Int?
    /// For an external tool, its name.
    public var tool: String?

    /// Describes an indicator.
    public init(
        id: String, programme: String, name: String, kind: IndicatorKind, unit: String? = nil,
        source: IndicatorSource = .reported, scope: IndicatorScope = .municipality, everyYears: Int? = nil,
        tool: String? = nil
    ) {
        self.id = id
        self.programme = programme
        self.name = name
        self.kind = kind
        self.unit = unit
        self.source = source
        self.scope = scope
        self.everyYears = everyYears
        self.tool = tool
    }

    /// Reads an `indicator.defined` payload, or nil when it is not one.
    public init?(payload: JSONValue) {
        guard let id = payload.text("indicator"), let programme = payload.text("programme"),
            let name = payload.text("name"), let kind = payload.text("kind").flatMap(IndicatorKind.init),
            let source = payload.text("source").flatMap(IndicatorSource.init),
            let scope = payload.text("scope").flatMap(IndicatorScope.init)
        else { return nil }
        self.init(
            id: id, programme: programme, name: name, kind: kind, unit: payload.text("unit"), source: source,
            scope: scope, everyYears: payload.int("everyYears"), tool: payload.text("tool"))
    }

    /// For an indicator derived from cases, the published count it shows per municipality and year; nil otherwise.
    public var caseCount: CaseCountKey? { source == .cases ? Self.caseCounts[id] : nil }

    /// Which count each case-derived indicator of the shipped programmes shows. An indicator defined later with
    /// source `cases` but not listed here has no count to show, so its cells stay empty rather than guessed.
    static let caseCounts: [String: CaseCountKey] = ["integration-plans": .plansMade]

    /// The `indicator.defined` payload.
    public var payload: JSONValue {
        let base: JSONValue = [
            "indicator": .string(id), "programme": .string(programme), "name": .string(name),
            "kind": .string(kind.rawValue), "source": .string(source.rawValue), "scope": .string(scope.rawValue),
        ]
        return base.setting("unit", .optional(unit)).setting("everyYears", .optional(everyYears))
            .setting("tool", .optional(tool))
    }
}

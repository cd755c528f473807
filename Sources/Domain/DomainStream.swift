import EventModel

/// DomainStream builds the stream ids of domain items, so every node names an item alike.
///
/// The convention (documented in docs/VIEWS.md): `programme/<programme>`, `area/<programme>/<area>`,
/// `measure/<programme>/<area>/<measure>`, `indicator/<programme>/<indicator>`,
/// `target/<programme>/<indicator>[/<year>]` for the programme's own targets,
/// `target/<programme>/<indicator>/<municipality>/<year>` for a municipality's,
/// `approval/<programme>/<municipality>`, `review/<programme>`, `figure/<indicator>/<municipality>/<year>`,
/// `meeting/<meeting>` and `gathering/<gathering>`. Identifiers are 1–40 of `A–Z a–z 0–9 . _ -`.
public enum DomainStream {
    /// The longest identifier of a programme, area, measure, indicator, meeting or agenda item.
    public static let maximumIdentifierLength = 40

    /// Whether `text` may serve as one segment of a stream id.
    public static func isIdentifier(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...maximumIdentifierLength).contains(bytes.count) else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    /// The stream of a programme's header (adoption and revisions).
    public static func programme(_ programme: String) -> StreamID? { make(["programme", programme]) }

    /// The stream of an area of a programme.
    public static func area(_ programme: String, _ area: String) -> StreamID? { make(["area", programme, area]) }

    /// The stream of a measure (one row of the programme).
    public static func measure(_ programme: String, _ area: String, _ measure: String) -> StreamID? {
        make(["measure", programme, area, measure])
    }

    /// The stream of an indicator definition.
    public static func indicator(_ programme: String, _ indicator: String) -> StreamID? {
        make(["indicator", programme, indicator])
    }

    /// The stream of the programme's own target for an indicator, for every year or for one.
    public static func programmeTarget(_ programme: String, _ indicator: String, year: Int?) -> StreamID? {
        make(["target", programme, indicator] + (year.map { [String($0)] } ?? []))
    }

    /// The stream of a municipality's target for an indicator and year.
    public static func municipalityTarget(
        _ programme: String, _ indicator: String, _ municipality: MunicipalityCode, year: Int
    ) -> StreamID? {
        make(["target", programme, indicator, municipality.description, String(year)])
    }

    /// The stream of a municipality council's approval of a programme.
    public static func approval(_ programme: String, _ municipality: MunicipalityCode) -> StreamID? {
        make(["approval", programme, municipality.description])
    }

    /// The stream of a programme's next review date.
    public static func review(_ programme: String) -> StreamID? { make(["review", programme]) }

    /// The stream of a municipality's follow-up figure for an indicator and year.
    public static func figure(_ indicator: String, _ municipality: MunicipalityCode, year: Int) -> StreamID? {
        make(["figure", indicator, municipality.description, String(year)])
    }

    /// The stream of a joint meeting.
    public static func meeting(_ meeting: String) -> StreamID? { make(["meeting", meeting]) }

    /// The stream of a yearly gathering with other actors.
    public static func gathering(_ gathering: String) -> StreamID? { make(["gathering", gathering]) }

    private static func make(_ segments: [String]) -> StreamID? {
        guard segments.dropFirst().allSatisfy(isIdentifier) else { return nil }
        return StreamID(segments.joined(separator: "/"))
    }
}

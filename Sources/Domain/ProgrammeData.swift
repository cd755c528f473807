import EventModel
import Foundation

/// ProgrammeData is a programme as shipped in a data file: areas, measures (the programme's rows), indicators.
///
/// The texts of the five columns are kept exactly as the programme writes them; an empty cell is "".
public struct ProgrammeData: Sendable, Hashable {
    /// One row of the programme's tables.
    public struct Measure: Sendable, Hashable {
        /// The identifier within its area, e.g. `m3`.
        public var id: String
        /// Mål.
        public var goal: String
        /// Åtgärd.
        public var action: String
        /// Ansvarsinstans.
        public var responsible: String
        /// Samarbetspartner.
        public var partners: String
        /// Uppföljning.
        public var followUp: String
        /// The indicators that follow this measure up.
        public var indicators: [String]
    }

    /// One area: a heading of the programme and its rows.
    public struct Area: Sendable, Hashable {
        /// The identifier, e.g. `a1`.
        public var id: String
        /// The heading as written.
        public var title: String
        /// The rows in the programme's order.
        public var measures: [Measure]
    }

    /// The programme's own target for an indicator, in every year of the period.
    public struct ProgrammeTarget: Sendable, Hashable {
        /// The indicator.
        public var indicator: String
        /// The range.
        public var target: IndicatorTarget
    }

    /// The identifier, e.g. `2023-2025`.
    public var programme: String
    /// The title.
    public var title: String
    /// The first year of the period.
    public var fromYear: Int
    /// The last year of the period.
    public var toYear: Int
    /// The member municipalities.
    public var members: [MunicipalityCode]
    /// The most years that may pass between reviews.
    public var reviewIntervalYears: Int
    /// The follow-up indicators.
    public var indicators: [IndicatorDefinition]
    /// The programme's own targets.
    public var programmeTargets: [ProgrammeTarget]
    /// The areas in the programme's order.
    public var areas: [Area]

    /// The name of the shipped data file in the module's resources.
    public static let shippedResourceName = "programme-2023-2025"

    /// The shipped 2023–2025 programme; the module cannot work without its own resource.
    public static let shipped: ProgrammeData = {
        do { return try load() } catch { preconditionFailure("the shipped programme data is unreadable: \(error)") }
    }()

    /// The ids of the derived indicators.
    public var derivedIndicatorIDs: Set<String> { Set(indicators.filter { $0.source.isDerived }.map(\.id)) }

    /// Every measure with its area, in the programme's order.
    public var rows: [(area: Area, measure: Measure)] { areas.flatMap { area in area.measures.map { (area, $0) } } }

    /// Loads the shipped programme, or a programme file at `url`.
    public static func load(from url: URL? = nil) throws(ProgrammeDataError) -> ProgrammeData {
        let location =
            url ?? Bundle.module.url(forResource: shippedResourceName, withExtension: "json", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: shippedResourceName, withExtension: "json")
        guard let location else { throw ProgrammeDataError(field: "file", reason: "the shipped programme is missing") }
        let bytes: Data
        do { bytes = try Data(contentsOf: location) } catch {
            throw ProgrammeDataError(
                field: "file", reason: "cannot read \(location.path): \(error.localizedDescription)")
        }
        return try parse(Array(bytes))
    }

    /// Parses a programme data file (the JSON form of the shipped file).
    public static func parse(_ bytes: [UInt8]) throws(ProgrammeDataError) -> ProgrammeData {
        let root: JSONValue
        do { root = try JSONParser.parse(bytes) } catch {
            throw ProgrammeDataError(field: "file", reason: error.description)
        }
        var reader = ProgrammeDataReader(root: root)
        return try reader.read()
    }
}

/// ProgrammeDataError names the place in a programme data file that is wrong.
public struct ProgrammeDataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path, e.g. `areas[2].measures[0].goal`.
    public let field: String
    /// What is wrong.
    public let reason: String

    /// Names the place and the problem.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    /// A sentence naming the place and the problem.
    public var description: String { "programme data, \(field): \(reason)" }
}

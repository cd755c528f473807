import Domain
import EventModel
import HTTP

/// WebQuery is what a page is asked for in its query string: language, as-of day, year and municipality.
public struct WebQuery: Sendable, Hashable {
    /// The labels' language; Swedish by default.
    public var language: Localization.Language
    /// The day what depends on time is judged against (overdue, held so far); today by default.
    public var asOf: CalendarDate
    /// Whether `asOf` was given, so links keep it.
    public var isAsOfGiven: Bool
    /// The year asked for, when given.
    public var year: Int?
    /// Only this municipality's cells and action items, when given.
    public var municipality: MunicipalityCode?
    /// Whether a download is asked for in the Excel dialect (`?excel=1`).
    public var isExcel = false

    /// Makes a query by hand (for the report and tests).
    public init(
        language: Localization.Language = .sv, asOf: CalendarDate, isAsOfGiven: Bool = true, year: Int? = nil,
        municipality: MunicipalityCode? = nil
    ) {
        self.language = language
        self.asOf = asOf
        self.isAsOfGiven = isAsOfGiven
        self.year = year
        self.municipality = municipality
    }

    /// Reads `?lang=`, `?as-of=`, `?year=` and `?municipality=`; a malformed value is an error naming it.
    public init(_ target: HTTPRequestTarget, today: CalendarDate) throws(HTTPError) {
        let languageText = target.queryValue("lang") ?? "sv"
        guard let language = Localization.Language(rawValue: languageText) else {
            throw HTTPError(.badRequest, message: "lang must be sv, fi or en")
        }
        self.language = language
        if let text = target.queryValue("as-of"), !text.isEmpty {
            guard let date = CalendarDate(text) else {
                throw HTTPError(.badRequest, message: "as-of must be a date YYYY-MM-DD")
            }
            asOf = date
            isAsOfGiven = true
        } else {
            asOf = today
            isAsOfGiven = false
        }
        if let text = target.queryValue("year"), !text.isEmpty {
            guard let year = Int(text), (1900...2200).contains(year) else {
                throw HTTPError(.badRequest, message: "year must be a year from 1900 to 2200")
            }
            self.year = year
        }
        if let text = target.queryValue("municipality"), !text.isEmpty {
            guard let code = MunicipalityCode(text: text) else {
                throw HTTPError(.badRequest, message: "municipality must be a member's code, e.g. 287")
            }
            municipality = code
        }
        isExcel = ["1", "true", "yes"].contains(target.queryValue("excel") ?? "")
    }

    /// The year a follow-up shows: the one asked for, else the latest programme year on or before the as-of year.
    public func followUpYear(_ programme: ProgrammeView) -> Int {
        if let year { return year }
        let years = programme.programmes.flatMap { Array($0.fromYear...$0.toYear) }.filter { $0 <= asOf.year }
        return years.max() ?? asOf.year
    }

    /// A link to `path` keeping the language and a given as-of day, plus `extra` pairs.
    public func link(_ path: String, language: Localization.Language? = nil, _ extra: [(String, String)] = []) -> String
    {
        var pairs: [(String, String)] = []
        let chosen = language ?? self.language
        if chosen != .sv { pairs.append(("lang", chosen.rawValue)) }
        if isAsOfGiven { pairs.append(("as-of", asOf.description)) }
        if let municipality { pairs.append(("municipality", municipality.description)) }
        return HTML.escape(path + HTML.query(pairs + extra))
    }
}

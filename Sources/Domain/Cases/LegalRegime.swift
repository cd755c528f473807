import EventModel
import Foundation

/// LegalRegime is one integration act's deadlines, read from data (Resources/legal-regimes.json):
/// when the law changes, the file changes, not the code.
public struct LegalRegime: Sendable, Hashable {
    /// A period: so many years, months, weeks and days.
    public struct Period: Sendable, Hashable {
        /// Months (years are written as 12 months each).
        public var months = 0
        /// Days (weeks as 7 days each).
        public var days = 0

        /// The date this period after `date`.
        public func after(_ date: CalendarDate) -> CalendarDate { date.adding(months: months).adding(days: days) }
    }

    /// One deadline: something must happen within a period after something else.
    public struct Deadline: Sendable, Hashable {
        /// A stable id, e.g. `referral`.
        public let id: String
        /// Labels by language code (sv, fi, en).
        public let label: [String: String]
        /// The case step that starts the clock; `latest:a,b` means the latest of those steps.
        public let from: [CaseStep]
        /// Whether the clock starts at the latest of several steps.
        public let fromLatest: Bool
        /// A condition on the case, e.g. `planNeeded`.
        public let when: String?
        /// How long.
        public let within: Period
        /// How much an extension adds, when the act allows one.
        public let extendedBy: Period?
        /// Steps that fulfil the deadline.
        public let doneBy: [CaseStep]
        /// Whether it comes back after each fulfilment (reviews).
        public let repeats: Bool
    }

    /// The act's number, e.g. `681/2023`.
    public let id: String
    /// Titles by language code.
    public let title: [String: String]
    /// The first day cases fall under it.
    public let validFrom: CalendarDate
    /// The last day cases fall under it, if it has ended.
    public let validTo: CalendarDate?
    /// Its deadlines.
    public let deadlines: [Deadline]

    /// The regimes shipped with the release.
    public static let shipped: [LegalRegime] = {
        guard let url = Bundle.module.url(forResource: "legal-regimes", withExtension: "json", subdirectory: "Resources"),
            let data = try? Data(contentsOf: url), let regimes = try? load(Array(data))
        else { preconditionFailure("the shipped legal-regimes.json is missing or invalid") }
        return regimes
    }()

    /// The regime that governs a case started on `date`, or nil when none does.
    public static func governing(_ date: CalendarDate, among regimes: [LegalRegime] = shipped) -> LegalRegime? {
        regimes.first { date >= $0.validFrom && (($0.validTo.map { date <= $0 }) ?? true) }
    }

    /// Reads a regime file; throws naming what is wrong.
    public static func load(_ bytes: [UInt8]) throws -> [LegalRegime] {
        let root = try JSONParser.parse(bytes)
        guard let list = root["regimes"]?.arrayValue else {
            throw EnvelopeError(field: "regimes", reason: "must be a list")
        }
        return try list.enumerated().map { index, value in try regime(value, path: "regimes[\(index)]") }
    }

    private static func regime(_ value: JSONValue, path: String) throws -> LegalRegime {
        func text(_ key: String) throws -> String {
            guard let text = value[key]?.stringValue else { throw EnvelopeError(field: "\(path).\(key)", reason: "is missing") }
            return text
        }
        guard let from = CalendarDate(try text("validFrom")) else {
            throw EnvelopeError(field: "\(path).validFrom", reason: "must be YYYY-MM-DD")
        }
        let deadlines = try (value["deadlines"]?.arrayValue ?? []).enumerated().map { index, item in
            try deadline(item, path: "\(path).deadlines[\(index)]")
        }
        return LegalRegime(
            id: try text("id"), title: labels(value["title"]), validFrom: from,
            validTo: value["validTo"]?.stringValue.flatMap { CalendarDate($0) }, deadlines: deadlines)
    }

    private static func deadline(_ value: JSONValue, path: String) throws -> Deadline {
        guard let id = value["id"]?.stringValue, var fromText = value["from"]?.stringValue else {
            throw EnvelopeError(field: path, reason: "needs id and from")
        }
        let latest = fromText.hasPrefix("latest:")
        if latest { fromText = String(fromText.dropFirst("latest:".count)) }
        func steps(_ names: [String], _ field: String) throws -> [CaseStep] {
            try names.map { name in
                guard let step = CaseStep(rawValue: name) else {
                    throw EnvelopeError(field: "\(path).\(field)", reason: "'\(name)' is not a case step")
                }
                return step
            }
        }
        guard let within = period(value["within"]) else {
            throw EnvelopeError(field: "\(path).within", reason: "must be a period like {\"months\": 2}")
        }
        return Deadline(
            id: id, label: labels(value["label"]), from: try steps(fromText.split(separator: ",").map(String.init), "from"),
            fromLatest: latest, when: value["when"]?.stringValue, within: within, extendedBy: period(value["extendedBy"]),
            doneBy: try steps((value["doneBy"]?.arrayValue ?? []).compactMap(\.stringValue), "doneBy"),
            repeats: value["repeats"]?.boolValue ?? false)
    }

    private static func period(_ value: JSONValue?) -> Period? {
        guard let members = value?.objectValue else { return nil }
        var period = Period()
        period.months = Int(members["years"]?.int64Value ?? 0) * 12 + Int(members["months"]?.int64Value ?? 0)
        period.days = Int(members["weeks"]?.int64Value ?? 0) * 7 + Int(members["days"]?.int64Value ?? 0)
        return period
    }

    private static func labels(_ value: JSONValue?) -> [String: String] {
        (value?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }
}

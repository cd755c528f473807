import Domain
import EventModel
import Foundation

/// WebFormKind is one form of the coordinators' pages: which record kind it writes (the same builders as
/// `samverkan record`), its fields, and the page to return to.
public struct WebFormKind: Sendable {
    /// How a field is entered.
    public enum Input: Sendable { case text, textarea, integer, decimal, date, yesNo, member }

    /// One field: its name (the record option's), how it is entered, and whether the builder requires it.
    public struct Field: Sendable {
        public let name: String
        public let input: Input
        public let isRequired: Bool
    }

    /// The record kind, e.g. `figure`; also the form's path `/forms/figure`.
    public let name: String
    /// The fields in the order shown.
    public let fields: [Field]

    /// The path of the form.
    public var path: String { "/forms/\(name)" }

    static func field(_ name: String, _ input: Input = .text, required: Bool = false) -> Field {
        Field(name: name, input: input, isRequired: required)
    }

    static let meeting = field("meeting", required: true)

    /// Every form, in the order the index lists them.
    public static let all: [WebFormKind] = [
        WebFormKind(
            name: "figure",
            fields: [
                field("indicator", required: true), field("year", .integer, required: true), field("value", .decimal),
                field("participants", .integer), field("done", .yesNo), field("reference"), field("note", .textarea),
            ]),
        WebFormKind(
            name: "target",
            fields: [
                field("indicator", required: true), field("year", .integer, required: true), field("min", .decimal),
                field("max", .decimal), field("note", .textarea),
            ]),
        WebFormKind(
            name: "meeting",
            fields: [
                meeting, field("date", .date, required: true), field("place", required: true), field("host", .member),
                field("title"),
            ]),
        WebFormKind(
            name: "attendance",
            fields: [
                meeting, field("municipality", .member), field("present", .yesNo, required: true),
                field("persons", .integer), field("note", .textarea),
            ]),
        WebFormKind(name: "minutes", fields: [meeting, field("text", .textarea, required: true)]),
        WebFormKind(
            name: "decision", fields: [meeting, field("item", required: true), field("text", .textarea, required: true)]),
        WebFormKind(
            name: "action-item",
            fields: [
                meeting, field("item", required: true), field("text", .textarea, required: true),
                field("owner", .member, required: true), field("due", .date, required: true),
            ]),
        WebFormKind(
            name: "action-done",
            fields: [meeting, field("item", required: true), field("date", .date, required: true), field("note", .textarea)]),
    ]

    /// The form at `path` (`/forms/figure`, …), or nil.
    public static func at(_ path: String) -> WebFormKind? {
        all.first { $0.path == path || $0.path + "/" == path }
    }

    /// The draft the entered `values` describe, through the same builders and validation as `samverkan record`.
    ///
    /// Only this form's fields count; an empty field is absent (browsers send empty fields), and one-line
    /// fields are trimmed, line breaks become LF. Municipality fields left out default to `own`, the node's municipality.
    public func draft(_ values: [String: String], own: MunicipalityCode) throws(RecordFieldError) -> RecordDraft {
        var given: [String: String] = [:]
        for field in fields {
            guard var value = values[field.name] else { continue }
            if field.input == .textarea {
                // Browsers send a textarea's line breaks as CRLF; the catalog allows only LF in texts.
                value = value.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            } else {
                value = value.trimmingCharacters(in: .whitespaces)
            }
            if !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { given[field.name] = value }
        }
        guard let draft = try RecordBuilders.draft(name, RecordValues(given, ownMunicipality: own)) else {
            preconditionFailure("no record builder named \(name)")
        }
        return draft
    }

    /// The form field an envelope field names (`payload.value`, `payload.value.x` and `value` all name `value`), or
    /// nil when the form has no such field; the form marks it when the event log refuses what was entered.
    public func field(forEnvelopeField name: String) -> Field? {
        let bare = name.hasPrefix("payload.") ? name.dropFirst("payload.".count) : Substring(name)
        let first = bare.split(separator: ".", maxSplits: 1).first.map(String.init) ?? ""
        return fields.first { $0.name == first }
    }

    /// The page a successful post returns to, with the language and (for figures and targets) the year.
    public func returnPath(_ values: [String: String], query: WebQuery) -> String {
        var pairs: [(String, String)] = []
        if query.language != .sv { pairs.append(("lang", query.language.rawValue)) }
        switch name {
        case "figure", "target":
            if let year = values["year"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
                pairs.append(("year", String(year)))
            }
            return "/followup" + HTML.query(pairs)
        default:
            let anchor = values["meeting"].map { "#meeting-" + HTML.percentEncode($0) } ?? ""
            return "/meetings" + HTML.query(pairs) + anchor
        }
    }

    /// The fields of an `application/x-www-form-urlencoded` body (`+` is a space; the last of a repeated name wins).
    public static func parseForm(_ body: [UInt8]) -> [String: String] {
        var values: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String? {
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else { continue }
            values[name] = value
        }
        return values
    }
}

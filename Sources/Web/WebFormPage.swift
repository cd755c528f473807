import Domain
import EventModel
import HTTP
import Projections

/// WebFormPage renders the coordinators' forms: plain HTML forms posting back to their own path, each carrying
/// the signed-in user's anti-forgery token; on a refused post the same form with the message and what was entered.
public enum WebFormPage {
    /// What a form page shows besides the form: the signed-in user, the token, and a message with its field.
    public struct Context: Sendable {
        public var user: String
        public var token: String
        public var message: String?
        public var field: String?

        public init(user: String, token: String, message: String? = nil, field: String? = nil) {
            self.user = user
            self.token = token
            self.message = message
            self.field = field
        }
    }

    static let css = """
        <style>form.record{display:grid;grid-template-columns:max-content minmax(12rem,32rem);gap:.45rem .9rem;\
        align-items:start}form.record textarea{min-height:7rem}form.record input,form.record select,form.record \
        textarea{font:inherit;padding:.25rem}form.record button{grid-column:2;justify-self:start;padding:.35rem 1.2rem}\
        .error{background:var(--below);border:1px solid #c0392b;padding:.5rem .8rem}[aria-invalid=true]{outline:2px \
        solid #c0392b}</style>
        """

    /// The list of forms, or the open-mode message when `user` is nil.
    public static func index(snapshot: WebSnapshot, query: WebQuery, user: String?) -> HTTPResponse {
        let language = query.language
        func l(_ key: String) -> String { HTML.escape(WebFormText.label(key, language)) }
        var body = ""
        if let user {
            body += "<p>\(l("signedInAs")) <strong>\(HTML.escape(user))</strong></p><ul>"
            for kind in WebFormKind.all {
                body += "<li><a href=\"\(query.link(kind.path))\">\(l("form." + kind.name))</a></li>"
            }
            body += "</ul>"
        } else {
            body += "<p class=\"error\">\(l("openMode"))</p>"
        }
        return page(WebFormText.label("enterData", language), "/forms", body, .ok, snapshot, query, [.meetings])
    }

    /// A message page (a refused post, open mode) with `status`.
    public static func message(
        _ text: String, status: HTTPStatus, snapshot: WebSnapshot, query: WebQuery
    ) -> HTTPResponse {
        let body = "<p class=\"error\" role=\"alert\">\(HTML.escape(text))</p>"
            + "<p><a href=\"\(query.link("/forms"))\">\(HTML.escape(WebFormText.label("enterData", query.language)))</a></p>"
        return page(WebFormText.label("notSaved", query.language), "/forms", body, status, snapshot, query, [.meetings])
    }

    /// The form of `kind`, filled with `values`; with `context.message` shown above it when a post was refused.
    public static func form(
        _ kind: WebFormKind, values: [String: String], context: Context, snapshot: WebSnapshot, query: WebQuery,
        status: HTTPStatus = .ok
    ) -> HTTPResponse {
        let language = query.language
        func l(_ key: String) -> String { HTML.escape(WebFormText.label(key, language)) }
        var values = values
        var body = "<p>\(l("signedInAs")) <strong>\(HTML.escape(context.user))</strong></p>"
        if let message = context.message {
            body += "<p class=\"error\" role=\"alert\"><strong>\(l("notSaved"))</strong>: \(HTML.escape(message))</p>"
        }
        if kind.name == "minutes", let meeting = values["meeting"],
            let register = snapshot.meetings.minutesRegister(meeting), !register.versions.isEmpty
        {
            body += versions(register, language: language)
            if values["text"] == nil { values["text"] = register.current?.value["text"]?.stringValue }
        }
        body += "<form class=\"record\" method=\"post\" action=\"\(query.link(kind.path))\">"
        body += "<input type=\"hidden\" name=\"token\" value=\"\(HTML.escape(context.token))\">"
        let invalid = context.field.flatMap { kind.field(forEnvelopeField: $0)?.name }
        for field in kind.fields {
            body += input(field, value: values[field.name], invalid: field.name == invalid, snapshot, language)
        }
        body += "<button type=\"submit\">\(l("save"))</button></form>"
        body += datalists(snapshot)
        let views: [ViewName] = kind.name == "figure" || kind.name == "target" ? [.followup] : [.meetings]
        return page(WebFormText.label("form." + kind.name, language), kind.path, body, status, snapshot, query, views)
    }

    /// The live versions of a meeting's minutes, newest first, each with its writer, time and hash.
    static func versions(_ register: VersionedRegister, language: Localization.Language) -> String {
        var out = "<h2>\(HTML.escape(WebFormText.label("versions", language)))</h2>"
        if register.versions.count > 1 {
            out += "<p class=\"conflict\">\(HTML.escape(WebFormText.label("conflictHelp", language)))</p>"
        }
        out += "<dl class=\"versions\">"
        for version in register.versions {
            out += "<dt>\(HTML.escape(version.stamp.origin.description)) · \(WebText.time(version.stamp.hlc))<br>"
                + "<code>\(version.stamp.hash.hex)</code></dt>"
                + "<dd class=\"minutes\">\(HTML.multiline(version.value["text"]?.stringValue ?? ""))</dd>"
        }
        return out + "</dl>"
    }

    static func input(
        _ field: WebFormKind.Field, value: String?, invalid: Bool, _ snapshot: WebSnapshot,
        _ language: Localization.Language
    ) -> String {
        let id = "f-\(field.name)"
        let star = field.isRequired ? " *" : ""
        var attributes = "id=\"\(id)\" name=\"\(field.name)\"\(invalid ? " aria-invalid=\"true\"" : "")"
        if field.isRequired { attributes += " required" }
        let label = "<label for=\"\(id)\">\(HTML.escape(WebFormText.field(field.name, language)))\(star)</label>"
        let text = HTML.escape(value ?? "")
        switch field.input {
        case .textarea:
            return label + "<textarea \(attributes)>\(text)</textarea>"
        case .yesNo:
            let options = [("", ""), ("yes", WebText.label("yes", language)), ("no", WebText.label("no", language))]
            return label + select(attributes, options, selected: value ?? "")
        case .member:
            let own = field.name == "owner" ? "" : snapshot.municipality.description
            let options = [("", "")] + Municipality.members.map { ($0.code.description, WebText.name($0.code, language)) }
            return label + select(attributes, options, selected: value ?? own)
        case .date:
            return label + "<input type=\"date\" \(attributes) value=\"\(text)\">"
        case .integer, .decimal:
            return label + "<input type=\"text\" inputmode=\"decimal\" \(attributes) value=\"\(text)\">"
        case .text:
            let list = ["meeting": "meetings", "indicator": "indicators"][field.name].map { " list=\"\($0)\"" } ?? ""
            return label + "<input type=\"text\"\(list) \(attributes) value=\"\(text)\">"
        }
    }

    static func select(_ attributes: String, _ options: [(String, String)], selected: String) -> String {
        "<select \(attributes)>" + options.map { value, name in
            "<option value=\"\(HTML.escape(value))\"\(value == selected ? " selected" : "")>\(HTML.escape(name))</option>"
        }.joined() + "</select>"
    }

    /// Suggestions for the meeting and indicator fields, from the views.
    static func datalists(_ snapshot: WebSnapshot) -> String {
        let meetings = snapshot.meetings.meetings.map(\.id)
        let years = snapshot.programme.programmes.flatMap { Array($0.fromYear...$0.toYear) }
        let indicators = Set(years.flatMap { snapshot.followUp.indicators(forYear: $0).map(\.id) }).sorted()
        func list(_ id: String, _ items: [String]) -> String {
            "<datalist id=\"\(id)\">" + items.map { "<option value=\"\(HTML.escape($0))\">" }.joined() + "</datalist>"
        }
        return list("meetings", meetings) + list("indicators", indicators)
    }

    static func page(
        _ title: String, _ path: String, _ body: String, _ status: HTTPStatus, _ snapshot: WebSnapshot,
        _ query: WebQuery, _ views: [ViewName]
    ) -> HTTPResponse {
        let html = WebLayout.page(
            title: title, path: path, body: css + body, views: views, snapshot: snapshot, query: query)
        var response = HTTPResponse(
            status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: Array(html.utf8))
        WebRouter.addCommonHeaders(&response, snapshot: snapshot, views: views)
        return response
    }
}

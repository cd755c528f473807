import Domain
import EventModel
import HTTP

/// CasePage is `GET /cases/{id}`: first a small form asking why the case is opened (every read is logged),
/// then the case with its personal fields opened — steps in order, the regime and its deadlines, and the
/// forms for the next step.
public enum CasePage {
    /// One case as read for a caseworker: the record from the log and the fields opened with the person's key.
    public struct Content: Sendable {
        /// The case as folded from the log.
        public var record: CaseRecord
        /// The opened personal fields per entry, by the entry's event hash.
        public var personal: [EventHash: [String: JSONValue]]
        /// Entries whose sealed fields could not be opened here.
        public var unreadableEntries: Int

        /// The content of a case page.
        public init(record: CaseRecord, personal: [EventHash: [String: JSONValue]], unreadableEntries: Int) {
            self.record = record
            self.personal = personal
            self.unreadableEntries = unreadableEntries
        }
    }

    /// The fields that describe the person rather than a step; shown once, above the steps.
    static let personFields = ["name", "birthDate", "languages", "firstPermitDate"]

    /// The form asking for the purpose of reading case `id`; with `message` when a purpose was refused.
    public static func purposeForm(
        id: String, message: String?, user: String, frame: CaseWeb.Frame, status: HTTPStatus = .ok
    ) -> HTTPResponse {
        var out = CaseWeb.signedIn(user, frame: frame)
        if let message { out += "<p class=\"error\" role=\"alert\">\(HTML.escape(message))</p>" }
        out += "<p class=\"notice\">\(frame.l("purposeHelp"))</p>"
        out += "<form class=\"record\" method=\"get\" action=\"/cases/\(HTML.escape(id))\">"
        if frame.language != .sv { out += "<input type=\"hidden\" name=\"lang\" value=\"\(frame.language.rawValue)\">" }
        out += "<label for=\"f-purpose\">\(frame.l("purposeTitle"))</label>"
        out += "<input type=\"text\" id=\"f-purpose\" name=\"purpose\" maxlength=\"200\" required>"
        out += "<button type=\"submit\">\(frame.l("openTheCase"))</button></form>"
        return CaseWeb.page(
            "\(CaseText.label("case", frame.language)) \(id)", path: "/cases/\(id)", body: out, status: status,
            frame: frame)
    }

    /// The case page, after the read was recorded with `purpose`; deadlines as of `asOf`.
    public static func render(
        _ content: Content, purpose: String, asOf: CalendarDate, user: String, frame: CaseWeb.Frame
    ) -> HTTPResponse {
        let language = frame.language
        func l(_ key: String) -> String { frame.l(key) }
        let record = content.record
        let id = CaseWeb.id(record.stream)
        var out = CaseWeb.signedIn(user, frame: frame)
        out += "<p class=\"notice\">\(l("readLogged")): <q>\(HTML.escape(purpose))</q></p>"
        if record.isErased { out += "<p class=\"error\">\(l("erased"))</p>" }
        if content.unreadableEntries > 0 { out += "<p class=\"error\">\(l("unreadable"))</p>" }

        var person: [String: JSONValue] = [:]
        for entry in record.entries {
            for (name, value) in content.personal[entry.hash] ?? [:] where personFields.contains(name) {
                person[name] = value
            }
        }
        if !person.isEmpty {
            out += "<h2>\(l("person"))</h2><dl class=\"person\">"
            for name in personFields { if let value = person[name] { out += item(name, value, language) } }
            out += "</dl>"
        }

        out += "<h2>\(l("details"))</h2><dl>"
        if let grounds = record.grounds { out += item("grounds", .string(grounds.rawValue), language) }
        if let caseworker = record.caseworker { out += item("caseworker", .string(caseworker), language) }
        if let opened = record.file.openedOn { out += "<dt>\(l("openedOn"))</dt><dd>\(opened)</dd>" }
        if let closed = record.file.first(.closed) { out += "<dt>\(l("closedOn"))</dt><dd>\(closed)</dd>" }
        let regime = record.file.openedOn.flatMap { LegalRegime.governing($0) }
        if let regime {
            let title = regime.title[language.rawValue] ?? regime.title["sv"] ?? regime.id
            out += "<dt>\(l("regime"))</dt><dd>\(HTML.escape(title))</dd>"
        }
        out += "</dl>"

        let deadlines = CaseDeadlines.due(record.file, asOf: asOf, language: language.rawValue)
        out += "<h2>\(l("deadlines")) <small>\(l("asOf")) \(asOf)</small></h2>"
        out += deadlineTable(deadlines, hasRegime: regime != nil || record.isErased, frame: frame)
        out += "<h2>\(l("steps"))</h2>" + stepTable(content, language: language, frame: frame)
        if !record.isErased {
            out += nextSteps(id: id, open: deadlines, regime: regime, purpose: purpose, frame: frame)
        }
        return CaseWeb.page(
            "\(CaseText.label("case", language)) \(id)", path: "/cases/\(id)", body: out, status: .ok, frame: frame,
            extraQuery: [("purpose", purpose)])
    }

    static func deadlineTable(_ deadlines: [CaseDeadlines.Due], hasRegime: Bool, frame: CaseWeb.Frame) -> String {
        func l(_ key: String) -> String { frame.l(key) }
        guard hasRegime else { return "<p>\(l("noRegime"))</p>" }
        guard !deadlines.isEmpty else { return "<p>\(l("noDue"))</p>" }
        var out = "<table class=\"deadlines\"><tr><th>\(l("deadline"))</th><th>\(l("dueOn"))</th>"
        out += "<th>\(l("doneOn"))</th><th>\(l("status"))</th></tr>"
        for due in deadlines {
            let state = due.doneOn != nil ? "done" : due.isOverdue ? "overdue" : "open"
            out += "<tr class=\"\(state)\"><td>\(HTML.escape(due.label))</td><td>\(due.dueOn)</td>"
            out += "<td>\(due.doneOn.map(\.description) ?? "")</td><td>\(l(state))</td></tr>"
        }
        return out + "</table>"
    }

    static func stepTable(_ content: Content, language: Localization.Language, frame: CaseWeb.Frame) -> String {
        func l(_ key: String) -> String { frame.l(key) }
        var out = "<table class=\"steps\"><tr><th>\(l("date"))</th><th>\(l("step"))</th>"
        out += "<th>\(l("information"))</th><th>\(l("recordedBy"))</th></tr>"
        for entry in content.record.entries {
            var fields = entry.clear
            for (name, value) in content.personal[entry.hash] ?? [:] where !personFields.contains(name) {
                fields[name] = value
            }
            // In the order the step's form asks for them, so every step reads the way it was entered.
            let order = entry.step.map { CaseDraft.fields(for: $0) } ?? []
            func rank(_ name: String) -> (Int, String) {
                let option = CaseText.optionName(name)
                return (order.firstIndex(of: option) ?? order.count, option)
            }
            let names = fields.keys.sorted { rank($0) < rank($1) }
            let details = names.map { item($0, fields[$0]!, language) }.joined()
            out += "<tr><td>\(entry.on)</td><td>\(HTML.escape(CaseText.step(entry.type, language)))</td>"
            out += "<td>\(details.isEmpty ? "" : "<dl>\(details)</dl>")</td><td>\(HTML.escape(entry.author))</td></tr>"
        }
        return out + "</table>"
    }

    /// Links to the step forms: first the steps that meet an open deadline, then the others.
    static func nextSteps(
        id: String, open deadlines: [CaseDeadlines.Due], regime: LegalRegime?, purpose: String, frame: CaseWeb.Frame
    ) -> String {
        let openIDs = Set(deadlines.filter { $0.doneOn == nil }.map(\.deadline))
        let meeting = Set((regime?.deadlines ?? []).filter { openIDs.contains($0.id) }.flatMap(\.doneBy))
        let steps = CaseStep.allCases.filter { $0 != .opened }
        func links(_ chosen: [CaseStep]) -> String {
            "<ul class=\"steps\">"
                + chosen.map { step in
                    let path = "/cases/\(id)/step/\(step.rawValue)"
                    let name = HTML.escape(CaseText.step(step.eventType, frame.language))
                    return "<li><a href=\"\(frame.query.link(path, [("purpose", purpose)]))\">\(name)</a></li>"
                }.joined() + "</ul>"
        }
        var out = "<h2>\(frame.l("nextStep"))</h2>"
        let suggested = steps.filter(meeting.contains)
        if !suggested.isEmpty { out += "<h3>\(frame.l("suggested"))</h3>" + links(suggested) }
        let others = steps.filter { !meeting.contains($0) }
        out += (suggested.isEmpty ? "" : "<h3>\(frame.l("otherSteps"))</h3>") + links(others)
        return out
    }

    /// One field as a `<dt>`/`<dd>` pair: choices and yes/no in words, lists joined, free text escaped.
    static func item(_ name: String, _ value: JSONValue, _ language: Localization.Language) -> String {
        let text: String
        switch value {
        case .bool(let flag): text = HTML.escape(WebText.label(flag ? "yes" : "no", language))
        case .string(let string): text = HTML.multiline(CaseText.choice(name, string, language))
        case .array(let elements):
            text = HTML.escape(elements.map { $0.stringValue ?? $0.description }.joined(separator: ", "))
        default: text = HTML.escape(value.description)
        }
        return "<dt>\(HTML.escape(CaseText.field(name, language)))</dt><dd>\(text)</dd>"
    }
}

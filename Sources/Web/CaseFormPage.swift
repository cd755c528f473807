import Domain
import EventModel
import Foundation
import HTTP

/// CaseFormPage renders the caseworkers' forms — opening a case, recording a step — and reads what they post
/// through `CaseDraft.build`, the validation `samverkan case open|step` uses, so both refuse the same input.
///
/// Each form posts back to its own path with the signed-in user's anti-forgery token; a refused post shows the
/// same form again with the message in the user's language and what was entered.
public enum CaseFormPage {
    /// How a field is entered.
    enum Input: Equatable {
        case text, textarea, date, yesNo
        /// One of the values, each named by `CaseText.choice`.
        case choice([String])
    }

    /// How the field named `name` (a `CaseDraft.fields(for:)` option) is entered.
    static func input(_ name: String) -> Input {
        switch name {
        case "on", "birth-date", "first-permit-date", "until": .date
        case "grounds": .choice(CaseGrounds.allCases.map(\.rawValue))
        case "by": .choice(CaseActor.allCases.map(\.rawValue))
        case "to": .choice(CaseReferral.allCases.map(\.rawValue))
        case "interpreter-needed", "plan-needed": .yesNo
        case "note", "outcome", "reason": .textarea
        default: .text
        }
    }

    /// Whether `CaseDraft.build` refuses `step` without the field, so the form marks it.
    static func isRequired(_ name: String, step: CaseStep) -> Bool {
        switch name {
        case "grounds", "name", "by", "plan-needed", "to": true
        case "until": step == .plan_extended
        default: false
        }
    }

    /// The values of `step`'s fields among `values`, as the validation takes them: only the step's fields count,
    /// an empty field is absent (browsers send empty fields), one-line fields are trimmed, line breaks become LF.
    public static func given(_ values: [String: String], step: CaseStep) -> [String: String] {
        var given: [String: String] = [:]
        for name in CaseDraft.fields(for: step) {
            guard var value = values[name] else { continue }
            if input(name) == .textarea {
                value = value.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            } else {
                value = value.trimmingCharacters(in: .whitespaces)
            }
            if !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { given[name] = value }
        }
        return given
    }

    /// The draft the posted `values` describe for `step`, validated as the CLI validates it.
    public static func draft(
        _ step: CaseStep, values: [String: String], today: CalendarDate, own: MunicipalityCode
    ) throws(RecordFieldError) -> CaseDraft {
        try CaseDraft.build(step, values: given(values, step: step), today: today, ownMunicipality: own)
    }

    /// The form of `step` (`opened` for a new case, else a step of case `caseID`), filled with `values`.
    ///
    /// `purpose` is the reason the case page was read; it rides along so the page shown after saving is read
    /// for the same reason.
    public static func form(
        _ step: CaseStep, caseID: String?, values: [String: String], purpose: String?, context: WebFormPage.Context,
        frame: CaseWeb.Frame, status: HTTPStatus = .ok
    ) -> HTTPResponse {
        let language = frame.language
        let query = frame.query
        let path = caseID.map { "/cases/\($0)/step/\(step.rawValue)" } ?? "/cases/new"
        var out = CaseWeb.signedIn(context.user, frame: frame)
        if let caseID {
            let back = query.link("/cases/\(caseID)", purpose.map { [("purpose", $0)] } ?? [])
            out += "<p>\(frame.l("case")) <code>\(HTML.escape(caseID))</code> · "
            out += "<a href=\"\(back)\">\(frame.l("backToCase"))</a></p>"
        }
        if let message = context.message {
            let notSaved = HTML.escape(WebFormText.label("notSaved", language))
            out += "<p class=\"error\" role=\"alert\"><strong>\(notSaved)</strong>: \(HTML.escape(message))</p>"
        }
        out += "<form class=\"record\" method=\"post\" action=\"\(query.link(path))\">"
        out += "<input type=\"hidden\" name=\"token\" value=\"\(HTML.escape(context.token))\">"
        if let purpose { out += "<input type=\"hidden\" name=\"purpose\" value=\"\(HTML.escape(purpose))\">" }
        for name in CaseDraft.fields(for: step) {
            out += field(name, step: step, value: values[name], invalid: name == context.field, language: language)
        }
        out += "<button type=\"submit\">\(HTML.escape(WebFormText.label("save", language)))</button></form>"
        let title =
            caseID == nil
            ? CaseText.label("newCase", language)
            : "\(CaseText.label("recordStep", language)): \(CaseText.step(step.eventType, language))"
        return CaseWeb.page(
            title, path: path, body: out, status: status, frame: frame,
            extraQuery: purpose.map { [("purpose", $0)] } ?? [])
    }

    /// One labelled input.
    static func field(
        _ name: String, step: CaseStep, value: String?, invalid: Bool, language: Localization.Language
    ) -> String {
        let id = "f-\(name)"
        let required = isRequired(name, step: step)
        var attributes = "id=\"\(id)\" name=\"\(name)\"\(invalid ? " aria-invalid=\"true\"" : "")"
        if required { attributes += " required" }
        let hint =
            name == "languages" ? " <small>(\(HTML.escape(CaseText.label("languagesHelp", language))))</small>" : ""
        let label =
            "<label for=\"\(id)\">\(HTML.escape(CaseText.field(name, language)))\(required ? " *" : "")\(hint)</label>"
        let text = HTML.escape(value ?? "")
        switch input(name) {
        case .textarea:
            return label + "<textarea \(attributes)>\(text)</textarea>"
        case .date:
            return label + "<input type=\"date\" \(attributes) value=\"\(text)\">"
        case .text:
            return label + "<input type=\"text\" \(attributes) value=\"\(text)\">"
        case .yesNo:
            let options = [("", ""), ("yes", WebText.label("yes", language)), ("no", WebText.label("no", language))]
            return label + WebFormPage.select(attributes, options, selected: value ?? "")
        case .choice(let values):
            let options = [("", "")] + values.map { ($0, CaseText.choice(name, $0, language)) }
            return label + WebFormPage.select(attributes, options, selected: value ?? "")
        }
    }
}

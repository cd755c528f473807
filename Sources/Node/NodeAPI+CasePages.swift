import Domain
import EventLog
import EventModel
import Foundation
import HTTP
import Security
import Web

extension NodeAPI {
    /// `/cases…`: the caseworkers' pages — what is due, one case, and the forms that open a case and record its
    /// steps — or nil for paths not under `/cases`.
    ///
    /// Mirrors the coordinators' forms: a signed-in user (HTTP Basic, 401), and only caseworkers and admins of this
    /// node's municipality (403, as the case API); an open node has no users, so it offers no case pages (403).
    /// A post needs a same-origin `Origin`/`Referer` when sent and a valid token bound to the user (403); invalid
    /// values show the form again with the message in the user's language (422). Nothing is written on any refusal.
    /// Every case page that shows personal data asks for a purpose first and records the read (via `web`).
    func casePage(_ request: HTTPRequest) -> HTTPResponse? {
        guard let route = CaseWeb.Route(path: request.path) else { return nil }
        var language = Localization.Language.sv
        do {
            var query = try WebQuery(request.target, today: WebText.today())
            language = query.language
            // The case API names the day `asOf`; the coordinators' pages `as-of`. Both work here.
            if let text = request.target.queryValue("asOf"), !text.isEmpty {
                guard let date = CalendarDate(text) else {
                    throw HTTPError(.badRequest, message: CaseText.label("badAsOf", language))
                }
                query.asOf = date
                query.isAsOfGiven = true
            }
            let allowed: [HTTPMethod] =
                switch route {
                case .newCase, .step: [.get, .head, .post]
                default: [.get, .head]
                }
            guard allowed.contains(request.method) else {
                return .text("\(request.method) is not allowed on \(request.path)\n", status: .methodNotAllowed)
            }
            guard let security = node.security else {
                NodeSecurity.warn("case page refused", ["path": request.path, "reason": "open mode"])
                let frame = CaseWeb.Frame(snapshot: try node.webSnapshot(), query: query)
                return CaseWeb.message(
                    CaseText.label("openMode", language), status: .forbidden, frame: frame, back: "/")
            }
            guard let user = security.user(authorization: request.headers["Authorization"]) else {
                var refusal = AccessRefusal.log(
                    .unauthorized, "sign in: case pages need a named user (HTTP Basic)", request)
                refusal.response.headers.add(
                    name: "WWW-Authenticate", value: "Basic realm=\"samverkan\", charset=\"UTF-8\"")
                return refusal.response
            }
            let frame = CaseWeb.Frame(snapshot: try node.webSnapshot(), query: query)
            if case .denied(let reason) = RolePolicy.mayRead(user, channel: .municipality(node.identity.municipality)) {
                _ = AccessRefusal.log(.forbidden, reason, request)
                return CaseWeb.message(
                    CaseText.label("forbidden", language), status: .forbidden, frame: frame, back: "/")
            }
            switch route {
            case .list:
                let desk = node.cases.desk
                let book = try node.queue.sync { store in try desk.book(log: store.log) }
                let mine = !["0", "false", "no"].contains(request.target.queryValue("mine") ?? "1")
                return CaseListPage.render(book, asOf: query.asOf, mine: mine, user: user.name, frame: frame)
            case .show(let id):
                return try caseShow(id, request: request, user: user, frame: frame)
            case .newCase:
                return try caseForm(.opened, id: nil, request: request, user: user, security: security, frame: frame)
            case .step(let id, let step):
                return try caseForm(step, id: id, request: request, user: user, security: security, frame: frame)
            case .unknown:
                return CaseWeb.message(CaseText.label("noSuchPage", language), status: .notFound, frame: frame)
            }
        } catch let error as HTTPError {
            return error.response
        } catch let error as DatabaseError where error.isBusy {
            return .text(CaseText.label("busy", language) + "\n", status: .serviceUnavailable)
        } catch EventLogError.database(let error) where error.isBusy {
            return .text(CaseText.label("busy", language) + "\n", status: .serviceUnavailable)
        } catch {
            return .text("the case page could not be handled: \(error)\n", status: .internalServerError)
        }
    }

    /// `GET /cases/{id}?purpose=…`: without a purpose the form asking for one; with it the case, read through the
    /// desk, which records the read in the access log before anything is shown.
    private func caseShow(_ id: String, request: HTTPRequest, user: UserRecord, frame: CaseWeb.Frame) throws
        -> HTTPResponse
    {
        let desk = node.cases.desk
        let missing = CaseWeb.message(CaseText.label("noSuchCase", frame.language), status: .notFound, frame: frame)
        guard let stream = StreamID("case/" + id) else { return missing }
        let purpose = (request.target.queryValue("purpose") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !purpose.isEmpty else {
            // Whether the case exists is no personal data (the list shows it); the read itself waits for a purpose.
            let opened = try node.queue.sync { store in try desk.book(log: store.log).cases[stream]?.file.openedOn }
            guard opened != nil else { return missing }
            return CasePage.purposeForm(id: id, message: nil, user: user.name, frame: frame)
        }
        guard purpose.count <= 200 else {
            return CasePage.purposeForm(
                id: id, message: CaseText.label("purposeTooLong", frame.language), user: user.name, frame: frame,
                status: .unprocessableContent)
        }
        let reader = CaseDesk.Reader(name: user.name, role: user.role.rawValue, purpose: purpose, via: .web)
        let detail: CaseDetail
        do {
            detail = try node.queue.sync { store in try desk.read(stream: stream, reader: reader, log: store.log) }
        } catch is CaseDeskError {
            return missing
        }
        let content = CasePage.Content(
            record: detail.record, personal: detail.personal, unreadableEntries: detail.unreadableEntries)
        return CasePage.render(content, purpose: purpose, asOf: frame.query.asOf, user: user.name, frame: frame)
    }

    /// `GET/POST /cases/new` (`step` is `opened`, `id` nil) and `GET/POST /cases/{id}/step/{step}`.
    private func caseForm(
        _ step: CaseStep, id: String?, request: HTTPRequest, user: UserRecord, security: NodeSecurity,
        frame: CaseWeb.Frame
    ) throws -> HTTPResponse {
        let language = frame.language
        let desk = node.cases.desk
        var stream: StreamID?
        if let id {
            guard let named = StreamID("case/" + id),
                let record = try node.queue.sync({ store in try desk.book(log: store.log).cases[named] }),
                record.file.openedOn != nil
            else {
                return CaseWeb.message(CaseText.label("noSuchCase", language), status: .notFound, frame: frame)
            }
            guard !record.isErased else {
                return CaseWeb.message(CaseText.label("erasedNoMore", language), status: .conflict, frame: frame)
            }
            stream = named
        }
        let tokens = NodeFormTokens.maker(for: security.directory)
        func context(_ message: String? = nil, field: String? = nil) -> WebFormPage.Context {
            .init(
                user: user.name, token: tokens.issue(for: user.name, now: NodeFormTokens.now), message: message,
                field: field)
        }
        func purpose(_ text: String?) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty, text.count <= 200
            else { return nil }
            return text
        }
        guard request.method == .post else {
            var values: [String: String] = [:]
            for name in CaseDraft.fields(for: step) { values[name] = request.target.queryValue(name) }
            values["on"] = values["on"] ?? WebText.today().description
            if step == .opened { values["caseworker"] = values["caseworker"] ?? user.name }
            return CaseFormPage.form(
                step, caseID: id, values: values, purpose: purpose(request.target.queryValue("purpose")),
                context: context(), frame: frame)
        }
        func refuse(_ status: HTTPStatus, _ text: String, _ reason: String) -> HTTPResponse {
            _ = AccessRefusal.log(status, reason, request)
            return CaseWeb.message(text, status: status, frame: frame)
        }
        guard Self.isSameOrigin(request) else {
            return refuse(.forbidden, WebFormText.label("badOrigin", language), "cross-origin case form post")
        }
        let values = WebFormKind.parseForm(request.body)
        guard let token = values["token"], tokens.isValid(token, for: user.name, now: NodeFormTokens.now) else {
            return refuse(
                .forbidden, WebFormText.label("badToken", language),
                "case form post without a valid token for \(user.name)")
        }
        let readFor = purpose(values["purpose"])
        func again(_ message: String, field: String? = nil) -> HTTPResponse {
            CaseFormPage.form(
                step, caseID: id, values: values, purpose: readFor, context: context(message, field: field),
                frame: frame,
                status: .unprocessableContent)
        }
        let draft: CaseDraft
        do {
            draft = try CaseFormPage.draft(
                step, values: values, today: WebText.today(), own: node.identity.municipality)
        } catch {
            return again(CaseText.message(error, language), field: error.field)
        }
        if case .denied(let reason) = RolePolicy.mayAppend(
            user, type: draft.type, channel: .municipality(node.identity.municipality))
        {
            return refuse(.forbidden, CaseText.label("forbidden", language), reason)
        }
        let written: (event: Event, last: Int64)
        do {
            written = try node.queue.sync { store in
                let event =
                    if let stream {
                        try desk.record(draft, stream: stream, author: user.author, log: store.log)
                    } else {
                        try desk.open(draft, author: user.author, log: store.log)
                    }
                return (event, try store.log.lastInsertionID())
            }
        } catch let error as CaseDeskError {
            switch error {
            case .noSuchCase:
                return CaseWeb.message(CaseText.label("noSuchCase", language), status: .notFound, frame: frame)
            case .erased: return again(CaseText.label("erasedNoMore", language))
            default: return again(error.description)
            }
        } catch let error as EnvelopeError {
            return again(WebFormText.message(error, language), field: error.field)
        } catch EventLogError.invalidEvent(let error) {
            return again(WebFormText.message(error, language), field: error.field)
        } catch EventLogError.refusedContent(_, let reason) {
            return again("\(WebFormText.label("refusedEvent", language)): \(reason)")
        }
        // The desk appends on the serial queue itself, not through the committer: tell the waiting feeds.
        node.notifier.update(written.last)
        node.metrics.recordAppends(1)
        let location = CaseWeb.location(
            id: CaseWeb.id(written.event.stream),
            purpose: readFor ?? CaseText.label(step == .opened ? "purposeOpened" : "purposeRecorded", language),
            language: language)
        return HTTPResponse(
            status: HTTPStatus(code: 303, reasonPhrase: "See Other"),
            headers: ["Location": location, "Cache-Control": "no-store"])
    }
}

import Domain
import EventLog
import EventModel
import Foundation
import HTTP
import Security
import Synchronization
import Web

/// NodeFormTokens keeps one anti-forgery token maker per secured node (by data directory), with a random
/// secret held in memory: a restart makes the open forms stale, never valid for someone else.
enum NodeFormTokens {
    private static let makers = Mutex<[String: FormToken]>([:])

    static func maker(for directory: String) -> FormToken {
        makers.withLock { makers in
            if let maker = makers[directory] { return maker }
            let maker = FormToken()
            makers[directory] = maker
            return maker
        }
    }

    static var now: Int64 { Int64(Date().timeIntervalSince1970) }
}

extension NodeAPI {
    /// `/forms` and `/forms/KIND`: the coordinators' forms (GET) and their posts (POST), or nil for other paths.
    ///
    /// A post needs a signed-in user (401), a same-origin `Origin`/`Referer` when sent and a valid token bound to
    /// that user (403), and the role to write the event (403); an invalid value shows the form again (422).
    /// Nothing is written on any refusal. In open mode there are no users, so no forms are offered.
    func formPage(_ request: HTTPRequest) -> HTTPResponse? {
        let path = request.path
        guard path == "/forms" || path.hasPrefix("/forms/") else { return nil }
        do {
            let query = try WebQuery(request.target, today: WebText.today())
            let language = query.language
            let kind = WebFormKind.at(path)
            guard path == "/forms" || path == "/forms/" || kind != nil else {
                return .text("no such form: \(path)\n", status: .notFound)
            }
            guard [.get, .head, .post].contains(request.method) else {
                return .text("\(request.method) is not allowed on \(path)\n", status: .methodNotAllowed)
            }
            let snapshot = try node.webSnapshot()
            guard let security = node.security else {
                guard request.method == .post else { return WebFormPage.index(snapshot: snapshot, query: query, user: nil) }
                NodeSecurity.warn("form post refused", ["path": path, "reason": "open mode"])
                return WebFormPage.message(
                    WebFormText.label("openMode", language), status: .forbidden, snapshot: snapshot, query: query)
            }
            guard let user = security.user(authorization: request.headers["Authorization"]) else {
                var refusal = AccessRefusal.log(.unauthorized, "sign in: forms need a named user (HTTP Basic)", request)
                refusal.response.headers.add(name: "WWW-Authenticate", value: "Basic realm=\"samverkan\", charset=\"UTF-8\"")
                return refusal.response
            }
            let tokens = NodeFormTokens.maker(for: security.directory)
            func context(_ message: String? = nil, field: String? = nil) -> WebFormPage.Context {
                .init(user: user.name, token: tokens.issue(for: user.name, now: NodeFormTokens.now), message: message, field: field)
            }
            guard let kind else { return WebFormPage.index(snapshot: snapshot, query: query, user: user.name) }
            guard request.method == .post else {
                var values: [String: String] = [:]
                for field in kind.fields { values[field.name] = request.target.queryValue(field.name) }
                return WebFormPage.form(kind, values: values, context: context(), snapshot: snapshot, query: query)
            }
            func refuse(_ status: HTTPStatus, _ key: String, _ reason: String) -> HTTPResponse {
                _ = AccessRefusal.log(status, reason, request)
                return WebFormPage.message(
                    WebFormText.label(key, language), status: status, snapshot: snapshot, query: query)
            }
            guard Self.isSameOrigin(request) else { return refuse(.forbidden, "badOrigin", "cross-origin form post") }
            let values = WebFormKind.parseForm(request.body)
            guard let token = values["token"], tokens.isValid(token, for: user.name, now: NodeFormTokens.now) else {
                return refuse(.forbidden, "badToken", "form post without a valid token for \(user.name)")
            }
            func again(_ message: String, field: String? = nil) -> HTTPResponse {
                WebFormPage.form(
                    kind, values: values, context: context(message, field: field), snapshot: snapshot, query: query,
                    status: .unprocessableContent)
            }
            let draft: RecordDraft
            do { draft = try kind.draft(values, own: node.identity.municipality) } catch {
                return again(WebFormText.message(error, language), field: error.field)
            }
            if case .denied(let reason) = RolePolicy.mayAppend(user, type: draft.type, channel: .region) {
                _ = AccessRefusal.log(.forbidden, reason, request)
                return WebFormPage.message(reason, status: .forbidden, snapshot: snapshot, query: query)
            }
            do {
                try append(draft, author: user.author)
            } catch let error as EnvelopeError {
                return again(WebFormText.message(error, language), field: error.field)
            } catch EventLogError.invalidEvent(let error) {
                return again(WebFormText.message(error, language), field: error.field)
            } catch let error as EventLogError {
                if case .database(let database) = error, database.isBusy { throw error }
                guard case .refusedContent(_, let reason) = error else { throw error }
                return again("\(WebFormText.label("refusedEvent", language)): \(reason)")
            }
            return HTTPResponse(
                status: HTTPStatus(code: 303, reasonPhrase: "See Other"),
                headers: ["Location": kind.returnPath(values, query: query), "Cache-Control": "no-store"])
        } catch let error as HTTPError {
            return error.response
        } catch {
            return .text("the form could not be handled: \(error)\n", status: .internalServerError)
        }
    }

    /// Appends `draft` as `samverkan record` does: listing the stored heads of its item in `parents`, so it
    /// replaces them (both versions of conflicting minutes), and as a correction when the kind has one.
    private func append(_ draft: RecordDraft, author: Author) throws {
        guard let stream = draft.stream else {
            throw EnvelopeError(field: "stream", reason: "cannot be formed from these values")
        }
        let identity = node.identity
        let probe = Event(
            channel: .region, origin: identity.origin, seq: 1, previous: .zero, hlc: .zero,
            municipality: identity.municipality, stream: stream, type: draft.type, schemaVersion: 1, author: author,
            parents: [], payload: draft.payload)
        let parents = try node.queue.sync { store in
            try store.catchUpViews()
            return try store.views.heads(forEditLike: probe) ?? []
        }
        let type = parents.isEmpty ? draft.type : (draft.correction ?? draft.type)
        let event = try NewEvent(
            channel: .region, stream: stream, type: type, schemaVersion: 1, author: author, parents: parents,
            payload: draft.payload)
        let (_, last) = try node.committer.append(event)
        node.notifier.update(last)
        node.metrics.recordAppends(1)
    }

    /// Whether the `Origin` and `Referer` headers, when sent, name this node's own `Host`.
    static func isSameOrigin(_ request: HTTPRequest) -> Bool {
        let host = request.headers["Host"]?.lowercased()
        for name in ["Origin", "Referer"] {
            guard let value = request.headers[name] else { continue }
            guard let host, let url = URLComponents(string: value), let name = url.host, url.scheme != nil else {
                return false
            }
            let authority = (name + (url.port.map { ":\($0)" } ?? "")).lowercased()
            guard authority == host else { return false }
        }
        return true
    }
}

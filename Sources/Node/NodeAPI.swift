import EventLog
import EventModel
import Foundation
import HTTP
import Replication
import Security

/// NodeAPI answers the `/v1` HTTP API of a node (see docs/API.md). It runs on the server's
/// connection threads; every log access goes through the log's serial queue.
struct NodeAPI: HTTPResponder {
    let node: NodeParts

    func respond(to request: HTTPRequest, context: HTTPRequestContext) -> HTTPResponse {
        let started = Date()
        let response = answer(request, context: context)
        node.metrics.recordRequest(status: response.status.code, seconds: Date().timeIntervalSince(started))
        return response
    }

    private func answer(_ request: HTTPRequest, context: HTTPRequestContext) -> HTTPResponse {
        do {
            return try route(request, context: context)
        } catch let refusal as AccessRefusal {
            return refusal.response
        } catch let error as HTTPError {
            return error.response
        } catch let error as EnvelopeError {
            return NodeAPI.failure(.badRequest, "\(error)", field: error.field)
        } catch let error as EventLogError {
            switch error {
            case .invalidEvent(let envelope): return NodeAPI.failure(.unprocessableContent, error.description, field: envelope.field)
            case .refusedContent, .channelNotWritable: return NodeAPI.failure(.unprocessableContent, error.description)
            case .wrongExpectedVersion: return NodeAPI.failure(.conflict, error.description)
            case .database(let database) where database.isBusy:
                return NodeAPI.failure(.serviceUnavailable, "the log is busy; retry shortly")
            default: return NodeAPI.failure(.internalServerError, error.description)
            }
        } catch let error as DatabaseError where error.isBusy {
            return NodeAPI.failure(.serviceUnavailable, "the log is busy; retry shortly")
        } catch {
            return NodeAPI.failure(.internalServerError, "\(error)")
        }
    }

    private func route(_ request: HTTPRequest, context: HTTPRequestContext) throws -> HTTPResponse {
        var caller = request.headers["Samverkan-Municipality"].flatMap { MunicipalityCode(text: $0) }
        var authenticated: AuthenticatedCaller?
        if let security = node.security, NodeAPI.peerRoutes.contains(request.path) {
            // Secured: only the signed caller's enrolled municipality counts, never a header it merely states.
            let peer = try authenticate(request, security: security)
            authenticated = peer
            caller = peer.municipality
        }
        switch (request.method, request.path) {
        case (.get, "/v1/health"), (.head, "/v1/health"):
            var health = node.identity.jsonValue.merging(["status": "ok"])
            if let security = node.security, let header = request.headers[RequestSignature.headerName],
                let signed = try? RequestSignature(headerValue: header)
            {
                health = health.merging(["proof": .string(security.healthProof(nonce: signed.nonce))])
            }
            return NodeAPI.json(health)
        case (.get, "/v1/vector"):
            return NodeAPI.json(try node.service.vector(forCaller: caller).jsonValue)
        case (.post, "/v1/pull"):
            let pull = try PullRequest(json: try NodeAPI.body(request))
            if let authenticated, let asked = pull.channels {
                try NodeAPI.enforce(authenticated.authorizeRead(asked), request)
            }
            let answer = try node.service.pull(pull, caller: caller, isShuttingDown: { context.isShuttingDown })
            return HTTPResponse.json(answer.encoded)
        case (.post, "/v1/push"):
            let body = try NodeAPI.body(request)
            guard let events = body["events"]?.arrayValue else {
                throw HTTPError(.badRequest, message: "field 'events': must be an array of events")
            }
            guard events.count <= PullRequest.maximumEvents else {
                throw HTTPError(.contentTooLarge, message: "at most \(PullRequest.maximumEvents) events per push")
            }
            if let authenticated {
                let channels = Set(events.compactMap { $0["channel"]?.stringValue.flatMap { Channel($0) } })
                for channel in channels.sorted() { try NodeAPI.enforce(authenticated.authorizeWrite(channel), request) }
            }
            let heads = body["heads"]?.arrayValue ?? []
            return NodeAPI.json(try node.service.push(events, heads: heads, caller: caller).jsonValue)
        case (.get, "/v1/changes"):
            return try changes(request, caller: caller, context: context)
        case (.post, "/v1/events"):
            return try append(request)
        case (.post, KeyExchange.path):
            return try exchangeKeys(request, caller: caller)
        case (.get, "/v1/cases"):
            return try caseList(request)
        case (.get, let path) where path.hasPrefix("/v1/cases/"):
            return try caseDetail(String(path.dropFirst("/v1/cases/".count)), request: request)
        case (.get, "/v1/status"):
            return NodeAPI.json(try node.statusJSON(caller: caller))
        case (.get, "/metrics"):
            return try metrics(caller: caller)
        case (.get, let path) where path.hasPrefix("/v1/views/"):
            if node.security != nil { _ = try signedInUser(request) }
            return try view(String(path.dropFirst("/v1/views/".count)), request: request)
        case (_, "/v1/health"), (_, "/v1/vector"), (_, "/v1/pull"), (_, "/v1/push"), (_, "/v1/changes"),
            (_, "/v1/events"), (_, "/v1/status"), (_, KeyExchange.path), (_, "/v1/cases"):
            throw HTTPError(.methodNotAllowed, message: "\(request.method) is not allowed on \(request.path)")
        default:
            if node.security != nil { _ = try signedInUser(request) }
            if let page = webPage(request) { return page }
            throw HTTPError(.notFound, message: "no such resource: \(request.path); see docs/API.md")
        }
    }

    /// `GET /v1/changes?after=N&wait=MILLIS&limit=N`: the change feed, long-polled.
    private func changes(_ request: HTTPRequest, caller: MunicipalityCode?, context: HTTPRequestContext) throws -> HTTPResponse {
        func number(_ name: String, _ fallback: Int64, _ range: ClosedRange<Int64>) throws -> Int64 {
            guard let text = request.target.queryValue(name) else { return fallback }
            guard let value = Int64(text), range.contains(value) else {
                throw HTTPError(.badRequest, message: "query '\(name)' must be an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return value
        }
        let after = try number("after", 0, 0...Int64.max)
        let wait = try number("wait", 0, 0...Int64(PullRequest.maximumWaitMillis))
        let limit = try number("limit", 100, 1...Int64(PullRequest.maximumEvents))
        let channels = node.service.channels(forCaller: caller)
        let deadline = Date().addingTimeInterval(Double(wait) / 1000)
        while true {
            let token = node.store.changeToken()
            let stored = try node.queue.sync { try $0.log.changes(after: after, channels: channels, limit: Int(limit)) }
            let remaining = Int(deadline.timeIntervalSinceNow * 1000)
            if !stored.isEmpty || remaining <= 0 || context.isShuttingDown {
                let last = stored.last?.insertionID ?? max(after, 0)
                return NodeAPI.json([
                    "events": .array(stored.map(\.event.wireObject)), "last": .number(JSONNumber(last)),
                ])
            }
            _ = node.store.waitForChange(after: token, timeoutMillis: min(remaining, 1_000))
        }
    }

    /// `GET /v1/views/{name}`: a regional view's canonical JSON, its digest as the ETag.
    private func view(_ name: String, request: HTTPRequest) throws -> HTTPResponse {
        let answer = try node.queue.sync { store in
            try store.catchUpViews()
            return try store.views.viewJSON(name: name)
        }
        guard let (body, digest) = answer else {
            throw HTTPError(.notFound, message: "no view named '\(name)'; views: programme, followup, meetings")
        }
        let etag = "\"\(digest.hex)\""
        if let match = request.headers["If-None-Match"], match == etag || match == "*" {
            return HTTPResponse(status: .notModified, headers: ["ETag": etag])
        }
        var response = HTTPResponse.json(body)
        response.headers.add(name: "ETag", value: etag)
        response.headers.add(name: "Samverkan-Digest", value: digest.hex)
        return response
    }

    /// `POST /v1/events`: a local append with the same validation as the CLI.
    private func append(_ request: HTTPRequest) throws -> HTTPResponse {
        let user = node.security == nil ? nil : try signedInUser(request)
        // Read member by member: a payload in canonical form is kept as its bytes, never becoming a tree.
        let body = try NodeAPI.appendBody(request)
        let parents = try (body.parents?.arrayValue ?? []).map { value -> String in
            guard let text = value.stringValue else { throw EnvelopeError(field: "parents", reason: "must be hex strings") }
            return text
        }
        guard body.hasPayload else { throw EnvelopeError(field: "payload", reason: "is missing") }
        let channelText = body.channel?.stringValue
        let typeText = body.type?.stringValue
        if let user, let channelText, let channel = Channel(channelText), let typeText, let type = EventType(typeText),
            case .denied(let reason) = RolePolicy.mayAppend(user, type: type, channel: channel)
        {
            throw AccessRefusal.log(.forbidden, reason, request)
        }
        let stream = body.stream?.stringValue
        let schema = Int(try NodeAPI.wholeNumber(body.schema, "schema") ?? 1)
        let author = user?.name ?? body.author?.stringValue
        let expected = try NodeAPI.wholeNumber(body.expectedVersion, "expectedVersion")
        let event =
            if let bytes = body.payloadBytes {
                try NewEvent(
                    channel: channelText, stream: stream, type: typeText, schemaVersion: schema, author: author,
                    parents: parents, payloadBytes: bytes, expectedStreamVersion: expected)
            } else {
                try NewEvent(
                    channel: channelText, stream: stream, type: typeText, schemaVersion: schema, author: author,
                    parents: parents, payload: body.payloadTree ?? .null, expectedStreamVersion: expected)
            }
        let (stored, last) = try node.committer.append(event)
        node.notifier.update(last)
        node.metrics.recordAppends(1)
        return HTTPResponse.json(AppendReceipt.json(stored), status: .created)
    }

    /// The whole number a member holds; nil when it is absent or null, and a refusal naming it when it holds anything
    /// else (`1.5` or `"3"` were taken as absent, which dropped an expected version's guard without a word).
    private static func wholeNumber(_ value: JSONValue?, _ field: String) throws -> Int64? {
        guard let value, !value.isNull else { return nil }
        guard let number = value.int64Value else { throw EnvelopeError(field: field, reason: "must be a whole number") }
        return number
    }

    /// The routes other nodes call; a secured node answers them only to a signed, enrolled caller.
    static let peerRoutes: Set<String> = [
        "/v1/vector", "/v1/pull", "/v1/push", "/v1/changes", "/v1/status", "/metrics", KeyExchange.path,
    ]

    /// The authenticated calling node, or a 401 refusal (logged) with the reason and no data.
    private func authenticate(_ request: HTTPRequest, security: NodeSecurity) throws -> AuthenticatedCaller {
        try node.queue.sync { try security.refreshTrust($0.log) }
        let decision = security.authenticate(
            method: request.method.rawValue, path: request.target.raw, body: request.body,
            header: request.headers[RequestSignature.headerName])
        try NodeAPI.enforce(decision, request)
        guard case .accepted(let caller) = decision else { throw AccessRefusal.log(.unauthorized, "refused", request) }
        return caller
    }

    /// Throws the refusal of a decision that is not `accepted`.
    static func enforce(_ decision: RequestDecision, _ request: HTTPRequest) throws {
        switch decision {
        case .accepted: return
        case .unauthorized(let reason): throw AccessRefusal.log(.unauthorized, reason, request)
        case .forbidden(let reason): throw AccessRefusal.log(.forbidden, reason, request)
        }
    }

    /// The signed-in user (HTTP Basic against the node's users), or a 401 asking for credentials.
    func signedInUser(_ request: HTTPRequest) throws -> UserRecord {
        guard let security = node.security else { throw AccessRefusal.log(.unauthorized, "no users here", request) }
        guard let user = security.user(authorization: request.headers["Authorization"]) else {
            let reason = request.headers["Authorization"] == nil
                ? "sign in: this node requires a named user (HTTP Basic)" : "unknown user or wrong secret"
            var refusal = AccessRefusal.log(.unauthorized, reason, request)
            // Browsers ask for credentials on this header; API clients get the reason alone (some HTTP
            // clients, e.g. URLSession on Linux, stall on a Basic challenge they cannot answer).
            if !request.path.hasPrefix("/v1/") {
                refusal.response.headers.add(name: "WWW-Authenticate", value: "Basic realm=\"samverkan\", charset=\"UTF-8\"")
            }
            throw refusal
        }
        return user
    }

    static func body(_ request: HTTPRequest) throws -> JSONValue {
        try readBody(request) { bytes throws(JSONParser.Error) in try JSONParser.parse(bytes) }
    }

    /// The body of an append request, which must be a JSON object.
    static func appendBody(_ request: HTTPRequest) throws -> AppendBody {
        let body = try readBody(request) { bytes throws(JSONParser.Error) in try JSONParser.parseAppendBody(bytes) }
        guard body.isObject else { throw HTTPError(.badRequest, message: "the body must be a JSON object") }
        return body
    }

    /// What `parse` reads from the request's body, or a 400 when there is none or it is not JSON.
    private static func readBody<T>(
        _ request: HTTPRequest, _ parse: ([UInt8]) throws(JSONParser.Error) -> T
    ) throws -> T {
        guard !request.body.isEmpty else { throw HTTPError(.badRequest, message: "a JSON body is required") }
        do { return try parse(request.body) } catch {
            throw HTTPError(.badRequest, message: "the body is not valid JSON: \(error)")
        }
    }

    static func json(_ value: JSONValue, status: HTTPStatus = .ok) -> HTTPResponse {
        .json(CanonicalJSON.encode(value), status: status)
    }

    static func failure(_ status: HTTPStatus, _ message: String, field: String? = nil) -> HTTPResponse {
        var object: [String: JSONValue] = ["error": .string(message)]
        if let field { object["field"] = .string(field) }
        return json(.object(object), status: status)
    }
}

/// AccessRefusal is a 401 or 403 answer, logged with its reason (never with content) when made.
struct AccessRefusal: Error {
    var response: HTTPResponse

    static func log(_ status: HTTPStatus, _ reason: String, _ request: HTTPRequest) -> AccessRefusal {
        NodeSecurity.warn(
            "request refused",
            ["method": request.method.rawValue, "path": request.path, "status": String(status.code), "reason": reason])
        return AccessRefusal(response: NodeAPI.failure(status, reason))
    }
}

extension JSONValue {
    /// This object with `other`'s members added (other wins).
    func merging(_ other: [String: JSONValue]) -> JSONValue {
        .object((objectValue ?? [:]).merging(other) { _, new in new })
    }
}

import Domain
import EventModel
import Foundation
import HTTP
import Privacy
import Security
import Web

extension NodeAPI {
    /// `POST /v1/keys`: the key exchange among the nodes of this municipality (see `KeyExchange`).
    func exchangeKeys(_ request: HTTPRequest, caller: MunicipalityCode?) throws -> HTTPResponse {
        let cases = node.cases
        guard caller == node.identity.municipality else {
            // Every node asks each of its peers once in a while; a signed peer of another municipality being
            // told no is expected, so it is answered without a warning in the log.
            throw HTTPError(
                .forbidden, message: "person keys are exchanged only among the nodes of municipality \(node.identity.municipality)")
        }
        let exchange = try KeyExchange.Request(json: try NodeAPI.body(request))
        var answer = try KeyExchange.answer(exchange, desk: cases.desk, own: cases.encryptionKey)
        answer = answer.merging(["origin": .string(node.identity.origin.description)])
        if let security = node.security, let header = request.headers[RequestSignature.headerName],
            let signed = try? RequestSignature(headerValue: header)
        {
            answer = answer.merging([
                "proof": .string(security.keysProof(nonce: signed.nonce, publicKeyHex: cases.encryptionKey.publicKeyHex))
            ])
        }
        return NodeAPI.json(answer)
    }

    /// The signed-in user who may read this municipality's cases, or a refusal: only caseworkers and
    /// administrators of this municipality, and only on a secured node (an open node has no users).
    func caseReader(_ request: HTTPRequest) throws -> UserRecord {
        guard node.security != nil else {
            throw AccessRefusal.log(
                .forbidden, "cases are read by signed-in caseworkers; this node runs in open mode without users", request)
        }
        let user = try signedInUser(request)
        if case .denied(let reason) = RolePolicy.mayRead(user, channel: .municipality(node.identity.municipality)) {
            throw AccessRefusal.log(.forbidden, reason, request)
        }
        return user
    }

    /// `GET /v1/cases?asOf=YYYY-MM-DD&mine=1`: what is due, with no personal data (not an access to any case).
    func caseList(_ request: HTTPRequest) throws -> HTTPResponse {
        let cases = node.cases
        let user = try caseReader(request)
        let asOf = try NodeAPI.asOfDate(request)
        let book = try node.queue.sync { store in try cases.desk.book(log: store.log) }
        let mine = request.target.queryValue("mine") == "1"
        let due = book.due(asOf: asOf, caseworker: mine ? user.name : nil, language: request.target.queryValue("lang") ?? "sv")
        return NodeAPI.json([
            "asOf": .string(asOf.description),
            "cases": .array(book.sorted.map { record in
                var summary: [String: JSONValue] = [
                    "id": .string(record.stream.rawValue), "erased": .bool(record.isErased), "closed": .bool(record.isClosed),
                ]
                if let opened = record.file.openedOn { summary["openedOn"] = .string(opened.description) }
                if let caseworker = record.caseworker { summary["caseworker"] = .string(caseworker) }
                return .object(summary)
            }),
            "due": .array(due.map { item in
                [
                    "case": .string(item.stream.rawValue), "deadline": .string(item.due.deadline),
                    "label": .string(item.due.label), "regime": .string(item.due.regime),
                    "dueOn": .string(item.due.dueOn.description), "overdue": .bool(item.due.isOverdue),
                ]
            }),
        ])
    }

    /// `GET /v1/cases/{id}?purpose=…`: one case with its personal fields, after recording the read.
    func caseDetail(_ id: String, request: HTTPRequest) throws -> HTTPResponse {
        let cases = node.cases
        let user = try caseReader(request)
        guard let stream = StreamID("case/" + id), id.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw HTTPError(.badRequest, message: "'\(id)' is not a case id")
        }
        guard let purpose = request.target.queryValue("purpose"), !purpose.isEmpty, purpose.count <= 200 else {
            throw HTTPError(.badRequest, message: "query 'purpose' is required: say why the case is read (it is logged)")
        }
        let reader = CaseDesk.Reader(name: user.name, role: user.role.rawValue, purpose: purpose, via: .api)
        do {
            let detail = try node.queue.sync { store in try cases.desk.read(stream: stream, reader: reader, log: store.log) }
            return NodeAPI.json(detail.jsonValue)
        } catch let error as CaseDeskError {
            throw HTTPError(.notFound, message: error.description)
        }
    }

    static func asOfDate(_ request: HTTPRequest) throws -> CalendarDate {
        guard let text = request.target.queryValue("asOf") else { return WebText.today() }
        guard let date = CalendarDate(text) else {
            throw HTTPError(.badRequest, message: "query 'asOf' must be a date YYYY-MM-DD, not '\(text)'")
        }
        return date
    }
}

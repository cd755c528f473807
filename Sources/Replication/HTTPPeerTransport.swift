import EventModel
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// PeerAuthentication is how a secured node signs its requests and checks who a peer is; it keeps the
/// replication layer free of the key types (the node supplies the closures).
public struct PeerAuthentication: Sendable {
    /// This node's region id (hex); a peer of another region or in open mode is refused.
    public let region: String
    /// Signs a request (method, path with query, exact body bytes): the `Samverkan-Signature` value and its nonce.
    public let sign: @Sendable (_ method: String, _ path: String, _ body: [UInt8]) -> (header: String, nonce: String)
    /// Checks a peer's identity and its proof over our nonce; a sentence when it does not hold.
    public let checkPeer: @Sendable (_ identity: PeerIdentity, _ proof: String?, _ nonce: String) -> String?

    /// Describes how to authenticate.
    public init(
        region: String, sign: @escaping @Sendable (String, String, [UInt8]) -> (header: String, nonce: String),
        checkPeer: @escaping @Sendable (PeerIdentity, String?, String) -> String?
    ) {
        self.region = region
        self.sign = sign
        self.checkPeer = checkPeer
    }
}

/// HTTPPeerTransport reaches a peer's `/v1` API with URLSession. Calls block the calling thread
/// (a peer loop's own thread, never the cooperative pool) until the answer or a timeout.
public final class HTTPPeerTransport: PeerTransport {
    /// The peer's base URL, e.g. `http://127.0.0.1:7301`.
    public let baseURL: URL
    let caller: PeerIdentity
    let authentication: PeerAuthentication?
    let session: URLSession
    private let tasks = Mutex<[Int: URLSessionDataTask]>([:])
    /// Sockets of `http://` calls in flight (PlainHTTPExchange), by call.
    private let sockets = Mutex<[Int: Int32]>([:])
    private let nextTaskID = Atomic<Int>(0)

    /// Prepares calls to `baseURL` on behalf of the node `caller`.
    public init(baseURL: URL, caller: PeerIdentity, authentication: PeerAuthentication? = nil) {
        self.baseURL = baseURL
        self.caller = caller
        self.authentication = authentication
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Double(PullRequest.maximumWaitMillis) / 1000 + 30
        configuration.timeoutIntervalForResource = 600
        configuration.httpMaximumConnectionsPerHost = 4
        self.session = URLSession(configuration: configuration)
    }

    deinit { session.invalidateAndCancel() }

    /// `GET /v1/health`.
    public func hello() throws -> PeerIdentity {
        var nonce = ""
        let answer = try call("GET", "/v1/health", body: nil) { nonce = $0 }
        let identity: PeerIdentity
        do { identity = try PeerIdentity(json: answer) } catch { throw ReplicationError.badAnswer("health: \(error)") }
        if let authentication {
            guard let region = identity.region else {
                throw ReplicationError.wrongPeer(
                    "\(baseURL.absoluteString) runs in open mode (no region genesis); a secured node does not talk to it")
            }
            guard region == authentication.region else {
                throw ReplicationError.wrongPeer(
                    "\(baseURL.absoluteString) belongs to region \(region.prefix(12)), this node to \(authentication.region.prefix(12))")
            }
            if let problem = authentication.checkPeer(identity, answer["proof"]?.stringValue, nonce) {
                throw ReplicationError.wrongPeer("\(baseURL.absoluteString): \(problem)")
            }
        }
        return identity
    }

    /// A signed `POST` of `body` to `path` (outside the replication protocol, e.g. the key exchange);
    /// returns the answer and the nonce the request was signed with, which the answer may have to prove.
    public func post(_ path: String, body: JSONValue) throws -> (answer: JSONValue, nonce: String) {
        var nonce = ""
        let answer = try call("POST", path, body: body) { nonce = $0 }
        return (answer, nonce)
    }

    /// `GET /v1/vector`.
    public func vector() throws -> VersionVector {
        let answer = try call("GET", "/v1/vector", body: nil)
        do { return try VersionVector(json: answer) } catch { throw ReplicationError.badAnswer("vector: \(error)") }
    }

    /// `POST /v1/pull`; the answer's events are read straight from its bytes into envelopes (`PullResponse(page:)`).
    public func pull(_ request: PullRequest) throws -> PullResponse {
        let path = "/v1/pull"
        let answer = try answerBytes("POST", path, bytes: CanonicalJSON.encode(request.jsonValue))
        do { return try PullResponse(page: answer) } catch {
            switch error {
            case .json: throw ReplicationError.badAnswer("\(path) answered with something that is not JSON")
            case .message(let problem): throw ReplicationError.badAnswer("pull: \(problem)")
            }
        }
    }

    /// `POST /v1/push` with the signed heads that cover the events: `{"events":[…],"heads":[…]}`, the events'
    /// wire forms written as read from the log.
    public func push(_ events: [WireEvent], heads: [JSONValue]) throws -> PushResponse {
        var body = Array(#"{"events":"#.utf8)
        WireEvent.writeArray(events, into: &body)
        if !heads.isEmpty {
            body.append(contentsOf: #","heads":"#.utf8)
            body.append(contentsOf: CanonicalJSON.encode(.array(heads)))
        }
        body.append(UInt8(ascii: "}"))
        let answer = try call("POST", "/v1/push", bytes: body)
        do { return try PushResponse(json: answer) } catch { throw ReplicationError.badAnswer("push: \(error)") }
    }

    /// Cancels every call in flight; each fails as unreachable.
    public func cancelInFlight() {
        for task in tasks.withLock({ Array($0.values) }) { task.cancel() }
        sockets.withLock { for descriptor in $0.values { _ = shutdown(descriptor, Int32(SHUT_RDWR)) } }
    }

    func call(_ method: String, _ path: String, body: JSONValue?, signed: (String) -> Void = { _ in }) throws -> JSONValue {
        try call(method, path, bytes: body.map { CanonicalJSON.encode($0) }, signed: signed)
    }

    /// A call whose body (JSON) is already written.
    func call(_ method: String, _ path: String, bytes body: [UInt8]?, signed: (String) -> Void = { _ in }) throws -> JSONValue {
        let answer = try answerBytes(method, path, bytes: body, signed: signed)
        guard let parsed = try? JSONParser.parse(answer) else {
            throw ReplicationError.badAnswer("\(path) answered with something that is not JSON")
        }
        return parsed
    }

    /// The body of a successful answer to a call, unparsed; an HTTP error status throws with the answer's message.
    func answerBytes(_ method: String, _ path: String, bytes body: [UInt8]?, signed: (String) -> Void = { _ in })
        throws -> [UInt8]
    {
        let url = baseURL.appendingPathComponent(path)
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue(caller.origin.description, forHTTPHeaderField: "Samverkan-Origin")
        request.setValue(caller.municipality.description, forHTTPHeaderField: "Samverkan-Municipality")
        let bytes = body ?? []
        if body != nil {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(bytes)
        }
        if let authentication {
            // Sign the exact bytes sent and the target as the request line carries it.
            let target = url.path + (url.query.map { "?" + $0 } ?? "")
            let signature = authentication.sign(method, target, bytes)
            request.setValue(signature.header, forHTTPHeaderField: "Samverkan-Signature")
            signed(signature.nonce)
        }
        let taskID = nextTaskID.wrappingAdd(1, ordering: .relaxed).newValue
        defer { _ = tasks.withLock { $0.removeValue(forKey: taskID) } }
        // Bytes from both exchanges, with no `Data` between: a page went through two more copies of its megabytes.
        let (data, status) = try baseURL.scheme == "http" ? plainExchange(request, url: url, bytes: bytes, id: taskID) : sessionExchange(request, id: taskID)
        guard status == 200 || status == 201 else {
            let parsed = try? JSONParser.parse(data)
            throw ReplicationError.http(
                status: status, message: parsed?["error"]?.stringValue ?? String(decoding: data.prefix(200), as: UTF8.self))
        }
        return data
    }

    /// An `http://` call over a socket of its own (see PlainHTTPExchange for why not URLSession).
    private func plainExchange(_ request: URLRequest, url: URL, bytes: [UInt8], id: Int) throws -> ([UInt8], Int) {
        let host = url.host ?? "127.0.0.1"
        let port = url.port ?? 80
        let target = (URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? url.path) + (url.query.map { "?" + $0 } ?? "")
        let method = request.httpMethod ?? "GET"
        var head = "\(method) \(target.isEmpty ? "/" : target) HTTP/1.1\r\nHost: \(host.contains(":") ? "[\(host)]" : host):\(port)\r\n"
        for (name, value) in request.allHTTPHeaderFields ?? [:] { head += "\(name): \(value)\r\n" }
        if request.httpBody != nil || method == "POST" { head += "Content-Length: \(bytes.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        let exchange = PlainHTTPExchange(
            host: host, port: port, timeout: session.configuration.timeoutIntervalForRequest,
            overall: session.configuration.timeoutIntervalForResource)
        let answer = try exchange.perform(head: head, body: bytes) { descriptor in
            sockets.withLock { $0[id] = descriptor }
        }
        return (answer.body, answer.status)
    }

    /// An `https://` call through URLSession.
    private func sessionExchange(_ request: URLRequest, id taskID: Int) throws -> ([UInt8], Int) {
        let outcome = Blocking.run { (finish: @escaping @Sendable (Result<(Data, Int), any Error>) -> Void) in
            let task = self.session.dataTask(with: request) { data, response, error in
                if let error {
                    finish(.failure(ReplicationError.unreachable(error.localizedDescription)))
                } else {
                    finish(.success((data ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? 0)))
                }
            }
            self.tasks.withLock { $0[taskID] = task }
            task.resume()
        }
        let (data, status) = try outcome.get()
        return (Array(data), status)
    }
}

/// Blocking turns a callback into a blocking call on the current thread.
enum Blocking {
    static func run<T: Sendable>(_ start: (@escaping @Sendable (T) -> Void) -> Void) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        start { value in
            box.set(value)
            done.signal()
        }
        done.wait()
        return box.get()!
    }
}

final class ResultBox<T: Sendable>: Sendable {
    private let value = Mutex<T?>(nil)
    func set(_ new: T) { value.withLock { $0 = new } }
    func get() -> T? { value.withLock { $0 } }
}

import Synchronization

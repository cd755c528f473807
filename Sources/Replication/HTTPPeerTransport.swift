import EventModel
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// HTTPPeerTransport reaches a peer's `/v1` API with URLSession. Calls block the calling thread
/// (a peer loop's own thread, never the cooperative pool) until the answer or a timeout.
public final class HTTPPeerTransport: PeerTransport {
    /// The peer's base URL, e.g. `http://127.0.0.1:7301`.
    public let baseURL: URL
    let caller: PeerIdentity
    let session: URLSession
    private let tasks = Mutex<[Int: URLSessionDataTask]>([:])
    private let nextTaskID = Atomic<Int>(0)

    /// Prepares calls to `baseURL` on behalf of the node `caller`.
    public init(baseURL: URL, caller: PeerIdentity) {
        self.baseURL = baseURL
        self.caller = caller
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Double(PullRequest.maximumWaitMillis) / 1000 + 30
        configuration.timeoutIntervalForResource = 600
        configuration.httpMaximumConnectionsPerHost = 4
        self.session = URLSession(configuration: configuration)
    }

    deinit { session.invalidateAndCancel() }

    /// `GET /v1/health`.
    public func hello() throws -> PeerIdentity {
        let answer = try call("GET", "/v1/health", body: nil)
        do { return try PeerIdentity(json: answer) } catch { throw ReplicationError.badAnswer("health: \(error)") }
    }

    /// `GET /v1/vector`.
    public func vector() throws -> VersionVector {
        let answer = try call("GET", "/v1/vector", body: nil)
        do { return try VersionVector(json: answer) } catch { throw ReplicationError.badAnswer("vector: \(error)") }
    }

    /// `POST /v1/pull`.
    public func pull(_ request: PullRequest) throws -> PullResponse {
        let answer = try call("POST", "/v1/pull", body: request.jsonValue)
        do { return try PullResponse(json: answer) } catch { throw ReplicationError.badAnswer("pull: \(error)") }
    }

    /// `POST /v1/push`.
    public func push(_ events: [Event]) throws -> PushResponse {
        let answer = try call("POST", "/v1/push", body: ["events": .array(events.map(\.wireObject))])
        do { return try PushResponse(json: answer) } catch { throw ReplicationError.badAnswer("push: \(error)") }
    }

    /// Cancels every call in flight; each fails as unreachable.
    public func cancelInFlight() {
        for task in tasks.withLock({ Array($0.values) }) { task.cancel() }
    }

    func call(_ method: String, _ path: String, body: JSONValue?) throws -> JSONValue {
        var request = URLRequest(url: baseURL.appendingPathComponent(path))
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue(caller.origin.description, forHTTPHeaderField: "Samverkan-Origin")
        request.setValue(caller.municipality.description, forHTTPHeaderField: "Samverkan-Municipality")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(CanonicalJSON.encode(body))
        }
        let taskID = nextTaskID.wrappingAdd(1, ordering: .relaxed).newValue
        defer { _ = tasks.withLock { $0.removeValue(forKey: taskID) } }
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
        let parsed = try? JSONParser.parse(Array(data))
        guard status == 200 || status == 201 else {
            throw ReplicationError.http(
                status: status, message: parsed?["error"]?.stringValue ?? String(decoding: data.prefix(200), as: UTF8.self))
        }
        guard let parsed else { throw ReplicationError.badAnswer("\(path) answered with something that is not JSON") }
        return parsed
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

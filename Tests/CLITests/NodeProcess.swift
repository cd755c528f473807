import EventModel
import Foundation
import ProcessSupport

#if canImport(Glibc)
    import Glibc
#endif
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// NodeProcess is a real `samverkan serve` process on 127.0.0.1, started and stopped by a test.
final class NodeProcess {
    let data: String
    let name: String
    private(set) var process: Process?
    private(set) var url: String = ""
    private var collector: Collector?

    /// Makes a node directory with `samverkan init`.
    init(name: String, municipality: Int) throws {
        self.name = name
        self.data = makeTemporaryDirectory(name)
        let created = try CLIProcess.run(["init", "--data", data, "--node", name, "--municipality", String(municipality)])
        guard created.status == 0 else { throw NodeProcessError.failed("init \(name): \(created.stderr)") }
    }

    /// Starts serving on a free port with `peers`; waits for the first stdout line (the URL).
    func start(peers: [String] = []) throws {
        let started = try ServeLauncher.start(data: data, peers: peers)
        (process, collector, url) = (started.process, started.collector, started.url)
    }

    /// SIGTERM, then waits; SIGKILL when it does not end within 10 s.
    func stop() {
        guard let process else { return }
        ServeLauncher.stop(process, collector)
        self.process = nil
    }

    /// SIGKILL, as a power cut would.
    func crash() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        ChildExit.wait(for: process)
        _ = collector?.finish()
        self.process = nil
    }

    /// Stops the process and removes the directory.
    func destroy() {
        stop()
        try? FileManager.default.removeItem(atPath: data)
    }

    /// Appends `count` meeting events with the CLI (a separate process, as an operator would).
    @discardableResult
    func append(count: Int = 1, meeting: String) throws -> [String] {
        let result = try CLIProcess.run([
            "append", "--data", data, "--channel", "region", "--stream", "meeting/\(meeting)", "--type",
            "meeting.scheduled", "--payload",
            #"{"meeting":"\#(meeting)","date":"2025-03-12","host":287,"place":"Stadshuset"}"#, "--repeat", String(count),
        ])
        guard result.status == 0 else { throw NodeProcessError.failed("append on \(name): \(result.stderr)") }
        return result.lines
    }

    /// The regional part of the node's vector, read from the file with the CLI.
    func regionalVector() throws -> VersionVector {
        let result = try CLIProcess.run(["vector", "--data", data])
        guard result.status == 0 else { throw NodeProcessError.failed("vector of \(name): \(result.stderr)") }
        return try VersionVector(json: JSONParser.parse(result.stdout)).restricted(to: [.region])
    }

    /// The number of events the node holds, by its vector.
    func eventCount() throws -> Int64 { try regionalVector().heads.values.map(\.seq).reduce(0, +) }

    /// `GET path` against the running node, as JSON.
    func get(_ path: String) throws -> JSONValue {
        try HTTPCall.run(method: "GET", url: url + path, body: nil).json
    }
}

enum NodeProcessError: Error, CustomStringConvertible {
    case failed(String)
    var description: String {
        switch self {
        case .failed(let text): text
        }
    }
}

/// HTTPCall makes one blocking HTTP request with URLSession.
enum HTTPCall {
    struct Answer {
        let status: Int
        let body: Data
        var headers: [String: String] = [:]
        var json: JSONValue { (try? JSONParser.parse(Array(body))) ?? .null }
    }

    static func run(method: String, url: String, body: Data?, headers: [String: String] = [:]) throws -> Answer {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = 30
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let box = AnswerBox()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            let http = response as? HTTPURLResponse
            var headers: [String: String] = [:]
            for (name, value) in http?.allHeaderFields ?? [:] {
                if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
            }
            box.set(error.map { .failure($0) } ?? .success(
                Answer(status: http?.statusCode ?? 0, body: data ?? Data(), headers: headers)))
            done.signal()
        }.resume()
        done.wait()
        return try box.get()
    }
}

final class AnswerBox: @unchecked Sendable {
    // @unchecked: written once by the URLSession callback before the semaphore is signalled, read after.
    private var result: Result<HTTPCall.Answer, any Error>?
    func set(_ value: Result<HTTPCall.Answer, any Error>) { result = value }
    func get() throws -> HTTPCall.Answer { try result!.get() }
}

/// The ETag of an answer.
func etagOf(_ answer: HTTPCall.Answer) -> String? { answer.headers["etag"] }

/// Polls `condition` every 50 ms until it holds or `timeout` seconds pass; returns whether it held.
func eventually(timeout: Double = 30, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        usleep(50_000)
    }
    return try condition()
}

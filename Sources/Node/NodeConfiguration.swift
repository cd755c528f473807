import EventModel
import Foundation
import HTTP

/// NodeConfiguration is a node's settings from its one configuration file (`samverkan.json` in the
/// data directory), overridden by command-line flags, with where each value came from.
public struct NodeConfiguration: Sendable {
    /// The file name inside the data directory.
    public static let fileName = "samverkan.json"

    /// Where a value came from.
    public enum Source: String, Sendable {
        /// Built in.
        case defaultValue = "default"
        /// The configuration file.
        case file
        /// A command-line flag.
        case flag
    }

    /// How much the node logs: `error` < `warn` < `info` < `debug`.
    public enum LogLevel: String, Sendable, Comparable, CaseIterable {
        case error, warn, info, debug

        /// Orders levels from the least to the most verbose.
        public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// The effective settings of a running node.
    public var settings = NodeRuntime.Settings()
    /// The log level.
    public var logLevel = LogLevel.info
    /// Where each value came from, by its key in the file (e.g. `http.maxConnections`).
    public private(set) var sources: [String: Source] = [:]

    /// The keys a file may hold, in the order `config show` prints them.
    public static let keys = [
        "listen", "peers", "logLevel", "http.maxBodyBytes", "http.maxConnections", "http.headerTimeoutSeconds",
        "http.idleTimeoutSeconds", "sync.pageEvents", "sync.longPollSeconds", "sync.backoffCapSeconds",
        "cases.suppressionThreshold", "cases.publishCounts", "cases.retainClosedMonths", "cases.retainInactiveMonths",
    ]

    /// The built-in defaults.
    public init() {
        settings.http.logSink = HTTPServer.Configuration.standardErrorSink
        for key in Self.keys { sources[key] = .defaultValue }
    }

    /// Reads `samverkan.json` from `directory` when it exists; an invalid file is refused with the line and the reason.
    public static func load(directory: String) throws -> NodeConfiguration {
        var configuration = NodeConfiguration()
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return configuration }
        let bytes = Array(data)
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            throw ConfigurationError(path: path, line: Self.line(ofOffset: error.offset, in: bytes), reason: error.reason)
        }
        guard let members = value.objectValue else {
            throw ConfigurationError(path: path, line: 1, reason: "the file must hold one JSON object")
        }
        try configuration.apply(Self.flatten(members), bytes: bytes, path: path)
        return configuration
    }

    /// Sets `key` from a command-line flag.
    public mutating func override(_ key: String, with value: JSONValue) throws {
        try set(key, value)
        sources[key] = .flag
    }

    /// The effective configuration as JSON: each key with its value and where it came from.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [:]
        for key in Self.keys {
            object[key] = ["value": currentValue(key), "source": .string((sources[key] ?? .defaultValue).rawValue)]
        }
        return .object(object)
    }

    private mutating func apply(_ values: [(String, JSONValue)], bytes: [UInt8], path: String) throws {
        for (key, value) in values {
            do {
                try set(key, value)
                sources[key] = .file
            } catch let problem as ConfigurationError {
                let leaf = String(key.split(separator: ".").last ?? "")
                throw ConfigurationError(path: path, line: Self.line(ofKey: leaf, in: bytes), reason: problem.reason)
            }
        }
    }

    private mutating func set(_ key: String, _ value: JSONValue) throws {
        func integer(_ range: ClosedRange<Int64>) throws -> Int {
            guard let number = value.int64Value, range.contains(number) else {
                throw ConfigurationError(reason: "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return Int(number)
        }
        switch key {
        case "listen":
            guard let text = value.stringValue, let colon = text.lastIndex(of: ":"), colon > text.startIndex,
                let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port)
            else { throw ConfigurationError(reason: "listen must be \"HOST:PORT\", e.g. \"127.0.0.1:7300\"") }
            settings.host = String(text[..<colon])
            settings.port = port
        case "peers":
            guard let list = value.arrayValue else { throw ConfigurationError(reason: "peers must be a list of URLs") }
            settings.peers = try list.map { item in
                guard let text = item.stringValue, let url = URL(string: text), url.scheme == "http", url.host != nil else {
                    throw ConfigurationError(reason: "every peer must be an http:// URL, e.g. \"http://127.0.0.1:7301\"")
                }
                return text
            }
        case "logLevel":
            guard let text = value.stringValue, let level = LogLevel(rawValue: text) else {
                throw ConfigurationError(reason: "logLevel must be one of error, warn, info, debug")
            }
            logLevel = level
        case "http.maxBodyBytes": settings.http.maxBodyBytes = try integer(1_024...(256 << 20))
        case "http.maxConnections": settings.http.maxConnections = try integer(1...10_000)
        case "http.headerTimeoutSeconds": settings.http.headerTimeout = .seconds(try integer(1...600))
        case "http.idleTimeoutSeconds": settings.http.idleTimeout = .seconds(try integer(1...3_600))
        case "sync.pageEvents": settings.sync.pageEvents = try integer(1...5_000)
        case "sync.longPollSeconds": settings.sync.longPollMillis = try integer(1...60) * 1000
        case "sync.backoffCapSeconds": settings.sync.backoff.capMillis = try integer(1...3_600) * 1000
        case "cases.suppressionThreshold": settings.cases.suppressionThreshold = try integer(5...1_000)
        case "cases.publishCounts":
            guard let flag = value.boolValue else { throw ConfigurationError(reason: "\(key) must be true or false") }
            settings.cases.publishCounts = flag
        case "cases.retainClosedMonths": settings.cases.retainClosedMonths = try integer(1...1_200)
        case "cases.retainInactiveMonths": settings.cases.retainInactiveMonths = try integer(1...1_200)
        default:
            throw ConfigurationError(reason: "unknown setting '\(key)'; known: \(Self.keys.joined(separator: ", "))")
        }
    }

    private func currentValue(_ key: String) -> JSONValue {
        switch key {
        case "listen": .string("\(settings.host):\(settings.port)")
        case "peers": .array(settings.peers.map { .string($0) })
        case "logLevel": .string(logLevel.rawValue)
        case "http.maxBodyBytes": .number(JSONNumber(settings.http.maxBodyBytes))
        case "http.maxConnections": .number(JSONNumber(settings.http.maxConnections))
        case "http.headerTimeoutSeconds": .number(JSONNumber(Int(settings.http.headerTimeout.components.seconds)))
        case "http.idleTimeoutSeconds": .number(JSONNumber(Int(settings.http.idleTimeout.components.seconds)))
        case "sync.pageEvents": .number(JSONNumber(settings.sync.pageEvents))
        case "sync.longPollSeconds": .number(JSONNumber(settings.sync.longPollMillis / 1000))
        case "sync.backoffCapSeconds": .number(JSONNumber(settings.sync.backoff.capMillis / 1000))
        case "cases.suppressionThreshold": .number(JSONNumber(settings.cases.suppressionThreshold))
        case "cases.publishCounts": .bool(settings.cases.publishCounts)
        case "cases.retainClosedMonths": settings.cases.retainClosedMonths.map { .number(JSONNumber($0)) } ?? .null
        case "cases.retainInactiveMonths": settings.cases.retainInactiveMonths.map { .number(JSONNumber($0)) } ?? .null
        default: .null
        }
    }

    /// `{"http": {"maxConnections": 5}}` becomes `[("http.maxConnections", 5)]`, in a stable order.
    private static func flatten(_ members: [String: JSONValue], prefix: String = "") -> [(String, JSONValue)] {
        CanonicalJSON.sortedKeys(members).flatMap { key -> [(String, JSONValue)] in
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if let nested = members[key]?.objectValue, ["http", "sync", "cases"].contains(key), prefix.isEmpty {
                return flatten(nested, prefix: path)
            }
            return [(path, members[key]!)]
        }
    }

    static func line(ofOffset offset: Int, in bytes: [UInt8]) -> Int {
        bytes.prefix(offset).filter { $0 == UInt8(ascii: "\n") }.count + 1
    }

    static func line(ofKey key: String, in bytes: [UInt8]) -> Int {
        let needle = Array("\"\(key)\"".utf8)
        guard needle.count <= bytes.count else { return 1 }
        for start in 0...(bytes.count - needle.count) where Array(bytes[start..<start + needle.count]) == needle {
            return line(ofOffset: start, in: bytes)
        }
        return 1
    }
}

/// ConfigurationError says which line of the configuration file is wrong, and why.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The file.
    public var path: String = ""
    /// The line, from 1.
    public var line: Int = 0
    /// What is wrong.
    public var reason: String

    /// A sentence with the file, the line and the reason.
    public var description: String { path.isEmpty ? reason : "\(path), line \(line): \(reason)" }
}

import EventModel
import Foundation

/// EventLog is a node's append-only event log in one SQLite file.
///
/// It assigns sequences, chain links and HLC timestamps to local events, applies the ingest rules
/// to events from peers, and answers what the node holds. Every write is one `BEGIN IMMEDIATE`
/// transaction (or a savepoint in a caller's transaction, which then commits it) that reads the chain heads and the clock inside the lock (or, for an own append, takes
/// them from the last one when the file's data version shows nobody wrote since: `AppendState`), so
/// several processes (the CLI while the node serves) may append to the same file safely. Not
/// `Sendable`: wrap it in a `DatabaseQueue` to share it.
public final class EventLog {
    /// The log's file name inside a node's data directory.
    public static let fileName = "log.sqlite"

    /// The connection.
    public let database: Database
    /// Who this node is.
    public let identity: NodeIdentity
    /// Judges content: strictly at local append, by flagging at ingest.
    public let validator: any ContentValidator
    /// The physical clock.
    public let clock: any WallClock
    /// How far ahead of the local clock an ingested event's HLC may be, in milliseconds.
    public var maximumDriftMillis: Int64 = 600_000

    var channelCache: [String: Channel] = [:]
    var originCache: [String: Origin] = [:]
    /// The `Database.transactionSerial` in which the validator's rules were last noted (`noteVerdictRules`).
    var verdictRulesNoted = -1
    /// What the last own append left, while nobody else has written (`AppendState`).
    var appendState: AppendState?
    /// How many appends started from a kept state: for tests, which check it is kept and when it is not.
    var appendStateReuses = 0

    /// Creates a new node in `directory` (made if missing); refuses a directory that holds one.
    public static func create(
        directory: String, identity: NodeIdentity, validator: any ContentValidator, clock: any WallClock = SystemClock()
    ) throws -> EventLog {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = (directory as NSString).appendingPathComponent(fileName)
        let database = try Database(path: path)
        try Schema.migrate(database)
        try database.inTransaction {
            if let existing = try database.text("SELECT value FROM node WHERE key = 'node'") {
                throw EventLogError.alreadyInitialised(path: directory, node: existing)
            }
            let rows: [(String, String)] = [
                ("node", identity.node.rawValue), ("municipality", identity.municipality.description),
                ("incarnation", String(identity.incarnation)), ("hlc", "0"),
                ("created_millis", String(clock.nowMillis())),
            ]
            for (key, value) in rows {
                try database.execute("INSERT INTO node (key, value) VALUES (?, ?)", [key, value])
            }
        }
        return try EventLog(database: database, directory: directory, validator: validator, clock: clock)
    }

    /// Opens the node in `directory`.
    public convenience init(directory: String, validator: any ContentValidator, clock: any WallClock = SystemClock()) throws {
        let path = (directory as NSString).appendingPathComponent(Self.fileName)
        guard FileManager.default.fileExists(atPath: path) else { throw EventLogError.notInitialised(path: directory) }
        let database = try Database(path: path, create: false)
        try Schema.migrate(database)
        try self.init(database: database, directory: directory, validator: validator, clock: clock)
    }

    private init(database: Database, directory: String, validator: any ContentValidator, clock: any WallClock) throws {
        guard let nodeText = try database.text("SELECT value FROM node WHERE key = 'node'"),
            let node = NodeID(nodeText),
            let codeText = try database.text("SELECT value FROM node WHERE key = 'municipality'"),
            let municipality = MunicipalityCode(text: codeText),
            let incarnationText = try database.text("SELECT value FROM node WHERE key = 'incarnation'"),
            let incarnation = Int(incarnationText)
        else { throw EventLogError.notInitialised(path: directory) }
        self.database = database
        self.identity = NodeIdentity(node: node, municipality: municipality, incarnation: incarnation)
        self.validator = validator
        self.clock = clock
    }

    /// Closes the database; the log may not be used afterwards.
    public func close() { database.close() }

    /// The last HLC this node issued or observed, as persisted: an ingest stores it on the chain rows
    /// it extends (`saveChains`); an own append issued the newest event's; the node row holds the
    /// clock of a log from before schema 3.
    public func lastHLC() throws -> HLC {
        let raw = try database.cachedStatement(
            static: """
                SELECT max(coalesce((SELECT max(hlc) FROM chains), 0),
                    coalesce((SELECT hlc FROM events ORDER BY id DESC LIMIT 1), 0),
                    coalesce((SELECT CAST(value AS INTEGER) FROM node WHERE key = 'hlc'), 0))
                """
        ).firstRow([]) { $0.int64(0) } ?? 0
        return HLC(rawValue: raw) ?? .zero
    }

    func channel(_ text: String) -> Channel? {
        if let cached = channelCache[text] { return cached }
        let parsed = Channel(text)
        channelCache[text] = parsed
        return parsed
    }

    func origin(_ text: String) -> Origin? {
        if let cached = originCache[text] { return cached }
        let parsed = Origin(text)
        originCache[text] = parsed
        return parsed
    }
}

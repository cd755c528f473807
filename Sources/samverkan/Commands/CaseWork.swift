import Domain
import EventModel
import Foundation
import Node
import Privacy
import Projections

/// CaseWork writes case events: opening, steps and erasure.
enum CaseWork {
    static func record(_ sub: String, _ words: [String]) throws {
        var words = words
        let step: CaseStep
        if sub == "open" {
            step = .opened
        } else {
            guard let first = words.first, !first.hasPrefix("--") else {
                throw CLIError.usage("name the step, e.g. `case step referral`", command: CaseCommand.name)
            }
            guard let named = CaseStep(rawValue: first.replacingOccurrences(of: "-", with: "_")), named != .opened else {
                let names = CaseStep.allCases.filter { $0 != .opened }.map(\.rawValue)
                throw CLIError.usage("'\(first)' is not a step; use one of \(names.joined(separator: ", "))", command: CaseCommand.name)
            }
            step = named
            words.removeFirst()
        }
        let fields = Set(CaseDraft.fields(for: step))
        let arguments = try Arguments(
            words, command: CaseCommand.name, options: fields.union(["data", "user", "case"]), flags: [])
        try arguments.noPositionals()
        let session = try CaseSession.open(arguments)
        defer { session.close() }
        var values: [String: String] = [:]
        for field in fields { if let value = arguments.value(field) { values[field] = value } }
        do {
            let draft = try CaseDraft.build(
                step, values: values, today: ViewText.today(), ownMunicipality: session.log.identity.municipality)
            let author = Author(session.user) ?? Author("cli")!
            let event =
                step == .opened
                ? try session.desk.open(draft, author: author, log: session.log)
                : try session.desk.record(draft, stream: try CaseSession.stream(arguments), author: author, log: session.log)
            Output.json(describe(event))
        } catch {
            throw CaseSession.mapped(error)
        }
    }

    static func erase(_ words: [String]) throws {
        let arguments = try Arguments(words, command: CaseCommand.name, options: ["data", "user", "case", "on"], flags: [])
        try arguments.noPositionals()
        let session = try CaseSession.open(arguments)
        defer { session.close() }
        do {
            let event = try session.desk.erase(
                stream: try CaseSession.stream(arguments), on: try CaseSession.date(arguments, "on") ?? ViewText.today(),
                author: Author(session.user) ?? Author("cli")!, log: session.log)
            Output.json(describe(event))
        } catch {
            throw CaseSession.mapped(error)
        }
    }

    /// `case publish`: appends the municipality's suppressed case counts of every completed year the region
    /// does not hold yet (or holds with other values); `case retention`: erases what the retention policy names.
    static func job(_ sub: String, _ words: [String]) throws {
        let arguments = try Arguments(
            words, command: CaseCommand.name, options: ["data", "user", "as-of"], flags: ["dry-run"])
        try arguments.noPositionals()
        let directory = try arguments.required("data")
        let settings = try NodeConfiguration.load(directory: directory).settings.cases
        let asOf = try CaseSession.date(arguments, "as-of") ?? ViewText.today()
        let session = try CaseSession.open(arguments)
        defer { session.close() }
        let author = Author(session.user) ?? Author("cli")!
        if sub == "retention" {
            guard settings.retainClosedMonths != nil || settings.retainInactiveMonths != nil else {
                throw CLIError(
                    code: .refusedInput,
                    message: "no retention is configured: set cases.retainClosedMonths or cases.retainInactiveMonths in samverkan.json")
            }
            if arguments.flag("dry-run") {
                let due = session.desk.retentionDue(try session.desk.book(log: session.log), asOf: asOf, settings: settings)
                for stream in due { Output.json(["wouldErase": .string(stream.rawValue)]) }
                return
            }
            let erased = try session.desk.applyRetention(asOf: asOf, settings: settings, author: author, log: session.log)
            for event in erased { Output.json(describe(event)) }
            Output.error("\(erased.count) cases erased by the retention policy as of \(asOf)")
        } else {
            let views = try ProjectionStore(log: session.log, catalog: DomainCatalog.standard)
            try views.catchUp(log: session.log)
            let published = try session.desk.publishCounts(
                asOf: asOf, settings: settings, published: try views.followUp(), author: author, log: session.log)
            for event in published { Output.json(["published": .string(event.stream.rawValue), "counts": event.payload]) }
            Output.error("\(published.count) periods published (threshold \(settings.suppressionThreshold))")
        }
    }

    /// `case restore-keys`: replaces the key store with a backup, then purges it against the log's erasures.
    static func restoreKeys(_ words: [String]) throws {
        let arguments = try Arguments(words, command: CaseCommand.name, options: ["data", "from", "user"], flags: [])
        try arguments.noPositionals()
        let directory = try arguments.required("data")
        let source = try arguments.required("from")
        guard FileManager.default.fileExists(atPath: source) else {
            throw CLIError(code: .refusedInput, message: "no key-store backup at \(source)")
        }
        let target = (directory as NSString).appendingPathComponent(KeyStore.fileName)
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
        try FileManager.default.copyItem(atPath: source, toPath: target)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: target)
        let session = try CaseSession.open(arguments)  // opening the desk purges against the erasures
        defer { session.close() }
        Output.json([
            "keys": .number(JSONNumber(try session.desk.keys.subjects().count)),
            "erased": .number(JSONNumber(try session.desk.keys.erasedSubjects().count)),
        ])
    }

    static func describe(_ event: Event) -> JSONValue {
        [
            "case": .string(event.stream.rawValue), "type": .string(event.type.rawValue),
            "origin": .string(event.origin.description), "seq": .number(JSONNumber(event.seq)),
            "hash": .string(event.hash.hex), "sealed": .bool(event.payload["sealed"] != nil),
        ]
    }
}

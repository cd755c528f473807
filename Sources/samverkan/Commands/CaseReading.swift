import Domain
import EventLog
import EventModel
import Foundation
import Node

/// CaseReading answers the reading forms of `samverkan case`: what is due, one case, the export and the access log.
enum CaseReading {
    /// `case list`: the cases and their open deadlines as of a day; no personal data, so not a read of any case.
    static func list(_ words: [String]) throws {
        let arguments = try Arguments(
            words, command: CaseCommand.name, options: ["data", "user", "as-of", "lang"], flags: ["mine"])
        try arguments.noPositionals()
        let session = try CaseSession.open(arguments)
        defer { session.close() }
        let asOf = try CaseSession.date(arguments, "as-of") ?? ViewText.today()
        let book = try session.desk.book(log: session.log)
        let due = book.due(
            asOf: asOf, caseworker: arguments.flag("mine") ? session.user : nil, language: arguments.value("lang") ?? "sv")
        for item in due {
            Output.json([
                "case": .string(item.stream.rawValue), "caseworker": item.caseworker.map(JSONValue.string) ?? .null,
                "deadline": .string(item.due.deadline), "label": .string(item.due.label),
                "regime": .string(item.due.regime), "dueOn": .string(item.due.dueOn.description),
                "overdue": .bool(item.due.isOverdue),
            ])
        }
        let overdue = due.filter(\.due.isOverdue).count
        Output.error("\(book.cases.count) cases, \(due.count) deadlines open as of \(asOf), \(overdue) overdue")
    }

    /// `case show`: one case with its personal fields, recorded in the access log first.
    static func show(_ words: [String]) throws {
        let arguments = try Arguments(
            words, command: CaseCommand.name, options: ["data", "user", "case", "purpose"], flags: [])
        try arguments.noPositionals()
        let purpose = try arguments.required("purpose")
        let session = try CaseSession.open(arguments)
        defer { session.close() }
        do {
            let detail = try session.desk.read(
                stream: try CaseSession.stream(arguments),
                reader: CaseDesk.Reader(name: session.user, role: session.role, purpose: purpose, via: .cli),
                log: session.log)
            Output.json(detail.jsonValue)
        } catch {
            throw CaseSession.mapped(error)
        }
    }

    /// `case export`: every case not erased, as JSON or CSV, each recorded as read for the export.
    static func export(_ words: [String]) throws {
        let arguments = try Arguments(
            words, command: CaseCommand.name, options: ["data", "user", "format", "purpose", "out"], flags: [])
        try arguments.noPositionals()
        let format = try arguments.required("format")
        guard ["json", "csv"].contains(format) else {
            throw CLIError(code: .refusedInput, message: "--format must be json or csv, not '\(format)'")
        }
        let purpose = try arguments.required("purpose")
        let session = try CaseSession.open(arguments)
        defer { session.close() }
        let cases = try session.desk.readAll(
            reader: CaseDesk.Reader(name: session.user, role: session.role, purpose: purpose, via: .export),
            log: session.log)
        let text =
            format == "csv"
            ? CaseExport.csv(cases)
            : String(
                decoding: CanonicalJSON.encode(
                    CaseExport.json(cases, municipality: session.log.identity.municipality, exportedOn: ViewText.today())),
                as: UTF8.self) + "\n"
        if let out = arguments.value("out") {
            // The export holds personal data: only its owner may read the file.
            guard FileManager.default.createFile(atPath: out, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
            else { throw CLIError(code: .storage, message: "cannot write \(out)") }
            Output.error("\(cases.count) cases written to \(out)")
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// `case access`: the access log, for answering a person's access request; admins only on a node with users.
    static func access(_ words: [String]) throws {
        let arguments = try Arguments(words, command: CaseCommand.name, options: ["data", "user", "case"], flags: [])
        try arguments.noPositionals()
        let session = try CaseSession.open(arguments)
        defer { session.close() }
        guard session.role == "admin" || session.role == "operator" else {
            throw CLIError(code: .conflict, message: "only an admin reads the access log")
        }
        let stream = arguments.value("case") == nil ? nil : try CaseSession.stream(arguments).rawValue
        for entry in try CaseAccessLog.entries(stream: stream, in: session.log.database) { Output.json(entry.jsonValue) }
    }
}

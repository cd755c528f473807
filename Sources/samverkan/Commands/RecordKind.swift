import Domain
import EventModel

/// RecordKind is one thing a coordinator records: its options and how they become an event.
struct RecordKind: Sendable {
    /// What to write: the type, the type used instead when the item exists, the stream and the payload.
    struct Draft {
        let type: EventType
        var correction: EventType? = nil
        let stream: StreamID?
        let payload: JSONValue
    }

    let name: String
    let usage: String
    let options: Set<String>
    let build: @Sendable (RecordInput) throws -> Draft

    static let programmeID = ProgrammeData.shipped.programme

    static let all: [RecordKind] = [
        RecordKind(
            name: "figure",
            usage:
                "--indicator ID --year Y [--value N] [--participants N] [--done yes|no] [--reference TEXT] [--note TEXT] [--municipality CODE]",
            options: ["indicator", "year", "value", "participants", "done", "reference", "note", "municipality"]
        ) { input in
            let indicator = try input.identifier("indicator")
            let year = try input.requiredInteger("year", in: 1900...2200)
            let code = try input.municipality("municipality")
            return Draft(
                type: DomainEventType.followUpReported, correction: DomainEventType.followUpCorrected,
                stream: MunicipalityCode(code).flatMap { DomainStream.figure(indicator, $0, year: year) },
                payload: RecordSupport.payload([
                    "indicator": .string(indicator), "municipality": .number(JSONNumber(code)),
                    "year": .number(JSONNumber(year)), "value": try input.decimal("value"),
                    "participants": try input.integer("participants", in: 0...10_000_000).map {
                        .number(JSONNumber($0))
                    },
                    "done": try input.yesNo("done").map(JSONValue.bool),
                    "reference": try input.text("reference").map(JSONValue.string),
                    "note": try input.text("note").map(JSONValue.string),
                ]))
        },
        RecordKind(
            name: "target",
            usage: "--indicator ID --year Y [--min N] [--max N] [--note TEXT] [--municipality CODE] [--programme ID]",
            options: ["indicator", "year", "min", "max", "note", "municipality", "programme"]
        ) { input in
            let (programme, indicator) = (
                try input.identifier("programme", default: programmeID), try input.identifier("indicator")
            )
            let year = try input.requiredInteger("year", in: 1900...2200)
            let code = try input.municipality("municipality")
            return Draft(
                type: DomainEventType.municipalityTarget,
                stream: MunicipalityCode(code).flatMap {
                    DomainStream.municipalityTarget(programme, indicator, $0, year: year)
                },
                payload: RecordSupport.payload([
                    "programme": .string(programme), "indicator": .string(indicator),
                    "municipality": .number(JSONNumber(code)), "year": .number(JSONNumber(year)),
                    "min": try input.decimal("min"), "max": try input.decimal("max"),
                    "note": try input.text("note").map(JSONValue.string),
                ]))
        },
        RecordKind(
            name: "programme-target",
            usage: "--indicator ID [--year Y] [--min N] [--max N] [--note TEXT] [--programme ID]",
            options: ["indicator", "year", "min", "max", "note", "programme"]
        ) { input in
            let (programme, indicator) = (
                try input.identifier("programme", default: programmeID), try input.identifier("indicator")
            )
            let year = try input.integer("year", in: 1900...2200)
            return Draft(
                type: DomainEventType.programmeTarget,
                stream: DomainStream.programmeTarget(programme, indicator, year: year),
                payload: RecordSupport.payload([
                    "programme": .string(programme), "indicator": .string(indicator),
                    "year": year.map { .number(JSONNumber($0)) }, "min": try input.decimal("min"),
                    "max": try input.decimal("max"), "note": try input.text("note").map(JSONValue.string),
                ]))
        },
        meetingKind(
            "meeting", DomainEventType.meetingScheduled, "--date YYYY-MM-DD --place TEXT [--host CODE] [--title TEXT]",
            ["date", "place", "host", "title"]
        ) { input in
            [
                "date": .string(try input.requiredDate("date")), "place": .string(try input.requiredText("place")),
                "host": .number(JSONNumber(try input.municipality("host"))),
                "title": try input.text("title").map(JSONValue.string),
            ]
        },
        meetingKind(
            "attendance", DomainEventType.meetingAttendance,
            "--present yes|no [--persons N] [--note TEXT] [--municipality CODE]",
            ["present", "persons", "note", "municipality"]
        ) { input in
            guard let present = try input.yesNo("present") else {
                throw CLIError.usage("--present is required", command: "record")
            }
            return [
                "municipality": .number(JSONNumber(try input.municipality("municipality"))), "present": .bool(present),
                "persons": try input.integer("persons", in: 0...100).map { .number(JSONNumber($0)) },
                "note": try input.text("note").map(JSONValue.string),
            ]
        },
        meetingKind(
            "agenda-item", DomainEventType.meetingAgendaItem, "--item ID --order N --title TEXT [--note TEXT]",
            ["item", "order", "title", "note"]
        ) { input in
            [
                "item": .string(try input.identifier("item")),
                "order": .number(JSONNumber(try input.requiredInteger("order", in: 1...1000))),
                "title": .string(try input.requiredText("title")), "note": try input.text("note").map(JSONValue.string),
            ]
        },
        meetingKind("minutes", DomainEventType.meetingMinutes, "--text TEXT", ["text"]) { input in
            ["text": .string(try input.requiredText("text"))]
        },
        meetingKind("decision", DomainEventType.meetingDecision, "--item ID --text TEXT", ["item", "text"]) { input in
            ["item": .string(try input.identifier("item")), "text": .string(try input.requiredText("text"))]
        },
        meetingKind(
            "action-item", DomainEventType.meetingActionItem, "--item ID --text TEXT --owner CODE --due YYYY-MM-DD",
            ["item", "text", "owner", "due"]
        ) { input in
            [
                "item": .string(try input.identifier("item")), "text": .string(try input.requiredText("text")),
                "owner": .number(JSONNumber(try input.municipality("owner", defaultsToOwn: false))),
                "due": .string(try input.requiredDate("due")),
            ]
        },
        meetingKind(
            "action-done", DomainEventType.meetingActionDone, "--item ID --date YYYY-MM-DD [--note TEXT]",
            ["item", "date", "note"]
        ) { input in
            [
                "item": .string(try input.identifier("item")), "date": .string(try input.requiredDate("date")),
                "note": try input.text("note").map(JSONValue.string),
            ]
        },
        meetingKind("held", DomainEventType.meetingHeld, "--date YYYY-MM-DD", ["date"]) { input in
            ["date": .string(try input.requiredDate("date"))]
        },
        meetingKind("cancelled", DomainEventType.meetingCancelled, "[--reason TEXT]", ["reason"]) { input in
            ["reason": try input.text("reason").map(JSONValue.string)]
        },
        RecordKind(
            name: "approval",
            usage: "--date YYYY-MM-DD --body TEXT --decision REF [--note TEXT] [--municipality CODE] [--programme ID]",
            options: ["date", "body", "decision", "note", "municipality", "programme"]
        ) { input in
            let programme = try input.identifier("programme", default: programmeID)
            let code = try input.municipality("municipality")
            return Draft(
                type: DomainEventType.approvalRecorded,
                stream: MunicipalityCode(code).flatMap { DomainStream.approval(programme, $0) },
                payload: RecordSupport.payload([
                    "programme": .string(programme), "municipality": .number(JSONNumber(code)),
                    "date": .string(try input.requiredDate("date")), "body": .string(try input.requiredText("body")),
                    "decision": .string(try input.requiredText("decision")),
                    "note": try input.text("note").map(JSONValue.string),
                ]))
        },
        RecordKind(
            name: "gathering",
            usage:
                "--gathering ID --date YYYY-MM-DD --place TEXT --title TEXT [--host CODE] [--participants N] [--note TEXT]",
            options: ["gathering", "date", "place", "title", "host", "participants", "note"]
        ) { input in
            let gathering = try input.identifier("gathering")
            return Draft(
                type: DomainEventType.gatheringHeld, stream: DomainStream.gathering(gathering),
                payload: RecordSupport.payload([
                    "gathering": .string(gathering), "date": .string(try input.requiredDate("date")),
                    "place": .string(try input.requiredText("place")),
                    "title": .string(try input.requiredText("title")),
                    "host": .number(JSONNumber(try input.municipality("host"))),
                    "participants": try input.integer("participants", in: 0...10_000_000).map {
                        .number(JSONNumber($0))
                    },
                    "note": try input.text("note").map(JSONValue.string),
                ]))
        },
    ]

    /// A kind recorded on a joint meeting: `--meeting ID` plus its own members.
    static func meetingKind(
        _ name: String, _ type: EventType, _ usage: String, _ options: Set<String>,
        _ members: @escaping @Sendable (RecordInput) throws -> [String: JSONValue?]
    ) -> RecordKind {
        RecordKind(name: name, usage: "--meeting ID " + usage, options: options.union(["meeting"])) { input in
            let meeting = try input.identifier("meeting")
            var all = try members(input)
            all["meeting"] = .string(meeting)
            return Draft(type: type, stream: DomainStream.meeting(meeting), payload: RecordSupport.payload(all))
        }
    }
}

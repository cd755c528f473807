import EventModel

/// RecordBuilders turns named values into the draft of each thing coordinators record (`samverkan record KIND`
/// and the web forms): the payload, its stream id and its type. Absent optional values are left out.
public enum RecordBuilders {
    /// The programme targets and approvals belong to when none is named.
    public static let programmeID = ProgrammeData.shipped.programme

    /// A JSON object from members, leaving out the absent ones.
    public static func payload(_ members: [String: JSONValue?]) -> JSONValue {
        .object(members.compactMapValues { $0 })
    }

    /// The draft of `kind` (e.g. `figure`, `minutes`) from `input`, or nil when there is no such kind.
    public static func draft(_ kind: String, _ input: RecordValues) throws(RecordFieldError) -> RecordDraft? {
        do {
            if let members = meetingMembers[kind] {
                let meeting = try input.identifier("meeting")
                var all = try members.build(input)
                all["meeting"] = .string(meeting)
                return RecordDraft(type: members.type, stream: DomainStream.meeting(meeting), payload: payload(all))
            }
            return try other[kind].map { try $0(input) }
        } catch let error as RecordFieldError {
            throw error
        } catch {
            preconditionFailure("record builders throw only RecordFieldError: \(error)")
        }
    }

    /// The kinds recorded on a joint meeting: their type and members besides `meeting`.
    struct MeetingMembers: Sendable {
        let type: EventType
        let build: @Sendable (RecordValues) throws -> [String: JSONValue?]
    }

    static let meetingMembers: [String: MeetingMembers] = [
        "meeting": MeetingMembers(type: DomainEventType.meetingScheduled) { input in
            [
                "date": .string(try input.requiredDate("date")), "place": .string(try input.requiredText("place")),
                "host": .number(JSONNumber(try input.municipality("host"))),
                "title": try input.text("title").map(JSONValue.string),
            ]
        },
        "attendance": MeetingMembers(type: DomainEventType.meetingAttendance) { input in
            guard let present = try input.yesNo("present") else { throw RecordFieldError("present", .required) }
            return [
                "municipality": .number(JSONNumber(try input.municipality("municipality"))), "present": .bool(present),
                "persons": try input.integer("persons", in: 0...100).map { .number(JSONNumber($0)) },
                "note": try input.text("note").map(JSONValue.string),
            ]
        },
        "agenda-item": MeetingMembers(type: DomainEventType.meetingAgendaItem) { input in
            [
                "item": .string(try input.identifier("item")),
                "order": .number(JSONNumber(try input.requiredInteger("order", in: 1...1000))),
                "title": .string(try input.requiredText("title")), "note": try input.text("note").map(JSONValue.string),
            ]
        },
        "minutes": MeetingMembers(type: DomainEventType.meetingMinutes) { input in
            ["text": .string(try input.requiredText("text"))]
        },
        "decision": MeetingMembers(type: DomainEventType.meetingDecision) { input in
            ["item": .string(try input.identifier("item")), "text": .string(try input.requiredText("text"))]
        },
        "action-item": MeetingMembers(type: DomainEventType.meetingActionItem) { input in
            [
                "item": .string(try input.identifier("item")), "text": .string(try input.requiredText("text")),
                "owner": .number(JSONNumber(try input.municipality("owner", defaultsToOwn: false))),
                "due": .string(try input.requiredDate("due")),
            ]
        },
        "action-done": MeetingMembers(type: DomainEventType.meetingActionDone) { input in
            [
                "item": .string(try input.identifier("item")), "date": .string(try input.requiredDate("date")),
                "note": try input.text("note").map(JSONValue.string),
            ]
        },
        "held": MeetingMembers(type: DomainEventType.meetingHeld) { input in
            ["date": .string(try input.requiredDate("date"))]
        },
        "cancelled": MeetingMembers(type: DomainEventType.meetingCancelled) { input in
            ["reason": try input.text("reason").map(JSONValue.string)]
        },
    ]

    static let other: [String: @Sendable (RecordValues) throws -> RecordDraft] = [
        "figure": { input in
            let indicator = try input.identifier("indicator")
            let year = try input.requiredInteger("year", in: 1900...2200)
            let code = try input.municipality("municipality")
            return RecordDraft(
                type: DomainEventType.followUpReported, correction: DomainEventType.followUpCorrected,
                stream: MunicipalityCode(code).flatMap { DomainStream.figure(indicator, $0, year: year) },
                payload: payload([
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
        "target": { input in
            let (programme, indicator) = (
                try input.identifier("programme", default: programmeID), try input.identifier("indicator")
            )
            let year = try input.requiredInteger("year", in: 1900...2200)
            let code = try input.municipality("municipality")
            return RecordDraft(
                type: DomainEventType.municipalityTarget,
                stream: MunicipalityCode(code).flatMap {
                    DomainStream.municipalityTarget(programme, indicator, $0, year: year)
                },
                payload: payload([
                    "programme": .string(programme), "indicator": .string(indicator),
                    "municipality": .number(JSONNumber(code)), "year": .number(JSONNumber(year)),
                    "min": try input.decimal("min"), "max": try input.decimal("max"),
                    "note": try input.text("note").map(JSONValue.string),
                ]))
        },
        "programme-target": { input in
            let (programme, indicator) = (
                try input.identifier("programme", default: programmeID), try input.identifier("indicator")
            )
            let year = try input.integer("year", in: 1900...2200)
            return RecordDraft(
                type: DomainEventType.programmeTarget,
                stream: DomainStream.programmeTarget(programme, indicator, year: year),
                payload: payload([
                    "programme": .string(programme), "indicator": .string(indicator),
                    "year": year.map { .number(JSONNumber($0)) }, "min": try input.decimal("min"),
                    "max": try input.decimal("max"), "note": try input.text("note").map(JSONValue.string),
                ]))
        },
        "approval": { input in
            let programme = try input.identifier("programme", default: programmeID)
            let code = try input.municipality("municipality")
            return RecordDraft(
                type: DomainEventType.approvalRecorded,
                stream: MunicipalityCode(code).flatMap { DomainStream.approval(programme, $0) },
                payload: payload([
                    "programme": .string(programme), "municipality": .number(JSONNumber(code)),
                    "date": .string(try input.requiredDate("date")), "body": .string(try input.requiredText("body")),
                    "decision": .string(try input.requiredText("decision")),
                    "note": try input.text("note").map(JSONValue.string),
                ]))
        },
        "gathering": { input in
            let gathering = try input.identifier("gathering")
            return RecordDraft(
                type: DomainEventType.gatheringHeld, stream: DomainStream.gathering(gathering),
                payload: payload([
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
}

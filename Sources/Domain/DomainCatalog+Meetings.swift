import EventModel

extension DomainCatalog {
    static func meetingSchemas() -> [EventSchema] {
        let id = PayloadField.Kind.text(maxLength: DomainStream.maximumIdentifierLength)
        let meeting = PayloadField.required("meeting", id)
        let note = PayloadField.optional("note", .text(maxLength: 2000))
        func schema(_ type: EventType, _ fields: [PayloadField], items: [String] = []) -> EventSchema {
            EventSchema(
                type: type.rawValue, fields: [meeting] + fields,
                check: { content in
                    // Checked for every meeting event: one check after the other (no closures or arrays built per
                    // event), and the stream compared in place before the expected one is formed.
                    // The meeting's text is read once, for both rules that need it.
                    let meeting = content.text("meeting")
                    if let problem = SchemaRules.identifier(meeting, "meeting") { return problem }
                    for item in items {
                        if let problem = SchemaRules.identifier(content, item) { return problem }
                    }
                    return SchemaRules.segmentStream(content, "meeting", identifier: meeting, DomainStream.meeting)
                })
        }
        return [
            schema(
                DomainEventType.meetingScheduled,
                [
                    .required("date", .date), .required("host", .municipality),
                    .required("place", .text(maxLength: 200)),
                    .optional("title", .text(maxLength: 200)),
                ]),
            schema(
                DomainEventType.meetingAttendance,
                [
                    .required("municipality", .municipality), .required("present", .boolean),
                    .optional("persons", .integer(0...100)), note,
                ]),
            schema(
                DomainEventType.meetingAgendaItem,
                [
                    .required("item", id), .required("order", .integer(1...1000)),
                    .required("title", .text(maxLength: 500)), note,
                ],
                items: ["item"]),
            schema(DomainEventType.meetingMinutes, [.required("text", .text(maxLength: 20000))]),
            schema(
                DomainEventType.meetingDecision, [.required("item", id), .required("text", .text(maxLength: 5000))],
                items: ["item"]),
            schema(
                DomainEventType.meetingActionItem,
                [
                    .required("item", id), .required("text", .text(maxLength: 2000)), .required("owner", .municipality),
                    .required("due", .date),
                ],
                items: ["item"]),
            schema(
                DomainEventType.meetingActionDone, [.required("item", id), .required("date", .date), note],
                items: ["item"]),
            schema(DomainEventType.meetingHeld, [.required("date", .date)]),
            schema(DomainEventType.meetingCancelled, [.optional("reason", .text(maxLength: 500))]),
            EventSchema(
                type: DomainEventType.gatheringHeld.rawValue,
                fields: [
                    .required("gathering", id), .required("date", .date), .required("host", .municipality),
                    .required("place", .text(maxLength: 200)), .required("title", .text(maxLength: 200)),
                    .optional("actors", .list(.text(maxLength: 200), maxCount: 50)),
                    .optional("participants", .integer(0...100_000)), note,
                ],
                check: { content in
                    SchemaRules.first([
                        { SchemaRules.identifiers(content, ["gathering"]) },
                        {
                            SchemaRules.stream(
                                content, content.text("gathering").flatMap(DomainStream.gathering))
                        },
                    ])
                }),
        ]
    }
}

import EventModel

extension DomainCatalog {
    /// Longest text of one programme cell; the longest row of the 2023–2025 programme has 276 characters.
    static let cellLength = 2000

    static func programmeSchemas() -> [EventSchema] {
        let id = PayloadField.Kind.text(maxLength: DomainStream.maximumIdentifierLength)
        let members = PayloadField.required("members", .list(.municipality, maxCount: 50))
        let header: @Sendable (EventContent) -> EnvelopeError? = { content in
            SchemaRules.first([
                { SchemaRules.identifiers(content, ["programme"]) },
                { SchemaRules.stream(content, content.text("programme").flatMap(DomainStream.programme)) },
                {
                    let period = content.payload["period"]
                    if let from = period?.int("from"), let to = period?.int("to"), from > to {
                        return EnvelopeError(
                            field: "payload.period.to", reason: "must not be before payload.period.from")
                    }
                    return nil
                },
            ])
        }
        let periodField = PayloadField.required("period", .object([.required("from", .year), .required("to", .year)]))
        let reviewField = PayloadField.required("reviewIntervalYears", .integer(1...4))
        return [
            EventSchema(
                type: DomainEventType.programmeAdopted.rawValue, version: 1,
                fields: [
                    .required("programme", id), .required("title", .text(maxLength: 200)),
                    .required("startYear", .year), .required("endYear", .year), members,
                ],
                check: { content in
                    SchemaRules.first([
                        { SchemaRules.identifiers(content, ["programme"]) },
                        {
                            SchemaRules.stream(
                                content, content.text("programme").flatMap(DomainStream.programme))
                        },
                    ])
                }),
            EventSchema(
                type: DomainEventType.programmeAdopted.rawValue, version: 2,
                fields: [
                    .required("programme", id), .required("title", .text(maxLength: 200)), periodField, members,
                    reviewField,
                ],
                check: header),
            EventSchema(
                type: DomainEventType.programmeRevised.rawValue,
                fields: [
                    .required("programme", id), .required("title", .text(maxLength: 200)), periodField, members,
                    reviewField, .optional("note", .text(maxLength: cellLength)),
                ],
                check: { content in
                    SchemaRules.first([{ SchemaRules.parentsRequired(content, "it revises") }, { header(content) }])
                }),
            EventSchema(
                type: DomainEventType.programmeArea.rawValue,
                fields: [
                    .required("programme", id), .required("area", id), .required("title", .text(maxLength: 500)),
                    .required("order", .integer(1...1000)),
                ],
                check: { content in
                    let payload = content
                    return SchemaRules.first([
                        { SchemaRules.identifiers(content, ["programme", "area"]) },
                        {
                            SchemaRules.stream(
                                content, DomainStream.area(payload.text("programme") ?? "", payload.text("area") ?? ""))
                        },
                    ])
                }),
            EventSchema(
                type: DomainEventType.programmeMeasure.rawValue,
                fields: [
                    .required("programme", id), .required("area", id), .required("measure", id),
                    .required("order", .integer(1...1000)),
                    // Empty cells of the programme are absent fields: text fields hold at least one character.
                    .optional("goal", .text(maxLength: cellLength)), .optional("action", .text(maxLength: cellLength)),
                    .optional("responsible", .text(maxLength: cellLength)),
                    .optional("partners", .text(maxLength: cellLength)),
                    .optional("followUp", .text(maxLength: cellLength)),
                    .required("indicators", .list(id, maxCount: 20)),
                ],
                check: { content in
                    let payload = content
                    return SchemaRules.first([
                        { SchemaRules.identifiers(content, ["programme", "area", "measure"]) },
                        {
                            SchemaRules.stream(
                                content,
                                DomainStream.measure(
                                    payload.text("programme") ?? "", payload.text("area") ?? "",
                                    payload.text("measure") ?? ""))
                        },
                    ])
                }),
            EventSchema(
                type: DomainEventType.programmeReviewDue.rawValue,
                fields: [
                    .required("programme", id), .required("date", .date), .optional("note", .text(maxLength: 2000)),
                ],
                check: { content in
                    SchemaRules.first([
                        { SchemaRules.identifiers(content, ["programme"]) },
                        { SchemaRules.stream(content, content.text("programme").flatMap(DomainStream.review)) },
                    ])
                }),
            EventSchema(
                type: DomainEventType.indicatorDefined.rawValue,
                fields: [
                    .required("programme", id), .required("indicator", id), .required("name", .text(maxLength: 500)),
                    .required("kind", .oneOf(IndicatorKind.allCases.map(\.rawValue))),
                    .optional("unit", .text(maxLength: 100)),
                    .required("source", .oneOf(IndicatorSource.allCases.map(\.rawValue))),
                    .required("scope", .oneOf(IndicatorScope.allCases.map(\.rawValue))),
                    .optional("everyYears", .integer(1...10)), .optional("tool", .text(maxLength: 100)),
                ],
                check: indicatorCheck),
            EventSchema(
                type: DomainEventType.approvalRecorded.rawValue,
                fields: [
                    .required("programme", id), .required("municipality", .municipality), .required("date", .date),
                    .required("body", .text(maxLength: 200)), .required("decision", .text(maxLength: 200)),
                    .optional("note", .text(maxLength: 2000)),
                ],
                check: { content in
                    SchemaRules.first([
                        { SchemaRules.writtenByOwnNode(content, key: "municipality", what: "a council approval") },
                        { SchemaRules.identifiers(content, ["programme"]) },
                        {
                            SchemaRules.stream(
                                content,
                                DomainStream.approval(content.text("programme") ?? "", content.municipality))
                        },
                    ])
                }),
        ]
    }

    static func indicatorCheck(_ content: EventContent) -> EnvelopeError? {
        let payload = content
        return SchemaRules.first([
            { SchemaRules.identifiers(content, ["programme", "indicator"]) },
            {
                SchemaRules.stream(
                    content, DomainStream.indicator(payload.text("programme") ?? "", payload.text("indicator") ?? ""))
            },
            {
                let source = payload.text("source").flatMap(IndicatorSource.init)
                let scope = payload.text("scope").flatMap(IndicatorScope.init)
                if source == .reported, scope != .municipality {
                    return EnvelopeError(
                        field: "payload.scope", reason: "must be municipality for a reported indicator")
                }
                if source == .meetings || source == .gatherings, scope != .region {
                    return EnvelopeError(
                        field: "payload.scope", reason: "must be region for an indicator derived from \(source!)")
                }
                if payload.text("kind") == IndicatorKind.periodicDuty.rawValue, payload.int("everyYears") == nil {
                    return EnvelopeError(field: "payload.everyYears", reason: "is needed for a periodic duty")
                }
                return nil
            },
        ])
    }
}

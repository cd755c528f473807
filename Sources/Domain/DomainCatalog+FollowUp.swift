import EventModel

extension DomainCatalog {
    static func followUpSchemas(known: [String: IndicatorDefinition]) -> [EventSchema] {
        let id = PayloadField.Kind.text(maxLength: DomainStream.maximumIdentifierLength)
        let bound = PayloadField.Kind.decimal(0...1_000_000_000)
        let figureFields: [PayloadField] = [
            .required("indicator", id), .required("municipality", .municipality), .required("year", .year),
            .optional("value", .decimal(0...1_000_000_000_000)), .optional("participants", .integer(0...10_000_000)),
            .optional("done", .boolean), .optional("reference", .text(maxLength: 500)),
            .optional("note", .text(maxLength: 2000)),
        ]
        return [
            EventSchema(
                type: DomainEventType.programmeTarget.rawValue,
                fields: [
                    .required("programme", id), .required("indicator", id), .optional("year", .year),
                    .optional("min", bound), .optional("max", bound), .optional("note", .text(maxLength: 2000)),
                ],
                check: { content in
                    let payload = content
                    return SchemaRules.first([
                        { SchemaRules.identifiers(content, ["programme", "indicator"]) },
                        { SchemaRules.range(content) },
                        {
                            SchemaRules.stream(
                                content,
                                DomainStream.programmeTarget(
                                    payload.text("programme") ?? "", payload.text("indicator") ?? "",
                                    year: payload.int("year")))
                        },
                    ])
                }),
            EventSchema(
                type: DomainEventType.municipalityTarget.rawValue,
                fields: [
                    .required("programme", id), .required("indicator", id), .required("municipality", .municipality),
                    .required("year", .year), .optional("min", bound), .optional("max", bound),
                    .optional("note", .text(maxLength: 2000)),
                ],
                check: { content in
                    let payload = content
                    return SchemaRules.first([
                        { SchemaRules.writtenByOwnNode(content, key: "municipality", what: "a target") },
                        { SchemaRules.identifiers(content, ["programme", "indicator"]) },
                        { derivedRefusal(content, known: known, what: "a target") },
                        { SchemaRules.range(content) },
                        {
                            SchemaRules.stream(
                                content,
                                DomainStream.municipalityTarget(
                                    payload.text("programme") ?? "", payload.text("indicator") ?? "",
                                    content.municipality, year: payload.int("year") ?? 0))
                        },
                    ])
                }),
            EventSchema(
                type: DomainEventType.followUpReported.rawValue, fields: figureFields,
                check: { content in figureCheck(content, known: known) }),
            EventSchema(
                type: DomainEventType.followUpCorrected.rawValue, fields: figureFields,
                check: { content in
                    SchemaRules.first([
                        { SchemaRules.parentsRequired(content, "it corrects") },
                        { figureCheck(content, known: known) },
                    ])
                }),
        ]
    }

    /// A figure comes from its own municipality's node, for a reported indicator, in the shape its kind needs.
    static func figureCheck(_ content: EventContent, known: [String: IndicatorDefinition]) -> EnvelopeError? {
        // Checked for every figure appended, ingested or rebuilt: one check after the other rather than
        // `SchemaRules.first` over closures, the stream compared in place (`SchemaRules.figureStream`), and each
        // member and the indicator's definition looked up once; the rules that find a problem are asked again
        // for their message. The members are read through the content, from the payload's bytes when it holds them.
        guard let municipality = content.int("municipality"), municipality == content.municipality.rawValue else {
            return SchemaRules.writtenByOwnNode(content, key: "municipality", what: "a figure")
        }
        let indicator = content.text("indicator")
        if let problem = SchemaRules.identifier(indicator, "indicator") { return problem }
        let definition = indicator.flatMap { known[$0] }
        if let definition, definition.source.isDerived {
            return derivedRefusal(content, known: known, what: "a figure")
        }
        let year = content.int("year") ?? 0
        if let problem = SchemaRules.figureStream(content, indicator: indicator ?? "", year: year) { return problem }
        guard let definition else { return nil }
        return shapeProblem(content, kind: definition.kind)
    }

    /// Derived figures are computed by every node from the events they come from; typing them would count twice.
    static func derivedRefusal(
        _ content: EventContent, known: [String: IndicatorDefinition], what: String
    ) -> EnvelopeError? {
        guard let indicator = content.text("indicator"), let definition = known[indicator],
            definition.source.isDerived
        else { return nil }
        return EnvelopeError(
            field: "payload.indicator",
            reason:
                "\(indicator) is derived from \(definition.source.rawValue) events; \(what) for it cannot be reported")
    }

    /// The members a figure of `kind` must carry.
    static func shapeProblem(_ payload: some PayloadReading, kind: IndicatorKind) -> EnvelopeError? {
        func missing(_ key: String, _ why: String) -> EnvelopeError {
            EnvelopeError(field: "payload.\(key)", reason: "is missing: \(why)")
        }
        switch kind {
        case .count, .targetRange:
            // A whole number is there; only when there is none is its presence asked.
            if payload.int("value") == nil {
                guard payload.has("value") else { return missing("value", "a count is reported as a value") }
                return EnvelopeError(field: "payload.value", reason: "must be a whole number")
            }
        case .countWithParticipants:
            if !payload.has("value") { return missing("value", "a count is reported as a value") }
            if !payload.has("participants") { return missing("participants", "this indicator counts participants") }
        case .periodicDuty, .yesNo, .survey:
            if !payload.has("done") { return missing("done", "this indicator is reported as yes or no") }
        case .externalTool:
            if !payload.has("reference"), !payload.has("value") {
                return missing("reference", "an external tool is reported by a reference or a value")
            }
        }
        return nil
    }
}

import EventModel

extension DomainEventType {
    /// A municipality's counts from its cases for one completed period, suppressed at the source.
    ///
    /// Republishing a period lists the versions it replaces in `parents`, like a corrected figure.
    public static let caseCounts = EventType("cases.counts")!
}

extension DomainStream {
    /// The stream of a municipality's case counts for a period: `casecounts/<municipality>/<period>`.
    public static func caseCounts(_ municipality: MunicipalityCode, _ period: CasePeriod) -> StreamID? {
        StreamID("casecounts/\(municipality)/\(period)")
    }
}

extension DomainCatalog {
    /// `cases.counts`: the only thing derived from cases that enters the region channel.
    ///
    /// The schema, not the writer, guarantees suppression: every node refuses a payload carrying an exact
    /// count from 1 to 4, so no node can publish one, whatever its configuration or release.
    static func caseCountSchemas() -> [EventSchema] {
        // "<1000" is the longest suppressed form; exact counts are at most nine digits.
        let count = PayloadField.Kind.text(maxLength: 9)
        let fields: [PayloadField] =
            [.required("municipality", .municipality), .required("period", .text(maxLength: 7))]
            + CaseCountKey.allCases.map { .required($0.rawValue, count) }
        return [
            EventSchema(
                type: DomainEventType.caseCounts.rawValue, fields: fields,
                check: { content in
                    SchemaRules.first([
                        { SchemaRules.writtenByOwnNode(content, key: "municipality", what: "case counts") },
                        { periodProblem(content) },
                        { suppressionProblem(content) },
                    ])
                })
        ]
    }

    /// The period must be a quarter or a year, and the stream the one the convention gives for it.
    static func periodProblem(_ content: EventContent) -> EnvelopeError? {
        guard let period = content.text("period").flatMap({ CasePeriod($0) }) else {
            return EnvelopeError(field: "payload.period", reason: "must be a year (2025) or a quarter (2025-Q1)")
        }
        return SchemaRules.stream(content, DomainStream.caseCounts(content.municipality, period))
    }

    /// Every count must be `"0"`, an exact count at or above the threshold, or `"<threshold"`; one threshold of at
    /// least `PublishedCaseCounts.minimumThreshold` per payload, so no exact count below it ever travels.
    static func suppressionProblem(_ payload: some PayloadMembers) -> EnvelopeError? {
        var parsed: [(CaseCountKey, SuppressedCount)] = []
        for key in CaseCountKey.allCases {
            guard let count = payload.text(key.rawValue).flatMap(SuppressedCount.init(published:)) else {
                return EnvelopeError(
                    field: "payload.\(key.rawValue)", reason: "must be a count written \"12\", \"0\" or \"<5\"")
            }
            parsed.append((key, count))
        }
        var threshold: Int?
        for (key, count) in parsed {
            guard case .below(let named) = count else { continue }
            let range = PublishedCaseCounts.minimumThreshold...PublishedCaseCounts.maximumThreshold
            guard range.contains(named) else {
                return EnvelopeError(
                    field: "payload.\(key.rawValue)",
                    reason: "names a threshold of \(named); it must be from \(range.lowerBound) to \(range.upperBound)")
            }
            if let threshold, threshold != named {
                return EnvelopeError(
                    field: "payload.\(key.rawValue)",
                    reason: "names the threshold \(named) but another count names \(threshold); one payload uses one")
            }
            threshold = named
        }
        let applied = threshold ?? PublishedCaseCounts.minimumThreshold
        for (key, count) in parsed {
            guard case .exact(let value) = count, (1..<applied).contains(value) else { continue }
            return EnvelopeError(
                field: "payload.\(key.rawValue)",
                reason: "is an exact count below \(applied); counts from 1 to \(applied - 1) travel as \"<\(applied)\"")
        }
        return nil
    }
}

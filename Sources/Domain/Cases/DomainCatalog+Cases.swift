import EventModel

extension DomainCatalog {
    /// Case events: only in the writing node's own municipality channel, on opaque `case/<id>` streams.
    ///
    /// Personal fields never appear in clear: they travel in `sealed`, encrypted per person (see
    /// ARCHITECTURE.md, Privacy); what is in clear here is what deadlines and counts need.
    static func caseSchemas() -> [EventSchema] {
        let on = PayloadField.required("on", .date)
        let note = PayloadField.optional("note", .text(maxLength: 2000))
        let sealed = PayloadField.optional(
            "sealed",
            .object([
                .required("keyId", .text(maxLength: 64)), .required("nonce", .text(maxLength: 64)),
                .required("ciphertext", .text(maxLength: 65_536)), .required("tag", .text(maxLength: 64)),
            ]))
        let by = PayloadField.required("by", .oneOf(["municipality", "employment_authority"]))
        func schema(_ step: CaseStep, _ fields: [PayloadField]) -> EventSchema {
            EventSchema(type: step.eventType.rawValue, channel: .ownMunicipality, fields: [on] + fields, check: caseStream)
        }
        return [
            schema(.opened, [
                .required("grounds", .oneOf(CaseGrounds.allCases.map(\.rawValue))),
                .optional("firstPermitDate", .date), .optional("languages", .list(.text(maxLength: 40), maxCount: 10)),
                .optional("interpreterNeeded", .boolean), .optional("caseworker", .text(maxLength: 128)), sealed,
            ]),
            schema(.assessment_started, [by]),
            schema(.assessment_completed, [by, .required("planNeeded", .boolean), .optional("outcome", .text(maxLength: 500))]),
            schema(.plan_drafted, [note]),
            schema(.plan_signed, [.optional("until", .date), note]),
            schema(.plan_reviewed, [note]),
            schema(.plan_extended, [.required("until", .date), note]),
            schema(.plan_ended, [note]),
            schema(.referral, [.required("to", .oneOf(["language_training", "civic_orientation", "other"])), note]),
            schema(.interpreter_arranged, [note]),
            schema(.closed, [.optional("reason", .text(maxLength: 500))]),
            EventSchema(type: CaseStep.erasedType.rawValue, channel: .ownMunicipality, fields: [on], check: caseStream),
        ]
    }

    private static func caseStream(_ content: EventContent) -> EnvelopeError? {
        let parts = content.stream.rawValue.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "case", DomainStream.isIdentifier(String(parts[1])) else {
            return EnvelopeError(field: "stream", reason: "case events belong to a stream case/<opaque id>")
        }
        return nil
    }
}

/// CaseGrounds are the grounds on which a case is opened, as the integration acts list them.
public enum CaseGrounds: String, Sendable, CaseIterable {
    case social_assistance
    case unemployed_jobseeker
    case own_request
    case international_protection
    case family_member
    case other
}

import EventModel

extension DomainCatalog {
    /// Case events: only in the writing node's own municipality channel, on opaque `case/<id>` streams.
    ///
    /// What is in clear is only what deadlines and counts need (dates, grounds, who acted, whether a plan
    /// is needed). Everything about the person — name, birth date, languages, permit date, notes,
    /// outcomes — travels in `sealed`, encrypted per person (see ARCHITECTURE.md, Privacy), so erasing
    /// the person's key erases it on every node and in every backup of the log.
    static func caseSchemas() -> [EventSchema] {
        let on = PayloadField.required("on", .date)
        let sealed = PayloadField.optional(
            "sealed",
            .object([
                .required("keyId", .text(maxLength: 64)), .required("nonce", .text(maxLength: 64)),
                .required("ciphertext", .text(maxLength: 65_536)), .required("tag", .text(maxLength: 64)),
            ]))
        let by = PayloadField.required("by", .oneOf(CaseActor.allCases.map(\.rawValue)))
        func schema(_ step: CaseStep, _ fields: [PayloadField]) -> EventSchema {
            EventSchema(
                type: step.eventType.rawValue, channel: .ownMunicipality, fields: [on] + fields + [sealed],
                check: caseStream)
        }
        return [
            schema(.opened, [
                .required("grounds", .oneOf(CaseGrounds.allCases.map(\.rawValue))),
                .optional("interpreterNeeded", .boolean), .optional("caseworker", .text(maxLength: 128)),
            ]),
            schema(.assessment_started, [by]),
            schema(.assessment_completed, [by, .required("planNeeded", .boolean)]),
            schema(.plan_drafted, []),
            schema(.plan_signed, [.optional("until", .date)]),
            schema(.plan_reviewed, []),
            schema(.plan_extended, [.required("until", .date)]),
            schema(.plan_ended, []),
            schema(.referral, [.required("to", .oneOf(CaseReferral.allCases.map(\.rawValue)))]),
            schema(.interpreter_arranged, []),
            schema(.closed, []),
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

/// CaseActor is who carried out an assessment: the municipality or the employment authority.
public enum CaseActor: String, Sendable, CaseIterable {
    case municipality
    case employment_authority
}

/// CaseReferral is the service a person is referred to.
public enum CaseReferral: String, Sendable, CaseIterable {
    case language_training
    case civic_orientation
    case other
}

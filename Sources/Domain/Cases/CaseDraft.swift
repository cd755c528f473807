import EventModel

/// CaseDraft is one case step as a caseworker typed it, validated and split into what may stand in
/// clear (dates and what deadlines and counts need) and what is personal (sealed before it is written).
///
/// The CLI and the web forms build drafts here, so both refuse the same input with the same field names.
public struct CaseDraft: Sendable {
    /// The step; nil for an erasure.
    public let step: CaseStep?
    /// The event type to write.
    public let type: EventType
    /// The payload fields in clear, including `on`.
    public let clear: [String: JSONValue]
    /// The personal fields, to be sealed under the person's key; empty when there are none.
    public let personal: [String: JSONValue]

    /// The option names a step reads, clear ones first; personal ones are marked in `personalFields`.
    public static func fields(for step: CaseStep) -> [String] {
        let clear: [String] =
            switch step {
            case .opened: ["grounds", "interpreter-needed", "caseworker"]
            case .assessment_started: ["by"]
            case .assessment_completed: ["by", "plan-needed"]
            case .plan_signed: ["until"]
            case .plan_extended: ["until"]
            case .referral: ["to"]
            default: []
            }
        return ["on"] + clear + personalFields(for: step)
    }

    /// The personal option names a step takes.
    public static func personalFields(for step: CaseStep) -> [String] {
        switch step {
        case .opened: ["name", "birth-date", "languages", "first-permit-date", "note"]
        case .assessment_completed: ["outcome", "note"]
        case .closed: ["reason", "note"]
        default: ["note"]
        }
    }

    /// Validates `values` (option name → text) for `step`; `today` is the default of `on`.
    public static func build(
        _ step: CaseStep, values: [String: String], today: CalendarDate, ownMunicipality: MunicipalityCode
    ) throws(RecordFieldError) -> CaseDraft {
        let input = RecordValues(values, ownMunicipality: ownMunicipality)
        var clear: [String: JSONValue] = ["on": .string(try input.date("on") ?? today.description)]
        var personal: [String: JSONValue] = [:]
        switch step {
        case .opened:
            guard let grounds = try input.choice("grounds", CaseGrounds.allCases.map(\.rawValue)) else {
                throw RecordFieldError("grounds", .required)
            }
            clear["grounds"] = .string(grounds)
            if let interpreter = try input.yesNo("interpreter-needed") { clear["interpreterNeeded"] = .bool(interpreter) }
            if let caseworker = try input.text("caseworker", maxLength: 128) { clear["caseworker"] = .string(caseworker) }
            guard let name = try input.text("name", maxLength: 200) else { throw RecordFieldError("name", .required) }
            personal["name"] = .string(name)
            if let birth = try input.date("birth-date") { personal["birthDate"] = .string(birth) }
            if let permit = try input.date("first-permit-date") { personal["firstPermitDate"] = .string(permit) }
            if let languages = try input.text("languages", maxLength: 400) {
                let list = languages.split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
                personal["languages"] = .array(list.map { .string($0) })
            }
        case .assessment_started, .assessment_completed:
            guard let by = try input.choice("by", CaseActor.allCases.map(\.rawValue)) else {
                throw RecordFieldError("by", .required)
            }
            clear["by"] = .string(by)
            if step == .assessment_completed {
                guard let needed = try input.yesNo("plan-needed") else { throw RecordFieldError("plan-needed", .required) }
                clear["planNeeded"] = .bool(needed)
                if let outcome = try input.text("outcome", maxLength: 2000) { personal["outcome"] = .string(outcome) }
            }
        case .plan_signed, .plan_extended:
            if let until = try input.date("until") {
                clear["until"] = .string(until)
            } else if step == .plan_extended {
                throw RecordFieldError("until", .required)
            }
        case .referral:
            guard let to = try input.choice("to", CaseReferral.allCases.map(\.rawValue)) else {
                throw RecordFieldError("to", .required)
            }
            clear["to"] = .string(to)
        case .closed:
            if let reason = try input.text("reason", maxLength: 500) { personal["reason"] = .string(reason) }
        case .plan_drafted, .plan_reviewed, .plan_ended, .interpreter_arranged:
            break
        }
        if let note = try input.text("note", maxLength: 2000) { personal["note"] = .string(note) }
        return CaseDraft(step: step, type: step.eventType, clear: clear, personal: personal)
    }

    /// The erasure of a case on `on`: it carries nothing personal.
    public static func erasure(on date: CalendarDate) -> CaseDraft {
        CaseDraft(step: nil, type: CaseStep.erasedType, clear: ["on": .string(date.description)], personal: [:])
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

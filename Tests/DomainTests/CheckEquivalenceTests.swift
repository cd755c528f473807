import EventModel
import Testing

@testable import Domain

/// The figure and meeting checks take shortcuts for speed (each member looked up once, streams compared in place);
/// these tests hold them to the verdicts, problem texts included, of the checks as first written, kept here.
@Suite struct CheckEquivalenceTests {
    static let known: [String: IndicatorDefinition] = {
        var known: [String: IndicatorDefinition] = [:]
        for definition in ProgrammeData.shipped.indicators { known[definition.id] = definition }
        return known
    }()

    /// The standard catalog with the figure and meeting checks as first written.
    static let reference: EventCatalog = {
        let meetingTypes = Set(DomainEventType.all.filter { $0.rawValue.hasPrefix("meeting.") })
        var schemas: [EventSchema] = []
        for versions in DomainCatalog.standard.schemas.values {
            for schema in versions.values {
                var check = schema.check
                if schema.type == DomainEventType.followUpReported {
                    check = { content in oldFigureCheck(content) }
                } else if schema.type == DomainEventType.followUpCorrected {
                    check = { content in
                        SchemaRules.first([
                            { SchemaRules.parentsRequired(content, "it corrects") }, { oldFigureCheck(content) },
                        ])
                    }
                } else if meetingTypes.contains(schema.type) {
                    let items = schema.fields.contains { $0.name == "item" } ? ["item"] : []
                    check = { content in
                        SchemaRules.first([
                            { SchemaRules.identifiers(content, ["meeting"] + items) },
                            {
                                SchemaRules.stream(
                                    content, content.payload.text("meeting").flatMap(DomainStream.meeting))
                            },
                        ])
                    }
                }
                schemas.append(
                    EventSchema(
                        type: schema.type.rawValue, version: schema.version, channel: schema.channel,
                        fields: schema.fields, check: check))
            }
        }
        return EventCatalog(schemas)
    }()

    static func oldFigureCheck(_ content: EventContent) -> EnvelopeError? {
        let payload = content.payload
        return SchemaRules.first([
            { SchemaRules.writtenByOwnNode(content, key: "municipality", what: "a figure") },
            { SchemaRules.identifiers(content, ["indicator"]) },
            { DomainCatalog.derivedRefusal(content, known: known, what: "a figure") },
            {
                SchemaRules.stream(
                    content,
                    DomainStream.figure(payload.text("indicator") ?? "", content.municipality, year: payload.int("year") ?? 0))
            },
            {
                guard let definition = payload.text("indicator").flatMap({ known[$0] }) else { return nil }
                return DomainCatalog.shapeProblem(payload, kind: definition.kind)
            },
        ])
    }

    static func pick<T>(_ rng: inout Mix, _ choices: [T]) -> T { choices[rng.below(choices.count)] }

    static func randomContent(_ rng: inout Mix) -> EventContent {
        let indicators = Array(known.keys).sorted() + ["unknown-one", "bad id", "", "ä", String(repeating: "x", count: 41)]
        let municipality = MunicipalityCode(pick(&rng, [231, 287]))!
        let indicator = pick(&rng, indicators)
        let year = pick(&rng, [2024, 2000, 2100, 1999, 2024])
        let meeting = pick(&rng, ["m-1", "m.2_x", "M-3", "bad id", "", "ö", String(repeating: "m", count: 40)])
        var payload: [String: JSONValue]
        var stream: String
        let type: EventType
        if rng.below(2) == 0 {
            type = pick(&rng, [DomainEventType.followUpReported, DomainEventType.followUpCorrected])
            payload = [
                "indicator": .string(indicator), "municipality": .number(JSONNumber(Int64(pick(&rng, [231, 287, 545])))),
                "year": .number(JSONNumber(Int64(year))),
            ]
            for key in ["value", "participants", "done", "reference", "note"] where rng.below(2) == 0 {
                payload[key] = pick(&rng, [1, 7, .number(JSONNumber(jsonText: "2.5")!), true, "ref", .null, -1])
            }
            stream = pick(&rng, [
                "figure/\(indicator)/\(municipality)/\(year)", "figure/\(indicator)/\(municipality)/\(year + 1)",
                "figure/\(indicator)/287/\(year)", "figure/other/\(municipality)/\(year)", "figure/\(indicator)/\(municipality)",
                "figure/\(indicator)/\(municipality)/0\(year)", "figur/\(indicator)/\(municipality)/\(year)",
            ])
        } else {
            type = pick(&rng, DomainEventType.all.filter { $0.rawValue.hasPrefix("meeting.") })
            payload = [
                "meeting": .string(meeting), "date": "2025-03-14", "host": 231, "place": "Kaskö", "title": "Möte",
                "municipality": 231, "present": true, "item": .string(pick(&rng, ["p1", "p 2", "p.3", ""])), "order": 2,
                "text": "Text", "owner": 287, "due": "2025-04-01", "reason": "r", "persons": 3,
            ]
            // Keep only the members of the type's schema (mostly), so the checks are reached.
            let fields = Set(DomainCatalog.standard.schemas[type]![1]!.fields.map(\.name))
            if rng.below(8) != 0 { payload = payload.filter { fields.contains($0.key) } }
            stream = pick(&rng, ["meeting/\(meeting)", "meeting/\(meeting)x", "meeting/m-1", "meetings/\(meeting)", "meeting/"])
        }
        for key in Array(payload.keys) where rng.below(15) == 0 { payload[key] = nil }
        return EventContent(
            channel: .region, municipality: municipality, stream: StreamID(stream) ?? StreamID("x/y")!, type: type,
            schemaVersion: 1, parents: rng.below(3) == 0 ? [] : [EventHash.sha256([1])], payload: .object(payload))
    }

    @Test func randomFiguresAndMeetingsAreJudgedAsByTheFirstChecks() {
        var rng = Mix(state: 0xd0_0a11)
        var reasons: [String: Int] = [:]
        for _ in 0..<20_000 {
            let content = Self.randomContent(&rng)
            let got = DomainCatalog.standard.verdict(for: content)
            let want = Self.reference.verdict(for: content)
            #expect(got == want, "\(content.type) \(content.stream) \(content.payload)")
            if got != want { return }
            reasons[got.reason.map { String($0.prefix(24)) } ?? "valid", default: 0] += 1
        }
        #expect(reasons["valid", default: 0] > 500)
        #expect(reasons.count > 12)
    }
}

/// A small seeded generator, so a failing case is the same on every run.
struct Mix {
    var state: UInt64
    mutating func below(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}

/// The standard catalog judges a payload given as vouched bytes (`EventContent.payloadBytes`, as a received event's
/// is) exactly as the checks as first written judge its tree, problem texts included.
@Suite struct ByteCheckEquivalenceTests {
    @Test func figuresAndMeetingsFromBytesAreJudgedAsFromTheTree() {
        var rng = Mix(state: 0xb17e_5a11)
        var vouched = 0
        var reasons: [String: Int] = [:]
        for _ in 0..<20_000 {
            let content = CheckEquivalenceTests.randomContent(&rng)
            guard let bytes = PayloadBytes(CanonicalJSON.encode(content.payload)) else { continue }
            vouched += 1
            let judged = EventContent(
                channel: content.channel, municipality: content.municipality, stream: content.stream,
                type: content.type, schemaVersion: content.schemaVersion, parents: content.parents, payloadBytes: bytes)
            let got = DomainCatalog.standard.verdict(for: judged)
            let want = CheckEquivalenceTests.reference.verdict(for: content)
            #expect(got == want, "\(content.type) \(content.stream) \(content.payload)")
            if got != want { return }
            reasons[got.reason.map { String($0.prefix(24)) } ?? "valid", default: 0] += 1
        }
        #expect(vouched > 15_000)
        #expect(reasons["valid", default: 0] > 500)
        #expect(reasons.count > 12)
    }
}

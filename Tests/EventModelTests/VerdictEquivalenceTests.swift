import Testing

@testable import EventModel

/// The catalog's verdicts, problem texts included, against a plain reading of the rules: look the type and version up,
/// name the smallest extra member first, then the first field (in declared order) that is missing or malformed.
/// The catalog takes shortcuts for speed (one walk over the members, a flat table of schemas); these tests hold
/// them to the same judgement over many random and awkward payloads.
@Suite struct VerdictEquivalenceTests {
    static let region = MunicipalityCode(231)!

    static let catalog = EventCatalog([
        EventSchema(
            type: "test.figure", fields: [
                .required("indicator", .text(maxLength: 12)), .required("municipality", .municipality),
                .required("year", .year), .optional("value", .decimal(0...1_000)),
                .optional("count", .integer(-5...10)), .optional("done", .boolean),
                .optional("note", .text(maxLength: 20)), .optional("kind", .oneOf(["a", "ä", "b c"])), .optional("é", .boolean),
            ]),
        EventSchema(
            type: "test.figure", version: 2, channel: .ownMunicipality,
            fields: [
                .required("when", .date), .optional("hash", .hash), .required("tags", .list(.text(maxLength: 3), maxCount: 3)),
                .optional(
                    "nested", .object([.required("x", .integer(0...9)), .optional("ÿ", .boolean), .optional("y", .year)])),
            ],
            check: { content in
                content.payload.objectValue?["when"]?.stringValue == "2024-02-29"
                    ? EnvelopeError(field: "payload.when", reason: "leap day refused by the check") : nil
            }),
        EventSchema(type: "test.empty", fields: []),
        // Repeated names: the catalog must judge them as the plain reading does.
        EventSchema(
            type: "test.twice", fields: [.optional("a", .integer(0...5)), .required("a", .integer(3...9)), .optional("b", .boolean)]),
        EventSchema(type: "test.many", fields: (0..<70).map { .optional("f\($0)", .integer(0...Int64($0))) }),
    ])

    /// The verdict as the plain reading gives it.
    static func expected(_ catalog: EventCatalog, _ content: EventContent) -> ContentVerdict {
        guard let versions = catalog.schemas[content.type] else { return .unknownType }
        guard let schema = versions[content.schemaVersion] else { return .unknownSchemaVersion(known: versions.keys.sorted()) }
        switch (schema.channel, content.channel) {
        case (.region, .region): break
        case (.ownMunicipality, .municipality(let code)) where code == content.municipality: break
        case (.region, _):
            return .invalid(EnvelopeError(field: "channel", reason: "\(schema.type) events belong to the region channel"))
        case (.ownMunicipality, _):
            return .invalid(
                EnvelopeError(
                    field: "channel", reason: "\(schema.type) events belong to the channel municipality/\(content.municipality)"))
        }
        guard let members = content.payload.objectValue else {
            return .invalid(EnvelopeError(field: "payload", reason: "must be a JSON object"))
        }
        if let problem = plainFields(members, schema.fields, path: "payload") { return .invalid(problem) }
        if let problem = schema.check(content) { return .invalid(problem) }
        return .valid
    }

    static func plainFields(_ members: [String: JSONValue], _ fields: [PayloadField], path: String) -> EnvelopeError? {
        let names = Set(fields.map(\.name))
        if let extra = members.keys.sorted().first(where: { !names.contains($0) }) {
            return EnvelopeError(field: "\(path).\(extra)", reason: "is not a field of this event type")
        }
        for field in fields {
            guard let value = members[field.name], !value.isNull else {
                if field.isRequired { return EnvelopeError(field: "\(path).\(field.name)", reason: "is missing") }
                continue
            }
            if let problem = plainKind(field.kind, value, path: "\(path).\(field.name)") { return problem }
        }
        return nil
    }

    /// `Kind.validate`, but an object's fields read plainly.
    static func plainKind(_ kind: PayloadField.Kind, _ value: JSONValue, path: String) -> EnvelopeError? {
        switch kind {
        case .object(let fields):
            guard let members = value.objectValue else {
                return EnvelopeError(field: path, reason: "must be an object, not \(value.kindName)")
            }
            return plainFields(members, fields, path: path)
        case .list(let element, let maxCount):
            guard let elements = value.arrayValue, elements.count <= maxCount else { return kind.validate(value, path: path) }
            for (index, item) in elements.enumerated() {
                if let problem = plainKind(element, item, path: "\(path)[\(index)]") { return problem }
            }
            return nil
        default:
            return kind.validate(value, path: path)
        }
    }

    static let names = [
        "indicator", "municipality", "year", "value", "count", "done", "note", "kind", "when", "hash", "tags", "nested",
        "x", "y", "ÿ", "a", "b", "f0", "f3", "f69", "f70", "", "zz", "Indicator", "ä", "e\u{301}", "é", "🙂",
    ]

    static func randomValue(_ rng: inout SplitMix, depth: Int = 0) -> JSONValue {
        switch rng.below(depth > 1 ? 14 : 16) {
        case 0: return .null
        case 1: return .bool(rng.below(2) == 0)
        case 2: return .number(JSONNumber(Int64(rng.below(40)) - 10))
        case 3: return .number(JSONNumber(2000 + Int64(rng.below(110)) - 5))
        case 4: return .number(JSONNumber([231, 287, 545, 280, 475, 999, 0, -231][rng.below(8)]))
        case 5: return .number(JSONNumber(jsonText: ["1.5", "-0.5", "999.99", "1000.0001", "1e3", "1e39", "12345678901234567890"][rng.below(7)])!)
        case 6: return .string(["", "a", "ä", "b c", "abc", "abcd", "x\u{1}y", "tab\there", "line\nnext", "🙂🙂🙂"][rng.below(10)])
        case 7: return .string(["2024-02-29", "2023-02-29", "2024-13-01", "24-01-01", "2025-03-14", "2024-1-01"][rng.below(6)])
        case 8: return .string(String(repeating: "ö", count: rng.below(30)) + String(repeating: "e\u{301}", count: rng.below(3)))
        case 9: return .string([String(repeating: "a", count: 64), String(repeating: "A", count: 64), String(repeating: "0", count: 63)][rng.below(3)])
        case 10, 11: return .string(names[rng.below(names.count)])
        case 12: return .array((0..<rng.below(5)).map { _ in randomValue(&rng, depth: depth + 1) })
        case 13: return .string("befrienders")
        default: return .object(randomMembers(&rng, depth: depth + 1, fields: ["x", "y", "ÿ"]))
        }
    }

    /// Members named mostly from `fields` (so the fields' checks are reached, not only the extra member's).
    static func randomMembers(_ rng: inout SplitMix, depth: Int = 0, fields: [String] = []) -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        for _ in 0..<rng.below(depth == 0 ? 11 : 4) {
            let name = !fields.isEmpty && rng.below(12) != 0 ? fields[rng.below(fields.count)] : names[rng.below(names.count)]
            members[name] = randomValue(&rng, depth: depth)
        }
        return members
    }

    static func randomContent(_ rng: inout SplitMix) -> EventContent {
        let type = EventType(["test.figure", "test.figure", "test.empty", "test.twice", "test.many", "test.none"][rng.below(6)])!
        let municipality = MunicipalityCode([231, 287][rng.below(2)])!
        let channel: Channel = [.region, .municipality(MunicipalityCode(231)!), .municipality(MunicipalityCode(287)!)][rng.below(3)]
        let version = rng.below(4)
        let schema = Self.catalog.schemas[type]?[version] ?? catalog.schemas[type]?[1]
        let fields = (schema?.fields ?? []).map(\.name) + (schema?.fields.count ?? 0 > 60 ? [] : ["x", "y"])
        var payload: JSONValue = .object(randomMembers(&rng, fields: fields))
        if rng.below(20) == 0 { payload = randomValue(&rng) }
        if rng.below(4) == 0, case .object(var members) = payload {
            // Nearly valid payloads, so the checks past the first problem are reached too.
            members["indicator"] = "ind"
            members["municipality"] = 231
            members["year"] = 2024
            members["when"] = rng.below(2) == 0 ? "2024-02-29" : "2025-01-01"
            members["tags"] = ["a", "bb"]
            if rng.below(2) == 0 { members["a"] = .number(JSONNumber(Int64(rng.below(10)))) }
            payload = .object(members)
        }
        return EventContent(
            channel: channel, municipality: municipality, stream: StreamID("test/x")!, type: type,
            schemaVersion: version, parents: [], payload: payload)
    }

    @Test func randomPayloadsAreJudgedAsThePlainReadingJudgesThem() {
        var rng = SplitMix(seed: 0x5eed_0001)
        var kinds: [String: Int] = [:]
        for _ in 0..<20_000 {
            let content = Self.randomContent(&rng)
            let got = Self.catalog.verdict(for: content)
            let want = Self.expected(Self.catalog, content)
            #expect(got == want, "\(content.type) v\(content.schemaVersion) \(content.channel) \(content.payload)")
            if got != want { return }
            kinds[got.reason.map { String($0.prefix(20)) } ?? "valid", default: 0] += 1
        }
        // The inputs reach valid verdicts and many different problems, not only the first one.
        #expect(kinds["valid", default: 0] > 20)
        #expect(kinds.count > 30)
    }

    @Test func awkwardPayloadsHaveFixedVerdicts() {
        let catalog = Self.catalog
        func judge(_ type: String, _ payload: JSONValue, version: Int = 1, channel: Channel = .region) -> ContentVerdict {
            catalog.verdict(
                for: EventContent(
                    channel: channel, municipality: Self.region, stream: StreamID("test/x")!, type: EventType(type)!,
                    schemaVersion: version, parents: [], payload: payload))
        }
        func problem(_ field: String, _ reason: String) -> ContentVerdict { .invalid(EnvelopeError(field: field, reason: reason)) }
        #expect(judge("test.none", [:]) == .unknownType)
        #expect(judge("test.figure", [:], version: 3) == .unknownSchemaVersion(known: [1, 2]))
        #expect(judge("test.figure", ["indicator": "i", "municipality": 231, "year": 2024]) == .valid)
        // The extra member is named before everything else, the smallest one by its bytes.
        #expect(judge("test.figure", ["zz": 1, "ä": 1, "year": "x"]) == problem("payload.zz", "is not a field of this event type"))
        // The first field in declared order, not in the members' order.
        #expect(
            judge("test.figure", ["note": "", "year": 1999, "municipality": 231, "indicator": "i"])
                == problem("payload.year", "must be a year from 2000 to 2100"))
        #expect(judge("test.figure", ["year": 1999, "indicator": .null]) == problem("payload.indicator", "is missing"))
        #expect(
            judge("test.figure", ["indicator": "i", "municipality": 231, "year": 2024, "value": .number(JSONNumber(jsonText: "1000.5")!)])
                == problem("payload.value", "must be in 0.0...1000.0"))
        #expect(
            judge("test.figure", ["indicator": "i", "municipality": 231, "year": 2024, "kind": "a "])
                == problem("payload.kind", "must be one of a, ä, b c"))
        #expect(judge("test.twice", ["a": 4]) == .valid)
        #expect(judge("test.twice", ["a": 2]) == problem("payload.a", "must be in 3...9"))
        #expect(judge("test.twice", ["b": true]) == problem("payload.a", "is missing"))
        #expect(judge("test.many", ["f69": 70]) == problem("payload.f69", "must be in 0...69"))
        #expect(judge("test.empty", ["": 1]) == problem("payload.", "is not a field of this event type"))
        #expect(
            judge("test.figure", ["when": "2025-01-01", "tags": ["a", "abcd"]], version: 2, channel: .municipality(Self.region))
                == problem("payload.tags[1]", "is longer than 3 characters"))
        #expect(
            judge("test.figure", ["when": "2025-01-01", "tags": [], "nested": ["x": 3, "q": 1]], version: 2, channel: .municipality(Self.region))
                == problem("payload.nested.q", "is not a field of this event type"))
        #expect(
            judge("test.figure", ["when": "2024-02-29", "tags": []], version: 2, channel: .municipality(Self.region))
                == problem("payload.when", "leap day refused by the check"))
        #expect(
            judge("test.figure", ["when": "2024-02-29", "tags": []], version: 2)
                == problem("channel", "test.figure events belong to the channel municipality/231"))
    }
}

/// A small seeded generator, so a failing case is the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

import EventModel
import Testing

@testable import Domain

/// Every type of the node's catalog (the domain's and the trust statements) judges a payload given as vouched
/// bytes as it judges the same payload as a tree: the same verdict and the same problem text.
///
/// The bytes path answers "valid" on its own only where the tree would find no problem, and every domain check
/// reads members through `EventContent`, which reads the bytes; these random payloads, shaped after each schema's
/// fields and often a little off, hold both to the tree's verdict. A content whose stream the rules name ("must
/// be X for this payload") is judged again with that stream, so the checks behind the stream rule are reached.
@Suite struct AllTypesByteVerdictTests {
    static let catalog = DomainCatalog.standard.merging(TrustCatalog.catalog)
    static let schemas = catalog.schemas.values.flatMap(\.values).sorted {
        ($0.type.rawValue, $0.version) < ($1.type.rawValue, $1.version)
    }

    @Test func everyTypeJudgesVouchedBytesAsItsTree() {
        var rng = Mix(state: 0xa11_7e5)
        var judged = 0
        var valid = 0
        var reasons: Set<String> = []
        var typesReachingValid: Set<String> = []
        for _ in 0..<12_000 {
            let schema = Self.schemas[rng.below(Self.schemas.count)]
            var payload: [String: JSONValue] = [:]
            for field in schema.fields where rng.below(12) != 0 {
                payload[field.name] = rng.below(25) == 0 ? .null : Self.value(of: field.kind, &rng)
            }
            if rng.below(20) == 0 { payload["extra"] = "x" }
            let municipality = MunicipalityCode(CheckEquivalenceTests.pick(&rng, [231, 287, 545]))!
            var channel: Channel = .region
            if case .ownMunicipality = schema.channel, rng.below(10) != 0 { channel = .municipality(municipality) }
            var stream = StreamID(CheckEquivalenceTests.pick(&rng, ["x/y", "meeting/m-1", "figure/a/231/2024"]))!
            for _ in 0..<2 {
                let tree = EventContent(
                    channel: channel, municipality: municipality, stream: stream, type: schema.type,
                    schemaVersion: schema.version, parents: rng.below(3) == 0 ? [] : [EventHash.sha256([1])],
                    payload: .object(payload))
                guard let bytes = PayloadBytes(CanonicalJSON.encode(tree.payload)) else { break }
                let fromBytes = EventContent(
                    channel: tree.channel, municipality: tree.municipality, stream: tree.stream, type: tree.type,
                    schemaVersion: tree.schemaVersion, parents: tree.parents, payloadBytes: bytes)
                let want = Self.catalog.verdict(for: tree)
                let got = Self.catalog.verdict(for: fromBytes)
                #expect(got == want, "\(schema.type) v\(schema.version) \(tree.stream) \(tree.payload)")
                if got != want { return }
                judged += 1
                if got == .valid {
                    valid += 1
                    typesReachingValid.insert(schema.type.rawValue)
                }
                let reason = got.reason ?? "valid"
                reasons.insert(String(reason.prefix(30)))
                guard let named = Self.namedStream(in: reason), let next = StreamID(named), next != stream else { break }
                stream = next
            }
        }
        #expect(judged > 10_000)
        #expect(valid > 300)
        #expect(typesReachingValid.count > Self.schemas.count / 3, "types judged valid: \(typesReachingValid.sorted())")
        #expect(reasons.count > 40)
    }

    /// The stream a stream rule names: "must be X for this payload, not Y".
    static func namedStream(in reason: String) -> String? {
        guard let start = reason.range(of: "must be "), let end = reason.range(of: " for this payload") else { return nil }
        return start.upperBound < end.lowerBound ? String(reason[start.upperBound..<end.lowerBound]) : nil
    }

    /// A value for a field of `kind`: mostly one it accepts, often one at or past an edge, sometimes of another kind.
    static func value(of kind: PayloadField.Kind, _ rng: inout Mix) -> JSONValue {
        func number(_ text: String) -> JSONValue { .number(JSONNumber(jsonText: text)!) }
        let stray: [JSONValue] = ["", "p1", 7, -1, number("2.5"), true, number("123456789012345678901234567")]
        if rng.below(8) == 0 { return CheckEquivalenceTests.pick(&rng, stray) }
        switch kind {
        case .text(let maxLength):
            return .string(
                CheckEquivalenceTests.pick(&rng, [
                    "p1", "Kaskö", "m-1", "2025-03-14", "bad id", "", String(repeating: "x", count: maxLength),
                    String(repeating: "ä", count: maxLength / 2 + 1), String(repeating: "y", count: maxLength + 1),
                ] + CheckEquivalenceTests.known.keys.sorted().prefix(4)))
        case .integer(let range):
            let edges = [range.lowerBound, range.upperBound, 0, 1, 3, 231, 2024]
                + [range.lowerBound == .min ? 0 : range.lowerBound - 1, range.upperBound == .max ? 0 : range.upperBound + 1]
            return .number(JSONNumber(CheckEquivalenceTests.pick(&rng, edges)))
        case .decimal(let range):
            return CheckEquivalenceTests.pick(&rng, [
                number("2.5"), number("0"), number("-0.5"), 7, number(String(Int64(range.upperBound))),
                number(String(Int64(range.upperBound) + 1)), number("99999999999999999999"),
            ])
        case .date:
            return CheckEquivalenceTests.pick(&rng, ["2025-03-14", "2024-02-29", "2025-02-29", "2025-3-14", 20250314])
        case .year:
            return CheckEquivalenceTests.pick(&rng, [2000, 2024, 2100, 1999, 2101, "2024"])
        case .boolean:
            return CheckEquivalenceTests.pick(&rng, [true, false, 1, "true"])
        case .municipality:
            return CheckEquivalenceTests.pick(&rng, [231, 287, 545, 475, 999, "231"])
        case .oneOf(let choices):
            return .string(CheckEquivalenceTests.pick(&rng, choices + ["other"]))
        case .hash:
            return .string(
                CheckEquivalenceTests.pick(&rng, [EventHash.sha256([2]).description, "abc", EventHash.zero.description]))
        case .list(let element, let maxCount):
            return .array((0..<rng.below(min(maxCount, 3) + 2)).map { _ in value(of: element, &rng) })
        case .object(let fields):
            var object: [String: JSONValue] = [:]
            for field in fields where rng.below(10) != 0 { object[field.name] = value(of: field.kind, &rng) }
            return .object(object)
        }
    }
}

import Domain
import EventModel
import Testing

/// A catalog's fingerprint must change with anything that may change a verdict, and only with that.
@Suite struct RulesFingerprintTests {
    let note = EventSchema(type: "test.note", fields: [.required("text", .text(maxLength: 200))])

    @Test func equalRulesHaveEqualFingerprintsWhateverTheOrder() throws {
        let other = EventSchema(type: "test.other", fields: [.optional("n", .integer(0...9))])
        #expect(EventCatalog([note, other]).rulesFingerprint == EventCatalog([other, note]).rulesFingerprint)
        let again = DomainCatalog.make(indicators: ProgrammeData.shipped.indicators)
        #expect(DomainCatalog.standard.rulesFingerprint == again.rulesFingerprint)
        let merged = DomainCatalog.standard.merging(TrustCatalog.catalog)
        for (type, fingerprint) in DomainCatalog.standard.typeFingerprints {
            #expect(merged.rulesFingerprint(for: type) == fingerprint)
        }
        #expect(merged.rulesFingerprint != DomainCatalog.standard.rulesFingerprint)
    }

    @Test func anyDeclaredDifferenceChangesTheFingerprint() throws {
        let base = try #require(EventCatalog([note]).rulesFingerprint)
        let variants: [EventSchema] = [
            EventSchema(type: "test.note", fields: [.required("text", .text(maxLength: 201))]),
            EventSchema(type: "test.note", fields: [.optional("text", .text(maxLength: 200))]),
            EventSchema(type: "test.note", fields: [.required("body", .text(maxLength: 200))]),
            EventSchema(type: "test.note", version: 2, fields: [.required("text", .text(maxLength: 200))]),
            EventSchema(
                type: "test.note", channel: .ownMunicipality, fields: [.required("text", .text(maxLength: 200))]),
            EventSchema(
                type: "test.note", fields: [.required("text", .text(maxLength: 200))], check: { _ in nil },
                checkIdentity: "a"),
        ]
        var seen: Set<EventHash> = [base]
        for variant in variants {
            let fingerprint = try #require(EventCatalog([variant]).rulesFingerprint)
            #expect(seen.insert(fingerprint).inserted, "\(variant.type) v\(variant.version)")
        }
        #expect(EventCatalog([note]).rulesFingerprint(for: EventType("test.absent")!) == RulesFingerprint.unknownType)
    }

    @Test func aCheckNobodyNamedLeavesItsTypeWithoutAFingerprint() {
        let unnamed = EventSchema(type: "test.checked", fields: [], check: { _ in nil })
        let catalog = EventCatalog([note, unnamed])
        #expect(catalog.rulesFingerprint == nil)
        #expect(catalog.rulesFingerprint(for: unnamed.type) == nil)
        #expect(catalog.rulesFingerprint(for: note.type) != nil)
        #expect(EventCatalog([unnamed.identified(as: "checked/1")]).rulesFingerprint != nil)
    }

    @Test func theKnownIndicatorsArePartOfTheDomainChecks() {
        let fewer = DomainCatalog.make(indicators: Array(ProgrammeData.shipped.indicators.dropLast()))
        #expect(fewer.rulesFingerprint != nil)
        #expect(fewer.rulesFingerprint != DomainCatalog.standard.rulesFingerprint)
        #expect(DomainCatalog.standard.rulesFingerprint != nil && TrustCatalog.catalog.rulesFingerprint != nil)
    }
}

/// The fingerprint stands for code it cannot read (the checks), so a change of what the shipped catalogs decide
/// must come with a new revision; this pins the verdicts of a fixed history beside the fingerprint to catch one
/// that came without.
@Suite struct ShippedRulesPinTests {
    /// The fingerprint of the node's catalog and the digest of its verdicts on `history`, as last reviewed.
    /// When a change of the rules fails this test: if the verdicts changed, bump the revision of the checks that
    /// changed (`DomainCatalog.checksRevision`, `TrustCatalog.checksRevision`, `RulesFingerprint.validationRevision`)
    /// unless the fingerprint changed by itself; then pin both new values.
    static let pinned = (
        fingerprint: "90f7eb57f6a2dea95cb8f7cdabe1dc6ac70da16510a7d7338343414863b3e6e7",
        verdicts: "c084df15bcce69bdd84e25114e32ccad0eec2381a3ab79ddbef7b1f4f6d70feb"
    )

    static func verdictsDigest(_ catalog: EventCatalog) throws -> EventHash {
        var history = try RandomHistory(seed: 77)
        for _ in 0..<400 { history.step() }
        let reasons = history.events.map { catalog.verdict(for: $0.content).reason ?? "valid" }
        return EventHash.sha256(Array(reasons.joined(separator: "\n").utf8))
    }

    @Test func theShippedVerdictsChangeOnlyWithTheFingerprint() throws {
        let catalog = DomainCatalog.standard.merging(TrustCatalog.catalog)
        let fingerprint = try #require(catalog.rulesFingerprint).hex
        let verdicts = try Self.verdictsDigest(catalog).hex
        if fingerprint == Self.pinned.fingerprint {
            #expect(
                verdicts == Self.pinned.verdicts, "the verdicts changed but the fingerprint did not: bump a revision")
        } else {
            Issue.record("the rules changed: pin fingerprint \(fingerprint) and verdicts \(verdicts)")
        }
    }
}

import Domain
import EventModel
import Testing

@Suite struct DomainCatalogTests {
    let catalog = DomainCatalog.standard

    func verdict(
        _ node: inout TestNode, _ type: EventType, _ stream: String, _ payload: JSONValue, parents: [EventHash] = [],
        version: Int = 1
    ) -> ContentVerdict {
        catalog.verdict(for: node.write(type, stream, payload, parents: parents, version: version).content)
    }

    func field(_ verdict: ContentVerdict) -> String? {
        if case .invalid(let error) = verdict { return error.field }
        return nil
    }

    @Test func figureFromOwnNodeIsValid() {
        var kaskö = TestNode("ksk-server", 231)
        let v = verdict(
            &kaskö, DomainEventType.followUpReported, "figure/befrienders/231/2024",
            figurePayload("befrienders", 231, 2024, value: 7))
        #expect(v == .valid)
    }

    @Test func figureForAnotherMunicipalityIsRefusedNamingTheField() {
        var kaskö = TestNode("ksk-server", 231)
        let v = verdict(
            &kaskö, DomainEventType.followUpReported, "figure/befrienders/287/2024",
            figurePayload("befrienders", 287, 2024, value: 7))
        #expect(field(v) == "payload.municipality")
        #expect(v.reason?.contains("only be written by a node of municipality 287") == true)
    }

    @Test func targetAndApprovalForAnotherMunicipalityAreRefused() {
        var malax = TestNode("mlx-server", 475)
        let target: JSONValue = [
            "programme": "2023-2025", "indicator": "befrienders", "municipality": 287, "year": 2024, "min": 5,
        ]
        #expect(
            field(verdict(&malax, DomainEventType.municipalityTarget, "target/2023-2025/befrienders/287/2024", target))
                == "payload.municipality")
        let approval: JSONValue = [
            "programme": "2023-2025", "municipality": 287, "date": "2023-03-20", "body": "Stadsfullmäktige",
            "decision": "§ 12/2023",
        ]
        #expect(
            field(verdict(&malax, DomainEventType.approvalRecorded, "approval/2023-2025/287", approval))
                == "payload.municipality")
        let own: JSONValue = [
            "programme": "2023-2025", "municipality": 475, "date": "2023-03-20", "body": "Kommunfullmäktige",
            "decision": "§ 30/2023",
        ]
        #expect(verdict(&malax, DomainEventType.approvalRecorded, "approval/2023-2025/475", own) == .valid)
    }

    @Test func reportForDerivedIndicatorIsRefused() {
        var narpes = TestNode("nrp-server", 545)
        let v = verdict(
            &narpes, DomainEventType.followUpReported, "figure/joint-meetings/545/2024",
            figurePayload("joint-meetings", 545, 2024, value: 3))
        #expect(field(v) == "payload.indicator")
        #expect(v.reason?.contains("derived") == true)
    }

    @Test func figureShapeFollowsIndicatorKind() {
        var narpes = TestNode("nrp-server", 545)
        let noParticipants = verdict(
            &narpes, DomainEventType.followUpReported, "figure/courses/545/2024",
            figurePayload("courses", 545, 2024, value: 4))
        #expect(field(noParticipants) == "payload.participants")
        let noDone = verdict(
            &narpes, DomainEventType.followUpReported, "figure/resident-guide/545/2024",
            figurePayload("resident-guide", 545, 2024, note: "x"))
        #expect(field(noDone) == "payload.done")
        let badYear = verdict(
            &narpes, DomainEventType.followUpReported, "figure/befrienders/545/2024",
            merge(figurePayload("befrienders", 545, 2024, value: 1), "year", 1999))
        #expect(field(badYear) == "payload.year")
    }

    @Test func streamMustFollowTheConvention() {
        var narpes = TestNode("nrp-server", 545)
        let v = verdict(
            &narpes, DomainEventType.followUpReported, "figure/befrienders/545/2023",
            figurePayload("befrienders", 545, 2024, value: 1))
        #expect(field(v) == "stream")
    }

    @Test func correctionMustNameWhatItCorrects() {
        var narpes = TestNode("nrp-server", 545)
        let payload = figurePayload("befrienders", 545, 2024, value: 2)
        #expect(
            field(verdict(&narpes, DomainEventType.followUpCorrected, "figure/befrienders/545/2024", payload))
                == "parents")
        let original = narpes.write(DomainEventType.followUpReported, "figure/befrienders/545/2024", payload)
        #expect(
            verdict(
                &narpes, DomainEventType.followUpCorrected, "figure/befrienders/545/2024", payload,
                parents: [original.hash]) == .valid)
    }

    @Test func unknownTypeAndNewerVersionAreNotValid() {
        var narpes = TestNode("nrp-server", 545)
        #expect(verdict(&narpes, EventType("meeting.teleported")!, "meeting/x", [:]) == .unknownType)
        let v = verdict(
            &narpes, DomainEventType.meetingHeld, "meeting/m1", ["meeting": "m1", "date": "2024-02-01"], version: 2)
        #expect(v == .unknownSchemaVersion(known: [1]))
    }

    @Test func programmeAdoptedV1IsUpcastToV2() throws {
        var narpes = TestNode("nrp-server", 545)
        let v1: JSONValue = [
            "programme": "2019-2022", "title": "Integrationsprogram", "startYear": 2019, "endYear": 2022,
            "members": [287, 545],
        ]
        let old = narpes.write(DomainEventType.programmeAdopted, "programme/2019-2022", v1, version: 1)
        #expect(catalog.verdict(for: old.content) == .valid)
        let upcast = try #require(DomainCatalog.currentPayload(of: old))
        let v2: JSONValue = [
            "programme": "2019-2022", "title": "Integrationsprogram", "period": ["from": 2019, "to": 2022],
            "members": [287, 545], "reviewIntervalYears": 4,
        ]
        #expect(upcast == v2)
        let new = narpes.write(DomainEventType.programmeAdopted, "programme/2019-2022", v2, version: 2)
        #expect(catalog.verdict(for: new.content) == .valid)
        var view = ProgrammeView()
        view.apply(old)
        let header = try #require(view.programmes.first)
        #expect(header.fromYear == 2019 && header.toYear == 2022 && header.reviewIntervalYears == 4)
    }

    @Test func everyImportedEventIsValid() throws {
        var narpes = TestNode("nrp-server", 545)
        for event in try programmeEvents(node: &narpes) {
            #expect(catalog.verdict(for: event.content) == .valid, "\(event.type) \(event.stream)")
        }
    }
}

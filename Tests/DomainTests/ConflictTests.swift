import Domain
import EventModel
import Testing

@Suite struct ConflictTests {
    @Test func minutesEditedApartAreBothKeptThenResolved() throws {
        var server = TestNode("nrp-server", 545)
        var laptop = TestNode("nrp-laptop", 545)
        let first = server.write(
            DomainEventType.meetingMinutes, "meeting/2024-1", ["meeting": "2024-1", "text": "Utkast"])
        // Apart: each edits the version it saw; the laptop's clock is later, but the clock decides nothing.
        let onServer = server.write(
            DomainEventType.meetingMinutes, "meeting/2024-1", ["meeting": "2024-1", "text": "Servern"],
            parents: [first.hash])
        let onLaptop = laptop.write(
            DomainEventType.meetingMinutes, "meeting/2024-1", ["meeting": "2024-1", "text": "Laptopen"],
            parents: [first.hash], at: server.millis + 10)

        var view = MeetingsView()
        for event in [onLaptop, first, onServer] { view.apply(event) }
        let register = try #require(view.minutesRegister("2024-1"))
        #expect(register.isConflict)
        #expect(Set(register.versions.compactMap { $0.value["text"]?.stringValue }) == ["Servern", "Laptopen"])
        // The deterministic current value: the head with the highest (hlc, origin).
        #expect(register.current?.value["text"]?.stringValue == "Laptopen")
        #expect(view.meetings.first?.isMinutesConflict == true)
        #expect(register.headHashes == [onServer.hash, onLaptop.hash].sorted())

        var other = MeetingsView()
        for event in [onServer, first, onLaptop] { other.apply(event) }
        #expect(other.digest == view.digest)

        let merged = server.write(
            DomainEventType.meetingMinutes, "meeting/2024-1", ["meeting": "2024-1", "text": "Sammanslaget"],
            parents: register.headHashes, at: laptop.millis + 1)
        view.apply(merged)
        let resolved = try #require(view.minutesRegister("2024-1"))
        #expect(!resolved.isConflict)
        #expect(view.meetings.first?.minutes == "Sammanslaget")
    }

    @Test func anEditListingOnlyOneSideKeepsTheConflict() throws {
        var a = TestNode("krs-server", 287)
        var b = TestNode("krs-laptop", 287)
        let stream = "figure/befrienders/287/2024"
        let one = a.write(DomainEventType.followUpReported, stream, figurePayload("befrienders", 287, 2024, value: 4))
        let two = b.write(DomainEventType.followUpReported, stream, figurePayload("befrienders", 287, 2024, value: 6))
        let fixOne = a.write(
            DomainEventType.followUpCorrected, stream, figurePayload("befrienders", 287, 2024, value: 5),
            parents: [one.hash])
        var view = FollowUpView()
        for event in [fixOne, two, one] { view.apply(event) }
        #expect(view.figure("befrienders", Codes.kristinestad, year: 2024)?.isConflict == true)
        let both = b.write(
            DomainEventType.followUpCorrected, stream, figurePayload("befrienders", 287, 2024, value: 9),
            parents: try #require(view.figureRegister("befrienders", Codes.kristinestad, year: 2024)).headHashes)
        view.apply(both)
        let figure = try #require(view.figure("befrienders", Codes.kristinestad, year: 2024))
        #expect(!figure.isConflict)
        #expect(figure.value == 9)
    }

    @Test func aCorrectionArrivingBeforeWhatItCorrectsStillWins() {
        var a = TestNode("mlx-server", 475)
        let stream = "figure/lectures/475/2024"
        let original = a.write(DomainEventType.followUpReported, stream, figurePayload("lectures", 475, 2024, value: 1))
        let fix = a.write(
            DomainEventType.followUpCorrected, stream, figurePayload("lectures", 475, 2024, value: 2),
            parents: [original.hash])
        var view = FollowUpView()
        view.apply(fix)
        view.apply(original)
        #expect(view.figure("lectures", Codes.malax, year: 2024)?.value == 2)
        #expect(view.figure("lectures", Codes.malax, year: 2024)?.isConflict == false)
    }
}

import EventModel
import Testing

@testable import Domain

/// The views look types up in `TypeTable`s made from their dictionaries; a lookup must give what the dictionary gives.
@Suite struct TypeTableTests {
    /// Every domain type, types that differ from one by a byte, a type no catalog knows, and a type made anew.
    static let probes: [EventType] =
        DomainEventType.all
        + DomainEventType.all.compactMap { EventType($0.rawValue + "x") }
        + DomainEventType.all.compactMap { EventType($0.rawValue.uppercased()) }
        + [EventType("unknown.type")!, EventType("followup.reportee")!, EventType("followup.reported")!]

    @Test func lookupsEqualTheDictionaries() {
        let dictionaries: [[EventType: String]] = [ProgrammeView.sections, FollowUpView.sections]
        for dictionary in dictionaries {
            let table = TypeTable(dictionary)
            for type in Self.probes { #expect(table[type] == dictionary[type], "\(type.rawValue)") }
        }
        let versions = TypeTable(DomainUpcaster.currentVersions)
        for type in Self.probes { #expect(versions[type] == DomainUpcaster.currentVersions[type], "\(type.rawValue)") }
        // Found at all: the lookups do not pass by returning nil for everything.
        #expect(TypeTable(FollowUpView.sections)[DomainEventType.followUpReported] == "figures")
        #expect(versions[DomainEventType.programmeAdopted] == 2)
    }
}

import EventModel
import Testing

@testable import Projections

/// `RebuildIndex.Register` applies `foldVersioned`'s rules; these pin the cases a history rarely produces.
@Suite struct RebuildRegisterTests {
    static func key(_ byte: UInt8) -> HashKey { HashKey(EventHash(bytes: [UInt8](repeating: byte, count: 32))!) }

    static func hash(_ byte: UInt8) -> EventHash { EventHash(bytes: [UInt8](repeating: byte, count: 32))! }

    /// The head rows of `register`, hash to insertion number; a hash written twice would not fit.
    static func rows(_ register: RebuildIndex.Register) -> [HashKey: Int64] {
        Dictionary(register.headRows().map { ($0.hash, $0.insertionID) }, uniquingKeysWith: { _, _ in -1 })
    }

    @Test func aHeadAlreadyHeldKeepsItsInsertionNumber() {
        var register = RebuildIndex.Register()
        register.addVersioned(.init(hash: Self.key(1), insertionID: 10), parents: [])
        register.addVersioned(.init(hash: Self.key(1), insertionID: 20), parents: [])
        register.addVersioned(.init(hash: Self.key(2), insertionID: 30), parents: [])
        #expect(Self.rows(register) == [Self.key(1): 10, Self.key(2): 30])
        #expect(register.headRows().map(\.hash) == [Self.key(1), Self.key(2)])
        #expect(register.superseded.isEmpty)
    }

    @Test func aSupersededVersionNeverBecomesAHead() {
        var register = RebuildIndex.Register()
        register.addVersioned(.init(hash: Self.key(3), insertionID: 30), parents: [Self.hash(1)])
        register.addVersioned(.init(hash: Self.key(1), insertionID: 10), parents: [])
        #expect(Self.rows(register) == [Self.key(3): 30])
        #expect(register.superseded == [Self.key(1)])
        // Listing a held head as a parent removes it; the new version takes its place.
        register.addVersioned(.init(hash: Self.key(4), insertionID: 40), parents: [Self.hash(3)])
        #expect(Self.rows(register) == [Self.key(4): 40])
        #expect(register.superseded == [Self.key(1), Self.key(3)])
    }
}

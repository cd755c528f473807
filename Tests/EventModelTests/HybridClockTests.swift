import Testing

@testable import EventModel

@Suite struct HybridClockTests {
    @Test func ticksAreStrictlyIncreasingEvenWhenTheWallClockGoesBack() {
        var clock = HybridClock()
        let a = clock.tick(physicalMillis: 1_000)
        let b = clock.tick(physicalMillis: 1_000)
        let c = clock.tick(physicalMillis: 900)
        let d = clock.tick(physicalMillis: 2_000)
        #expect(a < b && b < c && c < d)
        #expect(a == HLC(wallMillis: 1_000, counter: 0))
        #expect(c == HLC(wallMillis: 1_000, counter: 2))
        #expect(d == HLC(wallMillis: 2_000, counter: 0))
    }

    @Test func observingARemoteTimestampMovesTheClockPastIt() {
        var clock = HybridClock()
        clock.observe(HLC(wallMillis: 5_000, counter: 7))
        #expect(clock.tick(physicalMillis: 1_000) == HLC(wallMillis: 5_000, counter: 8))
    }

    @Test func counterOverflowCarriesIntoTheMilliseconds() {
        var clock = HybridClock(last: HLC(wallMillis: 10, counter: .max))
        #expect(clock.tick(physicalMillis: 10) == HLC(wallMillis: 11, counter: 0))
    }

    @Test func driftIsMeasuredAgainstThePhysicalClock() {
        let remote = HLC(wallMillis: 700_001, counter: 0)
        #expect(HybridClock.excessDrift(of: remote, physicalMillis: 100_000, maximumDrift: 600_000) == 600_001)
        #expect(HybridClock.excessDrift(of: remote, physicalMillis: 100_001, maximumDrift: 600_000) == nil)
    }
}

import Testing

@testable import HTTP

/// Plain paths skip the general target parser; every target must parse as the general parser parses it.
struct TargetFastPathTests {
    private static let pieces = [
        "/", "/", "v1", "events", "a", "?", "#", "%", "%2F", "%2f", "%zz", "%00", "+", "=", "&", ":", "//", "*",
        "http://h", "x=1", "%C3%A5", "å", " ", "\u{0}", ".", "..", "~", "-", "_", "@",
    ]

    @Test func randomTargetsParseAsByTheGeneralParser() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let target = (0..<Int.random(in: 1...8, using: &random)).map { _ in
                Self.pieces.randomElement(using: &random)!
            }.joined()
            let fast = HTTPRequestTarget(target)
            let general = HTTPRequestTarget(general: target)
            #expect(fast == general, "\(target.debugDescription)")
            #expect(fast?.raw == general?.raw)
        }
    }

    @Test func awkwardTargetsParseAsByTheGeneralParser() {
        let targets = [
            "/", "/v1/events", "/v1/events?", "/v1/events#x", "/a%2Fb", "/a+b", "/a?b=c+d", "*", "/*", "//x", "/\u{0}",
            "http://h/p", "/å", "/%", "/%4", "/%41", "v1/events", "", "/?", "/#",
        ]
        for target in targets {
            #expect(HTTPRequestTarget(target) == HTTPRequestTarget(general: target), "\(target.debugDescription)")
        }
        #expect(HTTPRequestTarget("/v1/events")?.path == "/v1/events")
        #expect(HTTPRequestTarget("/v1/events")?.query == [])
    }
}

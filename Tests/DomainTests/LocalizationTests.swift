import Domain
import Testing

@Suite struct LocalizationTests {
    @Test func everyStatusAndKindHasThreeLabels() {
        let keys = FollowUpStatus.allCases.map(\.rawValue) + IndicatorKind.allCases.map(\.rawValue)
        for key in keys {
            #expect(Localization.table[key] != nil, "\(key)")
        }
        for (key, labels) in Localization.table {
            #expect(![labels.0, labels.1, labels.2].contains(""), "\(key)")
        }
        #expect(Localization.label(.notReported, .fi) == "Ei raportoitu")
        #expect(Localization.label("goal", .sv) == "Mål")
        #expect(Localization.label("no-such-key", .en) == "no-such-key")
    }
}

import EventModel
import Foundation

/// DemoActivity is the seeded year of a region: history, targets and approvals written by each municipality on its
/// own node, three joint meetings, a gathering, an upcoming meeting, and the records of the node that was offline.
struct DemoActivity {
    typealias Item = DemoWriter.Item

    /// Count indicators with a base yearly value for the largest member (Närpes).
    static let counts: [(String, Double)] = [
        ("unit-meetings", 24), ("meeting-places", 6), ("befrienders", 15),
        ("welfare-area-meetings", 10), ("network-meetings", 8), ("employed-in-units", 12), ("umako-students", 10),
        ("second-language-students", 25), ("lectures", 6),
    ]
    /// Counts with participants: base count and participants per occasion.
    static let withParticipants: [(String, Double, Double)] = [
        ("courses", 8, 12), ("language-activities", 20, 9), ("cultural-events", 6, 60),
    ]
    static let duties = [
        "coordination-review", "information-material-review", "multilingual-information", "resident-guide",
    ]
    static let tools: [(String, String)] = [
        ("tea-viisari", "TEA-viisari"), ("parent-outreach", "PARent"), ("party-workshop", "PARty"),
        ("youth-employment-statistics", "Statistik"),
    ]
    /// Size relative to Närpes, so small municipalities report small numbers.
    static let scale: [Int: Double] = [545: 1.0, 287: 0.75, 475: 0.65, 280: 0.3, 231: 0.2]

    /// The year the demo is about: the programme's last year.
    let year = 2025
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func amount(_ base: Double, _ code: Int) -> Int {
        let factor = 0.7 + 0.6 * Double(random.next() % 1000) / 1000
        return max(1, Int((base * (Self.scale[code] ?? 0.5) * factor).rounded()))
    }

    mutating func chance(_ probability: Double) -> Bool { Double(random.next() % 1000) / 1000 < probability }

    /// One municipality's figures for `year`; `skipping` leaves some out (reported late, or not at all).
    mutating func figures(_ code: Int, year: Int, skipping: Double = 0) -> [Item] {
        var items: [Item] = []
        func figure(_ indicator: String, _ options: [String: String]) {
            items.append(
                Item(
                    kind: "figure",
                    options: ["indicator": indicator, "year": String(year)].merging(options) { a, _ in a }))
        }
        for (indicator, base) in Self.counts where !chance(skipping) {
            figure(indicator, ["value": String(amount(base, code))])
        }
        for (indicator, base, each) in Self.withParticipants where !chance(skipping) {
            let count = amount(base, code)
            figure(
                indicator,
                ["value": String(count), "participants": String(Int(Double(count) * each * 0.8) + amount(each, code))])
        }
        for indicator in Self.duties where !chance(skipping) {
            figure(indicator, ["done": chance(0.85) ? "yes" : "no"])
        }
        if !chance(skipping) { figure("immigrant-survey", ["done": "yes", "value": String(amount(60, code))]) }
        if year == 2023 { figure("programme-update", ["done": "yes", "note": "Programmet 2023–2025 antaget"]) }
        for (indicator, tool) in Self.tools where !chance(skipping + 0.3) {
            figure(indicator, ["reference": "\(tool) \(year)", "value": String(amount(50, code))])
        }
        return items
    }

    /// What each municipality writes before the nodes start: approvals, 2023–2024 figures, targets for the year.
    mutating func history(_ code: Int) -> [Item] {
        let approval = [
            "287": "§ 41/2023", "231": "§ 12/2023", "545": "§ 58/2023", "280": "§ 9/2023", "475": "§ 33/2023",
        ]
        var items = [
            Item(
                kind: "approval",
                options: [
                    "date": "2023-0\(3 + code % 4)-1\(code % 9)", "body": "Kommunfullmäktige",
                    "decision": approval[String(code)] ?? "§ 1/2023",
                ])
        ]
        items += figures(code, year: 2023) + figures(code, year: 2024, skipping: 0.05)
        for (indicator, base) in Self.counts.prefix(4) {
            let minimum = max(1, Int((base * (Self.scale[code] ?? 0.5) * 0.9).rounded()))
            items.append(
                Item(kind: "target", options: ["indicator": indicator, "year": String(year), "min": String(minimum)]))
        }
        return items
    }

    /// A joint meeting from schedule to held: agenda, attendance, minutes, decisions and action items.
    mutating func meeting(
        _ id: String, date: String, host: Int, place: String, agenda: [String], minutes: String, decisions: [String],
        actions: [(text: String, owner: Int, due: String)], absent: Set<Int> = [], held: Bool = true
    ) -> [Item] {
        func item(_ kind: String, _ options: [String: String]) -> Item {
            Item(kind: kind, options: options.merging(["meeting": id]) { a, _ in a })
        }
        var items = [item("meeting", ["date": date, "place": place, "host": String(host)])]
        for (index, title) in agenda.enumerated() {
            items.append(item("agenda-item", ["item": "p\(index + 1)", "order": String(index + 1), "title": title]))
        }
        guard held else { return items }
        for code in [287, 231, 545, 280, 475] {
            let present = !absent.contains(code)
            items.append(
                item(
                    "attendance",
                    [
                        "municipality": String(code), "present": present ? "yes" : "no",
                        "persons": String(present ? 1 + Int(random.next() % 3) : 0),
                    ]))
        }
        items.append(item("minutes", ["text": minutes]))
        for (index, text) in decisions.enumerated() {
            items.append(item("decision", ["item": "d\(index + 1)", "text": text]))
        }
        for (index, action) in actions.enumerated() {
            items.append(
                item(
                    "action-item",
                    [
                        "item": "a\(index + 1)", "text": action.text, "owner": String(action.owner), "due": action.due,
                    ]))
        }
        items.append(item("held", ["date": date]))
        return items
    }
}

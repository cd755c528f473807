import EventModel
import Foundation

/// DemoScenario is the story the demo writes, step by step, each record on the node of the municipality that
/// makes it: who hosts which meeting, what was decided, and what Kaskö wrote while it was offline.
extension DemoActivity {
    /// Meeting 2025-1 in Kristinestad and the gathering: written while every node is online.
    mutating func firstHalf() -> [Int: [Item]] {
        var byNode: [Int: [Item]] = [:]
        byNode[287] = meeting(
            "2025-1", date: "2025-02-12", host: 287, place: "Kristinestads stadshus, sessionssalen",
            agenda: ["Uppföljningen 2024", "Gemensam invånarguide", "Budget för gemensamma evenemang 2025"],
            minutes: """
                Närvarande: koordinatorerna från Kristinestad, Kaskö, Närpes och Malax. Korsnäs hade förhinder.
                1. Uppföljningen 2024 gicks igenom indikator för indikator.
                2. Invånarguiden behöver uppdateras; Närpes samordnar översättningarna.
                3. Budgeten för den mångkulturella festdagen fastställdes.
                """,
            decisions: [
                "Uppföljningen för 2024 godkänns och sänds till kommunstyrelserna.",
                "Invånarguiden uppdateras på svenska, finska, engelska, arabiska och ukrainska.",
            ],
            actions: [
                ("Sammanställa uppföljningen 2024 för fullmäktige", 287, "2025-03-31"),
                ("Översätta invånarguiden", 545, "2025-06-30"),
                ("Boka lokal för den mångkulturella festdagen", 475, "2025-04-30"),
            ], absent: [280])
        byNode[287]! += [Item(kind: "action-done", options: ["meeting": "2025-1", "item": "a1", "date": "2025-03-20"])]
        byNode[545] = meeting(
            "2025-2", date: "2025-05-20", host: 545, place: "Närpes stadshus",
            agenda: ["Vänpersonsverksamheten", "Språkcaféer hösten 2025", "Läget för integrationsplanerna"],
            minutes: """
                Alla fem kommuner närvarande.
                1. Vänpersonsverksamheten har vuxit i Närpes och Malax; Kaskö kartlägger behovet.
                2. Språkcaféerna fortsätter med gemensam planering.
                """,
            decisions: ["Vänpersonsverksamheten kartläggs i alla kommuner före hösten."],
            actions: [
                ("Kartlägga vänpersonsverksamheten", 231, "2025-09-30"),
                ("Plan för språkcaféer hösten 2025", 280, "2025-08-31"),
            ])
        byNode[545]! += [Item(kind: "action-done", options: ["meeting": "2025-1", "item": "a2", "date": "2025-06-12"])]
        byNode[475] = [
            Item(
                kind: "gathering",
                options: [
                    "gathering": "festdag-2025", "date": "2025-06-06", "place": "Malax centrum", "host": "475",
                    "title": "Mångkulturell festdag", "participants": "240",
                ])
        ]
        return byNode
    }

    /// What the others write while Kaskö is offline: meeting 2025-3 in Malax, figures, a revision of the 2025-2
    /// minutes in Närpes (which will stand beside Kaskö's own edit as a conflict), and the upcoming meeting.
    mutating func whileOffline(minutesParent: EventHash, upcoming: CalendarDate) -> [Int: [Item]] {
        var byNode: [Int: [Item]] = [:]
        byNode[475] = meeting(
            "2025-3", date: "2025-09-16", host: 475, place: "Malax kommungård",
            agenda: ["Uppföljningen hittills 2025", "Nästa integrationsprogram 2026–2029"],
            minutes: "Närvarande: Kristinestad, Närpes, Korsnäs och Malax. Kaskö deltog inte (nätverksavbrott).",
            decisions: ["Arbetet med programmet 2026–2029 inleds; ett utkast presenteras vid nästa möte."],
            actions: [
                ("Utkast till integrationsprogram 2026–2029", 287, "2025-12-15"),
                ("Statistik över sysselsättning för utkastet", 231, "2026-02-28"),
            ], absent: [231])
        byNode[545] = [
            Item(
                kind: "minutes",
                options: [
                    "meeting": "2025-2",
                    "text": """
                    Alla fem kommuner närvarande.
                    1. Vänpersonsverksamheten har vuxit i Närpes och Malax; Kaskö kartlägger behovet.
                    2. Språkcaféerna fortsätter; Korsnäs gör planen.
                    Justerat av Närpes 2025-05-27.
                    """,
                ], parents: [minutesParent])
        ]
        byNode[280] = meeting(
            "\(upcoming.year)-next", date: upcoming.description, host: 280, place: "Korsnäs kommungård",
            agenda: ["Uppföljningen \(year)", "Programmet 2026–2029", "Mötesplan för nästa år"], minutes: "",
            decisions: [], actions: [], held: false)
        for code in [287, 545, 475, 280] {
            byNode[code, default: []] += figures(code, year: year, skipping: code == 280 ? 0.35 : 0.02)
        }
        return byNode
    }

    /// What Kaskö writes while offline: its figures, an action item done, and its own edit of the 2025-2 minutes.
    mutating func offlineRecords(minutesParent: EventHash) -> [Item] {
        figures(231, year: year, skipping: 0.05) + [
            Item(kind: "action-done", options: ["meeting": "2025-2", "item": "a1", "date": "2025-09-25"]),
            Item(
                kind: "minutes",
                options: [
                    "meeting": "2025-2",
                    "text": """
                    Alla fem kommuner närvarande.
                    1. Vänpersonsverksamheten har vuxit i Närpes och Malax; Kaskö kartlägger behovet.
                    2. Språkcaféerna fortsätter med gemensam planering.
                    Kaskö: vår kartläggning är klar, se bilaga.
                    """,
                ], parents: [minutesParent]),
        ]
    }
}

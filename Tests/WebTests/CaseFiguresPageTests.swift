import Domain
import EventModel
import HTTP
import Testing
import Web

/// The follow-up page shows the counts derived from cases as they travelled: `<5` for 1–4, totals as ranges.
@Suite struct CaseFiguresPageTests {
    func followUp(_ query: String) throws -> String {
        let router = WebRouter(source: FixedSource(snapshot: try WebFixture.snapshot()), today: { WebFixture.asOf })
        let request = HTTPRequest(method: .get, target: try #require(HTTPRequestTarget("/followup?\(query)")))
        return String(decoding: try #require(router.respond(to: request)).body, as: UTF8.self)
    }

    @Test func theMatrixAndTheTableShowSuppressedCountsAndRanges() throws {
        let sv = try followUp("year=2025")
        // Kristinestad's 3 integration plans: "<5" in the matrix, the regional total 9 + 1…4 as a range.
        #expect(sv.contains("<td class=\"reported\" title=\"Rapporterat\">&lt;5<br>"))
        #expect(sv.contains("<strong>10–13</strong>"))
        #expect(sv.contains("<h2>Siffror ur ärendena</h2>"))
        #expect(sv.contains("<th>Gällande planer vid periodens slut</th>"))
        #expect(sv.contains("<tr><th>Närpes</th><td>2025</td><td class=\"num\">14</td>"))
        #expect(!sv.contains("<td class=\"num\">3</td>"), "an exact small count reached the page")
        #expect(!sv.contains("<td>2024</td>"), "only the periods of the year shown")
        let fi = try followUp("year=2025&lang=fi")
        #expect(fi.contains("Luvut asiakastyöstä") && fi.contains("Kotoutumissuunnitelmia laadittu"))
        let en = try followUp("year=2025&lang=en")
        #expect(en.contains("Figures from case work") && en.contains("Referrals"))
        #expect(!(try followUp("year=2023")).contains("Siffror ur ärendena"), "no table without published counts")
    }
}

import Domain
import EventModel
import HTTP
import Projections
import Testing
import Web

/// The pages answer 200 with labels in the asked language and the fixture's figures, and escape what users wrote.
@Suite struct WebPageTests {
    let router: WebRouter

    init() throws {
        let snapshot = try WebFixture.snapshot()
        router = WebRouter(source: FixedSource(snapshot: snapshot), today: { WebFixture.asOf })
    }

    func get(_ target: String) throws -> (status: HTTPStatus, type: String, body: String) {
        let request = HTTPRequest(method: .get, target: try #require(HTTPRequestTarget(target)))
        let response = try #require(router.respond(to: request))
        return (response.status, response.headers["Content-Type"] ?? "", String(decoding: response.body, as: UTF8.self))
    }

    @Test(arguments: [
        ("sv", ["Program", "Uppföljning", "Gemensamma möten", "Synkronisering", "Vyns digest"]),
        ("fi", ["Ohjelma", "Seuranta", "Yhteiset kokoukset", "Synkronointi", "Näkymän tiiviste"]),
        ("en", ["Programme", "Follow-up", "Joint meetings", "Sync status", "View digest"]),
    ])
    func everyPageAnswersInTheLanguage(language: String, labels: [String]) throws {
        for path in ["/", "/programme", "/followup", "/meetings", "/status"] {
            let page = try get(path + (language == "sv" ? "" : "?lang=\(language)"))
            #expect(page.status == .ok, "\(path)")
            #expect(page.type.hasPrefix("text/html"))
            #expect(page.body.contains("<html lang=\"\(language)\">"), "\(path)")
            for label in labels { #expect(page.body.contains(label), "\(path) lacks \(label)") }
            #expect(!page.body.contains("<script"), "\(path) must not carry scripts")
        }
    }

    @Test func followUpShowsFiguresTargetsStatusAndCharts() throws {
        let sv = try get("/followup?year=2025").body
        #expect(sv.contains("Uppföljning 2025"))
        #expect(sv.contains("Antal vänpersoner per år"))  // the programme's own text stays as written
        #expect(sv.contains("<td class=\"below\" title=\"Under målet\">8<br><small>Målnivå ≥ 12</small>"))
        #expect(sv.contains(">17<") && sv.contains("71 deltagare") && sv.contains("3.5 TEA 2025"))
        #expect(sv.contains("class=\"notReported overdue\""))  // 2025 figures are overdue on 2026-04-15
        #expect(sv.contains("Regionen totalt") && sv.contains("<strong>25</strong>"))  // 17 + 8
        #expect(sv.contains("<svg") && sv.contains("<rect") && sv.contains("<polyline"))
        let en = try get("/followup?year=2025&lang=en").body
        #expect(en.contains("Below target") && en.contains("Not reported") && en.contains("Regional total"))
        let fi = try get("/followup?year=2025&lang=fi").body
        #expect(fi.contains("Alle tavoitteen") && fi.contains("Kristiinankaupunki") && fi.contains("Närpiö"))
        let before = try get("/followup?year=2025&as-of=2026-03-01").body
        // A missing figure is overdue only after 31 March of the following year.
        #expect(before.contains("class=\"notReported\"") && !before.contains("notReported overdue"))
    }

    @Test func meetingsEscapeTheMinutesAndHighlightOverdueItems() throws {
        let page = try get("/meetings").body
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(!page.contains("<script>"))
        #expect(page.contains("Stadshuset; sal &quot;A&quot;"))
        #expect(page.contains("Rad två"))
        // The conflict shows both versions: the current one (highest clock: Kristinestad's) and Närpes's.
        #expect(page.contains("Protokoll <span class=\"conflict\">(Konflikt)</span>"))
        #expect(page.contains("nrp-server.1 · ") && page.contains("Närpes version av protokollet"))
        #expect(page.contains("Kommande möten") && page.contains("2026-1 · 2026-02-10"))
        #expect(page.contains("datum passerat"))  // 2026-1 was scheduled for a day before the as-of day
        #expect(page.contains("class=\"overdue below\"><td>Närpes</td><td>Översätta guiden"))
        #expect(page.contains("<td>Malax</td><td>Boka festlokal"))
        #expect(!page.contains("class=\"overdue below\"><td>Malax"))
        let later = try get("/meetings?as-of=2026-06-01&lang=en").body
        #expect(later.contains("Overdue") && later.contains("Upcoming meetings"))
    }

    @Test func statusShowsPeersLagAndStoppedStreams() throws {
        let page = try get("/status?lang=en").body
        #expect(page.contains("http://127.0.0.1:7301") && page.contains("nrp-server.1"))
        #expect(page.contains("peer lacks 3, we lack 0") && page.contains("2025-02-19 21:23:20 UTC"))
        #expect(page.contains("gap: seq 4 after 2") && page.contains("kor-server.1"))
    }

    @Test func everyPageNamesItsDigestAndNewestEvent() throws {
        let snapshot = try WebFixture.snapshot()
        let page = try get("/programme")
        #expect(page.body.contains(snapshot.digest(.programme).hex))
        let newest = try #require(snapshot.newestEvent(.programme))
        #expect(page.body.contains(WebText.time(newest)))
        let home = try get("/").body
        for view in ViewName.allCases { #expect(home.contains(snapshot.digest(view).hex)) }
    }

    @Test func badQueriesAndOtherPathsAreRefusedOrLeftToTheAPI() throws {
        #expect(try get("/followup?lang=de").status == .badRequest)
        #expect(try get("/meetings?as-of=2026-13-01").status == .badRequest)
        #expect(router.respond(to: HTTPRequest(method: .get, target: HTTPRequestTarget("/v1/health")!)) == nil)
        #expect(router.respond(to: HTTPRequest(method: .get, target: HTTPRequestTarget("/nope")!)) == nil)
        let post = router.respond(to: HTTPRequest(method: .post, target: HTTPRequestTarget("/followup")!))
        #expect(post?.status == .methodNotAllowed)
    }

    @Test func downloadsOfferBothDialects() throws {
        let page = try get("/followup?year=2025").body
        #expect(
            page.contains("href=\"/followup.csv?year=2025\"") && page.contains("/followup.csv?year=2025&amp;excel=1"))
        let csv = try get("/followup.csv?year=2025&lang=en")
        #expect(csv.type.hasPrefix("text/csv") && csv.body.hasPrefix("Year,Indicator,Name,Code,Municipality,Value"))
        let excel = try get("/followup.csv?year=2025&excel=1")
        #expect(excel.body.hasPrefix("\u{FEFF}År;Indikator;Namn") && excel.body.contains(";3,5;"))
    }
}

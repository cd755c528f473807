import EventModel
import Foundation
import Testing

extension ProcessTests {
    /// The caseworkers' pages on a real secured node: a caseworker opens a case and records a step through the
    /// forms, sees what is due, reads the case for a stated purpose (logged as a `web` read); coordinators,
    /// forged posts and invalid values get nothing and write nothing; names are escaped.
    @Suite(.serialized) struct CasePagesTests {
        /// The case events in a node's log.
        static func caseEvents(_ data: String) throws -> [Event] {
            try loggedEvents(data).filter { $0.type.rawValue.hasPrefix("case.") }
        }

        /// The case id a 303 after a post points to.
        static func caseID(_ answer: HTTPCall.Answer) throws -> String {
            let location = try #require(answer.headers["location"], "no Location: \(answer.page)")
            #expect(location.hasPrefix("/cases/") && location.contains("purpose="), "\(location)")
            let path = location.dropFirst("/cases/".count)
            return String(path.prefix { $0 != "?" })
        }

        @Test func caseworkersOpenRecordListAndReadCasesAndOthersGetNothing() throws {
            let region = try SecurityRegion(codes: [287])
            defer { region.destroy() }
            let node = try region.node("krs-server", municipality: 287)
            try region.enrolAll()
            for (name, role) in [("cw.anna", "caseworker"), ("adm.eva", "admin"), ("co.bo", "coordinator")] {
                try SecurityRegion.run(
                    ["user", "add", "--data", node.data, "--name", name, "--role", role, "--municipality", "287"],
                    stdin: "secret-of-\(name)\n")
            }
            try node.start()
            let anna = Browser(url: node.url, user: "cw.anna")

            // The form offers the signed-in caseworker and today as defaults.
            let form = try anna.get("/cases/new")
            #expect(
                form.status == 200 && form.page.contains("name=\"grounds\"") && form.page.contains("value=\"cw.anna\""))
            let token = try anna.token("/cases/new")
            let hostile = "Amina <script>alert(1)</script> Yusuf"
            let opening = [
                "grounds": "own_request", "name": hostile, "birth-date": "1990-04-02", "languages": "arabiska, svenska",
                "first-permit-date": "2024-08-20", "interpreter-needed": "yes", "caseworker": "cw.anna",
                "on": "2024-10-01", "note": "Bor hos sin kusin\r\nvill läsa svenska",
            ]

            // Refused posts write nothing: no token, a cross-site origin, an invalid date (422, Swedish and Finnish).
            #expect(try anna.post("/cases/new", opening).status == 403)
            let crossSite = try anna.post(
                "/cases/new", opening.merging(["token": token]) { a, _ in a },
                headers: ["Origin": "http://evil.example"])
            #expect(crossSite.status == 403 && crossSite.page.contains("annan webbplats"))
            let badDate = try anna.post(
                "/cases/new", opening.merging(["token": token, "on": "1.10.2024"]) { _, b in b })
            #expect(
                badDate.status == 422 && badDate.page.contains("Datum: måste vara ett datum ÅÅÅÅ-MM-DD"),
                "\(badDate.page)")
            #expect(badDate.page.contains("value=\"1.10.2024\"") && !badDate.page.contains("<script>alert(1)"))
            let finnish = try anna.post(
                "/cases/new?lang=fi", opening.merging(["token": token, "birth-date": "x"]) { _, b in b })
            #expect(finnish.status == 422 && finnish.page.contains("Syntymäaika: on oltava päivämäärä VVVV-KK-PP"))
            #expect(try Self.caseEvents(node.data).isEmpty)

            // Opened through the form: a 303 to the case page, written by the signed-in caseworker.
            let opened = try anna.post("/cases/new", opening.merging(["token": token]) { a, _ in a })
            #expect(opened.status == 303, "\(opened.page)")
            let id = try Self.caseID(opened)
            let stepPath = "/cases/\(id)/step/assessment_completed"
            let stepForm = try anna.get(stepPath + "?purpose=Kartl%C3%A4ggning")
            #expect(stepForm.status == 200 && stepForm.page.contains("name=\"plan-needed\""))
            let step = try anna.post(
                stepPath,
                [
                    "token": try anna.token(stepPath), "by": "municipality", "plan-needed": "ja", "on": "2025-05-25",
                    "outcome": "Behöver språkkurs", "purpose": "Kartläggning",
                ])
            #expect(step.status == 303 && step.headers["location"]?.contains("purpose=Kartl%C3%A4ggning") == true)
            let events = try Self.caseEvents(node.data)
            #expect(events.map(\.type.rawValue) == ["case.opened", "case.assessment_completed"])
            #expect(
                events.allSatisfy {
                    $0.author.description == "cw.anna" && $0.channel == .municipality(MunicipalityCode(287)!)
                })

            // An admin's case for someone else shows only in the whole municipality's list.
            let eva = Browser(url: node.url, user: "adm.eva")
            let other = try eva.post(
                "/cases/new",
                ["token": try eva.token("/cases/new"), "grounds": "family_member", "name": "Omar", "on": "2025-03-01"])
            #expect(other.status == 303)
            let otherID = try Self.caseID(other)

            // What is due: deadline labels from the regime, the overdue one marked, no personal data.
            let due = try anna.get("/cases?asOf=2025-06-01")
            #expect(due.status == 200 && due.page.contains(id) && !due.page.contains(otherID))
            #expect(
                due.page.contains("Inledande kartläggning påbörjad") && due.page.contains("Integrationsplan uppgjord"))
            #expect(due.page.contains("<tr class=\"overdue\">") && due.page.contains("2024-12-01"))
            #expect(!due.page.contains("Amina") && !due.page.contains("språkkurs"))
            let whole = try anna.get("/cases?asOf=2025-06-01&mine=0&lang=en")
            #expect(
                whole.page.contains(id) && whole.page.contains(otherID)
                    && whole.page.contains("Initial assessment started"))

            // One case: first the purpose, then the opened fields, escaped, with the deadlines and next steps.
            let ask = try anna.get("/cases/\(id)")
            #expect(ask.status == 200 && ask.page.contains("name=\"purpose\"") && !ask.page.contains("Amina"))
            let page = try anna.get("/cases/\(id)?purpose=Uppf%C3%B6ljning&asOf=2025-06-01")
            #expect(page.status == 200, "\(page.page)")
            #expect(page.page.contains("Amina &lt;script&gt;alert(1)&lt;/script&gt; Yusuf"))
            #expect(!page.page.contains("<script>alert(1)"))
            #expect(page.page.contains("arabiska, svenska") && page.page.contains("Behöver språkkurs"))
            #expect(page.page.contains("Bor hos sin kusin<br>vill läsa svenska"))
            #expect(page.page.contains("Egen begäran") && page.page.contains("Kartläggning slutförd"))
            #expect(page.page.contains("Lag om främjande av integration (1386/2010)"))
            #expect(
                page.page.contains("<tr class=\"overdue\">")
                    && page.page.contains("/cases/\(id)/step/assessment_started"))
            let english = try anna.get("/cases/\(id)?purpose=check&lang=en")
            #expect(english.page.contains("Own request") && english.page.contains("Assessment completed"))

            // The reads are in the access log, through the web, with user and purpose; the list and the
            // purpose form are not reads.
            let access = try SecurityRegion.run(
                ["case", "access", "--data", node.data, "--user", "adm.eva", "--case", id], stdin: "secret-of-adm.eva\n"
            )
            let entries = try access.split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
            #expect(entries.count == 2 && entries.allSatisfy { $0["via"]?.stringValue == "web" }, "\(access)")
            #expect(
                entries.first?["user"]?.stringValue == "cw.anna"
                    && entries.first?["purpose"]?.stringValue == "Uppföljning")
            #expect(!access.contains(otherID))

            // Coordinators get a refusal in their language and no case; posts from them write nothing.
            let bo = Browser(url: node.url, user: "co.bo")
            for path in ["/cases", "/cases/\(id)?purpose=x", "/cases/new"] {
                let refused = try bo.get(path)
                #expect(refused.status == 403 && refused.page.contains("handläggare och administratörer"), "\(path)")
                #expect(!refused.page.contains("Amina"))
            }
            #expect(try bo.get("/cases?lang=fi").page.contains("asiakastyöntekijöille"))
            let before = try Self.caseEvents(node.data).count
            #expect(try bo.post("/cases/new", opening.merging(["token": try bo.token()]) { a, _ in a }).status == 403)
            #expect(try Browser(url: node.url, user: nil).get("/cases").status == 401)
            #expect(
                try anna.post(stepPath, ["token": "9999999999.00ff", "by": "municipality", "plan-needed": "no"]).status
                    == 403)
            #expect(try Self.caseEvents(node.data).count == before)
        }

        @Test func anOpenNodeOffersNoCasePages() throws {
            let node = try NodeProcess(name: "open-cases", municipality: 287)
            defer { node.destroy() }
            try node.start()
            let browser = Browser(url: node.url, user: nil)
            let list = try browser.get("/cases?lang=en")
            #expect(list.status == 403 && list.page.contains("Case pages need a secured node with named users"))
            #expect(try browser.post("/cases/new", ["grounds": "other", "name": "X"]).status == 403)
            #expect(try loggedEvents(node.data).filter { $0.type.rawValue.hasPrefix("case.") }.isEmpty)
        }
    }
}

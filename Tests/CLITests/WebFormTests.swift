import EventModel
import Foundation
import ProcessSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import Testing

/// FormCall makes one HTTP request with curl, which (unlike URLSession) leaves a 303 unfollowed, so a test sees
/// the status and its Location as a browser receives them.
enum FormCall {
    static func run(_ method: String, _ url: String, body: String? = nil, headers: [String: String]) throws -> HTTPCall.Answer {
        let folder = makeTemporaryDirectory("form-call")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var arguments = ["-s", "-S", "--max-time", "30", "-X", method, "-D", folder + "/head", "-o", folder + "/body"]
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(name): \(value)"] }
        if let body {
            try Data(body.utf8).write(to: URL(fileURLWithPath: folder + "/request"))
            arguments += ["--data-binary", "@" + folder + "/request"]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = arguments + [url]
        try process.run()
        guard ChildExit.wait(for: process) == 0 else { throw NodeProcessError.failed("curl \(method) \(url) failed") }
        let head = try String(contentsOfFile: folder + "/head", encoding: .utf8).components(separatedBy: "\r\n")
        let status = head.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var fields: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let data = (try? Data(contentsOf: URL(fileURLWithPath: folder + "/body"))) ?? Data()
        return HTTPCall.Answer(status: status, body: data, headers: fields)
    }

    /// `fields` as an `application/x-www-form-urlencoded` body.
    static func encode(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}

/// A browser session of one user (or none) against a node's pages.
struct Browser {
    let url: String
    let user: String?

    var authorization: [String: String] {
        guard let user else { return [:] }
        return ["Authorization": "Basic " + Data("\(user):secret-of-\(user)".utf8).base64EncodedString()]
    }

    func get(_ path: String) throws -> (status: Int, page: String) {
        let answer = try FormCall.run("GET", url + path, headers: authorization)
        return (answer.status, String(decoding: answer.body, as: UTF8.self))
    }

    /// The anti-forgery token of the form at `path`.
    func token(_ path: String = "/forms/figure") throws -> String {
        let page = try get(path).page
        guard let start = page.range(of: "name=\"token\" value=\""),
            let end = page[start.upperBound...].firstIndex(of: "\"")
        else { throw NodeProcessError.failed("no token on \(path)") }
        return String(page[start.upperBound..<end])
    }

    func post(_ path: String, _ fields: [String: String], headers: [String: String] = [:]) throws -> HTTPCall.Answer {
        try FormCall.run(
            "POST", url + path, body: FormCall.encode(fields),
            headers: authorization.merging(headers) { _, new in new }.merging(
                ["Content-Type": "application/x-www-form-urlencoded"]) { old, _ in old })
    }
}

extension HTTPCall.Answer {
    var page: String { String(decoding: body, as: UTF8.self) }
}

/// The events of a node's log, read with the CLI.
func loggedEvents(_ data: String) throws -> [Event] {
    let text = try SecurityRegion.run(["log", "--data", data, "--json"])
    return try text.split(separator: "\n").map { try Event(wireJSON: Array($0.utf8)) }
}

extension ProcessTests {
    /// The coordinators' forms on a real secured node: every form writes its event, invalid values and forged
    /// posts write nothing, and conflicting minutes are resolved by a post listing both versions.
    @Suite(.serialized) struct WebFormTests {
        static let valid: [(String, [String: String], String)] = [
            ("figure", ["indicator": "befrienders", "year": "2025", "value": "12", "done": "ja"], "followup.reported"),
            ("target", ["indicator": "befrienders", "year": "2025", "min": "10"], "target.municipality"),
            ("meeting", ["meeting": "m-1", "date": "2025-09-01", "place": "Stadshuset", "host": "287"], "meeting.scheduled"),
            ("attendance", ["meeting": "m-1", "present": "ja", "persons": "2"], "meeting.attendance"),
            ("minutes", ["meeting": "m-1", "text": "Rad ett\r\nRad två"], "meeting.minutes"),
            ("decision", ["meeting": "m-1", "item": "d1", "text": "Guiden antas"], "meeting.decision"),
            ("action-item", ["meeting": "m-1", "item": "a1", "text": "Översätt guiden", "owner": "287", "due": "2025-10-01"],
             "meeting.action_item"),
            ("action-done", ["meeting": "m-1", "item": "a1", "date": "2025-09-20"], "meeting.action_done"),
        ]

        @Test func signedInCoordinatorsEnterEveryFormAndForgeriesWriteNothing() throws {
            let region = try SecurityRegion(codes: [287])
            defer { region.destroy() }
            let node = try region.node("krs-server", municipality: 287)
            try region.enrolAll()
            for (name, role) in [("co.bo", "coordinator"), ("co.eva", "coordinator"), ("cw.anna", "caseworker")] {
                try SecurityRegion.run(
                    ["user", "add", "--data", node.data, "--name", name, "--role", role, "--municipality", "287"],
                    stdin: "secret-of-\(name)\n")
            }
            try node.start()
            let bo = Browser(url: node.url, user: "co.bo")
            let token = try bo.token()
            #expect(try bo.get("/forms").page.contains("/forms/action-done"))

            for (form, values, type) in Self.valid {
                let before = try loggedEvents(node.data).count
                let answer = try bo.post("/forms/\(form)", values.merging(["token": token]) { a, _ in a })
                #expect(answer.status == 303, "\(form): \(answer.page)")
                #expect(answer.headers["location"]?.hasPrefix(form.hasPrefix("f") || form == "target" ? "/followup" : "/meetings") == true)
                let events = try loggedEvents(node.data)
                #expect(events.count == before + 1)
                #expect(events.last?.type.rawValue == type && events.last?.author.description == "co.bo", "\(form)")
            }
            let meetings = try bo.get("/meetings").page
            #expect(meetings.contains("Rad ett<br>Rad två") && meetings.contains("Guiden antas"))
            let count = try loggedEvents(node.data).count

            // Invalid values: the form again with the message in the user's language and the values; nothing written.
            let noYear = try bo.post("/forms/figure", ["indicator": "befrienders", "value": "7", "token": token])
            #expect(noYear.status == 422 && noYear.page.contains("År: måste fyllas i"))
            #expect(noYear.page.contains("value=\"befrienders\"") && noYear.page.contains("value=\"7\""))
            let finnish = try bo.post("/forms/meeting?lang=fi", ["meeting": "m-2", "date": "1.9.2025", "place": "x", "token": token])
            #expect(finnish.status == 422 && finnish.page.contains("Päivämäärä: on oltava päivämäärä VVVV-KK-PP"))
            let hostile = "<script>alert(1)</script>"
            let escaped = try bo.post("/forms/decision", ["meeting": "m-1", "item": "bad id", "text": hostile, "token": token])
            #expect(escaped.status == 422 && escaped.page.contains("Punkt (id):"))
            #expect(escaped.page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !escaped.page.contains(hostile))

            // Forged or anonymous posts: refused, nothing written.
            let valid = ["meeting": "m-1", "item": "d9", "text": "Förfalskat"]
            let eva = try Browser(url: node.url, user: "co.eva").token()
            let anna = Browser(url: node.url, user: "cw.anna")
            #expect(try bo.post("/forms/decision", valid).status == 403)
            #expect(try bo.post("/forms/decision", valid.merging(["token": eva]) { a, _ in a }).status == 403)
            #expect(try bo.post("/forms/decision", valid.merging(["token": "9999999999.00ff"]) { a, _ in a }).status == 403)
            #expect(try Browser(url: node.url, user: nil).post("/forms/decision", valid.merging(["token": token]) { a, _ in a }).status == 401)
            let crossSite = try bo.post(
                "/forms/decision", valid.merging(["token": token]) { a, _ in a }, headers: ["Origin": "http://evil.example"])
            #expect(crossSite.status == 403 && crossSite.page.contains("annan webbplats"))
            #expect(try anna.post("/forms/decision", valid.merging(["token": try anna.token()]) { a, _ in a }).status == 403)
            #expect(try loggedEvents(node.data).count == count)

            // A second version of the minutes written without seeing the first: the form shows both, and the
            // resolving post lists both hashes in parents.
            let credentials = Data("co.bo:secret-of-co.bo".utf8).base64EncodedString()
            let second: JSONValue = [
                "channel": "region", "stream": "meeting/m-1", "type": "meeting.minutes",
                "payload": ["meeting": "m-1", "text": "Andra versionen <b>"],
            ]
            let appended = try HTTPCall.run(
                method: "POST", url: node.url + "/v1/events", body: Data(CanonicalJSON.encode(second)),
                headers: ["Authorization": "Basic \(credentials)"])
            #expect(appended.status == 201)
            let heads = try loggedEvents(node.data).filter { $0.type.rawValue == "meeting.minutes" }.map(\.hash.hex)
            #expect(heads.count == 2)
            #expect(try bo.get("/meetings").page.contains("/forms/minutes?meeting=m-1"))
            let form = try bo.get("/forms/minutes?meeting=m-1").page
            #expect(heads.allSatisfy { form.contains($0) } && form.contains("Andra versionen &lt;b&gt;"))
            #expect(form.contains("Protokollet har två versioner"))
            let resolved = try bo.post("/forms/minutes", ["meeting": "m-1", "text": "Sammanslaget", "token": token])
            #expect(resolved.status == 303)
            let last = try #require(try loggedEvents(node.data).last)
            #expect(Set(last.parents.map(\.hex)) == Set(heads) && last.type.rawValue == "meeting.minutes")
            #expect(!(try bo.get("/forms/minutes?meeting=m-1").page.contains("Protokollet har två versioner")))
        }

        @Test func openModeOffersNoFormsAndRefusesPosts() throws {
            let node = try NodeProcess(name: "open-node", municipality: 287)
            defer { node.destroy() }
            try node.start()
            let browser = Browser(url: node.url, user: nil)
            let index = try browser.get("/forms?lang=en")
            #expect(index.status == 200 && index.page.contains("open mode") && !index.page.contains("<form"))
            let before = try loggedEvents(node.data).count
            let post = try browser.post("/forms/figure", ["indicator": "befrienders", "year": "2025", "value": "3"])
            #expect(post.status == 403 && post.page.contains("öppet läge"))
            #expect(try loggedEvents(node.data).count == before)
        }
    }
}

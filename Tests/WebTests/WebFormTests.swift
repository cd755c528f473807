import Domain
import EventModel
import HTTP
import Projections
import Testing
import Web

/// The forms render with the user's token, validate through the same builders as `samverkan record` with
/// messages in the user's language, escape what was entered, and show both versions of conflicting minutes.
@Suite struct WebFormTests {
    let snapshot: WebSnapshot
    let own = MunicipalityCode(287)!

    init() throws { snapshot = try WebFixture.snapshot() }

    func kind(_ name: String) throws -> WebFormKind { try #require(WebFormKind.at("/forms/" + name)) }

    func render(
        _ name: String, _ values: [String: String] = [:], message: String? = nil, field: String? = nil,
        language: Localization.Language = .sv
    ) throws -> String {
        let context = WebFormPage.Context(user: "co.bo", token: "123.abc", message: message, field: field)
        let query = WebQuery(language: language, asOf: WebFixture.asOf, isAsOfGiven: false)
        let response = WebFormPage.form(try kind(name), values: values, context: context, snapshot: snapshot, query: query)
        #expect(response.headers["Content-Security-Policy"]?.contains("default-src 'none'") == true)
        return String(decoding: response.body, as: UTF8.self)
    }

    /// The refusal of `values`, or nil when they are accepted.
    func refusal(_ form: WebFormKind, _ values: [String: String]) -> RecordFieldError? {
        do {
            _ = try form.draft(values, own: own)
            return nil
        } catch { return error }
    }

    /// A valid value set per form and the event type it writes.
    static let valid: [(String, [String: String], String)] = [
        ("figure", ["indicator": "befrienders", "year": "2025", "value": "12.5", "done": "yes"], "followup.reported"),
        ("target", ["indicator": "befrienders", "year": "2025", "min": "10"], "target.municipality"),
        ("meeting", ["meeting": "m-1", "date": "2025-09-01", "place": "Stadshuset", "host": "287"], "meeting.scheduled"),
        ("attendance", ["meeting": "m-1", "present": "ja", "persons": "2"], "meeting.attendance"),
        ("minutes", ["meeting": "m-1", "text": "Rad ett\nRad två"], "meeting.minutes"),
        ("decision", ["meeting": "m-1", "item": "d1", "text": "Beslut"], "meeting.decision"),
        ("action-item", ["meeting": "m-1", "item": "a1", "text": "Gör", "owner": "545", "due": "2025-10-01"], "meeting.action_item"),
        ("action-done", ["meeting": "m-1", "item": "a1", "date": "2025-09-20"], "meeting.action_done"),
    ]

    @Test func everyFormRendersItsFieldsAndTheToken() throws {
        #expect(WebFormKind.all.map(\.name) == Self.valid.map(\.0))
        for form in WebFormKind.all {
            let page = try render(form.name)
            #expect(page.contains("<form class=\"record\" method=\"post\" action=\"/forms/\(form.name)\">"))
            #expect(page.contains("<input type=\"hidden\" name=\"token\" value=\"123.abc\">"))
            for field in form.fields { #expect(page.contains("name=\"\(field.name)\""), "\(form.name).\(field.name)") }
            #expect(!page.contains("<script"))
        }
        let index = WebFormPage.index(snapshot: snapshot, query: WebQuery(asOf: WebFixture.asOf), user: "co.bo")
        #expect(String(decoding: index.body, as: UTF8.self).contains("Rapportera ett uppföljningsvärde"))
        let open = WebFormPage.index(snapshot: snapshot, query: WebQuery(language: .en, asOf: WebFixture.asOf), user: nil)
        let openPage = String(decoding: open.body, as: UTF8.self)
        #expect(openPage.contains("open mode") && !openPage.contains("<form"))
    }

    @Test func validValuesBuildTheSameDraftsAsTheCLI() throws {
        for (name, values, type) in Self.valid {
            let draft = try kind(name).draft(values.merging(["token": "x", "unknown": "y"]) { a, _ in a }, own: own)
            #expect(draft.type.rawValue == type, "\(name)")
            #expect(draft.stream != nil)
            #expect(draft.payload["token"] == nil && draft.payload["unknown"] == nil)
            let cli = try #require(try RecordBuilders.draft(name, RecordValues(values, ownMunicipality: own)))
            #expect(cli.payload == draft.payload && cli.stream == draft.stream)
        }
        let figure = try kind("figure").draft(["indicator": "x", "year": " 2025 ", "value": "", "note": ""], own: own)
        #expect(figure.payload["municipality"] == .number(JSONNumber(287)) && figure.payload["value"] == nil)
        let attendance = try kind("attendance").draft(Self.valid[3].1, own: own)
        #expect(attendance.payload["municipality"] == .number(JSONNumber(287)) && attendance.payload["present"] == .bool(true))
    }

    @Test func invalidValuesNameTheFieldInTheUsersLanguage() throws {
        let cases: [(String, [String: String], String, [Localization.Language: String])] = [
            ("figure", ["indicator": "befrienders"], "year", [.sv: "År: måste fyllas i", .fi: "Vuosi: on pakollinen"]),
            ("figure", ["indicator": "befrienders", "year": "2025", "value": "tolv"], "value",
             [.sv: "Värde: måste vara ett tal", .en: "Value: must be a number"]),
            ("target", ["indicator": "a b", "year": "2025"], "indicator", [.sv: "Indikator: får bara innehålla", .en: "Indicator: must be 1–40"]),
            ("meeting", ["meeting": "m-1", "date": "12.3.2025", "place": "x"], "date",
             [.sv: "Datum: måste vara ett datum ÅÅÅÅ-MM-DD", .fi: "Päivämäärä: on oltava päivämäärä"]),
            ("attendance", ["meeting": "m-1", "present": "kanske"], "present", [.sv: "Närvarande: måste vara ja eller nej", .en: "Present: must be yes or no"]),
            ("minutes", ["meeting": "m-1", "text": " \n "], "text", [.sv: "Text: måste fyllas i", .fi: "Teksti: on pakollinen"]),
            ("decision", ["item": "d1", "text": "x"], "meeting", [.sv: "Möte (id): måste fyllas i", .en: "Meeting (id): is required"]),
            ("action-item", ["meeting": "m-1", "item": "a1", "text": "x", "owner": "999", "due": "2025-01-01"], "owner",
             [.sv: "Ansvarig kommun: måste vara en medlemskommun", .fi: "Vastuukunta: on oltava jäsenkunta"]),
            ("action-done", ["meeting": "m-1", "item": "a1", "date": "2025-13-01"], "date", [.sv: "Datum: måste vara ett datum", .en: "Date: must be a date"]),
            ("figure", ["indicator": "x", "year": "1800"], "year", [.sv: "År: måste vara ett heltal från 1900 till 2200", .en: "Year: must be a whole number from 1900 to 2200"]),
        ]
        for (name, values, field, messages) in cases {
            guard let error = refusal(try kind(name), values) else {
                Issue.record("\(name) \(values) was accepted")
                continue
            }
            #expect(error.field == field, "\(name)")
            for (language, message) in messages {
                let text = WebFormText.message(error, language)
                #expect(text.hasPrefix(message), "\(text)")
                let page = try render(name, values, message: text, field: error.field, language: language)
                #expect(page.contains("role=\"alert\"") && page.contains(HTML.escape(text)))
                #expect(page.contains("name=\"\(field)\" aria-invalid=\"true\""))
            }
        }
        let catalog = WebFormText.message(EnvelopeError(field: "payload.year", reason: "must be an integer"), .fi)
        #expect(catalog == "Tapahtuma hylättiin: Vuosi must be an integer")
    }

    /// The figure builder leaves "a count needs a value" to the catalog, which names `payload.value`: the form
    /// marks the value field, not none (found by FuzzWebForm).
    @Test func aRefusalOfTheCatalogMarksTheFieldItNames() throws {
        let figure = try kind("figure")
        let values = ["indicator": "befrienders", "year": "2025"]
        let draft = try figure.draft(values, own: own)
        let content = EventContent(
            channel: .region, municipality: own, stream: try #require(draft.stream), type: draft.type,
            schemaVersion: 1, parents: [], payload: draft.payload)
        guard case .invalid(let error) = DomainCatalog.standard.verdict(for: content) else {
            Issue.record("a count without a value was accepted")
            return
        }
        #expect(error.field == "payload.value")
        #expect(figure.field(forEnvelopeField: error.field)?.name == "value")
        #expect(figure.field(forEnvelopeField: "payload.nonsense") == nil && figure.field(forEnvelopeField: "stream") == nil)
        let page = try render("figure", values, message: WebFormText.message(error, .sv), field: error.field)
        #expect(page.contains("name=\"value\" aria-invalid=\"true\""))
        #expect(!page.contains("name=\"year\" aria-invalid"))
    }

    @Test func whatWasEnteredIsEscapedWhenShownBack() throws {
        let hostile = "<script>alert('x')</script>\"><b>"
        for name in ["figure", "meeting", "minutes", "decision", "action-item"] {
            let form = try kind(name)
            var values: [String: String] = [:]
            for field in form.fields { values[field.name] = hostile }
            let page = try render(name, values, message: "Text: \(hostile)", field: "text")
            #expect(!page.contains("<script>") && !page.contains("\"><b>"), "\(name)")
            #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;b&gt;"), "\(name)")
        }
    }

    @Test func conflictingMinutesShowBothVersionsWithTheirHashes() throws {
        let register = try #require(snapshot.meetings.minutesRegister("2025-1"))
        #expect(register.versions.count == 2)
        for language in Localization.Language.allCases {
            let page = try render("minutes", ["meeting": "2025-1"], language: language)
            #expect(page.contains(WebFormText.label("conflictHelp", language)))
            for version in register.versions {
                #expect(page.contains(version.stamp.hash.hex))
            }
        }
        let page = try render("minutes", ["meeting": "2025-1"])
        #expect(page.contains("Närpes version av protokollet"))
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;") && !page.contains("<script>"))
        let meetings = WebRouter(source: FixedSource(snapshot: snapshot), today: { WebFixture.asOf })
            .render("/meetings", snapshot: snapshot, query: WebQuery(asOf: WebFixture.asOf))
        #expect(String(decoding: meetings.body, as: UTF8.self).contains("/forms/minutes?as-of=\(WebFixture.asOf)&amp;meeting=2025-1"))
    }

    @Test func formBodiesAreDecodedAndReturnPathsKeepTheLanguage() throws {
        let values = WebFormKind.parseForm(Array("token=1.a%2Bb&text=R%C3%A5d+ett%0D%0Atv%C3%A5&year=2025&x".utf8))
        #expect(values == ["token": "1.a+b", "text": "Råd ett\r\ntvå", "year": "2025", "x": ""])
        let query = WebQuery(language: .fi, asOf: WebFixture.asOf, isAsOfGiven: false)
        #expect(try kind("figure").returnPath(values, query: query) == "/followup?lang=fi&year=2025")
        #expect(try kind("minutes").returnPath(["meeting": "m-1"], query: query) == "/meetings?lang=fi#meeting-m-1")
    }
}

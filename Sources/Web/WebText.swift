import Domain
import EventModel
import Foundation

/// WebText holds the pages' labels in Swedish, Finnish and English, on top of the views' `Localization`.
///
/// Only headings and status words are translated; the programme's own texts and what users wrote stay as written.
public enum WebText {
    /// Labels the views' table does not have: (Swedish, Finnish, English).
    static let extra: [String: (String, String, String)] = [
        "home": ("Översikt", "Yleiskatsaus", "Overview"),
        "syncStatus": ("Synkronisering", "Synkronointi", "Sync status"),
        "cases": ("Ärenden", "Asiat", "Cases"),
        "viewDigest": ("Vyns digest", "Näkymän tiiviste", "View digest"),
        "newestEvent": ("Senaste händelse i vyn", "Näkymän uusin tapahtuma", "Newest event in the view"),
        "noEvents": (
            "Inga händelser ännu: importera programmet med `samverkan programme import`",
            "Ei vielä tapahtumia: tuo ohjelma komennolla `samverkan programme import`",
            "No events yet: import the programme with `samverkan programme import`"
        ),
        "download": ("Ladda ner", "Lataa", "Download"),
        "excel": ("Excel (CSV, ;)", "Excel (CSV, ;)", "Excel (CSV, ;)"),
        "upcoming": ("Kommande möten", "Tulevat kokoukset", "Upcoming meetings"),
        "heldMeetings": ("Hållna och övriga möten", "Pidetyt ja muut kokoukset", "Held and other meetings"),
        "openActions": ("Öppna uppdrag per kommun", "Avoimet tehtävät kunnittain", "Open action items by municipality"),
        "peers": ("Parter", "Vertaissolmut", "Peers"),
        "peer": ("Part", "Vertainen", "Peer"),
        "lastContact": ("Senaste kontakt", "Viimeisin yhteys", "Last contact"),
        "behind": ("Händelser efter", "Tapahtumia jäljessä", "Events behind"),
        "peerLacks": ("parten saknar", "vertaiselta puuttuu", "peer lacks"),
        "weLack": ("vi saknar", "meiltä puuttuu", "we lack"),
        "stoppedStreams": ("Stoppade strömmar", "Pysäytetyt virrat", "Stopped streams"),
        "reason": ("Orsak", "Syy", "Reason"),
        "lastError": ("Senaste fel", "Viimeisin virhe", "Last error"),
        "node": ("Nod", "Solmu", "Node"),
        "events": ("Händelser", "Tapahtumat", "Events"),
        "charts": ("Utveckling över åren", "Kehitys vuosittain", "Over the years"),
        "never": ("aldrig", "ei koskaan", "never"),
        "none": ("Inga", "Ei yhtään", "None"),
        "yes": ("ja", "kyllä", "yes"),
        "no": ("nej", "ei", "no"),
        "members": ("Medlemmar", "Jäsenkunnat", "Members"),
        "period": ("Period", "Kausi", "Period"),
        "followUpTitle": ("Uppföljning", "Seuranta", "Follow-up"),
        "name": ("Namn", "Nimi", "Name"),
        "reference": ("Referens", "Viite", "Reference"),
        "code": ("Kommunkod", "Kuntanumero", "Code"),
        "min": ("Målnivå min", "Tavoite min", "Target min"),
        "max": ("Målnivå max", "Tavoite max", "Target max"),
        "meeting": ("Möte", "Kokous", "Meeting"),
        "title": ("Rubrik", "Otsikko", "Title"),
        "forks": ("Förgreningar", "Haarautumat", "Forks"),
        "flagged": ("Flaggade händelser", "Merkityt tapahtumat", "Flagged events"),
        "noPeers": ("Inga parter konfigurerade", "Ei määritettyjä vertaissolmuja", "No peers configured"),
        "report": ("Årsuppföljning", "Vuosiseuranta", "Yearly follow-up"),
        "behindTitle": ("Det som släpar efter", "Jäljessä olevat", "What is behind"),
        "summary": ("Sammanfattning", "Yhteenveto", "Summary"),
        "signIn": (
            "Inmatning i webbläsaren kommer när inloggning med namngivna användare finns.",
            "Tietojen syöttö selaimessa tulee, kun kirjautuminen nimetyillä käyttäjillä on valmis.",
            "Entering data in the browser arrives with sign-in for named users."
        ),
        "dateNotReported": ("datum passerat", "päivä ohi", "date passed"),
        "cellsMet": ("uppnådda", "saavutettu", "met"),
        "cellsBelow": ("under målet", "alle tavoitteen", "below target"),
        "cellsOverdue": ("försenade rapporter", "myöhässä olevat raportit", "overdue reports"),
        "openActionsShort": ("öppna uppdrag", "avointa tehtävää", "open action items"),
        "overdueActions": ("försenade uppdrag", "myöhässä olevaa tehtävää", "overdue action items"),
        "badRequest": ("Felaktig begäran", "Virheellinen pyyntö", "Bad request"),
        "nothingBehind": ("Inget släpar efter.", "Mikään ei ole jäljessä.", "Nothing is behind."),
        "other": ("Övriga", "Muut", "Other"),
        "legend": ("Förklaring", "Selite", "Legend"),
        "caseFigures": ("Siffror ur ärendena", "Luvut asiakastyöstä", "Figures from case work"),
        "caseFiguresNote": (
            "Varje kommun räknar sina ärenden per avslutad period; antal från 1 till 4 lämnar aldrig kommunen och "
                + "visas som <5, och summor som kunde avslöja dem visas som intervall.",
            "Kukin kunta laskee asiakkuutensa päättyneittäin kausittain; lukumäärät 1–4 eivät koskaan lähde kunnasta "
                + "vaan näkyvät muodossa <5, ja summat, jotka voisivat paljastaa ne, näkyvät vaihteluväleinä.",
            "Each municipality counts its cases per completed period; counts from 1 to 4 never leave the "
                + "municipality and show as <5, and totals that could reveal them show as ranges."
        ),
        "assessmentsStarted": ("Kartläggningar inledda", "Alkukartoituksia aloitettu", "Assessments started"),
        "assessmentsCompleted": ("Kartläggningar slutförda", "Alkukartoituksia valmistunut", "Assessments completed"),
        "plansMade": ("Integrationsplaner uppgjorda", "Kotoutumissuunnitelmia laadittu", "Integration plans made"),
        "plansActive": (
            "Gällande planer vid periodens slut", "Voimassa olevia suunnitelmia kauden lopussa",
            "Plans in force at the period's end"
        ),
        "referrals": ("Hänvisningar", "Ohjauksia", "Referrals"),
    ]

    /// The label of `key` in `language`, from this table or the views' `Localization`.
    public static func label(_ key: String, _ language: Localization.Language) -> String {
        Localization.text(key, language, in: extra) ?? Localization.label(key, language)
    }

    /// A municipality's name in the language (Finnish names for `fi`, Swedish otherwise), or its code.
    public static func name(_ code: MunicipalityCode, _ language: Localization.Language) -> String {
        guard let member = Municipality.member(code) else { return code.description }
        return language == .fi ? member.finnishName : member.swedishName
    }

    /// A number without a trailing `.0` when whole.
    public static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// A target as `2–4`, `≥ 3`, `≤ 5` or `3`; empty when there is none.
    public static func target(_ target: IndicatorTarget?) -> String {
        guard let target else { return "" }
        switch (target.minimum, target.maximum) {
        case let (min?, max?): return min == max ? number(min) : "\(number(min))–\(number(max))"
        case let (min?, nil): return "≥ \(number(min))"
        case let (nil, max?): return "≤ \(number(max))"
        case (nil, nil): return ""
        }
    }

    /// A figure as shown in a cell: the value, yes/no and the reference, space-separated; `–` when missing.
    public static func figure(_ figure: FollowUpView.Figure?, _ language: Localization.Language) -> String {
        guard let figure else { return "–" }
        var parts: [String] = []
        if let value = figure.value { parts.append(number(value)) }
        if let done = figure.done { parts.append(label(done ? "yes" : "no", language)) }
        if let reference = figure.reference { parts.append(reference) }
        return parts.isEmpty ? "–" : parts.joined(separator: " ")
    }

    /// A cell's value: the published case count as it travelled (`12`, `<5`) when derived from cases, else the figure.
    public static func value(_ cell: FollowUpMatrix.Cell, _ language: Localization.Language) -> String {
        cell.caseCount?.description ?? figure(cell.figure, language)
    }

    /// A row's regional total: for a row derived from cases the exact sum or its range (`21–29`), else the sum.
    public static func total(_ total: FollowUpMatrix.Total) -> String {
        total.caseTotal?.description ?? total.value.map(number) ?? "–"
    }

    /// The header of the case-figures table: municipality, period and each count's label.
    public static func caseFiguresHeader(_ language: Localization.Language) -> [String] {
        [label("municipality", language), label("period", language)]
            + CaseCountKey.allCases.map { label($0.rawValue, language) }
    }

    /// One row of the case-figures table: the municipality's name, the period and each count as published.
    public static func caseFiguresRow(_ counts: PublishedCaseCounts, _ language: Localization.Language) -> [String] {
        [name(counts.municipality, language), counts.period.description]
            + CaseCountKey.allCases.map { counts[$0].description }
    }

    /// A meeting's status as words: scheduled, held on a day, or cancelled.
    public static func status(_ status: MeetingsView.Status, _ language: Localization.Language) -> String {
        switch status {
        case .scheduled: Localization.label("scheduled", language)
        case .held(let date): "\(Localization.label("held", language)) \(date)"
        case .cancelled: Localization.label("cancelled", language)
        }
    }

    /// An HLC's wall time as `YYYY-MM-DD HH:MM:SS UTC`: the same text on every node and in every test.
    public static func time(_ hlc: HLC) -> String { time(millis: hlc.wallMillis) }

    /// Milliseconds since 1970 as `YYYY-MM-DD HH:MM:SS UTC`.
    public static func time(millis: Int64) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = Date(timeIntervalSince1970: Double(millis) / 1000)
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(value ?? 0).leftPadded(to: 2) }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) "
            + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) UTC"
    }

    /// Today in UTC: the default as-of day of the pages, used only for what is computed when read.
    public static func today() -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: parts.year ?? 2000, month: parts.month ?? 1, day: parts.day ?? 1)!
    }
}

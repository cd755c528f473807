import Domain
import EventModel

/// WebFormText holds the forms' labels and messages in Swedish, Finnish and English.
public enum WebFormText {
    /// (Swedish, Finnish, English) by key: field names, form titles and messages.
    static let table: [String: (String, String, String)] = [
        "field.indicator": ("Indikator", "Indikaattori", "Indicator"),
        "field.year": ("År", "Vuosi", "Year"),
        "field.value": ("Värde", "Arvo", "Value"),
        "field.participants": ("Deltagare", "Osallistujat", "Participants"),
        "field.done": ("Genomfört", "Toteutettu", "Done"),
        "field.reference": ("Referens", "Viite", "Reference"),
        "field.note": ("Anteckning", "Huomautus", "Note"),
        "field.min": ("Målnivå min", "Tavoite min", "Target min"),
        "field.max": ("Målnivå max", "Tavoite max", "Target max"),
        "field.meeting": ("Möte (id)", "Kokous (tunnus)", "Meeting (id)"),
        "field.date": ("Datum", "Päivämäärä", "Date"),
        "field.place": ("Plats", "Paikka", "Place"),
        "field.host": ("Värdkommun", "Isäntäkunta", "Host municipality"),
        "field.title": ("Rubrik", "Otsikko", "Title"),
        "field.municipality": ("Kommun", "Kunta", "Municipality"),
        "field.present": ("Närvarande", "Läsnä", "Present"),
        "field.persons": ("Antal personer", "Henkilömäärä", "Persons"),
        "field.text": ("Text", "Teksti", "Text"),
        "field.item": ("Punkt (id)", "Kohta (tunnus)", "Item (id)"),
        "field.owner": ("Ansvarig kommun", "Vastuukunta", "Owner municipality"),
        "field.due": ("Senast", "Määräpäivä", "Due"),
        "field.payload": ("Uppgifterna", "Tiedot", "The data"),
        "form.figure": ("Rapportera ett uppföljningsvärde", "Ilmoita seurantaluku", "Report a figure"),
        "form.target": ("Sätt en målnivå", "Aseta tavoite", "Set a target"),
        "form.meeting": ("Planera ett möte", "Suunnittele kokous", "Schedule a meeting"),
        "form.attendance": ("Registrera närvaro", "Kirjaa läsnäolo", "Record attendance"),
        "form.minutes": ("Skriv protokoll", "Kirjoita pöytäkirja", "Write minutes"),
        "form.decision": ("Registrera ett beslut", "Kirjaa päätös", "Record a decision"),
        "form.action-item": ("Registrera ett uppdrag", "Kirjaa tehtävä", "Record an action item"),
        "form.action-done": ("Markera ett uppdrag som klart", "Merkitse tehtävä tehdyksi", "Mark an action item done"),
        "enterData": ("Registrera uppgifter", "Syötä tietoja", "Enter data"),
        "save": ("Spara", "Tallenna", "Save"),
        "signedInAs": ("Inloggad som", "Kirjautunut käyttäjä", "Signed in as"),
        "notSaved": ("Inget sparades", "Mitään ei tallennettu", "Nothing was saved"),
        "openMode": (
            "Formulären erbjuds inte: noden körs i öppet läge, utan namngivna användare att registrera som författare.",
            "Lomakkeita ei tarjota: solmu toimii avoimessa tilassa ilman nimettyjä käyttäjiä, jotka kirjattaisiin tekijöiksi.",
            "Forms are not offered: this node runs in open mode, with no named users to record as authors."
        ),
        "badToken": (
            "Formuläret är för gammalt eller inte ditt: ladda om sidan och försök igen.",
            "Lomake on vanhentunut tai ei ole sinun: lataa sivu uudelleen ja yritä uudestaan.",
            "The form is stale or not yours: reload the page and try again."
        ),
        "badOrigin": (
            "Begäran kom från en annan webbplats.", "Pyyntö tuli toiselta sivustolta.",
            "The request came from another site."
        ),
        "refusedEvent": ("Händelsen avvisades", "Tapahtuma hylättiin", "The event was refused"),
        "versions": ("Nuvarande versioner", "Nykyiset versiot", "Current versions"),
        "conflictHelp": (
            "Protokollet har två versioner. Skriv den version som gäller: den ersätter båda.",
            "Pöytäkirjasta on kaksi versiota. Kirjoita voimassa oleva versio: se korvaa molemmat.",
            "The minutes have two versions. Write the version that stands: it replaces both."
        ),
        "resolve": ("Lös konflikten", "Ratkaise ristiriita", "Resolve the conflict"),
        "problem.required": ("måste fyllas i", "on pakollinen", "is required"),
        "problem.identifier": (
            "får bara innehålla 1–40 tecken A–Z a–z 0–9 . _ -", "saa sisältää vain 1–40 merkkiä A–Z a–z 0–9 . _ -",
            "must be 1–40 of A–Z a–z 0–9 . _ -"
        ),
        "problem.integer": ("måste vara ett heltal från", "on oltava kokonaisluku väliltä", "must be a whole number from"),
        "problem.number": (
            "måste vara ett tal, t.ex. 12 eller 3.5", "on oltava luku, esim. 12 tai 3.5", "must be a number, e.g. 12 or 3.5"
        ),
        "problem.date": (
            "måste vara ett datum ÅÅÅÅ-MM-DD", "on oltava päivämäärä VVVV-KK-PP", "must be a date YYYY-MM-DD"
        ),
        "problem.municipality": ("måste vara en medlemskommun", "on oltava jäsenkunta", "must be a member municipality"),
        "problem.yesNo": ("måste vara ja eller nej", "on oltava kyllä tai ei", "must be yes or no"),
        "problem.choice": ("måste vara ett av", "on oltava jokin näistä", "must be one of"),
        "problem.tooLong": ("får vara högst så här många tecken:", "saa olla enintään näin monta merkkiä:", "may be at most this many characters:"),
    ]

    /// The text of `key` in `language`; the key itself when unknown.
    public static func label(_ key: String, _ language: Localization.Language) -> String {
        Localization.text(key, language, in: table) ?? key
    }

    /// A field's human name: `payload.year` and `year` both read as the year's label; unknown fields as written.
    public static func field(_ name: String, _ language: Localization.Language) -> String {
        let bare = name.hasPrefix("payload.") ? String(name.dropFirst("payload.".count)) : name
        let key = "field." + (bare.split(separator: ".").first.map(String.init) ?? bare)
        return table[key] == nil ? name : label(key, language)
    }

    /// The message for a value the shared record validation refused, e.g. `År: måste fyllas i`.
    public static func message(_ error: RecordFieldError, _ language: Localization.Language) -> String {
        let problem: String
        switch error.problem {
        case .required, .empty: problem = label("problem.required", language)
        case .identifier: problem = label("problem.identifier", language)
        case .integer(let range):
            let to = language == .fi ? "–" : language == .sv ? " till " : " to "
            problem = "\(label("problem.integer", language)) \(range.lowerBound)\(to)\(range.upperBound)"
        case .number: problem = label("problem.number", language)
        case .date: problem = label("problem.date", language)
        case .municipality: problem = label("problem.municipality", language)
        case .yesNo: problem = label("problem.yesNo", language)
        case .choice(let values): problem = "\(label("problem.choice", language)) \(values.joined(separator: ", "))"
        case .tooLong(let limit): problem = "\(label("problem.tooLong", language)) \(limit)"
        }
        return "\(field(error.field, language)): \(problem)"
    }

    /// The message for an event the catalog or the log refused: the field's human name and the catalog's reason.
    public static func message(_ error: EnvelopeError, _ language: Localization.Language) -> String {
        "\(label("refusedEvent", language)): \(field(error.field, language)) \(error.reason)"
    }
}

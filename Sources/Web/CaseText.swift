import Domain
import EventModel

/// CaseText holds the caseworkers' pages' labels and messages in Swedish, Finnish and English: headings, case
/// steps, field names and the values of the choice fields. What caseworkers wrote is shown as written.
public enum CaseText {
    /// (Swedish, Finnish, English) by key.
    static let table: [String: (String, String, String)] = [
        "cases": ("Ärenden", "Asiat", "Cases"),
        "due": ("Att göra och försenat", "Tehtävät ja myöhässä olevat", "Due and overdue"),
        "mine": ("Mina ärenden", "Omat asiat", "My cases"),
        "all": ("Hela kommunen", "Koko kunta", "Whole municipality"),
        "asOf": ("Per dag", "Päivänä", "As of"),
        "show": ("Visa", "Näytä", "Show"),
        "case": ("Ärende", "Asia", "Case"),
        "deadline": ("Tidsfrist", "Määräaika", "Deadline"),
        "deadlines": ("Tidsfrister", "Määräajat", "Deadlines"),
        "regime": ("Lag", "Laki", "Act"),
        "dueOn": ("Senast", "Viimeistään", "Due by"),
        "doneOn": ("Gjort", "Tehty", "Done on"),
        "status": ("Läge", "Tila", "Status"),
        "overdue": ("försenad", "myöhässä", "overdue"),
        "open": ("öppen", "avoin", "open"),
        "done": ("klar", "valmis", "done"),
        "closed": ("avslutat", "päätetty", "closed"),
        "erasedState": ("raderat", "poistettu", "erased"),
        "openedOn": ("Öppnat", "Avattu", "Opened"),
        "closedOn": ("Avslutat", "Päätetty", "Closed"),
        "dueSummary": (
            "öppna tidsfrister, varav försenade:", "avointa määräaikaa, joista myöhässä:", "open deadlines, overdue:"
        ),
        "noDue": ("Inga öppna tidsfrister.", "Ei avoimia määräaikoja.", "No open deadlines."),
        "noCases": ("Inga ärenden.", "Ei asioita.", "No cases."),
        "newCase": ("Öppna ett nytt ärende", "Avaa uusi asia", "Open a new case"),
        "noPersonalData": (
            "Sidan visar inga personuppgifter. Den som öppnar ett ärende anger varför, och läsningen loggas.",
            "Sivulla ei näytetä henkilötietoja. Asian avaaja kertoo syyn, ja lukeminen kirjataan lokiin.",
            "This page shows no personal data. Whoever opens a case says why, and the read is logged."
        ),
        "purposeTitle": ("Varför öppnar du ärendet?", "Miksi avaat asian?", "Why are you opening the case?"),
        "purposeHelp": (
            "Varje läsning av ett ärende registreras i åtkomstloggen med användare, tid och syfte.",
            "Jokainen asian lukeminen kirjataan käyttölokiin: käyttäjä, aika ja tarkoitus.",
            "Every read of a case is recorded in the access log with user, time and purpose."
        ),
        "purpose": ("Syfte", "Tarkoitus", "Purpose"),
        "openTheCase": ("Öppna ärendet", "Avaa asia", "Open the case"),
        "purposeTooLong": (
            "Syftet får vara högst 200 tecken.", "Tarkoitus saa olla enintään 200 merkkiä.",
            "The purpose may be at most 200 characters."
        ),
        "readLogged": (
            "Läsningen registrerades i åtkomstloggen med syftet", "Lukeminen kirjattiin käyttölokiin tarkoituksella",
            "This read was recorded in the access log with the purpose"
        ),
        "person": ("Person", "Henkilö", "Person"),
        "details": ("Ärendet", "Asia", "The case"),
        "steps": ("Steg", "Vaiheet", "Steps"),
        "step": ("Steg", "Vaihe", "Step"),
        "date": ("Datum", "Päivämäärä", "Date"),
        "information": ("Uppgifter", "Tiedot", "Information"),
        "recordedBy": ("Registrerat av", "Kirjannut", "Recorded by"),
        "nextStep": ("Registrera nästa steg", "Kirjaa seuraava vaihe", "Record the next step"),
        "suggested": ("Enligt de öppna tidsfristerna", "Avoimien määräaikojen mukaan", "By the open deadlines"),
        "otherSteps": ("Andra steg", "Muut vaiheet", "Other steps"),
        "recordStep": ("Registrera steg", "Kirjaa vaihe", "Record a step"),
        "backToCase": ("Tillbaka till ärendet", "Takaisin asiaan", "Back to the case"),
        "toList": ("Till ärendelistan", "Asialuetteloon", "To the list of cases"),
        "erased": (
            "Ärendet har raderats: personuppgifterna finns inte längre.",
            "Asia on poistettu: henkilötietoja ei ole enää olemassa.",
            "The case was erased: its personal data no longer exist."
        ),
        "unreadable": (
            "Vissa steg kan inte öppnas här ännu: personens nyckel har inte kommit fram till den här noden.",
            "Joitakin vaiheita ei voi vielä avata täällä: henkilön avain ei ole vielä saapunut tähän solmuun.",
            "Some steps cannot be opened here yet: the person's key has not reached this node."
        ),
        "noRegime": (
            "Ingen lag med tidsfrister gäller för ärendets startdag.",
            "Asian alkamispäivään ei sovelleta lakia, jossa on määräaikoja.",
            "No act with deadlines governs the case's start date."
        ),
        "languagesHelp": ("kommaseparerade", "pilkuin eroteltuina", "separated by commas"),
        "purposeOpened": ("Öppnade ärendet", "Avasi asian", "Opened the case"),
        "purposeRecorded": ("Registrerade ett steg", "Kirjasi vaiheen", "Recorded a step"),
        "openMode": (
            "Ärendesidorna kräver en skyddad nod med namngivna användare; den här noden körs i öppet läge.",
            "Asiasivut edellyttävät suojattua solmua, jossa on nimetyt käyttäjät; tämä solmu toimii avoimessa tilassa.",
            "Case pages need a secured node with named users; this node runs in open mode."
        ),
        "forbidden": (
            "Ärenden visas bara för handläggare och administratörer i den här kommunen.",
            "Asiat näytetään vain tämän kunnan asiakastyöntekijöille ja ylläpitäjille.",
            "Cases are shown only to caseworkers and administrators of this municipality."
        ),
        "noSuchCase": (
            "Ärendet finns inte på den här noden.", "Asiaa ei ole tässä solmussa.",
            "There is no such case on this node."
        ),
        "noSuchPage": ("Sidan finns inte.", "Sivua ei ole.", "There is no such page."),
        "erasedNoMore": (
            "Ärendet har raderats; inget mer kan registreras i det.",
            "Asia on poistettu; siihen ei voi kirjata enää mitään.",
            "The case was erased; nothing more can be recorded in it."
        ),
        "badAsOf": (
            "Dagen måste skrivas ÅÅÅÅ-MM-DD.", "Päivä on kirjoitettava muodossa VVVV-KK-PP.",
            "The day must be written YYYY-MM-DD."
        ),
        "busy": (
            "Noden är upptagen; försök igen om en stund.", "Solmu on varattu; yritä hetken kuluttua uudelleen.",
            "The node is busy; try again shortly."
        ),
        "field.on": ("Datum", "Päivämäärä", "Date"),
        "field.grounds": ("Grund", "Peruste", "Grounds"),
        "field.interpreter-needed": ("Behöver tolk", "Tarvitsee tulkin", "Interpreter needed"),
        "field.caseworker": ("Handläggare", "Asiakastyöntekijä", "Caseworker"),
        "field.name": ("Namn", "Nimi", "Name"),
        "field.birth-date": ("Födelsedatum", "Syntymäaika", "Birth date"),
        "field.languages": ("Språk", "Kielet", "Languages"),
        "field.first-permit-date": (
            "Första uppehållstillståndet", "Ensimmäinen oleskelulupa", "First residence permit"
        ),
        "field.note": ("Anteckning", "Huomautus", "Note"),
        "field.by": ("Utförd av", "Suorittaja", "Carried out by"),
        "field.plan-needed": ("Integrationsplan behövs", "Kotoutumissuunnitelma tarvitaan", "Integration plan needed"),
        "field.outcome": ("Resultat", "Tulos", "Outcome"),
        "field.until": ("Gäller till", "Voimassa asti", "Valid until"),
        "field.to": ("Hänvisad till", "Ohjattu palveluun", "Referred to"),
        "field.reason": ("Orsak", "Syy", "Reason"),
        "step.opened": ("Ärendet öppnat", "Asia avattu", "Case opened"),
        "step.assessment_started": ("Kartläggning inledd", "Alkukartoitus aloitettu", "Assessment started"),
        "step.assessment_completed": ("Kartläggning slutförd", "Alkukartoitus valmis", "Assessment completed"),
        "step.plan_drafted": (
            "Integrationsplan utarbetad", "Kotoutumissuunnitelma laadittu", "Integration plan drafted"
        ),
        "step.plan_signed": (
            "Integrationsplan undertecknad", "Kotoutumissuunnitelma allekirjoitettu", "Integration plan signed"
        ),
        "step.plan_reviewed": ("Planen granskad", "Suunnitelma tarkistettu", "Plan reviewed"),
        "step.plan_extended": ("Planen förlängd", "Suunnitelmaa jatkettu", "Plan extended"),
        "step.plan_ended": ("Planen avslutad", "Suunnitelma päättynyt", "Plan ended"),
        "step.referral": ("Hänvisning", "Ohjaus", "Referral"),
        "step.interpreter_arranged": ("Tolk ordnad", "Tulkki järjestetty", "Interpreter arranged"),
        "step.closed": ("Ärendet avslutat", "Asia päätetty", "Case closed"),
        "step.erased": ("Ärendet raderat", "Asia poistettu", "Case erased"),
        "grounds.social_assistance": (
            "Icke tillfälligt utkomststöd", "Muu kuin tilapäinen toimeentulotuki", "Non-temporary social assistance"
        ),
        "grounds.unemployed_jobseeker": ("Arbetslös arbetssökande", "Työtön työnhakija", "Unemployed jobseeker"),
        "grounds.own_request": ("Egen begäran", "Oma pyyntö", "Own request"),
        "grounds.international_protection": (
            "Internationellt skydd", "Kansainvälinen suojelu", "International protection"
        ),
        "grounds.family_member": ("Familjemedlem", "Perheenjäsen", "Family member"),
        "grounds.other": ("Annan grund", "Muu peruste", "Other grounds"),
        "by.municipality": ("Kommunen", "Kunta", "The municipality"),
        "by.employment_authority": ("Arbetskraftsmyndigheten", "Työvoimaviranomainen", "The employment authority"),
        "to.language_training": ("Språkutbildning", "Kielikoulutus", "Language training"),
        "to.civic_orientation": ("Samhällsorientering", "Yhteiskuntaorientaatio", "Civic orientation"),
        "to.other": ("Annan service", "Muu palvelu", "Other services"),
    ]

    /// The text of `key` in `language`; the key itself when unknown, so a gap shows rather than hides.
    public static func label(_ key: String, _ language: Localization.Language) -> String {
        Localization.text(key, language, in: table) ?? key
    }

    /// A field's human name, by its form name (`birth-date`) or its payload name (`birthDate`).
    public static func field(_ name: String, _ language: Localization.Language) -> String {
        let key = "field." + optionName(name)
        return table[key] == nil ? name : label(key, language)
    }

    /// A step's human name; `case.erased` reads as the erasure.
    public static func step(_ type: EventType, _ language: Localization.Language) -> String {
        let name = CaseStep(eventType: type)?.rawValue ?? (type == CaseStep.erasedType ? "erased" : nil)
        return name.map { label("step." + $0, language) } ?? type.rawValue
    }

    /// A choice field's value in words (`grounds`, `by`, `to`), else the value as written.
    public static func choice(_ field: String, _ value: String, _ language: Localization.Language) -> String {
        let key = "\(optionName(field)).\(value)"
        return ["grounds", "by", "to"].contains(optionName(field)) && table[key] != nil ? label(key, language) : value
    }

    /// The message for a value the case validation refused, e.g. `Datum: måste vara ett datum ÅÅÅÅ-MM-DD`.
    ///
    /// The problem's words come from the coordinators' forms (one wording for both); the field's name from here.
    public static func message(_ error: RecordFieldError, _ language: Localization.Language) -> String {
        let shared = WebFormText.message(error, language)
        let prefix = WebFormText.field(error.field, language) + ": "
        let problem = shared.hasPrefix(prefix) ? String(shared.dropFirst(prefix.count)) : shared
        return "\(field(error.field, language)): \(problem)"
    }

    /// The form name of a payload name: `birthDate` → `birth-date`; form names stay as they are.
    static func optionName(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase {
                out += "-" + character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }
}

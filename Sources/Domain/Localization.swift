/// Localization holds the labels of the views' headings in Swedish, Finnish and English.
///
/// Only headings and status words are translated; the programme's own texts stay as written.
public enum Localization {
    /// A language a view can be labelled in.
    public enum Language: String, Sendable, Hashable, CaseIterable {
        /// Svenska, the language of the programme and the first of every view.
        case sv
        /// Suomi, for the bilingual municipalities.
        case fi
        /// English.
        case en
    }

    /// The label of `key` in `language`; an unknown key is returned as it is, so a gap shows rather than hides.
    public static func label(_ key: String, _ language: Language) -> String {
        text(key, language, in: table) ?? key
    }

    /// The text of `key` in `language` from a table of (Swedish, Finnish, English) texts, or nil when it has no such key.
    public static func text(_ key: String, _ language: Language, in table: [String: (String, String, String)]) -> String? {
        guard let texts = table[key] else { return nil }
        switch language {
        case .sv: return texts.0
        case .fi: return texts.1
        case .en: return texts.2
        }
    }

    /// The label of a status.
    public static func label(_ status: FollowUpStatus, _ language: Language) -> String {
        label(status.rawValue, language)
    }

    /// The label of an indicator kind.
    public static func label(_ kind: IndicatorKind, _ language: Language) -> String { label(kind.rawValue, language) }

    /// Every key with its (Swedish, Finnish, English) labels.
    public static let table: [String: (String, String, String)] = [
        "programme": ("Program", "Ohjelma", "Programme"),
        "area": ("Område", "Osa-alue", "Area"),
        "measure": ("Åtgärdspunkt", "Toimenpidekohta", "Measure"),
        "goal": ("Mål", "Tavoite", "Goal"),
        "action": ("Åtgärd", "Toimenpide", "Action"),
        "responsible": ("Ansvarsinstans", "Vastuutaho", "Responsible"),
        "partners": ("Samarbetspartner", "Yhteistyökumppanit", "Partners"),
        "followUp": ("Uppföljning", "Seuranta", "Follow-up"),
        "indicator": ("Indikator", "Indikaattori", "Indicator"),
        "municipality": ("Kommun", "Kunta", "Municipality"),
        "year": ("År", "Vuosi", "Year"),
        "value": ("Värde", "Arvo", "Value"),
        "participants": ("Deltagare", "Osallistujat", "Participants"),
        "target": ("Målnivå", "Tavoitetaso", "Target"),
        "status": ("Status", "Tila", "Status"),
        "regionalTotal": ("Regionen totalt", "Alue yhteensä", "Regional total"),
        "asOf": ("Per", "Tilanne", "As of"),
        "approval": ("Godkännande i fullmäktige", "Valtuuston hyväksyntä", "Council approval"),
        "reviewDue": ("Nästa översyn senast", "Seuraava tarkistus viimeistään", "Next review due"),
        "meetings": ("Gemensamma möten", "Yhteiset kokoukset", "Joint meetings"),
        "gatherings": ("Gemensamma evenemang", "Yhteiset tapahtumat", "Joint events"),
        "date": ("Datum", "Päivämäärä", "Date"),
        "host": ("Värdkommun", "Isäntäkunta", "Host municipality"),
        "place": ("Plats", "Paikka", "Place"),
        "attendance": ("Närvaro", "Läsnäolo", "Attendance"),
        "agenda": ("Föredragningslista", "Esityslista", "Agenda"),
        "minutes": ("Protokoll", "Pöytäkirja", "Minutes"),
        "decisions": ("Beslut", "Päätökset", "Decisions"),
        "actionItems": ("Uppdrag", "Tehtävät", "Action items"),
        "owner": ("Ansvarig kommun", "Vastuukunta", "Owner"),
        "due": ("Senast", "Määräaika", "Due"),
        "done": ("Klart", "Valmis", "Done"),
        "overdue": ("Försenad", "Myöhässä", "Overdue"),
        "conflict": ("Konflikt", "Ristiriita", "Conflict"),
        "scheduled": ("Planerat", "Suunniteltu", "Scheduled"),
        "held": ("Hållet", "Pidetty", "Held"),
        "cancelled": ("Inställt", "Peruttu", "Cancelled"),
        "met": ("Uppnått", "Saavutettu", "Met"),
        "below": ("Under målet", "Alle tavoitteen", "Below target"),
        "above": ("Över målet", "Yli tavoitteen", "Above target"),
        "reported": ("Rapporterat", "Raportoitu", "Reported"),
        "notReported": ("Inte rapporterat", "Ei raportoitu", "Not reported"),
        "count": ("Antal per år", "Määrä vuodessa", "Count per year"),
        "countWithParticipants": ("Antal och deltagare", "Määrä ja osallistujat", "Count with participants"),
        "targetRange": ("Antal inom målintervall", "Määrä tavoitevälillä", "Count within target range"),
        "periodicDuty": ("Återkommande uppgift", "Toistuva tehtävä", "Periodic duty"),
        "yesNo": ("Ja/nej", "Kyllä/ei", "Yes/no"),
        "survey": ("Enkät", "Kysely", "Survey"),
        "externalTool": ("Externt verktyg", "Ulkoinen työkalu", "External tool"),
    ]
}

import Domain
import EventLog
import EventModel
import Foundation
import Projections
import Web

/// ViewOptions are what `view` is asked for: which year, municipality and day, in which form and language.
struct ViewOptions {
    /// `csv` is RFC 4180 (commas, CRLF); `excel` (from `--excel`) is CSV for Excel with a Swedish or Finnish
    /// locale (UTF-8 byte-order mark, semicolons, decimal commas).
    enum Format: String, CaseIterable { case table, json, csv, excel }

    let year: Int?
    let municipality: MunicipalityCode?
    let asOf: CalendarDate
    let format: Format
    let language: Localization.Language

    init(_ arguments: Arguments) throws {
        let command = arguments.command
        year = try arguments.integer("year", in: 1900...2200).map(Int.init)
        if let text = arguments.value("municipality") {
            guard let code = MunicipalityCode(text: text) else {
                throw CLIError.usage("--municipality must be a member code: \(ViewText.memberList)", command: command)
            }
            municipality = code
        } else {
            municipality = nil
        }
        if let text = arguments.value("as-of") {
            guard let date = CalendarDate(text) else {
                throw CLIError.usage("--as-of must be a date YYYY-MM-DD, not '\(text)'", command: command)
            }
            asOf = date
        } else {
            asOf = ViewText.today()
        }
        let formatText = arguments.value("format") ?? (arguments.flag("excel") ? "csv" : "table")
        guard let format = Format(rawValue: formatText), format != .excel else {
            throw CLIError.usage("--format must be table, json or csv, not '\(formatText)'", command: command)
        }
        if arguments.flag("excel") {
            guard format == .csv else { throw CLIError.usage("--excel writes CSV; it cannot be combined with --format \(formatText)", command: command) }
            self.format = .excel
        } else {
            self.format = format
        }
        let languageText = arguments.value("lang") ?? "sv"
        guard let language = Localization.Language(rawValue: languageText) else {
            throw CLIError.usage("--lang must be sv, fi or en, not '\(languageText)'", command: command)
        }
        self.language = language
    }
}

/// ViewText holds what the view renderers share: labels, names, numbers, aligned tables and CSV.
enum ViewText {
    /// Labels the shared Localization table does not have (yet): (Swedish, Finnish, English).
    static let extra: [String: (String, String, String)] = [
        "members": ("Medlemmar", "Jäsenkunnat", "Members"),
        "period": ("Period", "Kausi", "Period"),
        "followUpTitle": ("Uppföljning", "Seuranta", "Follow-up"),
        "yes": ("ja", "kyllä", "yes"),
        "no": ("nej", "ei", "no"),
        "name": ("Namn", "Nimi", "Name"),
        "reference": ("Referens", "Viite", "Reference"),
        "code": ("Kommunkod", "Kuntanumero", "Code"),
        "min": ("Målnivå min", "Tavoite min", "Target min"),
        "max": ("Målnivå max", "Tavoite max", "Target max"),
        "meeting": ("Möte", "Kokous", "Meeting"),
        "title": ("Rubrik", "Otsikko", "Title"),
        "none": ("Inga", "Ei yhtään", "None"),
        "emptyLog": (
            "Inga händelser ännu: kör `samverkan programme import`", "Ei tapahtumia: aja `samverkan programme import`",
            "No events yet: run `samverkan programme import`"
        ),
    ]

    static func label(_ key: String, _ language: Localization.Language) -> String {
        if let labels = extra[key] {
            switch language {
            case .sv: return labels.0
            case .fi: return labels.1
            case .en: return labels.2
            }
        }
        return Localization.label(key, language)
    }

    static var memberList: String {
        Municipality.members.map { "\($0.code) \($0.swedishName)" }.joined(separator: ", ")
    }

    /// A municipality's name in the language (Finnish names for `fi`, Swedish otherwise), or its code.
    static func name(_ code: MunicipalityCode, _ language: Localization.Language) -> String {
        guard let member = Municipality.member(code) else { return code.description }
        return language == .fi ? member.finnishName : member.swedishName
    }

    /// Today in the machine's time zone: the default as-of day, used only for what is computed when read.
    static func today() -> CalendarDate {
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
        return CalendarDate(year: parts.year ?? 2000, month: parts.month ?? 1, day: parts.day ?? 1)!
    }

    /// A number without a trailing `.0` when whole.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func target(_ target: IndicatorTarget?) -> String {
        guard let target else { return "" }
        switch (target.minimum, target.maximum) {
        case let (min?, max?): return min == max ? number(min) : "\(number(min))–\(number(max))"
        case let (min?, nil): return "≥ \(number(min))"
        case let (nil, max?): return "≤ \(number(max))"
        case (nil, nil): return ""
        }
    }

    /// Columns padded to their widest cell, two spaces apart, for a terminal.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }

}

extension ViewOptions {
    /// The same question as the pages ask it, for the shared CSV exports.
    var webQuery: WebQuery {
        WebQuery(language: language, asOf: asOf, year: year, municipality: municipality)
    }

    /// The CSV dialect of `csv` and `excel`.
    var csvDialect: CSVTable.Dialect { format == .excel ? .excel : .rfc4180 }
}

import Domain
import EventModel
import Web

/// CaseExport writes a municipality's cases in the documented export format (docs/PRIVACY.md), as
/// groundwork for moving them to the national Koto-AJ system. Erased cases are never exported.
public enum CaseExport {
    /// The format's name and version, written into every JSON export.
    public static let formatName = "samverkan-cases-v1"

    /// The JSON export: one object with the municipality and every case in full.
    public static func json(_ cases: [CaseDetail], municipality: MunicipalityCode, exportedOn: CalendarDate) -> JSONValue {
        [
            "format": .string(formatName), "municipality": .number(JSONNumber(municipality.rawValue)),
            "exportedOn": .string(exportedOn.description),
            "cases": .array(cases.filter { !$0.record.isErased }.map(\.jsonValue)),
        ]
    }

    /// The CSV header: one row per case.
    public static let csvHeader = [
        "case", "regime", "grounds", "opened_on", "caseworker", "name", "birth_date", "languages",
        "first_permit_date", "assessment_started", "assessment_completed", "plan_needed", "plan_signed",
        "plan_until", "last_review", "plan_ended", "referrals", "closed_on",
    ]

    /// The CSV export (RFC 4180): one row per case; referrals as `to@date` joined by `;`.
    public static func csv(_ cases: [CaseDetail]) -> String {
        let rows: [[CSVTable.Cell]] = cases.filter { !$0.record.isErased }.map { detail in
            let file = detail.record.file
            let person = detail.person
            func date(_ step: CaseStep) -> CSVTable.Cell { .text(file.first(step)?.description ?? "") }
            let until = detail.record.entries.last { $0.clear["until"] != nil }?.clear["until"]?.stringValue ?? ""
            let referrals = detail.record.entries.filter { $0.step == .referral }.map {
                "\($0.clear["to"]?.stringValue ?? "")@\($0.on)"
            }
            let languages = person["languages"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ", ") ?? ""
            let planNeeded = detail.record.entries.last { $0.step == .assessment_completed }?.clear["planNeeded"]?.boolValue
            return [
                .text(detail.record.stream.rawValue), .text(detail.regime?.id ?? ""),
                .text(detail.record.grounds?.rawValue ?? ""), date(.opened), .text(detail.record.caseworker ?? ""),
                .text(person["name"]?.stringValue ?? ""), .text(person["birthDate"]?.stringValue ?? ""), .text(languages),
                .text(person["firstPermitDate"]?.stringValue ?? ""), date(.assessment_started),
                date(.assessment_completed), .text(planNeeded.map { $0 ? "yes" : "no" } ?? ""), date(.plan_signed),
                .text(until), .text(file.steps[.plan_reviewed]?.last?.description ?? ""), date(.plan_ended),
                .text(referrals.joined(separator: ";")), date(.closed),
            ]
        }
        return CSVTable(header: csvHeader, rows: rows).encoded(.rfc4180)
    }
}

import Domain
import EventModel
import HTTP
import Web

/// libFuzzer entry point for what a browser posts to the coordinators' and caseworkers' forms: the
/// `application/x-www-form-urlencoded` parser and the record and case builders behind every form, and
/// the query string the pages read.
///
/// Besides "never crash", it checks what the form pages rely on: parsed fields, encoded again, parse back
/// to the same fields (so a form shown again with an error keeps what was typed), and a record a form's
/// builder accepts is one the node's content validator accepts too, or refuses naming one of the form's
/// fields (else the coordinator would get a refusal the form cannot point at).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let values = WebFormKind.parseForm(bytes)
    let encoded = values.map { percentEncoded($0.key) + "=" + percentEncoded($0.value) }.joined(separator: "&")
    precondition(WebFormKind.parseForm(Array(encoded.utf8)) == values, "form fields change when encoded again")

    let own = MunicipalityCode(text: "545")!
    for kind in WebFormKind.all {
        guard let draft = try? kind.draft(values, own: own), let stream = draft.stream else { continue }
        let content = EventContent(
            channel: .region, municipality: own, stream: stream, type: draft.type, schemaVersion: 1, parents: [],
            payload: draft.payload)
        // The builders leave rules that depend on the indicator (a count needs a value) to the catalog; such a
        // refusal names a payload field, which the form shows beside that field. Anything else is the form's fault.
        switch DomainCatalog.standard.verdict(for: content) {
        case .valid: break
        case .invalid(let error):
            precondition(
                kind.field(forEnvelopeField: error.field) != nil,
                "form \(kind.name) built a record the catalog refuses outside its fields: \(error)")
        case let verdict: preconditionFailure("form \(kind.name) built a record of an unknown type: \(verdict)")
        }
        if let today = CalendarDate("2026-11-29"), let target = HTTPRequestTarget("/forms/\(kind.name)?" + encoded),
            let query = try? WebQuery(target, today: today)
        {
            precondition(kind.returnPath(values, query: query).hasPrefix("/"), "a return path leaves the node")
        }
    }
    if let today = CalendarDate("2026-11-29") {
        for step in CaseStep.allCases {
            _ = try? CaseFormPage.draft(step, values: values, today: today, own: own)
        }
    }
    return 0
}

/// Runs the valid form of every record kind once before fuzzing, so the catalog, the forms and the texts,
/// built lazily once per process, are not reported as leaks of the first input that reaches them.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    let warmUp = [
        "indicator=befrienders&year=2025&value=12&done=ja&min=1&meeting=m-1&date=2025-09-01&place=x&host=287",
        "present=ja&persons=2&text=x&item=a1&owner=287&due=2025-10-01&on=2025-02-01&grounds=other&name=x&until=2026-01-01",
    ]
    for form in warmUp { _ = Array(form.utf8).withUnsafeBufferPointer { fuzz($0.baseAddress!, $0.count) } }
    return 0
}

/// An independent percent encoder (every byte but the unreserved ones), so the round trip does not test
/// the parser against its own page code.
func percentEncoded(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            out.unicodeScalars.append(Unicode.Scalar(byte))
        default:
            let hex = Array("0123456789ABCDEF".utf8)
            out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
        }
    }
    return out
}

import Domain
import EventModel
import HTTP

/// CaseWeb is what the caseworkers' pages share: their routes under `/cases`, the frame they are drawn in
/// and the links and redirects between them.
///
/// The pages never show a regional view, so their footer names no view digest; and they are rendered from
/// plain values (the case book, one case with its opened fields), so this module needs nothing of the node.
public enum CaseWeb {
    /// A page under `/cases`, as its path names it.
    public enum Route: Sendable, Hashable {
        /// `/cases`: what is due.
        case list
        /// `/cases/new`: the form that opens a case.
        case newCase
        /// `/cases/{id}`: one case.
        case show(id: String)
        /// `/cases/{id}/step/{step}`: the form that records a step.
        case step(id: String, step: CaseStep)
        /// Any other path under `/cases`.
        case unknown

        /// The route of `path`, or nil when the path is not under `/cases`.
        public init?(path: String) {
            guard path == "/cases" || path.hasPrefix("/cases/") else { return nil }
            let parts = path.split(separator: "/", omittingEmptySubsequences: true).dropFirst().map(String.init)
            switch parts.count {
            case 0: self = .list
            case 1 where parts[0] == "new": self = .newCase
            case 1 where CaseWeb.isCaseID(parts[0]): self = .show(id: parts[0])
            case 3 where CaseWeb.isCaseID(parts[0]) && parts[1] == "step":
                // The CLI writes steps with dashes or underscores; so may a hand-typed link.
                let name = parts[2].replacingOccurrences(of: "-", with: "_")
                guard let step = CaseStep(rawValue: name), step != .opened else {
                    self = .unknown
                    return
                }
                self = .step(id: parts[0], step: step)
            default: self = .unknown
            }
        }
    }

    /// Whether `text` can be the opaque part of a case's stream id (`case/<id>`).
    public static func isCaseID(_ text: String) -> Bool {
        let ranges = [
            UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
        ]
        return (1...64).contains(text.utf8.count) && text != "new"
            && text.utf8.allSatisfy { byte in ranges.contains { $0.contains(byte) } }
    }

    /// The opaque id of a case's stream: `case/1a2b` → `1a2b`.
    public static func id(_ stream: StreamID) -> String {
        stream.rawValue.hasPrefix("case/") ? String(stream.rawValue.dropFirst("case/".count)) : stream.rawValue
    }

    /// What every case page is drawn with: the node's snapshot (name, municipality) and the asked query.
    public struct Frame: Sendable {
        /// The node's snapshot, for the header.
        public var snapshot: WebSnapshot
        /// The language and as-of day asked for.
        public var query: WebQuery

        /// A frame.
        public init(snapshot: WebSnapshot, query: WebQuery) {
            self.snapshot = snapshot
            self.query = query
        }

        /// The language of the page.
        public var language: Localization.Language { query.language }

        /// A label of `CaseText`, escaped for HTML.
        func l(_ key: String) -> String { HTML.escape(CaseText.label(key, language)) }
    }

    /// A message page (a refusal, a missing case) with `status`, and a way back: to the list of cases, or to the
    /// overview (`back: "/"`) for someone who may not see the list.
    public static func message(_ text: String, status: HTTPStatus, frame: Frame, back: String = "/cases")
        -> HTTPResponse
    {
        let name = back == "/cases" ? frame.l("toList") : HTML.escape(WebText.label("home", frame.language))
        let body =
            "<p class=\"error\" role=\"alert\">\(HTML.escape(text))</p>"
            + "<p><a href=\"\(frame.query.link(back))\">\(name)</a></p>"
        return page(CaseText.label("cases", frame.language), path: "/cases", body: body, status: status, frame: frame)
    }

    /// Where a successful post sends the browser: a case page read with `purpose`, in the user's language.
    ///
    /// Not escaped for HTML: it goes into a `Location` header, not into a page.
    public static func location(id: String, purpose: String, language: Localization.Language) -> String {
        var pairs: [(String, String)] = []
        if language != .sv { pairs.append(("lang", language.rawValue)) }
        pairs.append(("purpose", purpose))
        return "/cases/\(id)" + HTML.query(pairs)
    }

    /// The CSS the case pages add to the layout's: deadline states and the purpose form.
    static let css = """
        <style>tr.done td{background:var(--met)}tr.overdue td{background:var(--below)}.notice{background:var(--reported);\
        padding:.5rem .8rem}ul.steps{columns:2;padding-left:1.2rem}form.inline{display:flex;flex-wrap:wrap;gap:.5rem;\
        align-items:center;margin:.6rem 0}form.inline input{font:inherit;padding:.25rem}</style>
        """

    /// A whole case page with `status`; `extraQuery` is kept by the language switch.
    static func page(
        _ title: String, path: String, body: String, status: HTTPStatus, frame: Frame,
        extraQuery: [(String, String)] = []
    ) -> HTTPResponse {
        let html = WebLayout.page(
            title: title, path: path, body: WebFormPage.css + css + body, views: [], snapshot: frame.snapshot,
            query: frame.query, extraQuery: extraQuery)
        var response = HTTPResponse(
            status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: Array(html.utf8))
        WebRouter.addCommonHeaders(&response, snapshot: frame.snapshot, views: [])
        return response
    }

    /// The signed-in line every case page starts with.
    static func signedIn(_ user: String, frame: Frame) -> String {
        "<p>\(HTML.escape(WebFormText.label("signedInAs", frame.language))) <strong>\(HTML.escape(user))</strong> · "
            + "<a href=\"\(frame.query.link("/cases"))\">\(frame.l("toList"))</a></p>"
    }
}

import Domain
import EventModel
import Foundation
import HTTP
import Projections

/// WebRouter answers the coordinators' pages and their CSV downloads: `/`, `/programme`, `/followup`,
/// `/meetings`, `/status`, and `/programme.csv`, `/followup.csv`, `/meetings.csv` (`?excel=1` for Excel).
///
/// It returns nil for any other path, so the node's API answers those. Pages are rendered fresh from
/// the source's snapshot on every request; they never set cookies and need no script.
public struct WebRouter: Sendable {
    let source: any WebSource
    let today: @Sendable () -> CalendarDate

    /// A router over `source`; `today` gives the default as-of day (UTC today unless a test fixes it).
    public init(source: any WebSource, today: @escaping @Sendable () -> CalendarDate = WebText.today) {
        self.source = source
        self.today = today
    }

    /// The paths this router answers.
    public static let paths: Set<String> = [
        "/", "/programme", "/followup", "/meetings", "/status", "/programme.csv", "/followup.csv", "/meetings.csv",
    ]

    /// The response to a page request, or nil when the path is not a page.
    public func respond(to request: HTTPRequest) -> HTTPResponse? {
        let path =
            request.path.count > 1 && request.path.hasSuffix("/") ? String(request.path.dropLast()) : request.path
        guard Self.paths.contains(path) else { return nil }
        guard request.method == .get || request.method == .head else {
            return HTTPError(.methodNotAllowed, message: "\(request.method) is not allowed on \(path)").response
        }
        do {
            let query = try WebQuery(request.target, today: today())
            let snapshot = try source.webSnapshot()
            return render(path, snapshot: snapshot, query: query)
        } catch let error as HTTPError {
            return HTTPResponse(
                status: error.status, headers: ["Content-Type": "text/plain; charset=utf-8"],
                body: Array("\(error.message)\n".utf8))
        } catch {
            return HTTPResponse.text("the page could not be read: \(error)\n", status: .internalServerError)
        }
    }

    /// Renders `path` (one of `paths`) from a snapshot: pure, so tests call it without a server.
    public func render(_ path: String, snapshot: WebSnapshot, query: WebQuery) -> HTTPResponse {
        let language = query.language
        func l(_ key: String) -> String { WebText.label(key, language) }
        switch path {
        case "/programme.csv", "/followup.csv", "/meetings.csv":
            return csv(path, snapshot: snapshot, query: query, dialect: .rfc4180)
        default: break
        }
        let year = query.followUpYear(snapshot.programme)
        let (title, body, views, extra): (String, String, [ViewName], [(String, String)]) =
            switch path {
            case "/programme": (l("programme"), ProgrammePage.body(snapshot, query), [.programme], [])
            case "/followup":
                (
                    "\(l("followUpTitle")) \(year)", FollowUpPage.body(snapshot, query), [.followup],
                    query.year.map { [("year", String($0))] } ?? []
                )
            case "/meetings": (l("meetings"), MeetingsPage.body(snapshot, query), [.meetings], [])
            case "/status": (l("syncStatus"), StatusPage.body(snapshot, query), ViewName.allCases, [])
            default: ("Samverkan", HomePage.body(snapshot, query), ViewName.allCases, [])
            }
        let html = WebLayout.page(
            title: title, path: path, body: body, views: views, snapshot: snapshot, query: query, extraQuery: extra)
        var response = HTTPResponse(
            status: .ok, headers: ["Content-Type": "text/html; charset=utf-8"], body: Array(html.utf8))
        Self.addCommonHeaders(&response, snapshot: snapshot, views: views)
        return response
    }

    func csv(_ path: String, snapshot: WebSnapshot, query: WebQuery, dialect fallback: CSVTable.Dialect) -> HTTPResponse
    {
        let view: ViewName
        let table: CSVTable
        switch path {
        case "/programme.csv": (view, table) = (.programme, WebExport.programme(snapshot.programme, query))
        case "/followup.csv":
            (view, table) = (
                .followup, WebExport.followUp(snapshot.followUp, year: query.followUpYear(snapshot.programme), query)
            )
        default: (view, table) = (.meetings, WebExport.meetings(snapshot.meetings, query))
        }
        let dialect = query.isExcel ? CSVTable.Dialect.excel : fallback
        let name =
            path.dropFirst().dropLast(4) + (path == "/followup.csv" ? "-\(query.followUpYear(snapshot.programme))" : "")
        var response = HTTPResponse(
            status: .ok,
            headers: [
                "Content-Type": "text/csv; charset=utf-8\(dialect == .rfc4180 ? "; header=present" : "")",
                "Content-Disposition":
                    "attachment; filename=\"samverkan-\(name)\(dialect == .excel ? "-excel" : "").csv\"",
            ], body: Array(table.encoded(dialect).utf8))
        Self.addCommonHeaders(&response, snapshot: snapshot, views: [view])
        return response
    }

    /// Names the digest of the view a page shows, and forbids framing and scripts from elsewhere.
    static func addCommonHeaders(_ response: inout HTTPResponse, snapshot: WebSnapshot, views: [ViewName]) {
        if views.count == 1 { response.headers.add(name: "Samverkan-Digest", value: snapshot.digest(views[0]).hex) }
        response.headers.add(
            name: "Content-Security-Policy",
            value: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
        response.headers.add(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.add(name: "Cache-Control", value: "no-store")
    }
}

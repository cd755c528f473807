import Domain
import EventModel
import Projections

/// WebLayout frames a page: head with inline CSS, navigation, language switch, and the footer naming the view's
/// digest and the time of its newest event. No scripts, no external assets: it works on a node without internet.
enum WebLayout {
    /// The navigation entries: path and label key.
    static let sections: [(path: String, key: String)] = [
        ("/", "home"), ("/programme", "programme"), ("/followup", "followUp"), ("/meetings", "meetings"),
        ("/status", "syncStatus"), ("/cases", "cases"),
    ]

    /// A whole page. `body` is HTML already escaped; `views` are the views it shows, for the footer.
    static func page(
        title: String, path: String, body: String, views: [ViewName], snapshot: WebSnapshot, query: WebQuery,
        extraQuery: [(String, String)] = []
    ) -> String {
        let language = query.language
        func l(_ key: String) -> String { WebText.label(key, language) }
        let nav = sections.map { section in
            let current = section.path == path ? " aria-current=\"page\"" : ""
            return "<a href=\"\(query.link(section.path))\"\(current)>\(HTML.escape(l(section.key)))</a>"
        }.joined()
        let switcher = Localization.Language.allCases.map { option in
            let name = ["sv": "Svenska", "fi": "Suomi", "en": "English"][option.rawValue] ?? option.rawValue
            let current = option == language ? " aria-current=\"true\"" : ""
            return
                "<a href=\"\(query.link(path, language: option, extraQuery))\" lang=\"\(option.rawValue)\"\(current)>\(name)</a>"
        }.joined(separator: " ")
        let footer = views.map { view -> String in
            let newest = snapshot.newestEvent(view).map(WebText.time) ?? l("never")
            return
                "<p class=\"digest\"><span>\(HTML.escape(l(view == .followup ? "followUp" : view.rawValue))):</span> "
                + "\(HTML.escape(l("viewDigest"))) <code>\(snapshot.digest(view).hex)</code> · "
                + "\(HTML.escape(l("newestEvent"))) <time>\(HTML.escape(newest))</time></p>"
        }.joined()
        let place = WebText.name(snapshot.municipality, language)
        return """
            <!doctype html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) · Samverkan</title>
            <style>\(css)</style>
            </head>
            <body>
            <header><div class="brand">Samverkan · \(HTML.escape(place)) <small>\(HTML.escape(l("node"))) \(HTML.escape(snapshot.node))</small></div>
            <nav>\(nav)</nav><div class="lang">\(switcher)</div></header>
            <main>
            <h1>\(HTML.escape(title))</h1>
            \(body)
            </main>
            <footer>\(footer)<p>\(HTML.escape(l("asOf"))) \(query.asOf)</p></footer>
            </body>
            </html>

            """
    }

    /// Download links for a page's CSV, in both dialects.
    static func downloads(_ path: String, query: WebQuery, _ extra: [(String, String)] = []) -> String {
        let language = query.language
        return "<p class=\"downloads\">\(HTML.escape(WebText.label("download", language))): "
            + "<a href=\"\(query.link(path, extra))\">CSV</a> · "
            + "<a href=\"\(query.link(path, extra + [("excel", "1")]))\">\(HTML.escape(WebText.label("excel", language)))</a></p>"
    }

    /// The CSS of every page: readable on a laptop, status colours that also print, navigation hidden on paper.
    static let css = """
        :root{--ink:#1d2733;--muted:#5b6775;--line:#d5dbe2;--met:#d8f0dc;--below:#fbdcd7;--above:#fdf0c8;\
        --reported:#e3ecf7;--none:#f1f1f1;--accent:#0b5394}
        *{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);\
        background:#fff}header{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;padding:.6rem 1.2rem;\
        background:var(--accent);color:#fff}header a{color:#fff;text-decoration:none;margin-right:.9rem}\
        header a[aria-current]{text-decoration:underline;font-weight:600}.brand{font-weight:700}.brand small{font-weight:400;\
        color:#dce6f2}.lang{margin-left:auto}main{padding:1rem 1.2rem;max-width:1200px}h1{margin:.2rem 0 1rem;font-size:1.6rem}\
        h2{margin-top:1.6rem;font-size:1.25rem;border-bottom:1px solid var(--line)}h3{font-size:1.05rem;margin:1.1rem 0 .3rem}\
        table{border-collapse:collapse;margin:.4rem 0 1rem;width:100%}th,td{border:1px solid var(--line);padding:.3rem .45rem;\
        text-align:left;vertical-align:top}th{background:#f4f6f8}td.num{text-align:right}.met{background:var(--met)}\
        .below{background:var(--below)}.above{background:var(--above)}.reported{background:var(--reported)}\
        .notReported{background:var(--none);color:var(--muted)}.overdue{outline:2px solid #c0392b;outline-offset:-2px;\
        font-weight:600}small,.muted{color:var(--muted)}.conflict{color:#8e44ad;font-weight:600}code{font-size:.85em;\
        word-break:break-all}footer{padding:.6rem 1.2rem;border-top:1px solid var(--line);color:var(--muted);font-size:.85rem}\
        .cards{display:flex;flex-wrap:wrap;gap:1rem}.card{border:1px solid var(--line);border-radius:6px;padding:.7rem 1rem;\
        min-width:14rem;flex:1}.card a{font-weight:600}.charts{display:flex;flex-wrap:wrap;gap:1rem}.chart{border:1px solid \
        var(--line);padding:.4rem;width:340px}.chart h3{font-size:.9rem;margin:0 0 .2rem}.legend span{display:inline-block;\
        margin-right:.8rem}.swatch{display:inline-block;width:.8em;height:.8em;margin-right:.25em;vertical-align:middle}\
        .measure{border-left:3px solid var(--line);padding-left:.8rem;margin:.6rem 0}dl{display:grid;\
        grid-template-columns:max-content 1fr;gap:.15rem .8rem;margin:.2rem 0}dt{font-weight:600}dd{margin:0}\
        .minutes{white-space:normal;background:#fafbfc;border:1px solid var(--line);padding:.5rem}\
        @media print{header nav,.lang,.downloads{display:none}header{background:none;color:var(--ink);\
        border-bottom:2px solid var(--ink)}.chart,.measure,tr{break-inside:avoid}body{font-size:11pt}}
        """
}

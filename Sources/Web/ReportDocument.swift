/// ReportDocument is a document as headings, paragraphs, tables and lists of plain text, written as Markdown or
/// HTML; the writers escape every text, so what users wrote can never become markup.
public struct ReportDocument: Sendable, Hashable {
    /// One block of the document.
    public enum Block: Sendable, Hashable {
        /// A heading of level 1–4.
        case heading(Int, String)
        /// A paragraph.
        case paragraph(String)
        /// A table: header and rows of cells.
        case table([String], [[String]])
        /// A bulleted list.
        case list([String])
    }

    /// The document's language, for the HTML `lang` attribute.
    public var language: String
    /// The blocks in order.
    public var blocks: [Block]

    /// Makes a document.
    public init(language: String, blocks: [Block]) {
        self.language = language
        self.blocks = blocks
    }

    /// The document as CommonMark with GitHub tables.
    public var markdown: String {
        func inline(_ text: String) -> String {
            var out = ""
            for character in text {
                switch character {
                case "\\", "`", "*", "_", "[", "]", "|", "#": out += "\\\(character)"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "&": out += "&amp;"
                case "\n": out += " "
                case "\r": break
                default: out.append(character)
                }
            }
            return out
        }
        var parts: [String] = []
        for block in blocks {
            switch block {
            case .heading(let level, let text): parts.append(String(repeating: "#", count: level) + " " + inline(text))
            case .paragraph(let text):
                parts.append(
                    text.split(separator: "\n", omittingEmptySubsequences: false).map { inline(String($0)) }
                        .joined(separator: "  \n"))
            case .table(let header, let rows):
                var lines = ["| " + header.map(inline).joined(separator: " | ") + " |"]
                lines.append("|" + header.map { _ in " --- |" }.joined())
                lines += rows.map { "| " + $0.map(inline).joined(separator: " | ") + " |" }
                parts.append(lines.joined(separator: "\n"))
            case .list(let items): parts.append(items.map { "- " + inline($0) }.joined(separator: "\n"))
            }
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// The document as a standalone, printable HTML page with inline CSS.
    public var html: String {
        var body = ""
        var title = "Samverkan"
        for block in blocks {
            switch block {
            case .heading(let level, let text):
                if level == 1 { title = text }
                body += "<h\(level)>\(HTML.escape(text))</h\(level)>\n"
            case .paragraph(let text): body += "<p>\(HTML.multiline(text))</p>\n"
            case .table(let header, let rows):
                body +=
                    "<table><thead><tr>" + header.map { "<th>\(HTML.escape($0))</th>" }.joined()
                    + "</tr></thead><tbody>"
                body += rows.map { "<tr>" + $0.map { "<td>\(HTML.multiline($0))</td>" }.joined() + "</tr>" }.joined()
                body += "</tbody></table>\n"
            case .list(let items): body += "<ul>" + items.map { "<li>\(HTML.multiline($0))</li>" }.joined() + "</ul>\n"
            }
        }
        return """
            <!doctype html>
            <html lang="\(HTML.escape(language))">
            <head><meta charset="utf-8"><title>\(HTML.escape(title))</title>
            <style>body{font:11pt/1.4 system-ui,sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#1d2733}\
            table{border-collapse:collapse;width:100%;margin:.3rem 0 1rem}th,td{border:1px solid #ccd;padding:.25rem .4rem;\
            text-align:left;vertical-align:top}th{background:#f2f4f6}h2{border-bottom:1px solid #ccd;margin-top:1.6rem}\
            @media print{h2,h3{break-after:avoid}tr{break-inside:avoid}}</style></head>
            <body>
            \(body)</body>
            </html>

            """
    }
}

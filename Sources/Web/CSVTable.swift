/// CSVTable is a header and rows of cells, written as CSV in one of two dialects.
public struct CSVTable: Sendable, Hashable {
    /// One cell: text as written, or a number whose decimal separator depends on the dialect.
    public enum Cell: Sendable, Hashable, ExpressibleByStringLiteral {
        /// Text, written as it is (quoted when it must be).
        case text(String)
        /// A number: `3.5` in RFC 4180, `3,5` for Excel in Nordic locales.
        case number(Double)

        /// A text cell from a literal.
        public init(stringLiteral value: String) { self = .text(value) }

        /// A number cell, or an empty text cell when there is no number.
        public static func number(_ value: Double?) -> Cell { value.map(Cell.number) ?? .text("") }

        /// A whole-number cell, or an empty text cell.
        public static func integer(_ value: Int?) -> Cell { value.map { .number(Double($0)) } ?? .text("") }
    }

    /// How the table is written.
    public enum Dialect: String, Sendable, Hashable, CaseIterable {
        /// RFC 4180: `,` between fields, CRLF line ends, `"` quotes doubled, `.` decimals, no byte-order mark.
        case rfc4180
        /// Excel with a Swedish or Finnish locale: UTF-8 byte-order mark, `;` between fields, `,` decimals, CRLF.
        case excel
    }

    /// The column names.
    public var header: [String]
    /// The rows, each as long as the header.
    public var rows: [[Cell]]

    /// Makes a table.
    public init(header: [String], rows: [[Cell]]) {
        self.header = header
        self.rows = rows
    }

    /// The table as CSV text in `dialect`.
    public func encoded(_ dialect: Dialect) -> String {
        let separator: Character = dialect == .rfc4180 ? "," : ";"
        func field(_ cell: Cell) -> String {
            var text: String
            switch cell {
            case .number(let value):
                text = WebText.number(value)
                if dialect == .excel { text = text.replacingOccurrences(of: ".", with: ",") }
                return text
            case .text(let value):
                text = value
            }
            // Excel runs a cell that starts like a formula; a leading apostrophe keeps user text inert there.
            if dialect == .excel, let first = text.first, "=+-@".contains(first) { text = "'" + text }
            guard text.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            else { return text }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        let lines = [header.map { field(.text($0)) }] + rows.map { $0.map(field) }
        let body = lines.map { $0.joined(separator: String(separator)) }.joined(separator: "\r\n") + "\r\n"
        return dialect == .excel ? "\u{FEFF}" + body : body
    }
}

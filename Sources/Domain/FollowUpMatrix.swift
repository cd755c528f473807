import EventModel

/// FollowUpMatrix is the follow-up of one year: indicator × municipality, value against target, status, totals.
///
/// It is read from a `FollowUpView` against an explicit as-of date, which decides only what depends on
/// time: which meetings had been held by then and which missing figures are overdue.
public struct FollowUpMatrix: Sendable, Hashable {
    /// One municipality's standing on one indicator.
    public struct Cell: Sendable, Hashable {
        /// The municipality.
        public let municipality: MunicipalityCode
        /// The figure, when reported.
        public let figure: FollowUpView.Figure?
        /// The target that applies.
        public let target: IndicatorTarget?
        /// The status against the target.
        public let status: FollowUpStatus
        /// Whether the figure is missing after the reporting deadline, as of the matrix's date.
        public let isOverdue: Bool
        /// For an indicator derived from cases, the published count as it travelled: exact, or `<5`.
        public let caseCount: SuppressedCount?
    }

    /// The regional total of one indicator.
    public struct Total: Sendable, Hashable {
        /// The sum of values (for yes/no kinds, the number of yes); for a regional indicator, its value.
        public let value: Double?
        /// The sum of participants, when counted.
        public let participants: Int?
        /// How many municipalities reported.
        public let reportedCount: Int
        /// How many municipalities met their target.
        public let metCount: Int
        /// For a regional indicator, its status against the programme's target.
        public let status: FollowUpStatus?
        /// For an indicator derived from cases, the total of the published counts: exact only when every cell is,
        /// else a range (then `value` is nil, so no reader can show an exact total that reveals a cell).
        public let caseTotal: SuppressedTotal?
    }

    /// One indicator's row.
    public struct Row: Sendable, Hashable {
        /// The indicator.
        public let indicator: IndicatorDefinition
        /// The programme's own target.
        public let programmeTarget: IndicatorTarget?
        /// One cell per member municipality; empty for a regional indicator.
        public let cells: [Cell]
        /// The regional total.
        public let total: Total
    }

    /// The year followed up.
    public let year: Int
    /// The day the matrix was read for.
    public let asOf: CalendarDate
    /// Whether the year had ended by `asOf`.
    public let isYearClosed: Bool
    /// The member municipalities, in the programme's order.
    public let members: [MunicipalityCode]
    /// One row per indicator, by indicator id.
    public let rows: [Row]

    /// The day after which a missing figure for `year` is overdue: 31 March of the following year, when
    /// the municipalities' yearly follow-up for the budget phase is due.
    public static func reportingDeadline(year: Int) -> CalendarDate {
        CalendarDate(year: year + 1, month: 3, day: 31)!
    }

    /// The row of an indicator.
    public func row(_ indicator: String) -> Row? { rows.first { $0.indicator.id == indicator } }

    /// The cell of an indicator and municipality.
    public func cell(_ indicator: String, _ municipality: MunicipalityCode) -> Cell? {
        row(indicator)?.cells.first { $0.municipality == municipality }
    }

    /// The matrix as JSON, one object per row, for tables, CSV and the HTTP API.
    public var json: JSONValue {
        [
            "year": .number(JSONNumber(year)), "asOf": .string(asOf.description), "yearClosed": .bool(isYearClosed),
            "rows": .array(rows.map(Self.json(row:))),
        ]
    }

    /// A row as JSON.
    public static func json(row: Row) -> JSONValue {
        let cells = row.cells.map { cell -> JSONValue in
            var object: JSONValue = [
                "municipality": .number(JSONNumber(cell.municipality.rawValue)),
                "status": .string(cell.status.rawValue),
                "overdue": .bool(cell.isOverdue),
            ]
            if let target = cell.target { object = object.setting("target", target.json) }
            if let figure = cell.figure {
                object = object.setting("value", figure.value.map(JSONValue.number))
                    .setting("participants", .optional(figure.participants)).setting(
                        "done", figure.done.map(JSONValue.bool)
                    )
                    .setting("reference", .optional(figure.reference)).setting("conflict", .bool(figure.isConflict))
            }
            return object.setting("count", cell.caseCount.map { .string($0.description) })
        }
        let total = JSONValue.object([
            "reported": .number(JSONNumber(row.total.reportedCount)), "met": .number(JSONNumber(row.total.metCount)),
        ]).setting("value", row.total.value.map(JSONValue.number)).setting(
            "participants", .optional(row.total.participants)
        )
        .setting("status", row.total.status.map { .string($0.rawValue) })
        .setting("count", row.total.caseTotal.map { .string($0.description) })
        return JSONValue.object([
            "indicator": .string(row.indicator.id), "kind": .string(row.indicator.kind.rawValue),
            "source": .string(row.indicator.source.rawValue), "cells": .array(cells), "total": total,
        ]).setting("programmeTarget", row.programmeTarget?.json)
    }
}

/// Municipality is a member of the region, named as Statistics Finland and the programme name it.
public struct Municipality: Sendable, Hashable {
    /// Statistics Finland's municipality code, e.g. 287 for Kristinestad.
    public let code: MunicipalityCode
    /// The Swedish name, used first in every view.
    public let swedishName: String
    /// The Finnish name.
    public let finnishName: String

    /// The five municipalities of the 2023–2025 programme, in the programme's own order.
    ///
    /// The region genesis will list its members as data; until it does, these are the members.
    public static let members: [Municipality] = [
        Municipality(code: MunicipalityCode(unchecked: 287), swedishName: "Kristinestad", finnishName: "Kristiinankaupunki"),
        Municipality(code: MunicipalityCode(unchecked: 231), swedishName: "Kaskö", finnishName: "Kaskinen"),
        Municipality(code: MunicipalityCode(unchecked: 545), swedishName: "Närpes", finnishName: "Närpiö"),
        Municipality(code: MunicipalityCode(unchecked: 280), swedishName: "Korsnäs", finnishName: "Korsnäs"),
        Municipality(code: MunicipalityCode(unchecked: 475), swedishName: "Malax", finnishName: "Maalahti"),
    ]

    /// The member with `code`, or nil.
    public static func member(_ code: MunicipalityCode) -> Municipality? {
        members.first { $0.code == code }
    }
}

/// MunicipalityCode is the three-digit code of a member municipality.
public struct MunicipalityCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The numeric code.
    public let rawValue: Int

    init(unchecked rawValue: Int) { self.rawValue = rawValue }

    /// The code when it names a member municipality, or nil.
    public init?(_ rawValue: Int) {
        guard Municipality.members.contains(where: { $0.code.rawValue == rawValue }) else { return nil }
        self.rawValue = rawValue
    }

    /// Parses a member code written in decimal, e.g. "287".
    public init?(text: some StringProtocol) {
        guard text.count == 3, text.allSatisfy(\.isASCII), let value = Int(text) else { return nil }
        self.init(value)
    }

    /// The code as three digits.
    public var description: String { String(rawValue) }

    /// Orders codes numerically.
    public static func < (lhs: MunicipalityCode, rhs: MunicipalityCode) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension PayloadField.Kind {
    /// Validates `value`; `path` names it in the problem and is formed only when there is one (this runs
    /// for every field of every event appended, received or rebuilt).
    func validate(_ value: JSONValue, path: @autoclosure () -> String) -> EnvelopeError? {
        func fail(_ reason: String) -> EnvelopeError { EnvelopeError(field: path(), reason: reason) }
        switch self {
        case .text(let maxLength):
            guard let text = value.stringValue else { return fail("must be a string, not \(value.kindName)") }
            guard !text.isEmpty else { return fail("must not be empty") }
            // At most `maxLength` bytes means at most as many characters, so only longer texts are counted;
            // control characters are single bytes below 0x20 in UTF-8, so the bytes are scanned.
            guard text.utf8.count <= maxLength || text.count <= maxLength else {
                return fail("is longer than \(maxLength) characters")
            }
            // Over the contiguous bytes: `String.UTF8View`'s iterator cost 1,800 instructions an event.
            var bytes = text
            guard !bytes.withUTF8({ $0.contains(where: { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 }) }) else {
                return fail("contains a control character")
            }
        case .integer(let range):
            guard let number = value.int64Value else { return fail("must be an integer, not \(value.kindName)") }
            guard range.contains(number) else { return fail("must be in \(range.lowerBound)...\(range.upperBound)") }
        case .decimal(let range):
            guard let number = value.numberValue else { return fail("must be a number, not \(value.kindName)") }
            guard range.contains(number.doubleValue) else {
                return fail("must be in \(range.lowerBound)...\(range.upperBound)")
            }
        case .date:
            guard let text = value.stringValue, CalendarDate(text) != nil else {
                return fail("must be a date written YYYY-MM-DD")
            }
        case .year:
            guard let year = value.int64Value, (2000...2100).contains(year) else {
                return fail("must be a year from 2000 to 2100")
            }
        case .boolean:
            guard value.boolValue != nil else { return fail("must be true or false, not \(value.kindName)") }
        case .municipality:
            guard let code = value.int64Value, MunicipalityCode(Int(code)) != nil else {
                return fail("must be a member municipality code (287, 231, 545, 280, 475)")
            }
        case .oneOf(let allowed):
            guard let text = value.stringValue, allowed.contains(text) else {
                return fail("must be one of \(allowed.joined(separator: ", "))")
            }
        case .hash:
            guard let text = value.stringValue, EventHash(hex: text) != nil else {
                return fail("must be 64 lowercase hex digits")
            }
        case .list(let element, let maxCount):
            guard let elements = value.arrayValue else { return fail("must be an array, not \(value.kindName)") }
            guard elements.count <= maxCount else { return fail("has more than \(maxCount) elements") }
            for (index, item) in elements.enumerated() {
                if let problem = element.validate(item, path: "\(path())[\(index)]") { return problem }
            }
        case .object(let fields):
            guard let members = value.objectValue else { return fail("must be an object, not \(value.kindName)") }
            return PayloadField.validate(members, against: fields, path: path())
        }
        return nil
    }
}

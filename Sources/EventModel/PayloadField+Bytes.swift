/// Judging a payload's fields from its vouched bytes (`PayloadBytes`), without a tree.
///
/// Received payloads are nearly all in the canonical form `PayloadBytes` vouches for, and nearly all valid. So the
/// bytes are asked one question only: do the fields hold no problem? `true` means exactly that `validate` over the
/// parsed tree finds none; `false` means "not sure", and the tree is then judged as before, which gives every
/// problem and its text. Each rule below is therefore at least as strict as the tree's (false is always safe).
extension PayloadField {
    /// The fields' names as bytes, when the bytes can be judged against them: distinct names (a repeated one has
    /// its own reading in `validate`) and no more than the walk can mark; nil otherwise.
    static func byteNames(of fields: [PayloadField]) -> [[UInt8]]? {
        guard fields.count <= UInt64.bitWidth, Set(fields.map(\.name)).count == fields.count else { return nil }
        return fields.map { Array($0.name.utf8) }
    }

    /// Whether `validate` over the tree of `payload` finds no problem, judged from its bytes; false when unsure.
    static func acceptBytes(_ payload: PayloadBytes, _ fields: [PayloadField], names: [[UInt8]]) -> Bool {
        var present: UInt64 = 0
        let fine = fields.withUnsafeBufferPointer { fields in
            payload.forEachMember { key, value, buffer in
                // Byte-equal names are equal `String`s; a key equal only as a `String` is left to the tree.
                guard let index = names.firstIndex(where: { $0.count == key.count && $0.elementsEqual(key) }) else {
                    return false
                }
                present |= 1 << UInt64(index)
                if buffer[value.lowerBound] == UInt8(ascii: "n") { return !fields[index].isRequired }
                return fields[index].kind.accepts(value, in: buffer)
            }
        }
        guard fine else { return false }
        for index in fields.indices where fields[index].isRequired && present & (1 << UInt64(index)) == 0 {
            return false
        }
        return true
    }
}

extension PayloadField.Kind {
    /// Whether `validate` accepts the value written at `range` of vouched bytes; false when unsure.
    func accepts(_ range: Range<Int>, in buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        let first = buffer[range.lowerBound]
        let isString = first == UInt8(ascii: "\"")
        // The text of a string value: vouched strings hold no escapes, so their bytes are the text.
        func text() -> String {
            String(decoding: UnsafeBufferPointer(rebasing: buffer[(range.lowerBound + 1)..<(range.upperBound - 1)]), as: UTF8.self)
        }
        func integer() -> Int64? { PayloadBytes.integer(at: range, in: buffer) }
        switch self {
        case .text(let maxLength):
            // Vouched strings hold no control byte at all; a text of more bytes than allowed is counted by the tree.
            let count = range.count - 2
            return isString && count > 0 && count <= maxLength
        case .integer(let allowed):
            return integer().map(allowed.contains) ?? false
        case .decimal(let allowed):
            // Vouched numbers are integers: `Double(text)` and `Double(Int64)` round the same integer alike.
            return integer().map { allowed.contains(Double($0)) } ?? false
        case .date:
            return isString && CalendarDate(text()) != nil
        case .year:
            return integer().map { (2000...2100).contains($0) } ?? false
        case .boolean:
            return first == UInt8(ascii: "t") || first == UInt8(ascii: "f")
        case .municipality:
            return integer().map { MunicipalityCode(Int($0)) != nil } ?? false
        case .oneOf(let allowed):
            return isString && allowed.contains(text())
        case .hash:
            return isString && EventHash(hex: text()) != nil
        case .list, .object:
            return false
        }
    }
}

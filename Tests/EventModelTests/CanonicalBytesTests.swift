import Testing

@testable import EventModel

/// `CanonicalBytes` may say yes only where the bytes are exactly what `CanonicalJSON` writes for their value:
/// a wrong yes would store and hash a payload in another form than its tree's.
@Suite struct CanonicalBytesTests {
    func areCanonical(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { CanonicalBytes.areCanonical($0) }
    }

    /// Whether the encoder writes `text` unchanged; false for text that is no JSON.
    func encodesUnchanged(_ text: String) -> Bool {
        guard let value = try? JSONParser.parse(Array(text.utf8)) else { return false }
        return CanonicalJSON.encode(value) == Array(text.utf8)
    }

    @Test func plainFormsAreCanonical() {
        for text in [
            #"{}"#, #"[]"#, #"{"a":1,"b":[true,false,null],"c":{"d":"é ok"}}"#, #"{"A":0,"a":-12,"ab":"x/y"}"#,
            "[\"\u{1F600}\",-9223372036854775808,9999999999999999999999999999999999999999]", #""""#,
        ] {
            #expect(areCanonical(text), "\(text)")
            #expect(encodesUnchanged(text), "\(text)")
        }
    }

    @Test func everyOtherFormIsNot() {
        for text in [
            #"{"b":1,"a":2}"#, #"{"a":1,"a":2}"#, #"{ "a":1}"#, #"{"a" :1}"#, #"[1, 2]"#, #"[1 ]"#, " {}", "{} ",
            #"{"a":1.5}"#, #"{"a":1.50}"#, #"{"a":1e2}"#, #"{"a":-0}"#, #"{"a":007}"#, #"{"a":1E2}"#,
            #"{"a":"x\/y"}"#, #"{"a":"\u0041"}"#, #"{"a":"q\"q"}"#, #"{"\u0061":1}"#, "{\"a\":\"\t\"}",
            #"{"a":tru}"#, #"{"a":1"#, #"{"a""#, #"["#, "", #"{"a":1}}"#, #"{"a":1,}"#, #"[1,]"#,
            "[" + String(repeating: "1", count: 41) + "]",
        ] {
            #expect(!areCanonical(text), "\(text)")
        }
    }

    /// Random values written in many forms: every form judged canonical encodes to itself.
    @Test func aYesIsAlwaysTheEncodersForm() throws {
        var random = SplitMix64(seed: 5)
        let numbers = ["0", "-1", "10", "1.0", "1.5", "2e3", "-0", "12345678901234567890", "0.25"]
        let texts = ["a", "A", "é", "x y", "q\\\"q", "\\u0041", "\\/", "\u{1F600}", ""]
        func value(_ depth: Int) -> String {
            switch Int.random(in: 0...(depth > 3 ? 2 : 4), using: &random) {
            case 0: return numbers.randomElement(using: &random)!
            case 1: return "\"" + texts.randomElement(using: &random)! + "\""
            case 2: return ["true", "false", "null"].randomElement(using: &random)!
            case 3:
                let keys = (0..<Int.random(in: 0...4, using: &random)).map { _ in texts.randomElement(using: &random)! }
                let space = Int.random(in: 0..<8, using: &random) == 0 ? " " : ""
                return "{" + keys.map { "\"\($0)\":" + space + value(depth + 1) }.joined(separator: ",") + "}"
            default:
                return "[" + (0..<Int.random(in: 0...3, using: &random)).map { _ in value(depth + 1) }.joined(separator: ",")
                    + "]"
            }
        }
        var yes = 0
        for _ in 0..<3_000 {
            let text = value(0)
            guard (try? JSONParser.parse(Array(text.utf8))) != nil else { continue }
            if areCanonical(text) {
                yes += 1
                #expect(encodesUnchanged(text), "\(text)")
            }
        }
        #expect(yes > 300)
    }
}

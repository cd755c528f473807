/// Arguments are a command's options, parsed strictly: an unknown option is an error, not ignored.
struct Arguments {
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []
    private(set) var positionals: [String] = []
    let command: String

    /// Parses `words`; `options` take a value, `flagNames` do not. Both are written without `--`.
    init(_ words: [String], command: String, options: Set<String>, flags flagNames: Set<String>) throws {
        self.command = command
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            guard word.hasPrefix("--"), word.count > 2 else {
                positionals.append(word)
                continue
            }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if flagNames.contains(name) {
                guard inlineValue == nil else { throw CLIError.usage("--\(name) takes no value", command: command) }
                flags.insert(name)
            } else if options.contains(name) {
                if let inlineValue {
                    values[name, default: []].append(inlineValue)
                } else {
                    guard index < words.count else { throw CLIError.usage("--\(name) needs a value", command: command) }
                    values[name, default: []].append(words[index])
                    index += 1
                }
            } else {
                throw CLIError.usage("unknown option --\(name)", command: command)
            }
        }
    }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func value(_ name: String) -> String? { values[name]?.last }

    func all(_ name: String) -> [String] { values[name] ?? [] }

    func required(_ name: String) throws -> String {
        guard let value = value(name), !value.isEmpty else {
            throw CLIError.usage("--\(name) is required", command: command)
        }
        return value
    }

    func integer(_ name: String, in range: ClosedRange<Int64>) throws -> Int64? {
        guard let text = value(name) else { return nil }
        guard let number = Int64(text), range.contains(number) else {
            throw CLIError.usage("--\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)", command: command)
        }
        return number
    }

    func noPositionals() throws {
        if let extra = positionals.first { throw CLIError.usage("unexpected argument '\(extra)'", command: command) }
    }
}

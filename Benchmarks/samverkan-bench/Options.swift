/// Options are the command line of `samverkan-bench`.
struct Options {
    /// Scenarios to run, in the order given; empty runs all.
    var scenarios: [String] = []
    /// Events of the large scenarios (append, replication, rebuild, late merge).
    var events = 1_000_000
    /// Appends of the one-event-per-call scenarios (append-group, http-append); quick 3,000.
    var requests = 20_000
    /// Whether `--events` was given.
    var eventsGiven = false
    /// Print one JSON object instead of the table.
    var json = false
    /// Small sizes for a smoke run under two minutes.
    var quick = false
    /// Where scratch databases go.
    var directory = "/tmp"
    /// The `samverkan` executable for the multi-process scenarios.
    var samverkan: String?

    static let usage = """
        Usage: samverkan-bench [SCENARIO…] [--events N] [--requests N] [--json] [--quick] [--dir DIR] [--samverkan PATH]

        Scenarios: \(Scenarios.all.map(\.name).joined(separator: ", "))
        Each runs the engine and a raw SQLite baseline in this process and prints both rates and their ratio.
        """

    static func parse(_ words: [String]) throws -> Options {
        var options = Options()
        var requestsGiven = false
        var index = 0
        func value(_ name: String) throws -> String {
            index += 1
            guard index < words.count else { throw BenchError("\(name) needs a value") }
            return words[index]
        }
        while index < words.count {
            let word = words[index]
            switch word {
            case "--events":
                guard let count = Int(try value(word)), count >= 100 else { throw BenchError("--events must be ≥ 100") }
                options.events = count
                options.eventsGiven = true
            case "--requests":
                guard let count = Int(try value(word)), count >= 100 else { throw BenchError("--requests must be ≥ 100") }
                options.requests = count
                requestsGiven = true
            case "--json": options.json = true
            case "--quick": options.quick = true
            case "--dir": options.directory = try value(word)
            case "--samverkan": options.samverkan = try value(word)
            case "-h", "--help":
                print(usage)
                throw BenchError.exit
            default:
                guard !word.hasPrefix("-") else { throw BenchError("unknown option \(word)\n\(usage)") }
                guard (Scenarios.all + Scenarios.probes).contains(where: { $0.name == word }) else {
                    throw BenchError("unknown scenario \(word)\n\(usage)")
                }
                options.scenarios.append(word)
            }
            index += 1
        }
        if options.quick && !options.eventsGiven { options.events = 20_000 }
        if options.quick && !requestsGiven { options.requests = 3_000 }
        return options
    }

    /// `full` normally, `quick` under `--quick`.
    func size(_ full: Int, quick small: Int) -> Int { quick ? small : full }
}

/// BenchError stops the run with a message.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
    static let exit = BenchError("")
}

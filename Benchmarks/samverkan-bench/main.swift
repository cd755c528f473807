import Foundation

/// Scenario is one benchmark: it runs the engine and its baseline and returns their figures.
struct Scenario: Sendable {
    let name: String
    let run: @Sendable (Options) throws -> [Measurement]
}

enum Scenarios {
    static let all: [Scenario] = [
        Scenario(name: "append-batched", run: AppendBatched.run),
        Scenario(name: "append-single", run: AppendSingle.run),
        Scenario(name: "append-group", run: AppendGroup.run),
        Scenario(name: "http-append", run: HTTPAppend.run),
        Scenario(name: "replication", run: Replication.run),
        Scenario(name: "rebuild", run: Rebuild.run),
        Scenario(name: "late-merge", run: LateMerge.run),
        Scenario(name: "http-small", run: HTTPSmall.run),
        Scenario(name: "propagation", run: Propagation.run),
    ]
    /// Scenarios run only when named: probes for profiling, with no goal of their own.
    static let probes: [Scenario] = [Scenario(name: "replication-read", run: ReplicationRead.run)]
}

do {
    let options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
    let selected = options.scenarios.isEmpty ? Scenarios.all : options.scenarios.compactMap { name in
        (Scenarios.all + Scenarios.probes).first { $0.name == name }
    }
    var results: [Measurement] = []
    var failed: [String] = []
    let clock = ContinuousClock()
    let start = clock.now
    for scenario in selected {
        // The scenario before may leave a gigabyte of dirty pages that the kernel writes back for seconds: written
        // now, that writeback is not timed into whichever half of this scenario happens to run meanwhile.
        sync()
        progress("running \(scenario.name)\(options.quick ? " (quick)" : "")")
        do {
            let measured = try scenario.run(options)
            results += measured
            if !options.json { Report.printTable(measured) }
        } catch {
            failed.append(scenario.name)
            progress("\(scenario.name) failed: \(error)")
        }
    }
    let seconds = Stopwatch.seconds(clock.now - start)
    if options.json {
        print(Report.json(results, options: options, seconds: seconds))
    } else {
        print("\nAll scenarios (\(format(seconds)) s, events \(options.events), requests \(options.requests)):")
        Report.printTable(results)
    }
    exit(failed.isEmpty ? 0 : 1)
} catch let error as BenchError {
    if !error.description.isEmpty { FileHandle.standardError.write(Data("samverkan-bench: \(error)\n".utf8)) }
    exit(error.description.isEmpty ? 0 : 2)
}

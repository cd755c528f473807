import Domain
import EventLog
import EventModel
import Foundation
import HTTP
import Security

#if canImport(Glibc)
    import Glibc
#endif

/// `samverkan demo`: five real nodes on 127.0.0.1 with a year of the region's work, until Ctrl-C.
enum DemoCommand: Command {
    static let name = "demo"
    static let summary = "start a secured region of five nodes on 127.0.0.1 with a year of activity and cases"
    static let help = """
        Usage: samverkan demo [--dir DIR] [--seed N]

        Starts one `samverkan serve` process per municipality (Kristinestad, Kaskö, Närpes, Korsnäs, Malax), each
        with its own data directory, on 127.0.0.1 with free ports, connected as peers, as a secured region set up
        the way administrators do it: a root key per municipality (kept in DIR/keys, as this is a demo), the region
        genesis, each node's key enrolled by its municipality's root, and on each node a coordinator, a caseworker
        and an administrator (samordnare.<kommun>, handlaggare.<kommun>, admin.<kommun>) sharing one demo secret.
        Imports the 2023–2025 programme on one node and writes a year of activity, each record on the node of the
        municipality that makes it: figures and targets, approvals, three joint meetings with attendance, minutes,
        decisions and action items, a joint event, an upcoming meeting, and Kaskö working offline for a while
        (stopped, written to, restarted) before it syncs. Each node holds a handful of fictional cases of its own
        municipality (opened 2024–2025, personal fields sealed, never sent to another municipality) and publishes
        their yearly counts, suppressed below 5, to the region. Waits until the five nodes' regional digests agree,
        prints every node's address, the users and the secret, and runs until Ctrl-C or SIGTERM; then stops every
        node cleanly.

          --dir DIR   keep the nodes' data in DIR (it must not hold a demo already); default: a temporary
                      folder, removed when the demo stops
          --seed N    the seed of the activity and the cases (default 2025): the same seed writes the same
                      figures and cases

        Open the printed addresses in a browser and sign in (HTTP Basic) with a user of that node: the programme,
        the follow-up, the meetings, the sync status and the forms; as the caseworker, the cases at /cases.
        Exit codes: 0 stopped, 2 usage, 6 a node did not start or the nodes did not agree in time.
        """

    static func run(_ words: [String]) throws {
        let arguments = try Arguments(words, command: name, options: ["dir", "seed"], flags: [])
        try arguments.noPositionals()
        let seed = UInt64(try arguments.integer("seed", in: 0...Int64.max) ?? 2025)
        let isTemporary = arguments.value("dir") == nil
        let base = arguments.value("dir") ?? NSTemporaryDirectory() + "samverkan-demo-\(UUID().uuidString)"
        let stopped = DispatchSemaphore(value: 0)
        // Trapped from the start: a Ctrl-C during start-up must still stop the nodes already running.
        let trap = SignalTrap { _ in stopped.signal() }
        defer { trap.cancel() }
        let nodes = DemoNode.members.map { DemoNode(member: $0, base: base) }
        func stopAll() {
            Output.progress("stopping the nodes…")
            for node in nodes { node.terminate() }
            let deadline = Date().addingTimeInterval(10)
            for node in nodes { node.waitForExit(until: deadline) }
            Output.progress(nil)
            if isTemporary { try? FileManager.default.removeItem(atPath: base) }
        }
        do {
            try prepare(base, nodes: nodes, seed: seed, isStopping: { stopped.wait(timeout: .now()) == .success })
        } catch {
            stopAll()
            throw error
        }
        stopped.wait()
        stopAll()
        Output.line("demo stopped; every node shut down\(isTemporary ? " and its data removed" : "")")
    }

    /// Creates, secures, starts and fills the five nodes, waits for their digests to agree, and prints the summary.
    static func prepare(_ base: String, nodes: [DemoNode], seed: UInt64, isStopping: () -> Bool) throws {
        let started = Date()
        let files = FileManager.default
        if files.fileExists(atPath: (base as NSString).appendingPathComponent(nodes[0].member.node)) {
            throw CLIError.usage("\(base) already holds a demo; remove it or choose another --dir", command: name)
        }
        try files.createDirectory(
            atPath: (base as NSString).appendingPathComponent("logs"), withIntermediateDirectories: true)
        var activity = DemoActivity(seed: seed)
        var caseStories = DemoCases(seed: seed)
        var writers: [Int: DemoWriter] = [:]
        var caseCounts: [Int: Int] = [:]
        func check() throws { if isStopping() { throw CLIError(code: .usage, message: "stopped during start-up") } }

        // The region, as its administrators set it up: root keys, genesis, node keys, enrolments, users.
        Output.progress("making the region's root keys and genesis…")
        let region = try DemoRegion.create(
            in: (base as NSString).appendingPathComponent("keys"), members: nodes.map(\.member))
        var enrolments: [Enrolment] = []
        for (index, node) in nodes.enumerated() {
            Output.progress("creating \(node.member.node) (\(index + 1)/5)…")
            let identity = NodeIdentity(node: NodeID(node.member.node)!, municipality: node.member.code)
            try EventLog.create(directory: node.data, identity: identity, validator: NodeCatalog.current).close()
            enrolments.append(try region.secure(node, identity: identity))
        }
        // Every secret costs a slow hash: the users are added on a thread of their own while the nodes fill, start
        // and sync (a node reads its users.json at each sign-in), and are waited for before the summary.
        let users = region.addUsers(nodes)
        defer { users.group.wait() }  // never leave a thread writing into a folder that is being removed
        for (index, node) in nodes.enumerated() {
            Output.progress("writing the history and the cases of \(node.member.node) (\(index + 1)/5)…")
            try region.appendEnrolments(enrolments, on: node)
            let code = node.member.code.rawValue
            let writer = DemoWriter(directory: node.data, author: DemoRegion.author(.coordinator, of: node.member))
            writers[code] = writer
            try writer.write(activity.history(code))
            let stories = caseStories.cases(
                code, caseworker: DemoRegion.user(.caseworker, of: node.member), today: ViewText.today())
            _ = try DemoCases.write(
                stories, directory: node.data, author: DemoRegion.author(.caseworker, of: node.member))
            caseCounts[code] = stories.count
        }
        let hub = nodes[nodes.count - 1]
        Output.progress("importing the 2023–2025 programme on \(hub.member.node)…")
        _ = try writers[hub.member.code.rawValue]!.importProgramme()
        // Each node peers with every node started before it, so every pair is linked once and the last (the
        // programme's node) pulls from and pushes to all four.
        var urls: [String] = []
        for node in nodes {
            try check()
            Output.progress("starting \(node.member.node)…")
            try node.start(peers: urls)
            urls.append(node.url)
        }
        Output.progress("writing the year's meetings on the hosts' nodes…")
        for (code, items) in activity.firstHalf().sorted(by: { $0.key < $1.key }) { try writers[code]!.write(items) }
        try waitForAgreement(nodes, writers: writers, what: "first sync", check: check)

        // Every municipality's server publishes its case counts per completed year, now that it holds the
        // programme (whose years the counts start from), as `samverkan case publish` would.
        for node in nodes {
            Output.progress("publishing the case counts of \(node.member.node)…")
            _ = try DemoCases.publishCounts(directory: node.data, author: DemoRegion.author(.admin, of: node.member))
        }

        // Kaskö goes offline: stopped, written to with the library, and started again on the same port.
        let kasko = nodes.first { $0.member.code.rawValue == 231 }!
        let minutes = try minutesHash(writers[545]!)
        Output.progress("kas-server goes offline…")
        kasko.stop()
        try writers[231]!.write(activity.offlineRecords(minutesParent: minutes))
        let upcoming = upcomingDay()
        for (code, items) in activity.whileOffline(minutesParent: minutes, upcoming: upcoming).sorted(by: {
            $0.key < $1.key
        }) {
            try writers[code]!.write(items)
        }
        try check()
        Output.progress("kas-server comes back and syncs…")
        try kasko.start(peers: [], port: kasko.port)
        let digests = try waitForAgreement(nodes, writers: writers, what: "the digests to agree", check: check)
        Output.progress("adding the users…")
        try users.wait()
        Output.progress(nil)

        Output.line("Samverkan demo: a secured region of five nodes on 127.0.0.1 (data in \(base))")
        for node in nodes {
            let events = try writers[node.member.code.rawValue]!.regionalEventCount()
            let name = (Municipality.member(node.member.code)?.swedishName ?? "").padding(
                toLength: 13, withPad: " ", startingAt: 0)
            let names = DemoRegion.users.map { DemoRegion.user($0.role, of: node.member) }.joined(separator: ", ")
            Output.line(
                "  \(name) \(node.member.node)  \(node.url)/  \(events) regional events, "
                    + "\(caseCounts[node.member.code.rawValue] ?? 0) cases  users: \(names)")
        }
        Output.line(
            "Sign in as samordnare.<kommun> (coordinator), handlaggare.<kommun> (caseworker) or admin.<kommun> on "
                + "that municipality's node, with the secret \(region.secret)")
        Output.line(
            "Caseworker pages: \(hub.url)/cases as \(DemoRegion.user(.caseworker, of: hub.member)) "
                + "(every node has /cases, showing its own municipality's cases only)")
        Output.line("Root keys and genesis (demo only; keep real root keys offline): \(region.folder)")
        let summary = ViewNameList.all.map { "\($0) \(digests[$0]?.prefix(12) ?? "?")…" }.joined(separator: ", ")
        Output.line("Regional digests agree on all five nodes: \(summary)")
        Output.line(
            String(format: "Started in %.1f s. Press Ctrl-C to stop every node.", Date().timeIntervalSince(started)))
    }

    /// Polls every node's regional digests until all five agree; fails after 60 seconds.
    @discardableResult
    static func waitForAgreement(
        _ nodes: [DemoNode], writers: [Int: DemoWriter], what: String, check: () throws -> Void
    ) throws -> [String: String] {
        let deadline = Date().addingTimeInterval(60)
        var last: [[String: String]] = []
        while Date() < deadline {
            try check()
            last = try nodes.map { try writers[$0.member.code.rawValue]!.digests() }
            if Set(last).count == 1, let first = last.first {
                let counts = try nodes.map { try writers[$0.member.code.rawValue]!.regionalEventCount() }
                if Set(counts).count == 1 { return first }
            }
            Output.progress("waiting for \(what)…")
            usleep(200_000)
        }
        throw CLIError(code: .storage, message: "the five nodes did not agree within 60 s (see the logs under logs/)")
    }

    /// The hash of the 2025-2 minutes as Närpes wrote them: both later edits name it as their parent.
    static func minutesHash(_ writer: DemoWriter) throws -> EventHash {
        let log = try NodeCatalog.open(writer.directory)
        defer { log.close() }
        let page = try log.events(
            matching: LogFilter(
                channel: .region, stream: StreamID("meeting/2025-2")!, type: DomainEventType.meetingMinutes))
        guard let first = page.first else {
            throw CLIError(code: .storage, message: "demo: the 2025-2 minutes are missing")
        }
        return first.event.hash
    }

    /// The day of the upcoming meeting: the 15th of the month after next, always ahead of today.
    static func upcomingDay() -> CalendarDate {
        let today = ViewText.today()
        let month = today.month + 2
        return CalendarDate(year: today.year + (month - 1) / 12, month: (month - 1) % 12 + 1, day: 15)!
    }
}

/// The regional views by name, in the order the summary lists them.
enum ViewNameList {
    static let all = ["programme", "followup", "meetings"]
}

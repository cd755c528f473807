import Dispatch
import EventLog
import EventModel
import Foundation
import Security
import Synchronization

/// DemoRegion makes the demo's five nodes a secured region the way the administrators would with `municipality
/// keygen`, `region create`, `init --genesis`, `enrol` and `user add`, in this process and with the functions those
/// commands use: a root key per municipality (kept in the demo folder, `keys/`, never printed), the genesis, each
/// node's key, every node's enrolment appended on every node, and named users on each node with one demo secret.
struct DemoRegion: Sendable {
    /// The users each node has, by role, with the word their names start with (`handlaggare.narpes`).
    static let users: [(role: Role, word: String)] = [
        (.coordinator, "samordnare"), (.caseworker, "handlaggare"), (.admin, "admin"),
    ]

    /// The region's name in the genesis.
    static let name = "Österbotten 2023–2025 (demo)"

    /// The folder of the root keys and the genesis.
    let folder: String
    /// The region genesis, as every node holds it.
    let genesis: RegionGenesis
    /// The secret of every demo user: random for each run, printed in the summary.
    let secret: String

    /// The sign-in name of the user with `role` on `member`'s node.
    static func user(_ role: Role, of member: DemoNode.Member) -> String {
        "\(users.first { $0.role == role }?.word ?? role.rawValue).\(member.userSuffix)"
    }

    /// The author of what the user with `role` writes on `member`'s node.
    static func author(_ role: Role, of member: DemoNode.Member) -> Author { Author(user(role, of: member))! }

    /// Where the root key of `member`'s municipality is kept.
    static func rootKeyFile(_ member: DemoNode.Member, in folder: String) -> String {
        (folder as NSString).appendingPathComponent("\(member.prefix)-root.key")
    }

    /// Makes each municipality's root key pair and the genesis listing their public halves, in `folder`.
    static func create(in folder: String, members: [DemoNode.Member]) throws -> DemoRegion {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var roots: [RegionGenesis.Member] = []
        for member in members {
            let key = try MunicipalityCommand.makeRootKey(out: rootKeyFile(member, in: folder))
            roots.append(RegionGenesis.Member(code: member.code, rootKey: key.publicKey))
        }
        let genesis = try RegionCommand.create(
            name: name, members: roots, out: (folder as NSString).appendingPathComponent("genesis.json"))
        return DemoRegion(folder: folder, genesis: genesis, secret: "demo-" + Hex.encode(SecureRandom.bytes(6)))
    }

    /// Copies the genesis into a created node and makes its key (`init --genesis`); returns the node's enrolment,
    /// signed by its municipality's root key (`enrol`).
    func secure(_ node: DemoNode, identity: NodeIdentity) throws -> Enrolment {
        let key = try InitCommand.installSecurity(genesis, directory: node.data, identity: identity)
        return try EnrolCommand.enrolment(
            genesis: genesis, rootKeyFile: Self.rootKeyFile(node.member, in: folder), origin: identity.origin,
            municipality: node.member.code, nodeKey: key)
    }

    /// Appends every enrolment on `node`'s log in one transaction, written by the node's own administrator, so
    /// every node knows every other before they first meet.
    func appendEnrolments(_ enrolments: [Enrolment], on node: DemoNode) throws {
        let log = try NodeCatalog.open(node.data)
        defer { log.close() }
        let author = Self.author(.admin, of: node.member)
        _ = try log.append(
            enrolments.map { enrolment in
                try NewEvent(
                    channel: .region, stream: TrustCatalog.stream(for: enrolment.origin),
                    type: TrustCatalog.nodeEnrolled, author: author, payload: enrolment.payload)
            })
    }

    /// Starts adding every node's users (`user add`) on a thread of its own, since every secret costs a slow hash
    /// (one core for about 5 s in all, beside the start-up on the other); a node reads its users at each sign-in,
    /// so they may arrive while it runs. `wait` before anyone signs in.
    func addUsers(_ nodes: [DemoNode]) -> PendingUsers {
        let work = nodes.map { (directory: $0.data, member: $0.member) }
        let secret = secret
        let pending = PendingUsers()
        DispatchQueue.global().async(group: pending.group) {
            for (directory, member) in work {
                do {
                    var store = try UserStoreFile.load(directory: directory)
                    for (role, _) in Self.users {
                        _ = try UserCommand.add(
                            to: &store, directory: directory, name: Self.user(role, of: member), role: role,
                            municipality: member.code, secret: secret)
                    }
                } catch {
                    pending.failures.withLock { $0.append("\(member.node): \(error)") }
                }
            }
        }
        return pending
    }
}

/// PendingUsers are the demo's users being added in the background.
final class PendingUsers: Sendable {
    let group = DispatchGroup()
    let failures = Mutex<[String]>([])

    /// Waits until every user is added; throws the first failure.
    func wait() throws {
        group.wait()
        if let failure = failures.withLock({ $0.first }) {
            throw CLIError(code: .storage, message: "demo: adding the users failed: \(failure)")
        }
    }
}

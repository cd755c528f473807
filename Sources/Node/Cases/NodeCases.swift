import EventLog
import EventModel
import Foundation
import Privacy
import Replication
import Web

/// NodeCases are a running node's case pieces: the desk, the node's encryption key (which peers of
/// its municipality wrap person keys to) and the loop that purges erased keys and exchanges the rest.
struct NodeCases: Sendable {
    let desk: CaseDesk
    let encryptionKey: NodeEncryptionKey
    let keeper: KeyKeeper

    static func open(
        directory: String, store: NodeStore, queue: DatabaseQueue<NodeStore>, notifier: ChangeNotifier,
        peerURLs: [String], caller: PeerIdentity, security: NodeSecurity?, settings: CaseSettings
    ) throws -> NodeCases {
        let desk = try CaseDesk(directory: directory, log: store.log)
        let key = try NodeEncryptionKey.loadOrCreate(directory: directory)
        let peers = peerURLs.compactMap { text -> KeyKeeper.Peer? in
            guard let url = URL(string: text) else { return nil }
            return KeyKeeper.Peer(
                url: text,
                transport: HTTPPeerTransport(baseURL: url, caller: caller, authentication: security?.peerAuthentication))
        }
        let keeper = KeyKeeper(
            desk: desk, own: key, queue: queue, notifier: notifier, peers: peers,
            checkKey: { answer, nonce in security?.checkKeysAnswer(answer, nonce: nonce) },
            jobs: { runJobs(desk: desk, queue: queue, settings: settings) })
        return NodeCases(desk: desk, encryptionKey: key, keeper: keeper)
    }

    /// The retention job and the publication of case counts, as far as `settings` ask for them; a failure
    /// is logged and tried again at the next run.
    static func runJobs(desk: CaseDesk, queue: DatabaseQueue<NodeStore>, settings: CaseSettings) {
        let retains = settings.retainClosedMonths != nil || settings.retainInactiveMonths != nil
        guard retains || settings.publishCounts else { return }
        do {
            let (erased, published) = try queue.sync { store in
                let today = WebText.today()
                let author = Author("samverkan.\(store.log.identity.node)") ?? Author("samverkan")!
                let erased = retains ? try desk.applyRetention(asOf: today, settings: settings, author: author, log: store.log) : []
                var published: [Event] = []
                if settings.publishCounts {
                    try store.catchUpViews()
                    published = try desk.publishCounts(
                        asOf: today, settings: settings, published: try store.views.followUp(), author: author,
                        log: store.log)
                }
                return (erased.count, published.count)
            }
            if erased + published > 0 {
                NodeSecurity.warn("case jobs ran", ["erased": String(erased), "published": String(published)])
            }
        } catch {
            NodeSecurity.warn("case jobs failed", ["error": "\(error)"])
        }
    }
}

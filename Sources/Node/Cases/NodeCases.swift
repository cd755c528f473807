import EventLog
import EventModel
import Foundation
import Privacy
import Replication

/// NodeCases are a running node's case pieces: the desk, the node's encryption key (which peers of
/// its municipality wrap person keys to) and the loop that purges erased keys and exchanges the rest.
struct NodeCases: Sendable {
    let desk: CaseDesk
    let encryptionKey: NodeEncryptionKey
    let keeper: KeyKeeper

    static func open(
        directory: String, store: NodeStore, queue: DatabaseQueue<NodeStore>, notifier: ChangeNotifier,
        peerURLs: [String], caller: PeerIdentity, security: NodeSecurity?
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
            checkKey: { answer, nonce in security?.checkKeysAnswer(answer, nonce: nonce) })
        return NodeCases(desk: desk, encryptionKey: key, keeper: keeper)
    }
}

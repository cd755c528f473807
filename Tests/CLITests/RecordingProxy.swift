import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// RecordingProxy forwards TCP connections from a port on 127.0.0.1 to another, keeping a copy of
/// every byte that passes either way: what one node sent to another, to be searched afterwards.
final class RecordingProxy: @unchecked Sendable {
    // @unchecked: `listener` is set once before the accept thread starts; the rest is behind Mutexes.
    let port: Int
    private let listener: Int32
    private let recorded = Mutex<[UInt8]>([])
    private let sockets = Mutex<Set<Int32>>([])
    private let running = Atomic<Bool>(true)

    /// Listens on a free port and forwards every connection to `targetPort`.
    init(targetPort: Int) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else { throw NodeProcessError.failed("proxy cannot listen") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            _ = $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in
            while running.load(ordering: .relaxed) {
                let client = accept(listener, nil, nil)
                guard client >= 0 else { return }
                guard let upstream = Self.connect(to: targetPort) else {
                    close(client)
                    continue
                }
                sockets.withLock { $0.formUnion([client, upstream]) }
                Thread.detachNewThread { [self] in pump(from: client, to: upstream) }
                Thread.detachNewThread { [self] in pump(from: upstream, to: client) }
            }
        }
    }

    /// The base URL to give a node as its peer.
    var url: String { "http://127.0.0.1:\(port)" }

    /// Every byte forwarded so far, both directions.
    var bytes: [UInt8] { recorded.withLock { $0 } }

    /// Stops accepting and closes every forwarded connection.
    func stop() {
        guard running.exchange(false, ordering: .relaxed) else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for socket in sockets.withLock({ $0 }) { shutdown(socket, Int32(SHUT_RDWR)) }
    }

    private func pump(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(source, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            recorded.withLock { $0.append(contentsOf: buffer[0..<count]) }
            var sent = 0
            while sent < count {
                let written = buffer[sent..<count].withUnsafeBytes {
                    send(destination, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                guard written > 0 else { break }
                sent += written
            }
            if sent < count { break }
        }
        shutdown(destination, Int32(SHUT_WR))
        shutdown(source, Int32(SHUT_RD))
    }

    private static func connect(to port: Int) -> Int32? {
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(upstream)
            return nil
        }
        return upstream
    }
}

import EventModel
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

extension ReliabilityProcessTests {
    /// The hostile corpus against a real node holding events, while a good client keeps asking.
    @Suite(.serialized) struct HostileHTTPTests {
        @Test func everyHostileRequestIsRefusedAndNothingElseChanges() throws {
            let node = try Node(name: "krs-server", municipality: 287)
            let source = try SourceLog(node: "mlx-laptop", municipality: 475)
            defer {
                node.destroy()
                source.destroy()
            }
            #expect(try samverkan(["programme", "import", "--data", node.data]).status == 0)
            try node.start()
            let port = node.port
            #expect(try http(port, "POST", "/v1/push", body: pushBody(try source.appendMeetings(200, prefix: "held"))).status == 200)
            let vectorBefore = try http(port, "GET", "/v1/vector").json

            // A good client asks throughout; every answer must come, and be right.
            let running = Atomic<Bool>(true)
            let goodAnswers = Atomic<Int>(0)
            let goodFailures = Mutex<[String]>([])
            let goodDone = DispatchSemaphore(value: 0)
            Thread {
                defer { goodDone.signal() }
                while running.load(ordering: .relaxed) {
                    do {
                        let answer = try http(port, "GET", "/v1/health", timeout: 5)
                        if answer.status == 200 { goodAnswers.add(1, ordering: .relaxed) } else { throw Failure("status \(answer.status)") }
                    } catch { goodFailures.withLock { $0.append("\(error)") } }
                    usleep(20_000)
                }
            }.start()
            // The slow ones run beside the corpus: they must cost their own connection only.
            let slow = DispatchGroup()
            let slowResults = Mutex<[String: Int]>([:])
            func inBackground(_ name: String, _ body: @escaping @Sendable () throws -> Int) {
                slow.enter()
                Thread {
                    defer { slow.leave() }
                    let status = (try? body()) ?? -1
                    slowResults.withLock { $0[name] = status }
                }.start()
            }
            inBackground("slow headers") {  // the head never ends: 408 after the 10 s header deadline
                let connection = try RawConnection(port: port, receiveTimeout: 20)
                connection.send("GET /v1/health HTTP/1.1\r\nHost: a\r\n")
                return connection.response()?.status ?? 0
            }
            inBackground("stalled body") {  // the body stops: 408 after the 30 s body-read timeout
                let connection = try RawConnection(port: port, receiveTimeout: 40)
                connection.send(HostileCorpus.push + "Content-Length: 100\r\n\r\n{\"events\":")
                return connection.response()?.status ?? 0
            }
            inBackground("slow but steady body") {  // a byte every 100 ms is slow, not hostile: served
                let connection = try RawConnection(port: port, receiveTimeout: 20)
                connection.send(HostileCorpus.push + "Content-Length: 13\r\n\r\n")
                for byte in HostileCorpus.empty.utf8 {
                    connection.send([byte])
                    usleep(100_000)
                }
                return connection.response()?.status ?? 0
            }
            inBackground("slow reader") {  // asks for 300 views and reads none: its sends block, nobody else's
                let connection = try RawConnection(port: port, receiveTimeout: 5)
                let one = "GET /v1/views/programme HTTP/1.1\r\nHost: a\r\n\r\n"
                connection.send(String(repeating: one, count: 300))
                usleep(3_000_000)
                return connection.response()?.status ?? 0
            }

            var refused = 0
            for hostile in HostileCorpus.cases(seed: harnessSeed(8)) {
                let connection = try RawConnection(port: port, receiveTimeout: 5)
                connection.send(hostile.bytes)
                let response = connection.response()
                if hostile.statuses.isEmpty {
                    #expect(response == nil, "\(hostile.name): expected a close, got \(response?.status ?? 0)")
                } else {
                    #expect(hostile.statuses.contains(response?.status ?? 0), "\(hostile.name): got \(response.map { $0.head } ?? "no answer")")
                }
                if (response?.status ?? 0) >= 400 { refused += 1 }
                #expect(node.isRunning, "\(hostile.name) must not bring the node down")
            }
            try timingCases(port: port)
            #expect(slow.wait(timeout: .now() + 60) == .success)
            running.store(false, ordering: .relaxed)
            goodDone.wait()

            let slowStatuses = slowResults.withLock { $0 }
            #expect(slowStatuses["slow headers"] == 408 && slowStatuses["stalled body"] == 408, "\(slowStatuses)")
            #expect(slowStatuses["slow but steady body"] == 200 && slowStatuses["slow reader"] == 200, "\(slowStatuses)")
            #expect(goodFailures.withLock { $0 }.isEmpty, "the good client was refused: \(goodFailures.withLock { $0.prefix(3) })")
            #expect(goodAnswers.load(ordering: .relaxed) > 50)
            // The connection limit: 300 idle connections; beyond 256 they are refused politely (503 or closed).
            var held: [RawConnection] = []
            for _ in 0..<300 { if let connection = try? RawConnection(port: port, receiveTimeout: 2) { held.append(connection) } }
            let over = held.last?.response()?.status
            #expect(over == nil || over == 503, "over the limit: \(over ?? 0)")
            held.removeAll()
            usleep(300_000)
            #expect(try http(port, "GET", "/v1/health").status == 200)
            #expect(node.isRunning)
            #expect(try http(port, "GET", "/v1/vector").json == vectorBefore, "the event log is unchanged")
            node.stop()
            #expect(try node.verify() == nil)
            print("hostile HTTP: \(HostileCorpus.cases(seed: 8).count) corpus cases (\(refused) refused) + 9 timing cases")
        }

        /// Pipelining, byte-at-a-time, hang-ups and `Expect: 100-continue`, on one connection each.
        private func timingCases(port: Int) throws {
            // Three pipelined requests in one send: three answers, in order.
            let pipelined = try RawConnection(port: port)
            pipelined.send("GET /v1/health HTTP/1.1\r\nHost: a\r\n\r\nGET /v1/nothing HTTP/1.1\r\nHost: a\r\n\r\nGET /v1/vector HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            #expect([pipelined.response()?.status, pipelined.response()?.status, pipelined.response()?.status] == [200, 404, 200])
            // A whole request a byte at a time.
            let trickle = try RawConnection(port: port)
            for byte in "GET /v1/health HTTP/1.1\r\nHost: a\r\n\r\n".utf8 {
                trickle.send([byte])
                usleep(2_000)
            }
            #expect(trickle.response()?.status == 200)
            // Hang-ups: mid-request, mid-body, and right after asking for a large answer, many times.
            for _ in 0..<20 {
                let hangUp = try RawConnection(port: port)
                hangUp.send("GET /v1/views/programme HTTP/1.1\r\nHost: a\r\n\r\n")
                let halfHead = try RawConnection(port: port)
                halfHead.send("GET /v1/heal")
                let halfBody = try RawConnection(port: port)
                halfBody.send(HostileCorpus.push + "Content-Length: 13\r\n\r\n{\"ev")
            }
            let afterHangUps = try RawConnection(port: port)
            afterHangUps.send("GET /v1/health HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(afterHangUps.response()?.status == 200)
            // Expect: 100-continue: the interim answer, then the real one.
            let continued = try RawConnection(port: port)
            continued.send(HostileCorpus.push + "Expect: 100-continue\r\nContent-Length: 13\r\n\r\n")
            #expect(continued.response()?.status == 100)
            continued.send(HostileCorpus.empty)
            #expect(continued.response()?.status == 200)
            // HEAD, and a GET with a body that must be read and dropped before the next request.
            let head = try RawConnection(port: port)
            head.send("GET /v1/health HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET /v1/health HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect([head.response()?.status, head.response()?.status] == [200, 200])
        }
    }
}

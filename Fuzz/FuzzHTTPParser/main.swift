import HTTP

/// libFuzzer entry point for the HTTP/1.1 request parser (Sources/HTTP).
///
/// The first byte picks where the input is split, so the parser also sees requests arriving in two
/// pieces, as they do from a socket. Every request parsed is checked for what the server relies on:
/// the parser never consumes more than it was given, and a body never exceeds the limit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Small limits so the fuzzer reaches the 413/414/431 paths without megabyte inputs.
    let limits = HTTPRequestParser.Limits(
        maxRequestLineBytes: 256, maxHeaderSectionBytes: 1_024, maxHeaderFields: 16, maxBodyBytes: 2_048)
    var parser = HTTPRequestParser(limits: limits)
    let split = 1 + Int(bytes[0]) % max(1, bytes.count)
    let pieces = [bytes[1..<min(split, bytes.count)], bytes[min(split, bytes.count)...]]
    for piece in pieces {
        parser.append(piece)
        // Bounded: each iteration consumes a request or stops; a stuck parser would show as a timeout.
        for _ in 0..<1_000 {
            switch parser.next() {
            case .request(let request):
                precondition(request.body.count <= limits.maxBodyBytes, "body beyond the limit")
                _ = HTTPRequestTarget(request.target.raw)
                _ = request.headers["Content-Length"]
                // The header storage is read through pointers and spans; walk every way of reading it.
                var headers = request.headers
                for field in headers { precondition(headers.contains(field.name), "a field not found by its name") }
                _ = headers.containsToken("close", in: "Connection")
                _ = headers.values(for: "Host")
                _ = request.isKeepAlive
                headers.remove(name: "Host")
                headers.replaceOrAdd(name: "X", value: "y")
                precondition(headers["x"] == "y" && !headers.contains("host"), "remove or replace lost a field")
                continue
            case .continueExpected:
                continue
            case .needMoreData, .error:
                break
            }
            break
        }
        precondition(parser.bufferedByteCount >= 0 && parser.bufferedByteCount <= bytes.count)
    }
    // The request target parser on its own, on the whole input as text.
    if let text = String(validating: bytes[1...], as: UTF8.self), let target = HTTPRequestTarget(text) {
        for item in target.query { _ = target.queryValues(item.name) }
    }
    return 0
}

extension HTTPRequestParser {
    /// Progress through a chunked body (RFC 9112 §7.1), kept between reads.
    struct ChunkedDecoder: Sendable {
        enum Step: Sendable {
            case size
            case data(remaining: Int)
            case dataEnd
            case trailer
        }

        var step: Step = .size
        /// The decoded body so far.
        var body: [UInt8] = []
        /// Bytes of trailer fields seen so far, bounded like the header section.
        var trailerBytes = 0
    }

    /// The longest chunk size line accepted; extensions are ignored but must not be unbounded.
    static let maxChunkLineBytes = 4096

    /// Decodes as many chunks as the buffer holds, consuming their bytes.
    mutating func decodeChunks() -> StepOutcome<Void> {
        while true {
            switch chunked.step {
            case .size:
                let line: ArraySlice<UInt8>
                switch takeLine(limit: Self.maxChunkLineBytes, tooLong: .invalidChunk) {
                case .incomplete: return .incomplete
                case .failure(let error): return .failure(error)
                case .complete(let found): line = found
                }
                var size = 0
                var digits = line.prefix(while: { hexValue($0) != nil })
                guard !digits.isEmpty else { return .failure(.invalidChunk) }
                while let digit = digits.popFirst().flatMap(hexValue) {
                    // Refused before the step that would pass the limit, so the size never overflows, whatever the
                    // limit (one near `Int.max` overflowed `size * 16` before).
                    guard size <= (limits.maxBodyBytes - Int(digit)) / 16 else { return .failure(.bodyTooLarge) }
                    size = size * 16 + Int(digit)
                }
                let rest = line.dropFirst(line.prefix(while: { hexValue($0) != nil }).count)
                let extensions = rest.drop(while: { $0 == .space || $0 == .tab })
                guard extensions.isEmpty || extensions.first == UInt8(ascii: ";") else {
                    return .failure(.invalidChunk)
                }
                if size > limits.maxBodyBytes - chunked.body.count { return .failure(.bodyTooLarge) }
                chunked.step = size == 0 ? .trailer : .data(remaining: size)
            case .data(let remaining):
                let count = min(remaining, bufferedByteCount)
                guard count > 0 else { return .incomplete }
                chunked.body.append(contentsOf: buffer[start..<start + count])
                start += count
                chunked.step = remaining == count ? .dataEnd : .data(remaining: remaining - count)
            case .dataEnd:
                guard bufferedByteCount >= 2 else { return .incomplete }
                guard buffer[start] == .cr, buffer[start + 1] == .lf else { return .failure(.invalidChunk) }
                start += 2
                chunked.step = .size
            case .trailer:
                let remainingAllowance = limits.maxHeaderSectionBytes - chunked.trailerBytes
                let line: ArraySlice<UInt8>
                switch takeLine(limit: remainingAllowance, tooLong: .headerSectionTooLarge) {
                case .incomplete: return .incomplete
                case .failure(let error): return .failure(error)
                case .complete(let found): line = found
                }
                if line.isEmpty { return .complete(()) }
                // Trailer fields are accepted and discarded: nothing here depends on them.
                chunked.trailerBytes += line.count + 2
                if let first = line.first, first == .space || first == .tab { return .failure(.obsoleteLineFolding) }
            }
        }
    }

    /// Takes one CRLF-terminated line from the buffer, refusing bare CR, bare LF, NUL and overlong lines.
    private mutating func takeLine(limit: Int, tooLong: HTTPParseError) -> StepOutcome<ArraySlice<UInt8>> {
        // Compared before adding: a limit near `Int.max` (a section limit configured as unbounded) would overflow.
        let end = limit >= bufferedByteCount ? buffer.count : min(buffer.count, start + limit + 2)
        var index = start
        while index < end {
            switch buffer[index] {
            case .lf:
                return .failure(.bareLineFeed)
            case 0:
                return .failure(.invalidCharacter)
            case .cr:
                guard index + 1 < buffer.count else { return .incomplete }
                guard buffer[index + 1] == .lf else { return .failure(.bareCarriageReturn) }
                let line = buffer[start..<index]
                start = index + 2
                return .complete(line)
            default:
                index += 1
            }
        }
        return index - start > limit ? .failure(tooLong) : .incomplete
    }
}

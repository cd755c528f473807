import EventModel
import Foundation

/// Output writes whole lines straight to the file descriptors, unbuffered: an acknowledgement
/// printed is out before the next event is written, which the crash test relies on.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func json(_ value: JSONValue) {
        line(CanonicalJSON.string(value))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data("samverkan: \(text)\n".utf8))
    }
}

extension Output {
    /// Shows a progress line on a terminal (rewritten in place), or nothing when stderr is not one;
    /// nil ends the progress display.
    static func progress(_ text: String?) {
        guard isatty(2) == 1 else { return }
        if let text {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        } else {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
    }
}

#if canImport(Glibc)
    import Glibc
#endif

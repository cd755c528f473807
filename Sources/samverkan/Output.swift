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

import Foundation
import Testing

/// Golden compares text with a file under Tests/WebTests/Golden (excluded from the target in Package.swift);
/// `UPDATE_GOLDEN=1` rewrites the file instead.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: url)
            return
        }
        // Decoded by hand: Foundation's String(contentsOf:) drops a byte-order mark, which the Excel files must keep.
        let expected = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(
            text == expected, "differs from Golden/\(name); run with UPDATE_GOLDEN=1 to accept",
            sourceLocation: sourceLocation)
    }
}

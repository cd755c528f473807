import Foundation

/// A fresh directory, removed by `cleanUp`.
func makeTemporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "samverkan-privacy-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func cleanUp(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

/// The permission bits of the file at `path`.
func permissions(of path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

/// Every file in `directory` (keys.sqlite, and any -journal, -wal or -shm beside it) with all its bytes.
func everyFile(in directory: String) throws -> [(name: String, bytes: [UInt8])] {
    try FileManager.default.contentsOfDirectory(atPath: directory).sorted().map { name in
        let data = try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(name))
        return (name, Array(data))
    }
}

/// Whether `needle` occurs anywhere in `haystack`, at any byte offset.
func occurs(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return false }
    let first = needle[0]
    for start in 0...(haystack.count - needle.count) where haystack[start] == first {
        if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
    }
    return false
}

/// The names of the files in `directory` in which `needle` occurs (as raw bytes or as lowercase hex).
func filesHolding(_ needle: [UInt8], in directory: String) throws -> [String] {
    let hex = Array(needle.map { String(format: "%02x", $0) }.joined().utf8)
    return try everyFile(in: directory).filter { occurs(needle, in: $0.bytes) || occurs(hex, in: $0.bytes) }.map(\.name)
}

import Dispatch

#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// SlotOrder sorts a rebuild's slots into the order of their rows' primary key, `(view, section, item)` by bytes
/// as SQLite's BINARY collation orders text, without moving a `ViewSlot`.
///
/// Sorting the slots themselves moved three Strings per swap (a retain and a release each) and compared them
/// through `String.withUTF8`: 8 % of a rebuild's instructions at 20k events. Here every key's bytes are copied
/// once into one buffer and the sort moves small plain values (positions in that buffer) only.
enum SlotOrder {
    /// Where one slot's key lies in the buffer.
    struct Key: Sendable {
        var view: UInt8
        var sectionStart: Int32
        var sectionCount: Int32
        var itemStart: Int32
        var itemCount: Int32
        var index: Int32
    }

    /// The views in the order of the bytes of their names, as the `view` column orders them.
    private static let rankedViews = ViewName.allCases.sorted {
        $0.rawValue.utf8.lexicographicallyPrecedes($1.rawValue.utf8)
    }

    /// Each view's rank in `rankedViews`.
    private static let viewRanks: [ViewName: UInt8] = Dictionary(
        uniqueKeysWithValues: rankedViews.enumerated().map { ($1, UInt8($0)) })

    /// The slots' keys in primary-key order, their texts in one buffer: the rows of a rebuild bind them from there.
    struct Sorted: Sendable {
        /// The views' names, then each slot's section and item.
        let bytes: [UInt8]
        /// A key per slot, in primary-key order; `index` is the slot's position in the slots sorted.
        let keys: [Key]
        /// Where each view's name lies in `bytes`, by the view's rank (`Key.view`).
        let views: [Range<Int>]

        /// Where the texts of `key`'s row key lie in `bytes`.
        func rowKey(_ key: Key) -> RowBatch.Key {
            let section = Int(key.sectionStart)..<Int(key.sectionStart + key.sectionCount)
            let item = Int(key.itemStart)..<Int(key.itemStart + key.itemCount)
            return RowBatch.Key(view: views[Int(key.view)], section: section, item: item)
        }
    }

    /// The positions of `slots` in primary-key order.
    static func sorted(_ slots: [ViewSlot]) -> [Int] {
        slots.withUnsafeBufferPointer { keys(of: $0).keys.map { Int($0.index) } }
    }

    /// The keys of `slots` in primary-key order, with their texts.
    static func keys(of slots: UnsafeBufferPointer<ViewSlot>) -> Sorted {
        var bytes: [UInt8] = []
        var views: [Range<Int>] = []
        for view in rankedViews {
            let start = bytes.count
            bytes.append(contentsOf: view.rawValue.utf8)
            views.append(start..<bytes.count)
        }
        var keys: [Key] = []
        keys.reserveCapacity(slots.count)
        for (index, slot) in slots.enumerated() {
            let sectionStart = bytes.count
            bytes.append(contentsOf: slot.section.utf8)
            let itemStart = bytes.count
            bytes.append(contentsOf: slot.item.utf8)
            keys.append(
                Key(
                    view: viewRanks[slot.view]!, sectionStart: Int32(sectionStart),
                    sectionCount: Int32(itemStart - sectionStart), itemStart: Int32(itemStart),
                    itemCount: Int32(bytes.count - itemStart), index: Int32(index)))
        }
        bytes.withUnsafeBufferPointer { buffer in
            nonisolated(unsafe) let base = buffer.baseAddress
            let less: @Sendable (Key, Key) -> Bool = { left, right in
                if left.view != right.view { return left.view < right.view }
                let section = compare(
                    base, left.sectionStart, left.sectionCount, right.sectionStart, right.sectionCount)
                if section != 0 { return section < 0 }
                return compare(base, left.itemStart, left.itemCount, right.itemStart, right.itemCount) < 0
            }
            guard keys.count >= parallelThreshold else { return keys.sort(by: less) }
            // No row is written before the sort ends, and the writing thread meanwhile only clears the old rows: the
            // two halves are sorted on two threads and merged (keys are distinct, so the order is the one sort's).
            let middle = keys.count / 2
            keys.withUnsafeMutableBufferPointer { all in
                nonisolated(unsafe) let all = all
                DispatchQueue.concurrentPerform(iterations: 2) { half in
                    var part = UnsafeMutableBufferPointer(rebasing: half == 0 ? all[..<middle] : all[middle...])
                    part.sort(by: less)
                }
            }
            var merged: [Key] = []
            merged.reserveCapacity(keys.count)
            var left = 0
            var right = middle
            while left < middle, right < keys.count {
                if less(keys[right], keys[left]) {
                    merged.append(keys[right])
                    right += 1
                } else {
                    merged.append(keys[left])
                    left += 1
                }
            }
            merged += keys[left..<middle]
            merged += keys[right...]
            keys = merged
        }
        return Sorted(bytes: bytes, keys: keys, views: views)
    }

    /// From how many slots on the halves are sorted on two threads: below, starting a thread costs more than it saves.
    static let parallelThreshold = 4_096

    /// Compares two byte runs of the buffer as `memcmp` and then their lengths: negative, zero or positive.
    private static func compare(
        _ base: UnsafePointer<UInt8>?, _ left: Int32, _ leftCount: Int32, _ right: Int32, _ rightCount: Int32
    ) -> Int {
        guard let base else { return Int(leftCount) - Int(rightCount) }
        // `memcmp` compares a word or more at a time; keys share long prefixes (`figure/befrienders/231/…`), which a
        // loop went through byte by byte: most of the sort's instructions.
        let common = Int(min(leftCount, rightCount))
        let difference = memcmp(base + Int(left), base + Int(right), common)
        if difference != 0 { return Int(difference) }
        return Int(leftCount) - Int(rightCount)
    }
}

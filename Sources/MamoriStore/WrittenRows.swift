import Foundation

/// The rows one journal entry wrote, as its `written` column keeps them: `1` (the form), then per row a line
/// `<table> <digest> <bytes of the ID> <ID>` — the ID last and counted, so that any ID reads back whole.
struct WrittenRows {
    var rows: [(table: String, id: String, digest: String)] = []

    var text: String {
        "1" + rows.map { "\n\($0.table) \($0.digest) \($0.id.utf8.count) \($0.id)" }.joined()
    }

    /// Reads a `written` value, giving each row's table, ID and digest; false when it is not one.
    static func read(_ bytes: UnsafeRawBufferPointer, _ row: (String, String, RowDigest.Value) -> Void) -> Bool {
        guard bytes.first == UInt8(ascii: "1") else { return false }
        var index = 1
        func until(_ byte: UInt8) -> Range<Int>? {
            let start = index
            while index < bytes.count, bytes[index] != byte { index += 1 }
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return start..<index
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\n") else { return false }
            index += 1
            guard let table = until(UInt8(ascii: " ")), let digestRange = until(UInt8(ascii: " ")), let countRange = until(UInt8(ascii: " ")),
                  let digest = RowDigest.Value(hex: UnsafeRawBufferPointer(rebasing: bytes[digestRange])),
                  let count = Int(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[countRange]), as: UTF8.self)),
                  count >= 0, index + count <= bytes.count
            else { return false }
            row(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[table]), as: UTF8.self),
                String(decoding: UnsafeRawBufferPointer(rebasing: bytes[index..<(index + count)]), as: UTF8.self), digest)
            index += count
        }
        return true
    }
}

import Foundation

/// The rows one journal entry wrote, as its `written` column keeps them: `1` (the form), then per row a line
/// `<table> <digest> <bytes of the ID> <ID>` — the ID last and counted, so that any ID reads back whole.
struct WrittenRows {
    var rows: [(table: String, id: String, digest: String)] = []

    var text: String {
        "1" + rows.map { "\n\($0.table) \($0.digest) \($0.id.utf8.count) \($0.id)" }.joined()
    }

    /// Reads a `written` value in place, giving each row's table, ID (as bytes) and digest; false when it is not one.
    static func read(
        _ bytes: UnsafeRawBufferPointer,
        _ row: (_ table: UnsafeRawBufferPointer, _ id: UnsafeRawBufferPointer, RowDigest.Value) -> Void
    ) -> Bool {
        guard bytes.first == UInt8(ascii: "1") else { return false }
        var index = 1
        func until(_ byte: UInt8) -> UnsafeRawBufferPointer? {
            let start = index
            while index < bytes.count, bytes[index] != byte { index += 1 }
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return UnsafeRawBufferPointer(rebasing: bytes[start..<index])
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\n") else { return false }
            index += 1
            // The digest is 64 digits and a space: taken whole, not searched.
            guard let table = until(UInt8(ascii: " ")), index + 65 <= bytes.count, bytes[index + 64] == UInt8(ascii: " "),
                let digest = RowDigest.Value(hex: UnsafeRawBufferPointer(rebasing: bytes[index..<(index + 64)]))
            else { return false }
            index += 65
            guard let countBytes = until(UInt8(ascii: " ")), let count = decimal(countBytes), index + count <= bytes.count else { return false }
            row(table, UnsafeRawBufferPointer(rebasing: bytes[index..<(index + count)]), digest)
            index += count
        }
        return true
    }

    /// A byte count written in decimal digits (at most nine: no ID is a gigabyte long).
    private static func decimal(_ digits: UnsafeRawBufferPointer) -> Int? {
        guard (1...9).contains(digits.count) else { return nil }
        var value = 0
        for digit in digits {
            guard (0x30...0x39).contains(digit) else { return nil }
            value = value * 10 + Int(digit - 0x30)
        }
        return value
    }
}

import Crypto
import MamoriCore

/// SHA-256 over a row's columns: what the journal says a row held when it was written. Column names in lower case
/// and in order, NULLs left out (a record's absent optional is not written), booleans as the integers SQLite keeps:
/// the same digest from the values a command produced and from the row read back on SQLite or PostgreSQL.
enum RowDigest {
    /// A digest as 32 bytes, compared and kept without a string.
    struct Value: Hashable, Sendable {
        var words: (UInt64, UInt64, UInt64, UInt64)

        static func == (a: Value, b: Value) -> Bool { a.words == b.words }
        func hash(into hasher: inout Hasher) { hasher.combine(words.0) }

        init(_ digest: SHA256.Digest) {
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            digest.withUnsafeBytes { raw in withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: raw) } }
            self.words = words
        }

        /// 64 hex digits; nil for anything else.
        init?(hex: some Collection<UInt8>) {
            guard hex.count == 64 else { return nil }
            var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
            let valid = withUnsafeMutableBytes(of: &words) { out -> Bool in
                var index = hex.startIndex
                for offset in 0..<32 {
                    guard let high = Self.nibble(hex[index]), let low = Self.nibble(hex[hex.index(after: index)]) else { return false }
                    out[offset] = high << 4 | low
                    index = hex.index(index, offsetBy: 2)
                }
                return true
            }
            guard valid else { return nil }
            self.words = words
        }

        private static func nibble(_ digit: UInt8) -> UInt8? {
            switch digit {
            case 0x30...0x39: digit - 0x30
            case 0x61...0x66: digit - 0x57
            default: nil
            }
        }

        var hex: String { withUnsafeBytes(of: words) { Hex.string($0) } }
    }

    static func of(_ record: some Encodable) throws -> String {
        of(try RowEncoder.encode(record))
    }

    static func of(_ columns: [(column: String, value: SQLValue)]) -> String {
        value(columns).hex
    }

    static func value(_ columns: [(column: String, value: SQLValue)]) -> Value {
        var input = HashInput()
        for (column, value) in columns.map({ ($0.column.lowercased(), normalized($0.value)) }).sorted(by: { $0.0 < $1.0 }) {
            switch value {
            case .null, .bool: continue
            case .integer(let number):
                input.field(column.utf8)
                input.field("i".utf8)
                input.field(number)
            case .real(let number):
                input.field(column.utf8)
                input.field("r".utf8)
                input.field(Int64(bitPattern: number.bitPattern))
            case .text(let text):
                input.field(column.utf8)
                input.field("t".utf8)
                input.field(text.utf8)
            }
        }
        return Value(SHA256.hash(data: input.bytes))
    }

    /// A value as it compares: a boolean as the integer SQLite keeps.
    static func normalized(_ value: SQLValue) -> SQLValue {
        if case .bool(let flag) = value { return .integer(flag ? 1 : 0) }
        return value
    }
}

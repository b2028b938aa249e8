/// Lowercase hexadecimal, two digits a byte: how digests, key IDs and token hashes are written everywhere.
public enum Hex {
    /// The lowercase hex digits.
    public static let digits = Array("0123456789abcdef".utf8)

    /// Whether a byte is a lowercase hex digit.
    public static func isLowercaseDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    /// `bytes` as lowercase hex.
    public static func string(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

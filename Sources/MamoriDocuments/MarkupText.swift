/// Text made safe for HTML and XML: markup characters escaped, control characters XML cannot hold dropped.
public enum MarkupText {
    /// `text` with `&`, `<`, `>` and `"` escaped.
    public static func escaped(_ text: String) -> String {
        // Most text (names, dates, IDs) has nothing to escape: it is returned as it is.
        guard text.utf8.contains(where: needsWork) else { return text }
        var text = text
        return text.withUTF8 { bytes in
            let first = bytes.firstIndex(where: needsWork) ?? bytes.count
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            out.append(contentsOf: bytes[..<first])
            var index = first
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "\n"), UInt8(ascii: "\t"): out.append(byte)
                case 0..<0x20: break
                // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not characters XML can hold.
                case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE:
                    index += 2
                default: out.append(byte)
                }
                index += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static func needsWork(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), 0xEF: true
        case UInt8(ascii: "\n"), UInt8(ascii: "\t"): false
        default: byte < 0x20
        }
    }
}

/// Text made safe for HTML and XML: markup characters escaped, control characters XML cannot hold dropped.
public enum MarkupText {
    /// `text` with `&`, `<`, `>` and `"` escaped, and control characters (but tab and line feed), U+FFFE and U+FFFF dropped.
    public static func escaped(_ text: String) -> String {
        var text = text
        // Most text (names, dates, IDs, Japanese with full-width forms) has nothing to change: it is returned as it is.
        let changed: String? = text.withUTF8 { bytes in
            guard var index = firstChange(in: bytes) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            out.append(contentsOf: bytes[..<index])
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
                case UInt8(ascii: "\n"), UInt8(ascii: "\t"): out.append(byte)
                case 0..<0x20: break
                case 0xEF where isNonCharacter(bytes, at: index): index += 2
                default: out.append(byte)
                }
                index += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
        return changed ?? text
    }

    /// Where the first byte to escape or drop stands, if any.
    private static func firstChange(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""): return index
            case UInt8(ascii: "\n"), UInt8(ascii: "\t"): break
            case 0..<0x20: return index
            case 0xEF where isNonCharacter(bytes, at: index): return index
            default: break
            }
            index += 1
        }
        return nil
    }

    /// Whether U+FFFE or U+FFFF (EF BF BE, EF BF BF), which XML cannot hold, starts at `index`.
    private static func isNonCharacter(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE
    }
}

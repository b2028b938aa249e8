import MamoriCore

extension AgentResult {
    /// Results as a JSON array (what `JSONDecoder` reads back as `[AgentResult]`), written byte by byte: a server
    /// writes one per check-in, and `JSONEncoder` cost more than evaluating the rules.
    public static func json(_ results: [AgentResult]) -> String {
        var json: [UInt8] = []
        json.reserveCapacity(results.count * 256)
        json.append(UInt8(ascii: "["))
        for (offset, result) in results.enumerated() {
            if offset > 0 { json.append(UInt8(ascii: ",")) }
            json += #"{"rule":"#.utf8
            quote(result.rule, into: &json)
            json += #","status":"#.utf8
            quote(result.status.rawValue, into: &json)
            json += #","observed":"#.utf8
            quote(result.observed, into: &json)
            json += #","expected":"#.utf8
            quote(result.expected, into: &json)
            json.append(UInt8(ascii: "}"))
        }
        json.append(UInt8(ascii: "]"))
        return String(decoding: json, as: UTF8.self)
    }

    /// Appends `text` as a JSON string: quotes, backslashes and control characters escaped, every run of other
    /// bytes copied at once.
    static func quote(_ text: String, into json: inout [UInt8]) {
        json.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var run = 0
            for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                json.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index]))
                run = index + 1
                switch byte {
                case UInt8(ascii: "\n"): json += #"\n"#.utf8
                case UInt8(ascii: "\r"): json += #"\r"#.utf8
                case UInt8(ascii: "\t"): json += #"\t"#.utf8
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): json += [UInt8(ascii: "\\"), byte]
                default: json += #"\u00"#.utf8 + [Hex.digits[Int(byte >> 4)], Hex.digits[Int(byte & 0x0F)]]
                }
            }
            json.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
        json.append(UInt8(ascii: "\""))
    }
}

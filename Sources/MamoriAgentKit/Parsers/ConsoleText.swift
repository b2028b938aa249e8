import Foundation

/// Line, column and number handling shared by the parsers of command output and text files.
enum ConsoleText {
    /// The lines of `text` with CRLF, CR or LF endings, a leading BOM and trailing whitespace removed.
    static func lines(_ text: String) -> [String] {
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        return body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { trimmedTrailing($0) }
    }

    /// Decodes bytes a command or file produced: UTF-16 with a BOM, UTF-8, BOM-less UTF-16LE, then Shift_JIS (code page 932).
    static func decode(_ data: Data) -> String? {
        let bytes = [UInt8](data.prefix(3))
        if bytes.starts(with: [0xFF, 0xFE]) { return String(data: data.dropFirst(2), encoding: .utf16LittleEndian) }
        if bytes.starts(with: [0xFE, 0xFF]) { return String(data: data.dropFirst(2), encoding: .utf16BigEndian) }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return String(data: data.dropFirst(3), encoding: .utf8) }
        if looksLikeUTF16LE(data) { return String(data: data, encoding: .utf16LittleEndian) }
        if let text = String(data: data, encoding: .utf8) { return text }
        return String(data: data, encoding: .shiftJIS)
    }

    /// Splits `Name : Value` at the first colon (ASCII or full-width); nil when there is no colon or no name.
    static func labeled(_ line: String) -> (label: String, value: String)? {
        guard let colon = line.firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        let label = trimmed(line[..<colon])
        guard !label.isEmpty else { return nil }
        return (label, trimmed(line[line.index(after: colon)...]))
    }

    /// Splits `Key      Value` at the first run of two or more spaces; nil when there is no such gap.
    static func columns(_ line: String) -> (key: String, value: String)? {
        let body = trimmed(line)
        guard let gap = body.range(of: "  ") else { return nil }
        return (String(body[..<gap.lowerBound]), trimmed(body[gap.upperBound...]))
    }

    /// True for a rule line made only of `-`, `=` or `_`.
    static func isRule(_ line: String) -> Bool {
        let body = trimmed(line)
        return body.count >= 3 && body.allSatisfy { "-=_".contains($0) }
    }

    /// Leading whitespace count, to tell nested lines from their parent.
    static func indentation(_ line: String) -> Int {
        line.prefix(while: { $0 == " " || $0 == "\t" }).count
    }

    /// The number `text` starts with, taking `,` or `.` as the decimal separator: `100,0%` → 100.0, `126,25 GB` → 126.25.
    static func decimal(_ text: String) -> Double? {
        let body = trimmed(text)
        var digits = String(body.prefix(while: { $0.isASCII && ($0.isNumber || $0 == "," || $0 == "." || $0 == "-") }))
        if digits.contains(",") && digits.contains(".") {
            let decimalMark: Character = digits.lastIndex(of: ",")! > digits.lastIndex(of: ".")! ? "," : "."
            digits.removeAll { ($0 == "," || $0 == ".") && $0 != decimalMark }
        }
        return Double(digits.replacingOccurrences(of: ",", with: "."))
    }

    /// The whole number `text` starts with (`42`, `-1`, `30 minutes`); nil when it starts otherwise.
    static func integer(_ text: String) -> Int? {
        let body = trimmed(text)
        let sign = body.first == "-" ? "-" : ""
        let digits = body.dropFirst(sign.count).prefix(while: { $0.isASCII && $0.isNumber })
        return digits.isEmpty ? nil : Int(sign + digits)
    }

    /// A whole number as C's `strtol(text, &end, 0)` reads it when nothing may follow (shadow-utils' `login.defs`):
    /// decimal, `0x` hexadecimal or `0` octal, with an optional sign; nil when anything else is in the text (`90 days`,
    /// `090`, `90 # comment`).
    static func cNumber(_ text: String) -> Int? {
        var body = Substring(trimmed(text))
        let negative = body.first == "-"
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let radix: Int
        if body.lowercased().hasPrefix("0x") {
            radix = 16
            body = body.dropFirst(2)
        } else if body.count > 1, body.first == "0" {
            radix = 8
            body = body.dropFirst()
        } else {
            radix = 10
        }
        guard !body.isEmpty, let magnitude = Int(body, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// Reads yes/no words: `True`, `false`, `1`, `0`, `yes`, `on`, `enabled`…; nil for anything else.
    static func boolean(_ text: String) -> Bool? {
        switch trimmed(text).lowercased() {
        case "true", "1", "yes", "on", "enabled", "y": true
        case "false", "0", "no", "off", "disabled", "n": false
        default: nil
        }
    }

    /// `text` without leading and trailing whitespace.
    static func trimmed<S: StringProtocol>(_ text: S) -> String {
        // Pure Swift: Foundation's trimming bridges through NSString and dominated a scan's time.
        guard let first = text.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = text.lastIndex(where: { !$0.isWhitespace })!
        return String(text[first...last])
    }

    /// `text` without one pair of surrounding double or single quotes.
    static func unquoted(_ text: String) -> String {
        let body = trimmed(text)
        guard body.count >= 2, let first = body.first, first == body.last, first == "\"" || first == "'" else { return body }
        return String(body.dropFirst().dropLast())
    }

    /// `line` without a trailing comment that starts with `marker` at the start of a word.
    static func withoutComment(_ line: String, marker: Character = "#") -> String {
        guard let index = line.firstIndex(of: marker) else { return line }
        if index == line.startIndex || line[line.index(before: index)].isWhitespace { return String(line[..<index]) }
        return line
    }

    private static func trimmedTrailing(_ line: Substring) -> String {
        var end = line.endIndex
        while end > line.startIndex, line[line.index(before: end)].isWhitespace { end = line.index(before: end) }
        return String(line[..<end])
    }

    private static func looksLikeUTF16LE(_ data: Data) -> Bool {
        let sample = [UInt8](data.prefix(64))
        guard sample.count >= 4 else { return false }
        let oddZeros = stride(from: 1, to: sample.count, by: 2).filter { sample[$0] == 0 }.count
        return oddZeros * 2 >= sample.count / 2
    }
}

import Foundation

/// Reads JSON front to back straight from its UTF-8 bytes, without building a tree or going through `Codable`: for the
/// one document a server reads thousands of times a second (a check-in), where `JSONDecoder` costs more than the rest
/// of the request together. Strict JSON (RFC 8259) in valid UTF-8, and an object never names a member twice (decoders
/// differ on which one counts, so a signed body must not leave it open): anything else throws ``Failure`` with the
/// byte offset.
struct JSONScanner {
    /// Where the bytes stop being JSON of the expected shape, and what was expected there.
    struct Failure: Error, Equatable, CustomStringConvertible {
        var offset: Int
        var expected: String

        var description: String { "byte \(offset): \(expected) expected" }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// Objects and arrays open now, against a document nested deep enough to exhaust the stack.
    private var depth = 0
    private static let maxDepth = 64
    /// The member names of the objects open now, innermost last: one array for the whole document.
    private var names: [Name] = []

    /// A scanner over bytes that outlive it (see ``scan(_:_:)``).
    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        names.reserveCapacity(32)
    }

    /// Reads `data` with a scanner that lives only as long as `body`.
    static func scan<T>(_ data: Data, _ body: (inout JSONScanner) throws -> T) throws -> T {
        try data.withUnsafeBytes { raw in
            let bytes = raw.assumingMemoryBound(to: UInt8.self)
            guard Self.isASCII(bytes) || String(validating: bytes, as: UTF8.self) != nil else {
                throw Failure(offset: 0, expected: "valid UTF-8")
            }
            var scanner = JSONScanner(bytes)
            return try body(&scanner)
        }
    }

    /// Where the scanner is, in bytes from the start.
    var offset: Int { index }

    /// The bytes between two offsets, valid only inside ``scan(_:_:)``.
    func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[range]))
    }

    /// A member's name as it stands between its quotes, compared with names the reader knows without making a
    /// `String`; valid only inside the ``object(_:)`` call that gives it.
    struct Name {
        /// The bytes between the quotes, when they hold no escape.
        fileprivate var raw: UnsafeBufferPointer<UInt8>
        /// The name read, when it has escapes.
        fileprivate var decoded: String?
        /// Whether the bytes are all ASCII, where equal text is equal bytes.
        fileprivate var isASCII: Bool

        /// The name as text.
        var text: String { decoded ?? String(decoding: raw, as: UTF8.self) }

        /// Whether the name is `name`; in a `switch`, `case "device":`.
        static func ~= (name: StaticString, member: Name) -> Bool {
            name.withUTF8Buffer { wanted in
                if let decoded = member.decoded { return decoded.utf8.elementsEqual(wanted) }
                return same(member.raw, wanted)
            }
        }

        /// Whether two names are the same text, as `String` (and so `JSONDecoder`) compares them: equal bytes are;
        /// other ASCII bytes are not; anything else (escapes, a composed and a decomposed é) is compared as text.
        fileprivate func isSame(as other: Name) -> Bool {
            if decoded == nil, other.decoded == nil {
                if Self.same(raw, other.raw) { return true }
                if isASCII, other.isASCII { return false }
            }
            return text == other.text
        }

        private static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
            guard a.count == b.count else { return false }
            return a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
        }
    }

    /// What a ``Failure`` expects where an object names a member a second time.
    static let repeatedName = "a member name not used before in the object"

    /// Reads an object, calling `member` with each name; `member` reads (or skips) the value.
    mutating func object(_ member: (inout JSONScanner, Name) throws -> Void) throws {
        try open(UInt8(ascii: "{"), "an object")
        defer { depth -= 1 }
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        let first = names.count
        defer { names.removeLast(names.count - first) }
        // Up to 32 members, each name is compared with those before it; past that, the names go in a set.
        var manyNames: Set<String> = []
        repeat {
            let start = index
            let name = try self.name()
            let repeated: Bool
            if names.count - first < 32 {
                repeated = names[first...].contains { $0.isSame(as: name) }
                names.append(name)
                if names.count - first == 32 { manyNames = Set(names[first...].map(\.text)) }
            } else {
                repeated = !manyNames.insert(name.text).inserted
            }
            guard !repeated else { throw Failure(offset: start, expected: Self.repeatedName) }
            try expect(UInt8(ascii: ":"), "':'")
            try member(&self, name)
        } while try separator(closing: UInt8(ascii: "}"))
    }

    /// Reads an array, calling `element` for each element.
    mutating func array(_ element: (inout JSONScanner) throws -> Void) throws {
        try open(UInt8(ascii: "["), "an array")
        defer { depth -= 1 }
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return
        }
        repeat {
            try element(&self)
        } while try separator(closing: UInt8(ascii: "]"))
    }

    /// Reads a string.
    mutating func string() throws -> String {
        let start = try openString()
        guard try closeString() else { return try escapedString(from: start) }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self)
    }

    /// Reads an integer (no fraction, no exponent).
    mutating func int() throws -> Int {
        skipSpace()
        let start = index
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var value = 0
        let digits = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(bytes[index] - UInt8(ascii: "0")))
            guard !overflow, !overflow2 else { throw Failure(offset: start, expected: "an integer within 64 bits") }
            value = sum
            index += 1
        }
        guard index > digits, index == digits + 1 || bytes[digits] != UInt8(ascii: "0") else { throw Failure(offset: start, expected: "an integer") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] | 0x20 == UInt8(ascii: "e") {
            throw Failure(offset: start, expected: "an integer")
        }
        return negative ? -value : value
    }

    /// Reads `true` or `false`.
    mutating func bool() throws -> Bool {
        skipSpace()
        if literal("true") { return true }
        if literal("false") { return false }
        throw Failure(offset: index, expected: "true or false")
    }

    /// Skips any one value.
    mutating func skip() throws {
        switch try peek() {
        case UInt8(ascii: "{"): try object { scanner, _ in try scanner.skip() }
        case UInt8(ascii: "["): try array { try $0.skip() }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"):
            guard literal("null") else { throw Failure(offset: index, expected: "a value") }
        default:
            try number()
        }
    }

    /// Checks that nothing but white space follows.
    mutating func end() throws {
        skipSpace()
        guard index == bytes.count else { throw Failure(offset: index, expected: "the end of the document") }
    }

    // MARK: - Pieces

    /// Passes over a string without making it, unless it has escapes: those are read, and so checked.
    private mutating func skipString() throws {
        let start = try openString()
        if try !closeString() { _ = try escapedString(from: start) }
    }

    /// A member's name: its bytes, or the string read when it has escapes.
    private mutating func name() throws -> Name {
        let start = try openString()
        guard try closeString() else {
            return Name(raw: UnsafeBufferPointer(start: nil, count: 0), decoded: try escapedString(from: start), isASCII: false)
        }
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<index - 1])
        return Name(raw: raw, decoded: nil, isASCII: raw.allSatisfy { $0 < 0x80 })
    }

    /// Reads the opening quote of a string; returns where its content starts.
    private mutating func openString() throws -> Int {
        try expect(UInt8(ascii: "\""), "a string")
        return index
    }

    /// Moves past the closing quote of a string without escapes (true), or to its first backslash (false), checking
    /// that no control character stands unescaped. Eight bytes are looked at at once until one of them may matter.
    private mutating func closeString() throws -> Bool {
        var at = index
        let end = bytes.count
        if let base = bytes.baseAddress {
            while at + 8 <= end, !Self.mayEndString(UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)) { at += 8 }
        }
        while at < end {
            switch bytes[at] {
            case UInt8(ascii: "\""):
                index = at + 1
                return true
            case UInt8(ascii: "\\"):
                index = at
                return false
            case ..<0x20:
                throw Failure(offset: at, expected: "an escaped control character")
            default:
                at += 1
            }
        }
        throw Failure(offset: end, expected: "'\"'")
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether any of eight bytes is a quote, a backslash or a control character (below 0x20).
    private static func mayEndString(_ word: UInt64) -> Bool {
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let zeroes = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
        let below = (word &- ones &* 0x20) & ~word
        return (zeroes | below) & highBits != 0
    }

    /// Whether every byte is ASCII (and so valid UTF-8), eight at a time.
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var at = 0
        var seen: UInt64 = 0
        while at + 8 <= bytes.count {
            seen |= UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)
            at += 8
        }
        while at < bytes.count {
            seen |= UInt64(bytes[at])
            at += 1
        }
        return seen & highBits == 0
    }

    private mutating func open(_ byte: UInt8, _ what: String) throws {
        try expect(byte, what)
        depth += 1
        guard depth <= Self.maxDepth else { throw Failure(offset: index, expected: "at most \(Self.maxDepth) levels of nesting") }
    }

    /// After a member or element: true at ',', false at the closing bracket.
    private mutating func separator(closing: UInt8) throws -> Bool {
        switch try peek() {
        case UInt8(ascii: ","):
            index += 1
            return true
        case closing:
            index += 1
            return false
        default: throw Failure(offset: index, expected: "',' or '\(Character(Unicode.Scalar(closing)))'")
        }
    }

    /// Passes over a number: `-`? (`0` | a digit 1–9 and digits) (`.` digits)? (`e`|`E` (`+`|`-`)? digits)?.
    private mutating func number() throws {
        let start = index
        func digits() -> Int {
            let first = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - first
        }
        func next(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }
        _ = next(UInt8(ascii: "-"))
        let leading = index
        let integer = digits()
        guard integer > 0, integer == 1 || bytes[leading] != UInt8(ascii: "0") else { throw Failure(offset: start, expected: "a value") }
        if next(UInt8(ascii: ".")), digits() == 0 { throw Failure(offset: start, expected: "digits after '.'") }
        if next(UInt8(ascii: "e")) || next(UInt8(ascii: "E")) {
            _ = next(UInt8(ascii: "+")) || next(UInt8(ascii: "-"))
            if digits() == 0 { throw Failure(offset: start, expected: "digits in the exponent") }
        }
    }

    private mutating func escapedString(from start: Int) throws -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self).unicodeScalars)
        var run = index
        func flush(_ end: Int) {
            if end > run { scalars.append(contentsOf: String(decoding: UnsafeBufferPointer(rebasing: bytes[run..<end]), as: UTF8.self).unicodeScalars) }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flush(index)
                index += 1
                return String(scalars)
            }
            guard byte >= 0x20 else { throw Failure(offset: index, expected: "an escaped control character") }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            flush(index)
            guard index + 1 < bytes.count else { break }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(Unicode.Scalar(escape))
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"): scalars.append(try unicodeEscape())
            default: throw Failure(offset: index - 1, expected: "a JSON escape")
            }
            run = index
        }
        throw Failure(offset: index, expected: "'\"'")
    }

    /// The scalar of `\uXXXX` (a surrogate pair when it is one half), the `\u` already read.
    private mutating func unicodeEscape() throws -> Unicode.Scalar {
        let high = try hex4()
        if (0xD800..<0xDC00).contains(high) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw Failure(offset: index, expected: "the second half of a surrogate pair")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw Failure(offset: index - 4, expected: "a low surrogate") }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(high) else { throw Failure(offset: index - 4, expected: "a Unicode scalar") }
        return scalar
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw Failure(offset: index, expected: "four hex digits") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { throw Failure(offset: index, expected: "four hex digits") }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let matches = word.withUTF8Buffer { UnsafeBufferPointer(rebasing: bytes[index..<index + count]).elementsEqual($0) }
        if matches { index += count }
        return matches
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard try peek() == byte else { throw Failure(offset: index, expected: what) }
        index += 1
    }

    /// The next byte after white space, not consumed.
    private mutating func peek() throws -> UInt8 {
        skipSpace()
        guard index < bytes.count else { throw Failure(offset: index, expected: "more JSON") }
        return bytes[index]
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }
}

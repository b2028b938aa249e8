import MamoriCore

/// HTML built by string interpolation: interpolated text is escaped, interpolated `HTML` is inserted as it is, so
/// that no handler can put a resident's name into a page unescaped.
public struct HTML: Sendable, ExpressibleByStringInterpolation {
    /// The markup.
    public var raw: String

    public init(stringLiteral value: String) {
        raw = value
    }

    public init(stringInterpolation: Interpolation) {
        raw = stringInterpolation.raw
    }

    init(raw: String) {
        self.raw = raw
    }

    /// The parts one after another with `separator` (text, escaped) between them.
    init(joining parts: [HTML], separator: String) {
        raw = parts.map(\.raw).joined(separator: MarkupText.escaped(separator))
    }

    /// Interpolation that escapes text and keeps markup.
    public struct Interpolation: StringInterpolationProtocol {
        var raw = ""

        public init(literalCapacity: Int, interpolationCount: Int) {
            raw.reserveCapacity(literalCapacity * 2)
        }

        public mutating func appendLiteral(_ literal: String) { raw += literal }
        public mutating func appendInterpolation(_ text: String) { raw += MarkupText.escaped(text) }
        public mutating func appendInterpolation(_ number: Int) { raw += String(number) }
        public mutating func appendInterpolation(_ html: HTML) { raw += html.raw }
        public mutating func appendInterpolation(_ parts: [HTML]) { raw += parts.map(\.raw).joined() }
    }
}

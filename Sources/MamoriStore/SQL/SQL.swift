/// A statement and the values it binds, written once for both databases by string interpolation:
///
///     "UPDATE account SET displayName = \(bind: name) WHERE id = \(bind: id)"
///
/// Each value goes in with `\(bind:)` and is bound by the driver; a list of them (`IN (…)`) with `\(list:)`; a name
/// (a table, a column) with `\(raw:)`, never a value; a piece built elsewhere with `\(sql)`. The placeholder each
/// database wants — `?` for SQLite, `$1`, `$2`… for PostgreSQL — is written when the statement is rendered for it, from
/// where the values are, never by reading the statement's text. A plain interpolation does not compile, so no value
/// ever slips into the text.
struct SQL: Sendable, ExpressibleByStringInterpolation {
    fileprivate enum Part: Sendable {
        case text(String)
        case value(SQLValue)
    }

    fileprivate var parts: [Part]

    init(stringLiteral text: String) {
        parts = [.text(text)]
    }

    init(stringInterpolation: StringInterpolation) {
        parts = stringInterpolation.parts
    }

    /// Text with no value in it: a name, a keyword, a statement of the schema.
    init(raw text: String) {
        parts = [.text(text)]
    }

    /// The pieces one after another, with `separator` between them (as `joined(separator:)` for strings).
    init(joining pieces: [SQL], separator: String) {
        parts = []
        for (index, piece) in pieces.enumerated() {
            if index > 0 { parts.append(.text(separator)) }
            parts += piece.parts
        }
    }

    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var parts: [Part] = []

        init(literalCapacity: Int, interpolationCount: Int) {
            parts.reserveCapacity(2 * interpolationCount + 1)
        }

        mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { parts.append(.text(literal)) }
        }

        /// A value, bound.
        mutating func appendInterpolation(bind value: some SQLBindable) {
            parts.append(.value(value.sqlValue))
        }

        /// A value or `NULL`, bound.
        mutating func appendInterpolation<Value: SQLBindable>(bind value: Value?) {
            parts.append(.value(value?.sqlValue ?? .null))
        }

        /// A value, bound.
        mutating func appendInterpolation(bind value: SQLValue) {
            parts.append(.value(value))
        }

        /// Values separated by commas, each bound: the inside of `IN (…)` or of a row of `VALUES (…)`.
        mutating func appendInterpolation(list values: [SQLValue]) {
            for (index, value) in values.enumerated() {
                if index > 0 { parts.append(.text(",")) }
                parts.append(.value(value))
            }
        }

        /// Values separated by commas, each bound.
        mutating func appendInterpolation(list values: [some SQLBindable]) {
            appendInterpolation(list: values.map(\.sqlValue))
        }

        /// A name or other text that holds no value (a table or column name from code, never from a request).
        mutating func appendInterpolation(raw text: String) {
            parts.append(.text(text))
        }

        /// A piece of a statement, with its values.
        mutating func appendInterpolation(_ sql: SQL) {
            parts += sql.parts
        }
    }

    static func + (lhs: SQL, rhs: SQL) -> SQL {
        var joined = lhs
        joined.parts += rhs.parts
        return joined
    }

    static func += (lhs: inout SQL, rhs: SQL) {
        lhs.parts += rhs.parts
    }

    /// The values, in the order of their placeholders.
    var values: [SQLValue] {
        parts.compactMap {
            if case .value(let value) = $0 { return value }
            return nil
        }
    }

    /// The statement's text for `dialect`, with its placeholders.
    func text(for dialect: SQLDialect) -> String {
        var text = ""
        var number = 0
        for part in parts {
            switch part {
            case .text(let piece): text += piece
            case .value:
                number += 1
                switch dialect {
                case .sqlite: text += "?"
                case .postgres: text += "$\(number)"
                }
            }
        }
        return text
    }
}

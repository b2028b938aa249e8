import Foundation
import MamoriCore

/// Decodes a record from its row: the reverse of ``RowEncoder``.
enum RowDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from row: SQLRow) throws -> T {
        try T(from: ColumnsDecoder(row: row))
    }

    /// One column's value as `T`.
    static func value<T: Decodable>(_ type: T.Type, from value: SQLValue, key: any CodingKey) throws -> T {
        if T.self == Date.self {
            guard let seconds = value.real else { throw mismatch(T.self, key) }
            return Date(timeIntervalSinceReferenceDate: seconds) as! T
        }
        do {
            return try T(from: ValueDecoder(value: value, key: key))
        } catch is ValueDecoder.Nested {
            guard let text = value.text else { throw mismatch(T.self, key) }
            return try JournalCoding.decoder().decode(T.self, from: Data(text.utf8))
        }
    }

    static func mismatch(_ type: Any.Type, _ key: any CodingKey) -> DecodingError {
        .typeMismatch(type, DecodingError.Context(codingPath: [key], debugDescription: "column \(key.stringValue) does not hold a \(type)"))
    }
}

/// The top level of a row: a keyed container whose keys are columns.
private struct ColumnsDecoder: Decoder {
    let row: SQLRow
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Columns(row: row))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw RowDecoder.mismatch([Any].self, ColumnKey("row")) }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { throw RowDecoder.mismatch(Any.self, ColumnKey("row")) }

    private struct Columns<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let row: SQLRow
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { row.columns.names.compactMap(Key.init(stringValue:)) }

        func contains(_ key: Key) -> Bool { row.columns.position(of: key.stringValue) != nil }
        func decodeNil(forKey key: Key) throws -> Bool { try column(key).isNull }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try RowDecoder.value(T.self, from: column(key), key: key)
        }
        // The common column types, without a decoder of their own.
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try unwrap(column(key).text, key) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { Int(try unwrap(column(key).integer, key)) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try unwrap(column(key).integer, key) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try unwrap(column(key).real, key) }
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try unwrap(column(key).bool, key) }

        private func column(_ key: Key) throws -> SQLValue {
            guard let position = row.columns.position(of: key.stringValue) else {
                throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: [], debugDescription: "no column \(key.stringValue)"))
            }
            return row[position]
        }

        private func unwrap<T>(_ value: T?, _ key: Key) throws -> T {
            guard let value else { throw RowDecoder.mismatch(T.self, key) }
            return value
        }
        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type, forKey key: Key
        ) throws
            -> KeyedDecodingContainer<NestedKey>
        { throw RowDecoder.mismatch(Any.self, key) }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw RowDecoder.mismatch([Any].self, key) }
        func superDecoder() throws -> any Decoder { throw RowDecoder.mismatch(Any.self, ColumnKey("super")) }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw RowDecoder.mismatch(Any.self, key) }
    }
}

/// A column's value decoded as one primitive; asking for a container means the column holds JSON (throws ``Nested``).
private struct ValueDecoder: Decoder, SingleValueDecodingContainer {
    struct Nested: Error {}

    let value: SQLValue
    let key: any CodingKey
    var codingPath: [any CodingKey] { [key] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> { throw Nested() }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw Nested() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try unwrap(value.bool) }
    func decode(_ type: String.Type) throws -> String { try unwrap(value.text) }
    func decode(_ type: Double.Type) throws -> Double { try unwrap(value.real) }
    func decode(_ type: Float.Type) throws -> Float { Float(try unwrap(value.real)) }
    func decode(_ type: Int.Type) throws -> Int { try integer() }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try RowDecoder.value(T.self, from: value, key: key) }

    private func integer<T: FixedWidthInteger>() throws -> T {
        guard let value = value.integer, let exact = T(exactly: value) else { throw RowDecoder.mismatch(T.self, key) }
        return exact
    }

    private func unwrap<T>(_ value: T?) throws -> T {
        guard let value else { throw RowDecoder.mismatch(T.self, key) }
        return value
    }
}

/// A coding key made from a column name.
private struct ColumnKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

import Foundation
import MamoriCore

/// Encodes a record as the columns of its row: text, numbers and booleans as themselves, dates as exact reals
/// (seconds since 2001), values that encode as one string (days, sealed values, enums) as that string, and nested
/// values as JSON text.
enum RowEncoder {
    static func encode(_ value: some Encodable) throws -> [(column: String, value: SQLValue)] {
        let storage = Storage()
        try value.encode(to: ColumnsEncoder(storage: storage))
        return storage.columns
    }

    /// One column's value.
    static func value(of value: some Encodable) throws -> SQLValue {
        if let date = value as? Date { return .real(date.timeIntervalSinceReferenceDate) }
        if let text = value as? String { return .text(text) }
        let probe = SingleValueProbe()
        do {
            try value.encode(to: probe)
        } catch is SingleValueProbe.Nested {}
        guard probe.nested else { return probe.value ?? .null }
        return .text(String(decoding: try JournalCoding.encoder().encode(value), as: UTF8.self))
    }

    final class Storage {
        var columns: [(column: String, value: SQLValue)] = []
    }
}

/// The top level of a record: a keyed container whose keys are columns.
private struct ColumnsEncoder: Encoder {
    let storage: RowEncoder.Storage
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Columns(storage: storage))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { preconditionFailure("a record encodes as columns") }
    func singleValueContainer() -> any SingleValueEncodingContainer { preconditionFailure("a record encodes as columns") }

    private struct Columns<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let storage: RowEncoder.Storage
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil(forKey key: Key) throws { storage.columns.append((key.stringValue, .null)) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            storage.columns.append((key.stringValue, try RowEncoder.value(of: value)))
        }
        // The common column types, without probing.
        mutating func encode(_ value: String, forKey key: Key) throws { storage.columns.append((key.stringValue, .text(value))) }
        mutating func encode(_ value: Int, forKey key: Key) throws { storage.columns.append((key.stringValue, .integer(Int64(value)))) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { storage.columns.append((key.stringValue, .integer(value))) }
        mutating func encode(_ value: Double, forKey key: Key) throws { storage.columns.append((key.stringValue, .real(value))) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { storage.columns.append((key.stringValue, .bool(value))) }
        mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }
        mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try encodeOptional(value, key) }
        mutating func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try encodeOptional(value, key) }

        private mutating func encodeOptional<T: Encodable>(_ value: T?, _ key: Key) throws {
            if let value { try encode(value, forKey: key) } else { try encodeNil(forKey: key) }
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        )
            -> KeyedEncodingContainer<NestedKey>
        { preconditionFailure("nested values encode through encode(_:forKey:)") }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            preconditionFailure("nested values encode through encode(_:forKey:)")
        }
        mutating func superEncoder() -> any Encoder { preconditionFailure("records have no superclass") }
        mutating func superEncoder(forKey key: Key) -> any Encoder { preconditionFailure("records have no superclass") }
    }
}

/// Finds out whether a value encodes as one primitive (kept in `value`) or needs JSON (`nested`: it asked for a
/// container; the container throws ``Nested`` at its first use to stop the encoding early).
private final class SingleValueProbe: Encoder, SingleValueEncodingContainer {
    struct Nested: Error {}

    var value: SQLValue?
    var nested = false
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        nested = true
        return KeyedEncodingContainer(Refusing<Key>())
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        nested = true
        return RefusingList()
    }
    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encodeNil() throws { value = .null }
    func encode(_ value: Bool) throws { self.value = .bool(value) }
    func encode(_ value: String) throws { self.value = .text(value) }
    func encode(_ value: Double) throws { self.value = .real(value) }
    func encode(_ value: Float) throws { self.value = .real(Double(value)) }
    func encode(_ value: Int) throws { self.value = .integer(Int64(value)) }
    func encode(_ value: Int8) throws { self.value = .integer(Int64(value)) }
    func encode(_ value: Int16) throws { self.value = .integer(Int64(value)) }
    func encode(_ value: Int32) throws { self.value = .integer(Int64(value)) }
    func encode(_ value: Int64) throws { self.value = .integer(value) }
    func encode(_ value: UInt) throws { self.value = .integer(Int64(value)) }
    func encode(_ value: UInt8) throws { self.value = .integer(Int64(value)) }
    func encode(_ value: UInt16) throws { self.value = .integer(Int64(value)) }
    func encode(_ value: UInt32) throws { self.value = .integer(Int64(value)) }
    func encode(_ value: UInt64) throws { self.value = .integer(Int64(value)) }
    func encode<T: Encodable>(_ value: T) throws { self.value = try RowEncoder.value(of: value) }

    /// A keyed container that signals "nested" at its first use.
    private struct Refusing<Key: CodingKey>: KeyedEncodingContainerProtocol {
        var codingPath: [any CodingKey] { [] }
        mutating func encodeNil(forKey key: Key) throws { throw Nested() }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { throw Nested() }
        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        )
            -> KeyedEncodingContainer<NestedKey>
        { KeyedEncodingContainer(Refusing<NestedKey>()) }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { RefusingList() }
        mutating func superEncoder() -> any Encoder { SingleValueProbe() }
        mutating func superEncoder(forKey key: Key) -> any Encoder { SingleValueProbe() }
    }

    /// An unkeyed container that signals "nested" at its first use.
    private struct RefusingList: UnkeyedEncodingContainer {
        var codingPath: [any CodingKey] { [] }
        var count: Int { 0 }
        mutating func encodeNil() throws { throw Nested() }
        mutating func encode<T: Encodable>(_ value: T) throws { throw Nested() }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Refusing<NestedKey>())
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { RefusingList() }
        mutating func superEncoder() -> any Encoder { SingleValueProbe() }
    }
}

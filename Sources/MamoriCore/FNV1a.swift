/// FNV-1a, 64 bits: a hash that is the same in every process and on every server (Swift's `Hasher` is seeded per
/// process), for partitioning IDs and for short digests of many IDs. Not a cryptographic hash.
public struct FNV1a: Sendable {
    /// The hash of what was combined so far.
    public var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The hash of nothing.
    @inlinable public init() {}

    /// Combines bytes, in order.
    @inlinable public mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }
}

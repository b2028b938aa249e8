import Crypto

/// The canonical bytes a journal hash is taken over: each field as `<byte count>:<bytes>`, so no two rows hash alike.
struct HashInput {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    mutating func field(_ value: String.UTF8View) {
        decimal(Int64(value.count))
        bytes.append(0x3A)
        bytes.append(contentsOf: value)
    }

    mutating func field(_ value: UnsafeRawBufferPointer) {
        decimal(Int64(value.count))
        bytes.append(0x3A)
        bytes.append(contentsOf: value)
    }

    mutating func field(_ value: Int64) {
        // The digits backwards in a buffer on the stack (20 digits and a sign at most): no allocation per number.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var count = 0
            var rest = value.magnitude
            repeat {
                buffer[count] = UInt8(rest % 10) + 0x30
                rest /= 10
                count += 1
            } while rest > 0
            if value < 0 {
                buffer[count] = 0x2D
                count += 1
            }
            decimal(Int64(count))
            bytes.append(0x3A)
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    /// Bytes laid down as they are (a field's framing prepared once, as ``RowLayout`` does per column).
    mutating func raw(_ value: [UInt8]) {
        bytes.append(contentsOf: value)
    }

    private mutating func decimal(_ value: Int64) {
        // Most counts are one or two digits.
        if value < 10 {
            bytes.append(UInt8(truncatingIfNeeded: value) + 0x30)
            return
        }
        if value < 100 {
            bytes.append(UInt8(truncatingIfNeeded: value / 10) + 0x30)
            bytes.append(UInt8(truncatingIfNeeded: value % 10) + 0x30)
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var count = 0
            var rest = value
            repeat {
                buffer[count] = UInt8(rest % 10) + 0x30
                rest /= 10
                count += 1
            } while rest > 0
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Where the next field will start (to hash several entries laid one after another).
    var end: Int { bytes.count }

    /// Whether SHA-256 of `range` equals the 64 hex digits in `expected`, without allocating.
    func matches(_ range: Range<Int>, hex expected: UnsafeRawBufferPointer) -> Bool {
        guard expected.count == 64 else { return false }
        let digest = bytes.withUnsafeBytes { SHA256.hash(data: UnsafeRawBufferPointer(rebasing: $0[range])) }
        return digest.withUnsafeBytes { raw in
            for (index, byte) in raw.enumerated()
            where expected[2 * index] != HashInput.hexDigit(byte >> 4) || expected[2 * index + 1] != HashInput.hexDigit(byte & 0x0F) {
                return false
            }
            return true
        }
    }

    /// SHA-256 of the bytes as 64 lower-case hex digits.
    func hexDigest() -> [UInt8] {
        let digest = SHA256.hash(data: bytes)
        return [UInt8](unsafeUninitializedCapacity: 64) { out, count in
            digest.withUnsafeBytes { raw in
                for (index, byte) in raw.enumerated() {
                    out[2 * index] = HashInput.hexDigit(byte >> 4)
                    out[2 * index + 1] = HashInput.hexDigit(byte & 0x0F)
                }
            }
            count = 64
        }
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x57 + nibble
    }
}

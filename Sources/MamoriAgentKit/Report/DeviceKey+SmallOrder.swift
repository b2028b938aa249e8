import Foundation

extension DeviceKey {
    /// The y-coordinates, little-endian, of the Ed25519 points whose order divides 8, with the two that have a second,
    /// non-canonical spelling (y + p, for y < 19): 0 (the two points of order 4), 1 (the identity), p − 1 (order 2), the
    /// two y-coordinates of the four points of order 8, p (≡ 0) and p + 1 (≡ 1), where p = 2^255 − 19. The sign of x is
    /// the top bit of the last byte, masked off before comparing.
    private static let smallOrderY: [[UInt8]] = [
        [UInt8](repeating: 0, count: 32),
        [1] + [UInt8](repeating: 0, count: 31),
        [0xEC] + [UInt8](repeating: 0xFF, count: 30) + [0x7F],
        [0xED] + [UInt8](repeating: 0xFF, count: 30) + [0x7F],
        [0xEE] + [UInt8](repeating: 0xFF, count: 30) + [0x7F],
        [
            0x26, 0xE8, 0x95, 0x8F, 0xC2, 0xB2, 0x27, 0xB0, 0x45, 0xC3, 0xF4, 0x89, 0xF2, 0xEF, 0x98, 0xF0,
            0xD5, 0xDF, 0xAC, 0x05, 0xD3, 0xC6, 0x33, 0x39, 0xB1, 0x38, 0x02, 0x88, 0x6D, 0x53, 0xFC, 0x05
        ],
        [
            0xC7, 0x17, 0x6A, 0x70, 0x3D, 0x4D, 0xD8, 0x4F, 0xBA, 0x3C, 0x0B, 0x76, 0x0D, 0x10, 0x67, 0x0F,
            0x2A, 0x20, 0x53, 0xFA, 0x2C, 0x39, 0xCC, 0xC6, 0x4E, 0xC7, 0xFD, 0x77, 0x92, 0xAC, 0x03, 0x7A
        ]
    ]

    /// Whether a raw 32-byte Ed25519 public key is a point of small order (the identity, among others). For such a key
    /// a signature (R, S) with R = [S]B verifies for every message, so whoever holds an enrollment token could enroll
    /// "a PC" no private key stands behind; the check libsodium makes before verifying.
    public static func hasSmallOrder(_ publicKey: Data) -> Bool {
        guard publicKey.count == 32 else { return false }
        var y = [UInt8](publicKey)
        y[31] &= 0x7F
        return smallOrderY.contains(y)
    }
}

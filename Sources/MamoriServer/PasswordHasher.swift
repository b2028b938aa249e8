import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// bcrypt on NIO's shared blocking pool: a hash takes a quarter of a second by design, and on the concurrency pool it
/// would hold up every other request for that long.
///
/// bcrypt reads at most 72 bytes and stops at a NUL byte, so a longer password (or one with a NUL) is pre-hashed:
/// bcrypt is given the base64 of its SHA-256 (44 characters) instead, and every byte counts. Passwords of up to 72
/// bytes go to bcrypt as they are, so hashes made before pre-hashing stay valid.
public struct PasswordHasher: Sendable {
    /// bcrypt's work factor (each step doubles the time to check a password).
    public let cost: UInt8

    /// A hasher with bcrypt's work factor `cost`.
    public init(cost: UInt8) {
        self.cost = cost
    }

    /// The bcrypt hash of `password`.
    public func hash(_ password: String) async -> String {
        let cost = cost
        return await Self.offPool { Bcrypt.hash(Self.bcryptInput(password), cost: cost) }
    }

    /// Whether `password` matches `hash`.
    public func matches(_ password: String, hash: String) async -> Bool {
        await Self.offPool { Bcrypt.verify(Self.bcryptInput(password), hash: hash) }
    }

    /// The most bytes bcrypt reads.
    static let bcryptLimit = 72

    /// What bcrypt is given for a password: the password itself up to 72 bytes without a NUL, else the base64 of its
    /// SHA-256.
    static func bcryptInput(_ password: String) -> String {
        let bytes = Array(password.utf8)
        guard bytes.count > bcryptLimit || bytes.contains(0) else { return password }
        return Data(SHA256.hash(data: bytes)).base64EncodedString()
    }

    /// Runs `work` on `NIOThreadPool.singleton` (started for the life of the process; were it ever stopped, the work
    /// runs here rather than not at all).
    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        if let done = try? await NIOThreadPool.singleton.runIfActive(work) { return done }
        return work()
    }
}

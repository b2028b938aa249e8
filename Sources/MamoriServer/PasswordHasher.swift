import Foundation
import HummingbirdBcrypt

/// bcrypt on a thread of its own: a hash takes a quarter of a second by design, and on the concurrency pool it would
/// hold up every other request for that long.
struct PasswordHasher: Sendable {
    /// bcrypt's work factor (each step doubles the time to check a password).
    let cost: UInt8

    /// The bcrypt hash of `password`.
    func hash(_ password: String) async -> String {
        let cost = cost
        return await Self.offPool { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`.
    func matches(_ password: String, hash: String) async -> Bool {
        await Self.offPool { Bcrypt.verify(password, hash: hash) }
    }

    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }
}

import Crypto
import Foundation
import MamoriCore
import Synchronization

/// Seals and opens personal data with AES-GCM under a key file kept beside, never inside, the database.
public struct Vault: Sendable {
    private let keyBytes: Data
    private let derivedKeys = DerivedKeys()

    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// Opens the key file at `url`, creating a new random key (mode 0600) on first use.
    public init(keyFile url: URL) throws {
        let manager = FileManager.default
        if let data = manager.contents(atPath: url.path) {
            guard data.count == 32 else { throw StoreError.badKeyFile(url.path) }
            keyBytes = data
            return
        }
        let fresh = SymmetricKey(size: .bits256)
        let bytes = fresh.withUnsafeBytes { Data($0) }
        guard manager.createFile(atPath: url.path, contents: bytes, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.badKeyFile(url.path)
        }
        keyBytes = bytes
    }

    /// An HMAC-SHA256 of `data` (hex) under a key derived from this one for `purpose` alone: whoever can write the
    /// database but cannot read the key file cannot make one.
    func authenticationCode(of data: Data, purpose: String) -> String {
        let derived = derivedKeys.key(for: purpose) {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data(purpose.utf8), outputByteCount: 32).withUnsafeBytes { Data($0) }
        }
        return Hex.string(HMAC<SHA256>.authenticationCode(for: data, using: derived))
    }

    /// The keys derived for each purpose, derived once: a chain head's seal (twice a write) and the account seals (each
    /// page) would otherwise run HKDF, three more HMACs, every time.
    private final class DerivedKeys: Sendable {
        private let keys = Mutex<[String: Data]>([:])

        func key(for purpose: String, derive: () -> Data) -> SymmetricKey {
            if let known = keys.withLock({ $0[purpose] }) { return SymmetricKey(data: known) }
            let fresh = derive()
            keys.withLock { $0[purpose] = fresh }
            return SymmetricKey(data: fresh)
        }
    }

    /// Seals bytes.
    public func seal(_ data: Data) throws -> Sealed {
        let box = try AES.GCM.seal(data, using: key)
        guard let combined = box.combined else { throw StoreError.sealFailed }
        return Sealed(base64: combined.base64EncodedString())
    }

    /// Seals a text.
    public func seal(_ text: String) throws -> Sealed {
        try seal(Data(text.utf8))
    }

    /// Opens sealed bytes; fails if they were sealed under another key or altered.
    public func open(_ sealed: Sealed) throws -> Data {
        guard let combined = Data(base64Encoded: sealed.base64) else { throw StoreError.sealFailed }
        return try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: key)
    }

    /// Opens a sealed text.
    public func openText(_ sealed: Sealed) throws -> String {
        String(decoding: try open(sealed), as: UTF8.self)
    }

    /// Opens a sealed text, or gives back as it stands a value journaled before its field was sealed (a city
    /// instruction before stop 15): one that is not a sealed box at all, i.e. not base64 of at least a nonce and a tag.
    /// A box that does not open (another key, altered) still throws. A clear text that happens to be such base64 is
    /// taken for a box and refused, never shown as something it is not.
    public func openTextOrClear(_ sealed: Sealed) throws -> (text: String, wasSealed: Bool) {
        guard let combined = Data(base64Encoded: sealed.base64), combined.count >= 28 else { return (sealed.base64, false) }
        return (String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: key), as: UTF8.self), true)
    }
}

import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), as authenticator apps make them.
public struct TOTP: Sendable {
    /// The shared secret.
    public let secret: Data

    /// A TOTP over a secret.
    public init(secret: Data) {
        self.secret = secret
    }

    /// A new random 160-bit secret.
    public static func newSecret() -> Data {
        Data(SymmetricKey(size: SymmetricKeySize(bitCount: 160)).withUnsafeBytes { Array($0) })
    }

    /// The code for the step containing `time`.
    public func code(at time: Date, digits: Int = 6) -> String {
        code(step: UInt64(time.timeIntervalSince1970 / 30), digits: digits)
    }

    func code(step: UInt64, digits: Int) -> String {
        let counter = withUnsafeBytes(of: step.bigEndian) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: counter, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let value = (UInt32(mac[offset] & 0x7F) << 24 | UInt32(mac[offset + 1]) << 16 | UInt32(mac[offset + 2]) << 8 | UInt32(mac[offset + 3]))
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let text = String(value % modulus)
        return String(repeating: "0", count: digits - text.count) + text
    }

    /// The time step `code` is right for at `time`, allowing one step of clock drift either way; nil when it is wrong.
    /// A server accepts each step once per account, so that a code seen over someone's shoulder cannot be used again.
    public func matchingStep(_ code: String, at time: Date) -> Int64? {
        let step = Int64(time.timeIntervalSince1970 / 30)
        // Full-width digits (「９１４２１７」, as a Japanese input method types them) are the same digits.
        let candidate = code.precomposedStringWithCompatibilityMapping.filter { $0.isASCII && $0.isNumber }
        return (-1...1).map { step + $0 }.first { self.code(step: UInt64($0), digits: 6) == candidate }
    }

    /// The secret in base32 (RFC 4648, no padding), as people type it into an authenticator app.
    public var base32: String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var output = ""
        var buffer = 0
        var bits = 0
        for byte in secret {
            buffer = buffer << 8 | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return output
    }

    /// The `otpauth://` URI an authenticator app imports.
    public func provisioningURI(account: String, issuer: String = "Mamori") -> String {
        let encoded = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }
        return "otpauth://totp/\(encoded(issuer)):\(encoded(account))?secret=\(base32)&issuer=\(issuer)&algorithm=SHA1&digits=6&period=30"
    }
}

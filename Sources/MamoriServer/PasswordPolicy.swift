import Foundation
import MamoriCore

/// What a new password must be, wherever one is set (first-run setup, `/accounts`, the command line's random ones):
/// at least `minimum` characters (12, or more if a contract asks), at most ``maximumBytes`` bytes, not the login, no
/// control characters, and not one of the ~20,000 most common passwords — also not one of them with digits or
/// symbols added before or after (`password1234`). No composition rules (OWASP ASVS 2.1).
public struct PasswordPolicy: Sendable {
    /// The fewest characters any password may have.
    public static let baseMinimum = 12
    /// The most bytes (UTF-8) a password may have: longer ones are pre-hashed before bcrypt (see ``PasswordHasher``),
    /// so any length up to this one counts in full.
    public static let maximumBytes = 1024

    /// The fewest characters this policy accepts.
    public var minimum: Int

    /// A policy with at least ``baseMinimum`` characters.
    public init(minimum: Int = PasswordPolicy.baseMinimum) {
        self.minimum = max(minimum, Self.baseMinimum)
    }

    /// What is wrong with `password` for the account `login`; nil when it may be used.
    public func problem(_ password: String, login: String) -> LocalizedText? {
        if password.count < minimum {
            return LocalizedText(ja: "パスワードは \(minimum) 文字以上にしてください", en: "the password needs at least \(minimum) characters")
        }
        if password.utf8.count > Self.maximumBytes {
            return LocalizedText(
                ja: "パスワードは \(Self.maximumBytes) バイト以内にしてください",
                en: "the password may have at most \(Self.maximumBytes) bytes")
        }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return Label.thePasswordMustNotContain.localized
        }
        if password.lowercased() == login.lowercased() {
            return Label.thePasswordMustDifferFrom.localized
        }
        if Self.isCommon(password) {
            return Label.thisPasswordIsTooCommon.localized
        }
        return nil
    }

    /// Whether a password is on the list, as it is or with digits and symbols around a listed one, ignoring case.
    static func isCommon(_ password: String) -> Bool {
        let lowered = password.lowercased()
        let core = lowered.trimmingCharacters(in: CharacterSet.alphanumerics.subtracting(.decimalDigits).inverted)
        return commonPasswords.contains(lowered) || (!core.isEmpty && commonPasswords.contains(core))
    }

    /// The most common passwords, lower case: Django's `common-passwords.txt` (BSD licence; Royce Williams' list of the
    /// 20,000 most common, deduplicated), one a line in `Resources/common-passwords.txt`.
    static let commonPasswords: Set<String> = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        return Set(text.split(separator: "\n").map { $0.lowercased() })
    }()

    /// A new random password for the command line and the demo: 16 characters from 56 that cannot be confused
    /// (about 93 bits), which this policy accepts.
    public static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

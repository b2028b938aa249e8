import Foundation

/// Reads the global password policy from `pwpolicy -getaccountpolicies` (a banner line, then plist XML).
///
/// A policy that sets nothing is reported as what it means: no minimum length (0), no complexity,
/// passwords never expire (`never`), no lockout (0).
public enum MacOSPasswordPolicyParser {
    /// Content-policy parameters and identifier words that each require one character class.
    private static let characterClasses: [(name: String, parameters: [String], identifierWords: [String])] = [
        ("numeric", ["minimumNumericCharacters"], ["requiresNumeric", "numeric"]),
        ("alpha", ["minimumAlphaCharacters"], ["requiresAlpha", "alpha"]),
        ("symbol", ["minimumSymbols"], ["requiresSymbol", "symbol"]),
        (
            "mixed_case", ["minimumMixedCaseCharacters", "minimumUppercaseCharacters", "minimumLowercaseCharacters"],
            ["requiresMixedCase", "mixedcase", "uppercase"]
        )
    ]

    private static let keys = [
        "macos.pwpolicy.min_length", "macos.pwpolicy.complexity", "macos.pwpolicy.required_character_classes",
        "macos.pwpolicy.max_age_days", "macos.pwpolicy.lockout_threshold"
    ]

    /// Facts from `pwpolicy -getaccountpolicies` output.
    public static func accountPolicies(_ text: String) -> [Fact] {
        guard let policies = plist(text) else {
            if text.lowercased().contains("no global policies") { return facts(from: [:]) }
            return keys.map { Fact($0, .unknown("pwpolicy output has no policy plist")) }
        }
        return facts(from: policies)
    }

    private static func plist(_ text: String) -> [String: Any]? {
        guard let start = text.range(of: "<?xml") ?? text.range(of: "<plist") else { return nil }
        let data = Data(text[start.lowerBound...].utf8)
        return (try? PropertyListSerialization.propertyList(from: data, options: [], format: nil)) as? [String: Any]
    }

    private static func facts(from policies: [String: Any]) -> [Fact] {
        let content = entries(policies["policyCategoryPasswordContent"])
        let change = entries(policies["policyCategoryPasswordChange"])
        let authentication = entries(policies["policyCategoryAuthentication"])

        let minLength = content.compactMap { minimumLength($0) }.max() ?? 0
        let classes = characterClasses.filter { requirement in
            content.contains { policy in
                let parameters = policy["policyParameters"] as? [String: Any] ?? [:]
                let identifier = (policy["policyIdentifier"] as? String ?? "").lowercased()
                return requirement.parameters.contains { (integer(parameters[$0]) ?? 0) > 0 }
                    || requirement.identifierWords.contains { identifier.contains($0.lowercased()) }
            }
        }.map(\.name)
        let maxAge = change.compactMap { integer(parameters($0)["policyAttributeExpiresEveryNDays"]) }.min()
        let lockout = authentication.compactMap { integer(parameters($0)["policyAttributeMaximumFailedAuthentications"]) }.min()
        return [
            Fact(keys[0], .int(minLength)),
            Fact(keys[1], .bool(!classes.isEmpty)),
            Fact(keys[2], .int(classes.count)),
            Fact(
                keys[3],
                maxAge.map { $0 > 0 ? .int($0) : .never("policyAttributeExpiresEveryNDays \($0): passwords never expire") }
                    ?? .never("no expiry in the password policy: passwords never expire")),
            Fact(keys[4], .int(lockout ?? 0))
        ]
    }

    /// The minimum length a content policy sets, from `minimumLength` or a `.{N,}` pattern.
    private static func minimumLength(_ policy: [String: Any]) -> Int? {
        if let length = integer(parameters(policy)["minimumLength"]) { return length }
        guard let content = policy["policyContent"] as? String, let start = content.range(of: ".{") else { return nil }
        return ConsoleText.integer(String(content[start.upperBound...]))
    }

    private static func entries(_ value: Any?) -> [[String: Any]] {
        value as? [[String: Any]] ?? []
    }

    private static func parameters(_ policy: [String: Any]) -> [String: Any] {
        policy["policyParameters"] as? [String: Any] ?? [:]
    }

    private static func integer(_ value: Any?) -> Int? {
        switch value {
        case let number as Int: number
        case let text as String: Int(text)
        default: nil
        }
    }
}

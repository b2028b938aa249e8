/// Reads Linux password policy files: `/etc/login.defs`, `/etc/security/pwquality.conf` and `/etc/pam.d/common-password`.
public enum LinuxPasswordPolicyParser {
    private static let loginDefsKeys = [
        ("PASS_MAX_DAYS", "linux.login_defs.pass_max_days"),
        ("PASS_MIN_DAYS", "linux.login_defs.pass_min_days"),
        ("PASS_MIN_LEN", "linux.login_defs.pass_min_len"),
        ("PASS_WARN_AGE", "linux.login_defs.pass_warn_age")
    ]
    private static let pwqualityKeys = ["minlen", "minclass", "dcredit", "ucredit", "lcredit", "ocredit", "enforcing"]
    private static let qualityModules = ["pam_pwquality.so", "pam_cracklib.so"]

    /// Facts from `/etc/login.defs` as shadow-utils reads it: the value is the rest of the line, and a number only when
    /// nothing else follows it (`90 days` or `90 # was 99999` is no number to shadow). `PASS_MAX_DAYS` negative, 99999
    /// or more, not set, or not a number shadow reads (shadow then never expires passwords) is `never`.
    public static func loginDefs(_ text: String) -> [Fact] {
        let values = loginDefsValues(text)
        return loginDefsKeys.map { name, key in
            let maxDays = name == "PASS_MAX_DAYS"
            guard let raw = values[name] else {
                return Fact(key, maxDays ? .never("PASS_MAX_DAYS not set: passwords never expire") : .unknown("\(name) not set"))
            }
            guard let number = ConsoleText.cNumber(raw) else {
                return Fact(
                    key,
                    maxDays
                        ? .never("PASS_MAX_DAYS \(raw) is no number to shadow: passwords never expire")
                        : .unknown("\(name) is not a number: \(raw)"))
            }
            if maxDays, number < 0 || number >= 99_999 { return Fact(key, .never("PASS_MAX_DAYS \(raw): passwords never expire")) }
            return Fact(key, .int(number))
        }
    }

    /// `KEY value` lines of `login.defs` (whole-line `#` comments); the value is the rest of the line, trimmed and unquoted.
    static func loginDefsValues(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in ConsoleText.lines(text) {
            let body = ConsoleText.trimmed(line)
            guard !body.hasPrefix("#"), let gap = body.firstIndex(where: \.isWhitespace) else { continue }
            values[String(body[..<gap])] = ConsoleText.unquoted(String(body[gap...]))
        }
        return values
    }

    /// The lowest uid of a person's account (`UID_MIN`, 1000 unless set).
    static func uidMin(_ text: String) -> Int {
        loginDefsValues(text)["UID_MIN"].flatMap(ConsoleText.cNumber) ?? 1000
    }

    /// Facts from `pwquality.conf.d/*.conf` with `pwquality.conf` appended after them (the last value wins, as in
    /// libpwquality): `minlen`, `minclass`, credits.
    public static func pwqualityConf(_ text: String) -> [Fact] {
        let file = KeyFile(text)
        return pwqualityKeys.map { name in
            let key = "linux.pwquality.\(name)"
            guard let raw = file.value(name) else { return Fact(key, .unknown("\(name) not set (the pam_pwquality default applies)")) }
            return Fact(key, .int(Int(raw), else: "\(name) is not a number: \(raw)"))
        }
    }

    /// Facts from `/etc/pam.d/common-password`: the quality module and its `minlen` / `minclass` arguments.
    public static func pamPassword(_ text: String) -> [Fact] {
        var module: String?
        var arguments: [String: String] = [:]
        for line in ConsoleText.lines(text) {
            let fields = pamFields(ConsoleText.withoutComment(line))
            guard fields.count >= 3, fields[0] == "password",
                let name = fields[2].split(separator: "/").last.map(String.init), qualityModules.contains(name)
            else { continue }
            module = String(name.dropLast(".so".count))
            for argument in fields.dropFirst(3) {
                let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { arguments[parts[0]] = parts[1] }
            }
        }
        let missing = "no pam_pwquality or pam_cracklib password line"
        return [
            Fact("linux.pam_password.quality_module", .text(module, else: missing)),
            Fact("linux.pam_password.minlen", argument("minlen", arguments, module: module, missing: missing)),
            Fact("linux.pam_password.minclass", argument("minclass", arguments, module: module, missing: missing)),
            Fact("linux.pam_password.enforcing", argument("enforcing", arguments, module: module, missing: missing))
        ]
    }

    private static func argument(_ name: String, _ arguments: [String: String], module: String?, missing: String) -> FactValue {
        guard module != nil else { return .unknown(missing) }
        guard let raw = arguments[name] else { return .unknown("\(name) not passed (pwquality.conf applies)") }
        return .int(Int(raw), else: "\(name) is not a number: \(raw)")
    }

    /// Splits a PAM line into fields, keeping a bracketed control (`[success=1 default=ignore]`) as one field.
    static func pamFields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var depth = 0
        for character in line {
            if character == "[" { depth += 1 } else if character == "]" { depth = max(0, depth - 1) }
            if character.isWhitespace && depth == 0 {
                if !current.isEmpty {
                    fields.append(current)
                    current = ""
                }
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { fields.append(current) }
        return fields
    }
}

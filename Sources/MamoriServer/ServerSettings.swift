import Configuration
import Foundation
import MamoriCore
import MamoriStore

/// What an operator may set for a server, read through swift-configuration: from `MAMORI_…` environment variables, or
/// an environment file (`mamori serve --settings FILE`, the same `NAME=value` lines), with `serve`'s options first.
/// Every number is bounded where it enters: a value out of range, or not a number, stops the server at start with a
/// message naming the variable, never a silent default.
public struct ServerSettings: Sendable, Equatable {
    /// How long a session lasts (`MAMORI_SESSION_MINUTES`, 15–1,440; 480).
    public var sessionLifetime: TimeInterval = 8 * 3600
    /// How failed sign-ins lock an account out for the address they came from (`MAMORI_LOCKOUT_ATTEMPTS` 3–20, 5;
    /// `MAMORI_LOCKOUT_FIRST_SECONDS` 10–3,600, 60; `MAMORI_LOCKOUT_LONGEST_SECONDS` up to 86,400, 3,600).
    public var lockout = LockoutPolicy()
    /// The largest request body accepted, photo uploads included (`MAMORI_BODY_LIMIT_KILOBYTES`, 2,048–16,384; 2,048:
    /// never below what a 1 MB photo takes, sent as a form or in the API's base64).
    public var maxBodySize = 2 * 1024 * 1024
    /// bcrypt's work factor: each step doubles the time to check a password (`MAMORI_BCRYPT_COST`, 10–16; 12).
    public var passwordCost: UInt8 = 12
    /// The SMTP server alerts are mailed through (`MAMORI_SMTP_URL`, a secret: it may hold a password).
    public var smtpURL: String?
    /// The sender address of alert mail (`MAMORI_MAIL_FROM`).
    public var mailFrom: String?
    /// A CA file for the SMTP server's certificate (`MAMORI_SMTP_CA_FILE`).
    public var smtpCAFile: String?
    /// The address people open Mamori at (`MAMORI_PUBLIC_URL`).
    public var publicURL: String?

    /// The defaults.
    public init() {}

    /// The settings `config` gives (keys `mamori.session.minutes` and so on: `MAMORI_SESSION_MINUTES` in the
    /// environment); the defaults for those it does not give.
    public init(_ config: ConfigReader) throws(SettingsProblem) {
        sessionLifetime = TimeInterval(try Self.integer(config, .sessionMinutes, 15...1_440, default: 480) * 60)
        let attempts = try Self.integer(config, .lockoutAttempts, 3...20, default: 5)
        let first = try Self.integer(config, .lockoutFirstSeconds, 10...3_600, default: 60)
        let longest = try Self.integer(config, .lockoutLongestSeconds, first...86_400, default: max(first, 3_600))
        lockout = LockoutPolicy(attempts: attempts, firstLock: TimeInterval(first), longestLock: TimeInterval(longest))
        maxBodySize = try Self.integer(config, .bodyLimitKilobytes, 2_048...16_384, default: 2_048) * 1024
        passwordCost = UInt8(try Self.integer(config, .bcryptCost, 10...16, default: 12))
        smtpURL = config.string(forKey: Key.smtpURL.configKey, isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        mailFrom = config.string(forKey: Key.mailFrom.configKey)
        smtpCAFile = config.string(forKey: Key.smtpCAFile.configKey)
        publicURL = config.string(forKey: Key.publicURL.configKey)
    }

    /// Every setting: its key (`mamori.session.minutes`), which is the variable `MAMORI_SESSION_MINUTES`.
    enum Key: String, CaseIterable {
        case sessionMinutes = "mamori.session.minutes"
        case lockoutAttempts = "mamori.lockout.attempts"
        case lockoutFirstSeconds = "mamori.lockout.first.seconds"
        case lockoutLongestSeconds = "mamori.lockout.longest.seconds"
        case bodyLimitKilobytes = "mamori.body.limit.kilobytes"
        case bcryptCost = "mamori.bcrypt.cost"
        case smtpURL = "mamori.smtp.url"
        case mailFrom = "mamori.mail.from"
        case smtpCAFile = "mamori.smtp.ca.file"
        case publicURL = "mamori.public.url"

        var configKey: ConfigKey { ConfigKey(rawValue) }
        /// The environment variable, as swift-configuration's environment provider names it.
        var variable: String { rawValue.split(separator: ".").joined(separator: "_").uppercased() }
    }

    /// The variables a settings file may name.
    static let names = Key.allCases.map(\.variable)

    /// The environment variables (and an environment file, if given) as a reader; the file's lines give way to the
    /// process's own variables. The file is checked first (``checkEnvironmentFile(_:)``): a line the provider would
    /// skip in silence is refused instead.
    public static func reader(environmentFile: String? = nil) async throws -> ConfigReader {
        var providers: [any ConfigProvider] = [EnvironmentVariablesProvider(secretsSpecifier: .specific([Key.smtpURL.variable]))]
        if let environmentFile {
            try checkEnvironmentFile(environmentFile)
            providers.append(
                try await EnvironmentVariablesProvider(
                    environmentFilePath: .init(environmentFile),
                    secretsSpecifier: .specific([Key.smtpURL.variable])))
        }
        return ConfigReader(providers: providers)
    }

    /// Refuses a settings file with a byte-order mark, a line that is not `NAME=value` (blank lines and `#` comments
    /// aside), a name given twice, or a `MAMORI_…` name that is not a setting of the server (a misspelling would
    /// otherwise leave the default in place without a word).
    static func checkEnvironmentFile(_ path: String) throws(SettingsProblem) {
        func problem(_ ja: String, _ en: String) -> SettingsProblem {
            SettingsProblem(message: LocalizedText(ja: "設定ファイル \(path): \(ja)", en: "settings file \(path): \(en)"))
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw problem("読めません", "cannot be read") }
        guard !data.starts(with: [0xEF, 0xBB, 0xBF]) else {
            throw problem("先頭に BOM があります（BOM なしの UTF-8 で保存してください）", "starts with a byte-order mark (save it as UTF-8 without one)")
        }
        guard let text = String(validating: data, as: UTF8.self) else { throw problem("UTF-8 のテキストではありません", "is not UTF-8 text") }
        var seen: Set<String> = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            guard let equals = line.firstIndex(of: "=") else {
                throw problem("\(index + 1) 行目が 名前=値 の形ではありません", "line \(index + 1) is not NAME=value")
            }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !name.hasPrefix("MAMORI_") || names.contains(name) else {
                throw problem(
                    "\(index + 1) 行目の \(name) はサーバーの設定ではありません（設定できるもの: \(names.joined(separator: "、"))）",
                    "line \(index + 1): \(name) is not a setting of the server (settings: \(names.joined(separator: ", ")))")
            }
            guard seen.insert(name).inserted else {
                throw problem("\(index + 1) 行目: \(name) が二度あります", "line \(index + 1): \(name) is given twice")
            }
        }
    }

    /// An integer setting within `range`; `fallback` when it is not given.
    private static func integer(_ config: ConfigReader, _ key: Key, _ range: ClosedRange<Int>, default fallback: Int) throws(SettingsProblem) -> Int {
        let name = key.variable
        guard let text = config.string(forKey: key.configKey) else { return fallback }
        guard let value = try? config.requiredInt(forKey: key.configKey), range.contains(value) else {
            throw SettingsProblem(
                message: LocalizedText(
                    ja: "設定 \(name) の値「\(text)」は \(range.lowerBound)〜\(range.upperBound) の整数ではありません",
                    en: "setting \(name) is \"\(text)\", not a whole number from \(range.lowerBound) to \(range.upperBound)"))
        }
        return value
    }
}

/// A setting that cannot be used, and why.
public struct SettingsProblem: Error, Sendable {
    public var message: LocalizedText
}

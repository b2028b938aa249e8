import Configuration
import Foundation
import Testing

@testable import MamoriServer

/// An operator's settings come through swift-configuration from `MAMORI_…` variables or an environment file, each
/// number bounded where it enters.
@Suite struct ServerSettingsTests {
    static func settings(_ variables: [String: String]) throws(SettingsProblem) -> ServerSettings {
        try ServerSettings(ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: variables)))
    }

    @Test func nothingGivenIsTheDefaults() throws {
        #expect(try Self.settings([:]) == ServerSettings())
        #expect(ServerSettings().sessionLifetime == 8 * 3600 && ServerSettings().passwordCost == 12)
    }

    @Test func givenValuesAreUsed() throws {
        let settings = try Self.settings([
            "MAMORI_SESSION_MINUTES": "60", "MAMORI_LOCKOUT_ATTEMPTS": "3", "MAMORI_LOCKOUT_FIRST_SECONDS": "30",
            "MAMORI_LOCKOUT_LONGEST_SECONDS": "600", "MAMORI_BODY_LIMIT_KILOBYTES": "4096",
            "MAMORI_BCRYPT_COST": "13", "MAMORI_SMTP_URL": "smtp://u:p@mail.example:587"
        ])
        #expect(settings.sessionLifetime == 3600 && settings.lockout.attempts == 3 && settings.lockout.firstLock == 30)
        #expect(settings.lockout.longestLock == 600 && settings.maxBodySize == 4096 * 1024 && settings.passwordCost == 13)
        #expect(settings.smtpURL == "smtp://u:p@mail.example:587")
    }

    @Test(arguments: [
        ("MAMORI_SESSION_MINUTES", "0"), ("MAMORI_SESSION_MINUTES", "8h"), ("MAMORI_BCRYPT_COST", "4"),
        ("MAMORI_BCRYPT_COST", "99999999999999999999"), ("MAMORI_BODY_LIMIT_KILOBYTES", "-1"), ("MAMORI_BODY_LIMIT_KILOBYTES", "1024"),
        ("MAMORI_LOCKOUT_ATTEMPTS", " "), ("MAMORI_LOCKOUT_LONGEST_SECONDS", "30")
    ])
    func aValueOutOfRangeOrNotANumberIsRefusedByName(name: String, value: String) {
        // The longest lock may not be shorter than the first (60 s by default).
        #expect {
            try Self.settings([name: value])
        } throws: { error in
            guard let problem = error as? SettingsProblem else { return false }
            return problem.message.ja.contains(name) && problem.message.en.contains(name) && problem.message.en.contains("whole number")
        }
    }

    @Test(arguments: [
        ("\u{FEFF}MAMORI_BCRYPT_COST=11\n", "BOM"), ("MAMORI_BCRYPT_COST 11\n", "NAME=value"), ("MAMORI_BCRYPT_COTS=11\n", "MAMORI_BCRYPT_COTS"),
        ("MAMORI_BCRYPT_COST=11\nMAMORI_BCRYPT_COST=12\n", "twice"), ("MAMORI_DATABASE=postgres://x@y/z\n", "MAMORI_DATABASE")
    ])
    func aSettingsFileTheProviderWouldReadOnlyInPartIsRefused(content: String, named: String) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-settings-\(UUID().uuidString).env")
        defer { try? FileManager.default.removeItem(at: file) }
        try content.write(to: file, atomically: true, encoding: .utf8)
        await #expect {
            _ = try await ServerSettings.reader(environmentFile: file.path)
        } throws: { error in
            guard let problem = error as? SettingsProblem else { return false }
            return problem.message.en.contains(named) || problem.message.ja.contains(named)
        }
    }

    @Test func theSignInRefusalStatesTheLockoutSettings() throws {
        let message = AuthRoutes.refused(
            try Self.settings([
                "MAMORI_LOCKOUT_ATTEMPTS": "3", "MAMORI_LOCKOUT_FIRST_SECONDS": "300",
                "MAMORI_LOCKOUT_LONGEST_SECONDS": "7200"
            ]).lockout)
        #expect(message.ja.contains("3 回") && message.ja.contains("5 分") && message.ja.contains("最長 2 時間"), "\(message.ja)")
        #expect(message.en.contains("After 3 failures") && message.en.contains("5 minutes") && message.en.contains("up to 2 hours"))
    }

    @Test func anEnvironmentFileIsReadAndAMissingOneRefused() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-settings-\(UUID().uuidString).env")
        defer { try? FileManager.default.removeItem(at: file) }
        try "MAMORI_SESSION_MINUTES=30\nMAMORI_BCRYPT_COST=11\n".write(to: file, atomically: true, encoding: .utf8)
        let settings = try ServerSettings(try await ServerSettings.reader(environmentFile: file.path))
        #expect(settings.sessionLifetime == 30 * 60 && settings.passwordCost == 11)
        await #expect(throws: (any Error).self) { try await ServerSettings.reader(environmentFile: file.path + ".missing") }
    }
}

import Foundation
import Testing

@testable import MamoriAgentKit

/// Password policy, registry, Wi-Fi and Administrators parsers on recorded Windows outputs.
@Suite struct WindowsAccountParserTests {
    func text(_ file: String) throws -> String { try Fixture.text("windows", file) }

    // MARK: secedit and net accounts

    @Test func seceditUTF16WithBOMPassing() throws {
        let data = try Fixture.data("windows", "secedit-pass.inf")
        #expect(data.prefix(2) == Data([0xFF, 0xFE]))
        let facts = WindowsPolicyParser.secedit(data)
        #expect(facts["windows.password_policy.min_length"] == .int(12))
        #expect(facts["windows.password_policy.complexity"] == .bool(true))
        #expect(facts["windows.password_policy.max_age_days"] == .int(90))
        #expect(facts["windows.password_policy.min_age_days"] == .int(1))
        #expect(facts["windows.password_policy.history_size"] == .int(24))
        #expect(facts["windows.password_policy.lockout_threshold"] == .int(5))
        #expect(facts["windows.password_policy.reversible_encryption"] == .bool(false))
        #expect(facts["windows.accounts.guest_enabled"] == .bool(false))
        #expect(facts["windows.accounts.builtin_admin_enabled"] == .bool(false))
    }

    @Test func seceditFailingWithNeverExpiringPasswords() throws {
        let facts = WindowsPolicyParser.secedit(try Fixture.data("windows", "secedit-fail.inf"))
        #expect(facts["windows.password_policy.max_age_days"] == .never("MaximumPasswordAge -1: passwords never expire"))
        #expect(facts["windows.password_policy.min_length"] == .int(0))
        #expect(facts["windows.password_policy.complexity"] == .bool(false))
        #expect(facts["windows.password_policy.lockout_threshold"] == .int(0))
        #expect(facts["windows.accounts.guest_enabled"] == .bool(true))
    }

    @Test func seceditUTF8WithMissingKeys() throws {
        let facts = WindowsPolicyParser.secedit(try Fixture.data("windows", "secedit-missing-utf8.inf"))
        #expect(facts["windows.password_policy.min_length"] == .int(12))
        #expect(facts["windows.password_policy.complexity"] == .unknown("PasswordComplexity not set"))
        #expect(facts["windows.password_policy.lockout_threshold"] == .unknown("LockoutBadCount not set"))
    }

    @Test func seceditGarbageIsUnknown() {
        #expect(WindowsPolicyParser.secedit(Data([0xFF, 0xFE, 0x41])).allSatisfy { !$0.value.isKnown })
        #expect(WindowsPolicyParser.secedit(text: "not an inf").allSatisfy { $0.value == .unknown("no [System Access] section") })
    }

    @Test func netAccountsPassing() throws {
        let output = try text("net-accounts-pass.txt")
        #expect(output.contains("\r\n"))
        let facts = WindowsPolicyParser.netAccounts(output)
        #expect(facts["windows.password_policy.min_age_days"] == .int(1))
        #expect(facts["windows.password_policy.max_age_days"] == .int(90))
        #expect(facts["windows.password_policy.min_length"] == .int(12))
        #expect(facts["windows.password_policy.history_size"] == .int(24))
        #expect(facts["windows.password_policy.lockout_threshold"] == .int(5))
        #expect(facts["windows.password_policy.lockout_duration_minutes"] == .int(15))
        #expect(facts["windows.password_policy.lockout_window_minutes"] == .int(15))
        #expect(facts["windows.computer_role"] == .text("WORKSTATION"))
    }

    @Test func netAccountsFailingWordsBecomeNumbers() throws {
        let facts = WindowsPolicyParser.netAccounts(try text("net-accounts-fail.txt"))
        #expect(facts["windows.password_policy.max_age_days"] == .never("no maximum password age: passwords never expire"))
        #expect(facts["windows.password_policy.min_length"] == .int(0))
        #expect(facts["windows.password_policy.history_size"] == .int(0))
        #expect(facts["windows.password_policy.lockout_threshold"] == .int(0))
    }

    @Test func netAccountsJapaneseGivesTheSameFactsAsEnglish() throws {
        let japanese = WindowsPolicyParser.netAccounts(try text("net-accounts-fail-ja.txt"))
        #expect(japanese == WindowsPolicyParser.netAccounts(try text("net-accounts-fail.txt")))
    }

    @Test func netAccountsFallsBackOnRowOrderForUnknownLabels() throws {
        let english = try text("net-accounts-pass.txt")
        var row = 0
        let relabelled = ConsoleText.lines(english).map { line -> String in
            guard let (_, value) = ConsoleText.labeled(line) else { return line }
            row += 1
            return "Feld \(row):        \(value)"
        }.joined(separator: "\r\n")
        #expect(WindowsPolicyParser.netAccounts(relabelled) == WindowsPolicyParser.netAccounts(english))
    }

    @Test func seceditAndNetAccountsAgreeOnSharedKeys() throws {
        let secedit = WindowsPolicyParser.secedit(try Fixture.data("windows", "secedit-pass.inf"))
        let net = WindowsPolicyParser.netAccounts(try text("net-accounts-pass.txt"))
        for key in ["min_length", "max_age_days", "min_age_days", "history_size", "lockout_threshold"] {
            #expect(secedit["windows.password_policy.\(key)"] == net["windows.password_policy.\(key)"], "\(key)")
        }
    }

    // MARK: reg query

    @Test func winlogonWithoutAutomaticLogon() throws {
        let facts = WindowsRegistryParser.winlogon(try text("reg-winlogon-pass.txt"))
        #expect(facts["windows.winlogon.auto_admin_logon"] == .bool(false))
        #expect(facts["windows.winlogon.default_password_present"] == .bool(false))
    }

    @Test func winlogonWithAutomaticLogonAndAStoredPassword() throws {
        let output = try text("reg-winlogon-fail.txt")
        #expect(output.contains("FakeWinlogonP@ss-7731"))
        let facts = WindowsRegistryParser.winlogon(output)
        #expect(facts["windows.winlogon.auto_admin_logon"] == .bool(true))
        #expect(facts["windows.winlogon.default_password_present"] == .bool(true))
        #expect(!facts.leaks("FakeWinlogonP@ss-7731"))
        #expect(WindowsRegistryParser.values(output)?["defaultpassword"]?.data == "")
    }

    @Test func winlogonKeyMissingIsUnknown() {
        let facts = WindowsRegistryParser.winlogon("ERROR: The system was unable to find the specified registry key or value.")
        #expect(facts.count == 2)
        #expect(facts.allSatisfy { $0.value == .unknown("no Winlogon key in reg output") })
    }

    @Test func explorerPoliciesDisableAutorun() throws {
        let facts = WindowsRegistryParser.explorerPolicies(try text("reg-explorer-pass.txt"))
        #expect(facts["windows.explorer.no_drive_type_autorun"] == .int(0xFF))
        #expect(facts["windows.explorer.autorun_disabled_removable"] == .bool(true))
        #expect(facts["windows.explorer.no_autorun"] == .bool(true))
    }

    @Test func explorerDefaultMaskLeavesRemovableDrivesOn() throws {
        let facts = WindowsRegistryParser.explorerPolicies(try text("reg-explorer-fail.txt"))
        #expect(facts["windows.explorer.no_drive_type_autorun"] == .int(0x91))
        #expect(facts["windows.explorer.autorun_disabled_removable"] == .bool(false))
        #expect(facts["windows.explorer.no_autorun"] == .unknown("NoAutorun not configured"))
    }

    @Test func machineInactivityLimit() throws {
        #expect(
            WindowsRegistryParser.inactivityPolicy(try text("reg-screenlock-pass.txt"))
                == [Fact("windows.screenlock.inactivity_timeout_seconds", .int(900))])
        // Not set, 0, or no key at all: the machine never locks by itself, and no threshold is met by that.
        let never = FactValue.never("InactivityTimeoutSecs not set: no machine inactivity limit")
        #expect(
            WindowsRegistryParser.inactivityPolicy(try text("reg-screenlock-fail.txt"))
                == [Fact("windows.screenlock.inactivity_timeout_seconds", never)])
        #expect(WindowsRegistryParser.inactivityPolicy("") == [Fact("windows.screenlock.inactivity_timeout_seconds", never)])
        #expect(
            WindowsRegistryParser.inactivityPolicy(
                "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\r\n    InactivityTimeoutSecs    REG_DWORD    0x0\r\n")
                == [Fact("windows.screenlock.inactivity_timeout_seconds", .never("InactivityTimeoutSecs 0: no machine inactivity limit"))])
    }

    /// The scan script's `users` section: each loaded hive's `Control Panel\Desktop` and its policy key.
    static func users(_ entries: [(name: String, desktop: String, policy: String)]) throws -> String {
        let objects = try entries.enumerated().map { index, entry in
            [
                "Sid": "S-1-5-21-3623811015-3361044348-30300820-\(1001 + index)", "Name": "DESKTOP-01\\\(entry.name)",
                "Desktop": try Fixture.text("windows", entry.desktop), "Policy": entry.policy.isEmpty ? "" : try Fixture.text("windows", entry.policy)
            ]
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys]), as: UTF8.self)
    }

    @Test func everySignedInUserIsReadAndTheWorstReported() throws {
        let one = WindowsRegistryParser.userScreenSavers(json: try Self.users([("taro", "reg-desktop-taro.txt", "")]))
        #expect(one["windows.screensaver.active"] == .bool(true))
        #expect(one["windows.screensaver.secure"] == .bool(true))
        #expect(one["windows.screensaver.timeout_seconds"] == .int(600))
        // Hanako's screen saver is off: her PC never locks, whatever taro's does.
        let two = WindowsRegistryParser.userScreenSavers(
            json: try Self.users([
                ("taro", "reg-desktop-taro.txt", ""),
                ("hanako", "reg-desktop-hanako.txt", "")
            ]))
        #expect(two["windows.screensaver.active"] == .bool(false))
        #expect(two["windows.screensaver.timeout_seconds"] == .never("DESKTOP-01\\hanako: ScreenSaveActive off: the screen saver never starts"))
        // A group policy for hanako turns the screen saver on, secure, at 300 s: the policy wins over her own settings.
        let ruled = WindowsRegistryParser.userScreenSavers(
            json: try Self.users([
                ("taro", "reg-desktop-taro.txt", ""),
                ("hanako", "reg-desktop-hanako.txt", "reg-desktop-policy.txt")
            ]))
        #expect(ruled["windows.screensaver.active"] == .bool(true))
        #expect(ruled["windows.screensaver.secure"] == .bool(true))
        #expect(ruled["windows.screensaver.timeout_seconds"] == .int(600), "taro's 600 s is now the worst")
        // Nobody signed in: nothing to read, never a pass.
        #expect(
            WindowsRegistryParser.userScreenSavers(json: "[]")["windows.screensaver.timeout_seconds"]
                == .unknown("no user profile loaded (nobody signed in): screen saver settings are per user"))
    }

    @Test func aScreenSaverWithNoProgramOrTimeoutNeverStarts() throws {
        let none = WindowsRegistryParser.userScreenSavers(json: try Self.users([("jiro", "reg-desktop-jiro.txt", "")]))
        #expect(none["windows.screensaver.timeout_seconds"] == .never("DESKTOP-01\\jiro: no screen saver chosen (SCRNSAVE.EXE): it never starts"))
    }

    // MARK: netsh wlan

    @Test func wlanConnectedWithWPA2() throws {
        let facts = WindowsWiFiParser.interfaces(try text("wlan-interfaces-pass.txt"))
        #expect(facts["windows.wifi.connected"] == .bool(true))
        #expect(facts["windows.wifi.current_ssid"] == .text("Office-5G"))
        #expect(facts["windows.wifi.current_authentication"] == .text("WPA2-Personal"))
        #expect(facts["windows.wifi.current_cipher"] == .text("CCMP"))
        #expect(facts["windows.wifi.current_secured"] == .bool(true))
    }

    @Test func wlanConnectedToAnOpenNetwork() throws {
        let facts = WindowsWiFiParser.interfaces(try text("wlan-interfaces-fail.txt"))
        #expect(facts["windows.wifi.current_authentication"] == .text("Open"))
        #expect(facts["windows.wifi.current_secured"] == .bool(false))
    }

    @Test func wlanDisconnected() throws {
        let facts = WindowsWiFiParser.interfaces(try text("wlan-interfaces-disconnected.txt"))
        #expect(facts["windows.wifi.connected"] == .bool(false))
        #expect(facts["windows.wifi.current_secured"] == .unknown("not connected to Wi-Fi"))
    }

    @Test func wlanProfilesKeepSecurityButNeverTheKey() throws {
        let good = try text("wlan-profile-pass.txt")
        let wep = try text("wlan-profile-fail.txt")
        #expect(good.contains("FakeWifiKey-Do-Not-Leak-4242"))
        let profile = try #require(WindowsWiFiParser.profile(good))
        #expect(profile.name == "Office-5G")
        #expect(profile.isSecured == true)
        #expect(profile.security == "WPA2-Personal/CCMP, WPA2-Personal/GCMP")
        #expect(WindowsWiFiParser.profile(wep)?.isSecured == false)
        let facts = WindowsWiFiParser.profiles([good, wep, "garbage"])
        #expect(facts["windows.wifi.profiles"] == .list(["Office-5G", "Legacy-WEP", "(unreadable profile 3)"]))
        #expect(facts["windows.wifi.insecure_profiles"] == .list(["Legacy-WEP"]))
        #expect(facts["windows.wifi.all_secured"] == .bool(false))
        #expect(WindowsWiFiParser.profiles([good])["windows.wifi.all_secured"] == .bool(true))
        #expect(!facts.leaks("FakeWifiKey") && !facts.leaks("FakeWepKey"))
        #expect(!profile.security.contains("FakeWifiKey"))
    }

    // MARK: Administrators

    @Test func localGroupMemberJSON() throws {
        let facts = WindowsAdministratorsParser.localGroupMember(json: try text("localgroup-members-pass.json"))
        #expect(facts["windows.administrators.members"] == .list(["Administrator", "it-admin", "EXAMPLE\\Domain Admins"]))
    }

    @Test func localGroupMemberJSONWithEnumNames() throws {
        let facts = WindowsAdministratorsParser.localGroupMember(json: try text("localgroup-members-fail.json"))
        #expect(facts["windows.administrators.members"] == .list(["Administrator", "taro"]))
    }

    @Test func localGroupMemberJSONWithoutPrincipalSourceKeepsTheFullName() throws {
        let facts = WindowsAdministratorsParser.localGroupMember(json: try text("localgroup-members-missing.json"))
        #expect(facts["windows.administrators.members"] == .list(["PC-0042\\taro"]))
        #expect(
            WindowsAdministratorsParser.localGroupMember(json: "Failed to compare two elements in the array.")
                == [Fact("windows.administrators.members", .unknown("Get-LocalGroupMember output is not JSON"))])
    }

    @Test func netLocalGroupEnglish() throws {
        let facts = WindowsAdministratorsParser.netLocalGroup(try text("net-localgroup-pass.txt"))
        #expect(facts["windows.administrators.members"] == .list(["Administrator", "EXAMPLE\\Domain Admins", "it-admin"]))
    }

    @Test func netLocalGroupJapaneseGivesTheSameFactsAsEnglishAndJSON() throws {
        let japanese = WindowsAdministratorsParser.netLocalGroup(try text("net-localgroup-fail-ja.txt"))
        #expect(japanese == WindowsAdministratorsParser.netLocalGroup(try text("net-localgroup-fail.txt")))
        #expect(japanese == WindowsAdministratorsParser.localGroupMember(json: try text("localgroup-members-fail.json")))
    }

    @Test func netLocalGroupWithAnUntranslatedCompletionLine() throws {
        let german = try text("net-localgroup-fail.txt")
            .replacingOccurrences(of: "The command completed successfully.", with: "Der Befehl wurde erfolgreich ausgeführt.")
        #expect(WindowsAdministratorsParser.netLocalGroup(german)["windows.administrators.members"] == .list(["Administrator", "taro"]))
        #expect(WindowsAdministratorsParser.netLocalGroup("System error 5 has occurred.")["windows.administrators.members"]?.isKnown == false)
    }
}

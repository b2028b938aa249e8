import Foundation
import Testing
@testable import MamoriAgentKit

/// Whole Windows and macOS scans on recorded outputs: the commands the collectors run are answered from fixtures
/// (the real commands cannot run here), then the shipped rules decide.
@Suite struct PlatformScanTests {
    /// A runner answering each command whose text contains a key with that fixture's content; anything else fails
    /// loudly as "not installed", as a missing tool would.
    static func runner(_ platform: String, _ answers: [String: String]) throws -> CommandRunner {
        var outputs: [String: String] = [:]
        for (key, file) in answers {
            outputs[key] = file.hasPrefix("=") ? String(file.dropFirst())
                : ConsoleText.decode(try Fixture.data(platform, file)) ?? ""
        }
        let table = outputs
        return CommandRunner { arguments, _ in
            let command = arguments.joined(separator: " ")
            guard let key = table.keys.sorted(by: { $0.count > $1.count }).first(where: command.contains) else {
                return .failure(ReadFailure("\(arguments[0]): not installed"))
            }
            return .success(table[key]!)
        }
    }

    static func windowsReport(_ outcome: String) throws -> AgentReport {
        let runner = try runner("windows", [
            "Get-MpComputerStatus": "mpstatus-\(outcome).json",
            "SecurityCenter2": "antivirus-products-\(outcome).json",
            "Get-NetFirewallProfile": "firewall-profiles-\(outcome).json",
            "secedit": "secedit-\(outcome).inf",
            "Winlogon": "reg-winlogon-\(outcome).txt",
            "Policies\\Explorer": "reg-explorer-\(outcome).txt",
            "Control Panel": "reg-screenlock-\(outcome).txt",
            "WindowsUpdate": "=ERROR: The system was unable to find the specified registry key or value.",
            "Get-BitLockerVolume": "bitlocker-\(outcome).json",
            "wlan show interfaces": "wlan-interfaces-\(outcome).txt",
            "Uninstall": outcome == "pass" ? "=[{\"DisplayName\":\"LibreOffice 24.2\",\"DisplayVersion\":\"24.2.1\"}]"
                                           : "=[{\"DisplayName\":\"BitTorrent Web\",\"DisplayVersion\":\"1.4\"}]",
            "USBSTOR": outcome == "pass" ? "=" : "={\"InstanceId\":\"USBSTOR\\\\DISK&VEN_SANDISK&PROD_ULTRA&REV_1.00\\\\4C530001&0\"}",
            "S-1-5-32-544": "localgroup-members-\(outcome).json",
            "whoami": "=desktop-01\\taro",
            "Microsoft.Update.Session": "pending-updates-\(outcome).json",
            "Get-LocalUser": "local-users-\(outcome).json",
            "Win32_ComputerSystem": "system.json",
        ])
        return try AgentScan(platform: "windows", runner: runner, now: now).run(deviceID: "d")
    }

    static func windows(_ outcome: String) throws -> [String: AgentResult] {
        let report = try windowsReport(outcome)
        return Dictionary(report.results.map { ($0.rule, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// 2026-11-18 09:33 UTC.
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static let decidedOnWindows = ["av.installed", "av.realtime", "firewall.enabled", "logon.no_autologon", "usb.autorun_disabled",
                                   "devices.usb_allowed", "software.denied_absent", "disk.encrypted", "password.min_length",
                                   "updates.security_pending", "password.last_change"]

    @Test func windowsPassingOutputsPass() throws {
        let results = try Self.windows("pass")
        #expect(results.count == 23)
        for rule in Self.decidedOnWindows + ["inventory.snapshot", "updates.automatic"] {
            #expect(results[rule]?.status == .pass, "\(rule): \(results[rule]?.observed ?? "missing")")
        }
    }

    @Test func windowsFailingOutputsFail() throws {
        let results = try Self.windows("fail")
        // The failing outputs still show Defender installed, only switched off.
        for rule in Self.decidedOnWindows where rule != "av.installed" {
            #expect(results[rule]?.status == .fail, "\(rule): \(results[rule]?.observed ?? "missing")")
        }
    }

    @Test func aMissingToolGivesUnknownNeverACrash() throws {
        let report = try AgentScan(platform: "windows", runner: CommandRunner { arguments, _ in .failure(ReadFailure("\(arguments[0]): not installed")) })
            .run(deviceID: "d")
        #expect(report.results.filter { $0.status == .pass }.map(\.rule) == ["inventory.snapshot"])
        #expect(report.results.first { $0.rule == "disk.encrypted" }?.observed.contains("not installed") == true)
    }

    static func macosReport(_ outcome: String) throws -> AgentReport {
        let on = outcome == "pass"
        let runner = try runner("macos", [
            "fdesetup": on ? "fdesetup-on.txt" : "fdesetup-off.txt",
            "spctl": on ? "spctl-enabled.txt" : "spctl-disabled.txt",
            "socketfilterfw": on ? "socketfilterfw-enabled.txt" : "socketfilterfw-disabled.txt",
            "xprotect": on ? "xprotect-enabled.txt" : "xprotect-disabled.txt",
            "pwpolicy": "pwpolicy-\(outcome).txt",
            "dscl": "dscl-admin-\(outcome).txt",
            "autoLoginUser": on ? "autologin-off.txt" : "autologin-on.txt",
            "SPAirPortDataType": "airport-\(outcome).json",
            "SPUSBDataType": "usb-\(outcome).json",
            "/dev/console": "=taro",
            "SPApplicationsDataType": "applications-\(outcome).json",
            "AutomaticallyInstallMacOSUpdates": on ? "autoupdate-on.txt" : "autoupdate-off.txt",
            "SPInstallHistoryDataType": "install-history-\(outcome).json",
            "softwareupdate": "softwareupdate-\(outcome).txt",
            "idleTime": "screensaver-idle-\(outcome).txt",
            "passwordLastSetTime": "password-lastset-\(outcome).txt",
            "SPHardwareDataType": "system-profiler.json",
            "UniqueID": "dscl-users.txt",
        ])
        return try AgentScan(platform: "macos", runner: runner, now: now).run(deviceID: "d")
    }

    static func macos(_ outcome: String) throws -> [String: AgentResult] {
        let report = try macosReport(outcome)
        return Dictionary(report.results.map { ($0.rule, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static let decidedOnMacOS = ["av.installed", "firewall.enabled", "logon.no_autologon", "wifi.secured", "password.min_length", "disk.encrypted",
                                 "updates.automatic", "software.denied_absent", "av.definitions_current", "updates.security_pending",
                                 "screenlock.idle_delay", "password.last_change"]

    @Test func macOSPassingOutputsPassAndFailingOnesFail() throws {
        let passing = try Self.macos("pass"), failing = try Self.macos("fail")
        #expect(passing.count == 23)
        for rule in Self.decidedOnMacOS {
            #expect(passing[rule]?.status == .pass, "\(rule): \(passing[rule]?.observed ?? "missing")")
            #expect(failing[rule]?.status == .fail, "\(rule): \(failing[rule]?.observed ?? "missing")")
        }
        #expect(passing["usb.autorun_disabled"]?.status == .pass)
        #expect(passing["av.installed"]?.observed.contains("Sophos Endpoint") == true)
    }

    @Test func windowsAndMacOSInventories() throws {
        let windows = try Self.windowsReport("pass").inventory
        #expect(windows.hostname == "DESKTOP-01")
        #expect(windows.os == "Microsoft Windows 11 Pro 10.0.26100")
        #expect(windows.hardware == "Dell Inc. Latitude 5440")
        #expect(windows.memoryMB == 16225)
        #expect(windows.interfaces.map(\.mac) == ["A4-C3-F0-12-34-56", "00-1B-21-AB-CD-EF"])
        #expect(windows.interfaces[1].addresses == ["10.0.0.5"])
        #expect(windows.accounts.contains("taro"))
        #expect(windows.software == ["LibreOffice 24.2=24.2.1"])
        let mac = try Self.macosReport("pass").inventory
        #expect(mac.hostname == "taro-MacBook-Air")
        #expect(mac.os == "macOS 14.6.1 (23G93)")
        #expect(mac.memoryMB == 16384)
        #expect(mac.interfaces == [NetworkInterface(name: "en0", mac: "a4:83:e7:12:34:56", addresses: ["192.168.10.40"])])
        #expect(mac.accounts == ["taro", "hanako"])
        #expect(mac.software.contains("Sophos Endpoint=11.1.0"))
    }

    @Test func everyPlatformCoversEveryCheck() throws {
        let checks = try AgentCheckCatalog.bundled().ids
        for platform in ["linux", "windows", "macos"] {
            #expect(Set(try RuleBook.bundled(platform).rules.map(\.check)) == checks, "\(platform)")
        }
    }
}

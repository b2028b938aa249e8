import Foundation
import Synchronization
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
            outputs[key] =
                file.hasPrefix("=")
                ? String(file.dropFirst())
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

    /// What the scan script prints: one JSON object of each section's text as its command printed it (recorded
    /// outputs), and the sections that failed under `errors`.
    static func windowsDocument(_ outcome: String, errors: [String: String] = [:]) throws -> String {
        func file(_ name: String) throws -> String { ConsoleText.decode(try Fixture.data("windows", name)) ?? "" }
        var sections: [String: Any] = [
            "defender": try file("mpstatus-\(outcome).json"),
            "antivirus": try file("antivirus-products-\(outcome).json"),
            "firewall": try file("firewall-profiles-\(outcome).json"),
            "securityPolicy": try file("secedit-\(outcome).inf"),
            "winlogon": try file("reg-winlogon-\(outcome).txt"),
            "explorer": try file("reg-explorer-\(outcome).txt"),
            "lockPolicy": try file("reg-screenlock-\(outcome).txt"),
            "users": try WindowsAccountParserTests.users([("taro", outcome == "pass" ? "reg-desktop-taro.txt" : "reg-desktop-hanako.txt", "")]),
            "updatePolicy": "",
            "bitlocker": try file("bitlocker-\(outcome).json"),
            "wifi": try file("wlan-interfaces-\(outcome).txt"),
            "software": outcome == "pass"
                ? "[{\"DisplayName\":\"LibreOffice 24.2\",\"DisplayVersion\":\"24.2.1\"}]"
                : "[{\"DisplayName\":\"BitTorrent Web\",\"DisplayVersion\":\"1.4\"}]",
            "usb": outcome == "pass" ? "" : "{\"InstanceId\":\"USBSTOR\\\\DISK&VEN_SANDISK&PROD_ULTRA&REV_1.00\\\\4C530001&0\"}",
            "administrators": try file("localgroup-members-\(outcome).json"),
            "whoami": "desktop-01\\taro\r\n",
            "pendingUpdates": try file("pending-updates-\(outcome).json"),
            "localUsers": try file("local-users-\(outcome).json"),
            "system": try file("system.json")
        ]
        for section in errors.keys { sections[section] = nil }
        sections["errors"] = errors
        return String(decoding: try JSONSerialization.data(withJSONObject: sections, options: [.sortedKeys]), as: UTF8.self)
    }

    /// A runner that answers the one PowerShell scan with `document`, and fails anything else as a missing tool would.
    static func windowsRunner(_ document: String, calls: ScanCalls? = nil) -> CommandRunner {
        CommandRunner { arguments, _ in
            calls?.count()
            guard arguments.first?.hasSuffix("powershell.exe") == true, arguments.last == WindowsScanScript.text else {
                return .failure(ReadFailure("\(arguments[0]): not installed"))
            }
            return .success(document)
        }
    }

    static func windowsReport(_ outcome: String) throws -> AgentReport {
        try AgentScan(platform: "windows", runner: windowsRunner(try windowsDocument(outcome)), now: now).run(deviceID: "d")
    }

    static func windows(_ outcome: String) throws -> [String: AgentResult] {
        let report = try windowsReport(outcome)
        return Dictionary(report.results.map { ($0.rule, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// 2026-11-18 09:33 UTC.
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static let decidedOnWindows = [
        "av.installed", "av.realtime", "firewall.enabled", "logon.no_autologon", "usb.autorun_disabled",
        "devices.usb_allowed", "software.denied_absent", "disk.encrypted", "password.min_length",
        "updates.security_pending", "password.last_change"
    ]

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

    @Test func aWindowsScanStartsOneProcess() throws {
        let calls = ScanCalls()
        _ = try AgentScan(platform: "windows", runner: Self.windowsRunner(try Self.windowsDocument("pass"), calls: calls), now: Self.now)
            .run(deviceID: "d")
        #expect(calls.total == 1)
    }

    @Test func aFailedSectionMakesItsFactsUnknownAndNoOthers() throws {
        let document = try Self.windowsDocument("pass", errors: ["bitlocker": "Get-BitLockerVolume : Access denied"])
        let report = try AgentScan(platform: "windows", runner: Self.windowsRunner(document), now: Self.now).run(deviceID: "d")
        let results = Dictionary(report.results.map { ($0.rule, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(results["disk.encrypted"]?.status == .unknown)
        #expect(results["disk.encrypted"]?.observed.contains("bitlocker: Get-BitLockerVolume : Access denied") == true)
        #expect(results["firewall.enabled"]?.status == .pass)
        // Output that is not the script's JSON tells nothing.
        let garbled = try AgentScan(platform: "windows", runner: Self.windowsRunner("Get-MpComputerStatus : not recognized"), now: Self.now)
            .run(deviceID: "d")
        #expect(garbled.results.filter { $0.status == .pass }.map(\.rule) == ["inventory.snapshot"])
    }

    @Test func aMissingToolGivesUnknownNeverACrash() throws {
        let report = try AgentScan(platform: "windows", runner: CommandRunner { arguments, _ in .failure(ReadFailure("\(arguments[0]): not installed")) })
            .run(deviceID: "d")
        #expect(report.results.filter { $0.status == .pass }.map(\.rule) == ["inventory.snapshot"])
        #expect(report.results.first { $0.rule == "disk.encrypted" }?.observed.contains("not installed") == true)
    }

    static func macosReport(_ outcome: String) throws -> AgentReport {
        let on = outcome == "pass"
        let runner = try runner(
            "macos",
            [
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
                "UniqueID": "dscl-users.txt"
            ])
        return try AgentScan(platform: "macos", runner: runner, now: now).run(deviceID: "d")
    }

    static func macos(_ outcome: String) throws -> [String: AgentResult] {
        let report = try macosReport(outcome)
        return Dictionary(report.results.map { ($0.rule, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static let decidedOnMacOS = [
        "av.installed", "firewall.enabled", "logon.no_autologon", "wifi.secured", "password.min_length", "disk.encrypted",
        "updates.automatic", "software.denied_absent", "av.definitions_current", "updates.security_pending",
        "screenlock.idle_delay", "password.last_change"
    ]

    @Test func macOSPassingOutputsPassAndFailingOnesFail() throws {
        let passing = try Self.macos("pass")
        let failing = try Self.macos("fail")
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

/// How many commands a scan ran.
final class ScanCalls: Sendable {
    private let calls = Mutex(0)

    func count() { calls.withLock { $0 += 1 } }
    var total: Int { calls.withLock { $0 } }
}

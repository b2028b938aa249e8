import Foundation
import Testing

@testable import MamoriAgentKit

/// macOS parsers on recorded tool outputs.
@Suite struct MacOSParserTests {
    func text(_ file: String) throws -> String { try Fixture.text("macos", file) }

    @Test func fileVault() throws {
        let on = MacOSSecurityParser.fdesetupStatus(try text("fdesetup-on.txt"))
        #expect(on["macos.filevault.enabled"] == .bool(true))
        #expect(on["macos.filevault.conversion_in_progress"] == .bool(false))
        #expect(MacOSSecurityParser.fdesetupStatus(try text("fdesetup-off.txt"))["macos.filevault.enabled"] == .bool(false))
        let converting = MacOSSecurityParser.fdesetupStatus(try text("fdesetup-encrypting.txt"))
        #expect(converting["macos.filevault.enabled"] == .bool(true))
        #expect(converting["macos.filevault.conversion_in_progress"] == .bool(true))
        #expect(MacOSSecurityParser.fdesetupStatus("").allSatisfy { !$0.value.isKnown })
    }

    @Test func gatekeeper() throws {
        #expect(MacOSSecurityParser.spctlStatus(try text("spctl-enabled.txt")) == [Fact("macos.gatekeeper.enabled", .bool(true))])
        #expect(MacOSSecurityParser.spctlStatus(try text("spctl-disabled.txt")) == [Fact("macos.gatekeeper.enabled", .bool(false))])
        #expect(MacOSSecurityParser.spctlStatus("spctl: command not found")[0].value.isKnown == false)
    }

    @Test(arguments: [("socketfilterfw-enabled.txt", 1), ("socketfilterfw-disabled.txt", 0), ("socketfilterfw-blockall.txt", 2)])
    func firewallStateIsReadFromTheNumber(file: String, state: Int) throws {
        let facts = MacOSSecurityParser.firewallGlobalState(try text(file))
        #expect(facts["macos.firewall.state"] == .int(state))
        #expect(facts["macos.firewall.enabled"] == .bool(state >= 1))
        #expect(facts["macos.firewall.block_all"] == .bool(state == 2))
    }

    @Test func firewallGarbageIsUnknown() {
        #expect(MacOSSecurityParser.firewallGlobalState("socketfilterfw: permission denied").allSatisfy { !$0.value.isKnown })
    }

    @Test func xprotect() throws {
        let enabled = MacOSSecurityParser.xprotectStatus(try text("xprotect-enabled.txt"))
        #expect(enabled["macos.xprotect.launch_scans"] == .bool(true))
        #expect(enabled["macos.xprotect.background_scans"] == .bool(true))
        let partly = MacOSSecurityParser.xprotectStatus(try text("xprotect-disabled.txt"))
        #expect(partly["macos.xprotect.launch_scans"] == .bool(true))
        #expect(partly["macos.xprotect.background_scans"] == .bool(false))
        #expect(MacOSSecurityParser.xprotectStatus("")["macos.xprotect.launch_scans"] == .unknown("xprotect did not report launch scans"))
    }

    @Test func passwordPolicyPassing() throws {
        let facts = MacOSPasswordPolicyParser.accountPolicies(try text("pwpolicy-pass.txt"))
        #expect(facts["macos.pwpolicy.min_length"] == .int(12))
        #expect(facts["macos.pwpolicy.complexity"] == .bool(true))
        #expect(facts["macos.pwpolicy.required_character_classes"] == .int(2))
        #expect(facts["macos.pwpolicy.max_age_days"] == .int(90))
        #expect(facts["macos.pwpolicy.lockout_threshold"] == .int(5))
    }

    @Test func passwordPolicyWithOnlyAShortPattern() throws {
        let facts = MacOSPasswordPolicyParser.accountPolicies(try text("pwpolicy-fail.txt"))
        #expect(facts["macos.pwpolicy.min_length"] == .int(4))
        #expect(facts["macos.pwpolicy.complexity"] == .bool(false))
        #expect(facts["macos.pwpolicy.required_character_classes"] == .int(0))
        #expect(facts["macos.pwpolicy.max_age_days"] == .never("no expiry in the password policy: passwords never expire"))
        #expect(facts["macos.pwpolicy.lockout_threshold"] == .int(0))
    }

    @Test func passwordPolicyWithoutPlistIsUnknown() throws {
        let facts = MacOSPasswordPolicyParser.accountPolicies(try text("pwpolicy-noplist.txt"))
        #expect(facts.count == 5)
        #expect(facts.allSatisfy { $0.value == .unknown("pwpolicy output has no policy plist") })
        #expect(
            MacOSPasswordPolicyParser.accountPolicies("Getting global account policies\n<plist><dict><key>")
                .allSatisfy { !$0.value.isKnown })
    }

    @Test func adminGroup() throws {
        #expect(
            MacOSAccountsParser.adminGroupMembership(try text("dscl-admin-pass.txt"))
                == [Fact("macos.admin_group.members", .list(["root", "itadmin"]))])
        #expect(
            MacOSAccountsParser.adminGroupMembership(try text("dscl-admin-fail.txt"))["macos.admin_group.members"]
                == .list(["root", "itadmin", "hanako"]))
        #expect(
            MacOSAccountsParser.adminGroupMembership("GroupMembership:\n root itadmin\n hanako\n")["macos.admin_group.members"]
                == .list(["root", "itadmin", "hanako"]))
        #expect(MacOSAccountsParser.adminGroupMembership("<dscl_cmd> DS Error: -14136")["macos.admin_group.members"]?.isKnown == false)
    }

    @Test func automaticLogin() throws {
        let off = MacOSAccountsParser.autoLoginUser(try text("autologin-off.txt"))
        #expect(off["macos.loginwindow.auto_login"] == .bool(false))
        let on = MacOSAccountsParser.autoLoginUser(try text("autologin-on.txt"))
        #expect(on["macos.loginwindow.auto_login"] == .bool(true))
        #expect(on["macos.loginwindow.auto_login_user"] == .text("hanako"))
        #expect(MacOSAccountsParser.autoLoginUser("")["macos.loginwindow.auto_login"]?.isKnown == false)
    }

    @Test func wifiCurrentNetworkWPA3IgnoresOpenNeighbours() throws {
        let facts = MacOSSystemProfilerParser.airport(json: try text("airport-pass.json"))
        #expect(facts["macos.wifi.connected"] == .bool(true))
        #expect(facts["macos.wifi.current_security_mode"] == .text("wpa3_personal"))
        #expect(facts["macos.wifi.current_secured"] == .bool(true))
    }

    @Test func wifiCurrentNetworkOpen() throws {
        let facts = MacOSSystemProfilerParser.airport(json: try text("airport-fail.json"))
        #expect(facts["macos.wifi.current_security_mode"] == .text("none"))
        #expect(facts["macos.wifi.current_secured"] == .bool(false))
    }

    @Test func wifiMissingSecurityModeIsUnknown() throws {
        let facts = MacOSSystemProfilerParser.airport(json: try text("airport-missing.json"))
        #expect(facts["macos.wifi.connected"] == .bool(true))
        #expect(facts["macos.wifi.current_security_mode"] == .unknown("security mode missing"))
        #expect(facts["macos.wifi.current_secured"] == .unknown("security mode missing"))
        #expect(MacOSSystemProfilerParser.airport(json: "{}")["macos.wifi.connected"] == .unknown("no SPAirPortDataType in output"))
    }

    @Test func usbWithoutStorage() throws {
        let facts = MacOSSystemProfilerParser.usb(json: try text("usb-pass.json"))
        #expect(facts["macos.usb.devices"] == .list(["1a2b:c52b:", "apple_vendor_id:029c:F0T1234567890ABCD"]))
        #expect(facts["macos.usb.storage_devices"] == .list([]))
    }

    @Test func usbStorageBehindAHub() throws {
        let facts = MacOSSystemProfilerParser.usb(json: try text("usb-fail.json"))
        #expect(facts["macos.usb.devices"] == .list(["1a2b:c52b:", "05e3:0626:", "0781:5567:4C530001230101118412"]))
        #expect(facts["macos.usb.storage_devices"] == .list(["0781:5567:4C530001230101118412"]))
        #expect(facts["macos.usb.storage_device_names"] == .list(["Flash Drive 32GB"]))
    }

    @Test func usbStorageWithoutSerial() throws {
        let facts = MacOSSystemProfilerParser.usb(json: try text("usb-missing.json"))
        #expect(facts["macos.usb.storage_devices"] == .list(["0bda:0129:"]))
        #expect(MacOSSystemProfilerParser.usb(json: "")["macos.usb.devices"] == .unknown("no SPUSBDataType in output"))
    }
}

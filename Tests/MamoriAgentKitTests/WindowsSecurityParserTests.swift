import Foundation
import Testing

@testable import MamoriAgentKit

/// Defender, Security Center, firewall and BitLocker parsers on recorded Windows outputs.
@Suite struct WindowsSecurityParserTests {
    func text(_ file: String) throws -> String { try Fixture.text("windows", file) }

    // MARK: Get-MpComputerStatus

    @Test func defenderPassingJSON() throws {
        let facts = WindowsDefenderParser.mpComputerStatus(json: try text("mpstatus-pass.json"))
        #expect(facts.count == 13)
        #expect(facts["windows.defender.realtime"] == .bool(true))
        #expect(facts["windows.defender.antivirus_enabled"] == .bool(true))
        #expect(facts["windows.defender.service_enabled"] == .bool(true))
        #expect(facts["windows.defender.tamper_protected"] == .bool(true))
        #expect(facts["windows.defender.signatures_out_of_date"] == .bool(false))
        #expect(facts["windows.defender.signature_age_days"] == .int(0))
        #expect(facts["windows.defender.full_scan_age_days"] == .int(3))
        #expect(facts["windows.defender.running_mode"] == .text("Normal"))
    }

    @Test func defenderFailingJSON() throws {
        let facts = WindowsDefenderParser.mpComputerStatus(json: try text("mpstatus-fail.json"))
        #expect(facts["windows.defender.realtime"] == .bool(false))
        #expect(facts["windows.defender.on_access"] == .bool(false))
        #expect(facts["windows.defender.behavior_monitor"] == .bool(false))
        #expect(facts["windows.defender.tamper_protected"] == .bool(false))
        #expect(facts["windows.defender.signatures_out_of_date"] == .bool(true))
        #expect(facts["windows.defender.signature_age_days"] == .int(12))
        #expect(facts["windows.defender.full_scan_age_days"] == .never("FullScanAge 4294967295: never"))
        #expect(facts["windows.defender.running_mode"] == .text("Passive Mode"))
    }

    @Test func defenderMissingOrNullPropertiesAreUnknown() throws {
        let facts = WindowsDefenderParser.mpComputerStatus(json: try text("mpstatus-missing.json"))
        #expect(facts["windows.defender.realtime"] == .unknown("RealTimeProtectionEnabled missing from Get-MpComputerStatus"))
        #expect(facts["windows.defender.tamper_protected"]?.isKnown == false)
        #expect(facts["windows.defender.running_mode"]?.isKnown == false)
        #expect(facts["windows.defender.network_inspection"]?.isKnown == false)
        #expect(facts["windows.defender.antivirus_enabled"] == .bool(true))
    }

    @Test(arguments: ["pass", "fail"])
    func defenderFormatListGivesTheSameFactsAsJSON(variant: String) throws {
        let list = try text("mpstatus-\(variant).txt")
        #expect(list.contains("\r\n"))
        let fromList = WindowsDefenderParser.mpComputerStatus(formatList: list)
        #expect(fromList == WindowsDefenderParser.mpComputerStatus(json: try text("mpstatus-\(variant).json")))
        #expect(fromList["windows.defender.realtime"] == .bool(variant == "pass"))
    }

    @Test func defenderErrorTextGivesOnlyUnknowns() {
        let error = "Get-MpComputerStatus : The term 'Get-MpComputerStatus' is not recognized as the name of a cmdlet."
        for facts in [WindowsDefenderParser.mpComputerStatus(json: error), WindowsDefenderParser.mpComputerStatus(formatList: "")] {
            #expect(facts.count == 13)
            #expect(facts.allSatisfy { !$0.value.isKnown })
        }
    }

    // MARK: SecurityCenter2 AntiVirusProduct

    @Test(arguments: [
        (397_568, true, true), (393_472, false, true), (397_584, true, false), (393_488, false, false), (266_240, true, true)
    ])
    func productStateIsDecoded(state: Int, realtime: Bool, upToDate: Bool) {
        let decoded = WindowsSecurityCenterParser.ProductState(state)
        #expect(decoded.realtime == realtime)
        #expect(decoded.upToDate == upToDate)
    }

    @Test func securityCenterArrayWithAThirdPartyProduct() throws {
        let facts = WindowsSecurityCenterParser.antivirusProducts(json: try text("antivirus-products-pass.json"))
        #expect(facts["windows.security_center.antivirus_products"] == .list(["Windows Defender", "Example Endpoint Protection"]))
        #expect(facts["windows.security_center.realtime_products"] == .list(["Example Endpoint Protection"]))
        #expect(facts["windows.security_center.outdated_products"] == .list([]))
        #expect(facts["windows.security_center.antivirus_realtime"] == .bool(true))
        #expect(facts["windows.security_center.antivirus_current"] == .bool(true))
    }

    @Test func securityCenterSingleObjectOffAndOutOfDate() throws {
        let facts = WindowsSecurityCenterParser.antivirusProducts(json: try text("antivirus-products-fail.json"))
        #expect(facts["windows.security_center.antivirus_products"] == .list(["Windows Defender"]))
        #expect(facts["windows.security_center.outdated_products"] == .list(["Windows Defender"]))
        #expect(facts["windows.security_center.antivirus_realtime"] == .bool(false))
        #expect(facts["windows.security_center.antivirus_current"] == .bool(false))
    }

    @Test func securityCenterWithoutProductStateIsUnknown() throws {
        let facts = WindowsSecurityCenterParser.antivirusProducts(json: try text("antivirus-products-missing.json"))
        #expect(facts["windows.security_center.antivirus_products"] == .list(["Example Antivirus"]))
        #expect(facts["windows.security_center.antivirus_realtime"] == .unknown("productState missing for: Example Antivirus"))
        #expect(facts["windows.security_center.antivirus_current"]?.isKnown == false)
    }

    @Test func securityCenterWithNoProductMeansNoAntivirus() {
        let facts = WindowsSecurityCenterParser.antivirusProducts(json: "")
        #expect(facts["windows.security_center.antivirus_products"] == .list([]))
        #expect(facts["windows.security_center.antivirus_realtime"] == .bool(false))
        #expect(
            WindowsSecurityCenterParser.antivirusProducts(json: "Invalid namespace")
                .allSatisfy { !$0.value.isKnown })
    }

    // MARK: Firewall

    @Test func firewallJSONWithEnumNumbers() throws {
        let facts = WindowsFirewallParser.netFirewallProfile(json: try text("firewall-profiles-pass.json"))
        #expect(facts.count == 6)
        for profile in ["domain", "private", "public"] {
            #expect(facts["windows.firewall.\(profile).enabled"] == .bool(true))
            #expect(facts["windows.firewall.\(profile).default_inbound_action"] == .text("Block"))
        }
    }

    @Test func firewallJSONWithPublicOff() throws {
        let facts = WindowsFirewallParser.netFirewallProfile(json: try text("firewall-profiles-fail.json"))
        #expect(facts["windows.firewall.domain.enabled"] == .bool(true))
        #expect(facts["windows.firewall.private.enabled"] == .bool(true))
        #expect(facts["windows.firewall.public.enabled"] == .bool(false))
        #expect(facts["windows.firewall.public.default_inbound_action"] == .text("NotConfigured"))
    }

    @Test func firewallJSONMissingProfileOrEnabledIsUnknown() throws {
        let facts = WindowsFirewallParser.netFirewallProfile(json: try text("firewall-profiles-missing.json"))
        #expect(facts["windows.firewall.domain.enabled"] == .bool(true))
        #expect(facts["windows.firewall.private.enabled"] == .unknown("Enabled missing for the private profile"))
        #expect(facts["windows.firewall.public.enabled"] == .unknown("profile missing from Get-NetFirewallProfile output"))
    }

    @Test func netshGivesTheSameFactsAsJSON() throws {
        let netsh = try text("netsh-firewall-pass.txt")
        #expect(netsh.contains("\r\n"))
        let facts = WindowsFirewallParser.netshAllProfiles(netsh)
        #expect(facts == WindowsFirewallParser.netFirewallProfile(json: try text("firewall-profiles-pass.json")))
    }

    @Test func netshWithPublicOff() throws {
        let facts = WindowsFirewallParser.netshAllProfiles(try text("netsh-firewall-fail.txt"))
        #expect(facts["windows.firewall.domain.enabled"] == .bool(true))
        #expect(facts["windows.firewall.public.enabled"] == .bool(false))
    }

    @Test(arguments: ["pass", "fail"])
    func netshJapaneseLabelsGiveTheSameFactsAsEnglish(variant: String) throws {
        let japanese = WindowsFirewallParser.netshAllProfiles(try text("netsh-firewall-\(variant)-ja.txt"))
        #expect(japanese == WindowsFirewallParser.netshAllProfiles(try text("netsh-firewall-\(variant).txt")))
        #expect(japanese["windows.firewall.public.enabled"] == .bool(variant == "pass"))
    }

    // MARK: BitLocker

    @Test func bitLockerJSONProtected() throws {
        let facts = WindowsBitLockerParser.bitLockerVolumes(json: try text("bitlocker-pass.json"))
        #expect(facts["windows.bitlocker.volumes"] == .list(["C:", "D:"]))
        #expect(facts["windows.bitlocker.unprotected_volumes"] == .list([]))
        #expect(facts["windows.bitlocker.os_volume.protection_on"] == .bool(true))
        #expect(facts["windows.bitlocker.os_volume.encryption_percentage"] == .int(100))
        #expect(facts["windows.bitlocker.os_volume.fully_encrypted"] == .bool(true))
        #expect(facts["windows.bitlocker.os_volume.conversion_status"] == .text("FullyEncrypted"))
        #expect(facts["windows.bitlocker.os_volume.encryption_method"] == .text("XtsAes256"))
        #expect(facts["windows.bitlocker.os_volume.key_protectors"] == .list(["Tpm", "RecoveryPassword"]))
    }

    @Test func bitLockerJSONWithEnumNumbersDecrypted() throws {
        let facts = WindowsBitLockerParser.bitLockerVolumes(json: try text("bitlocker-fail.json"))
        #expect(facts["windows.bitlocker.unprotected_volumes"] == .list(["C:", "D:"]))
        #expect(facts["windows.bitlocker.os_volume.protection_on"] == .bool(false))
        #expect(facts["windows.bitlocker.os_volume.encryption_percentage"] == .int(0))
        #expect(facts["windows.bitlocker.os_volume.fully_encrypted"] == .bool(false))
        #expect(facts["windows.bitlocker.os_volume.conversion_status"] == .text("FullyDecrypted"))
        #expect(facts["windows.bitlocker.os_volume.encryption_method"] == .text("None"))
        #expect(facts["windows.bitlocker.os_volume.key_protectors"] == .list([]))
    }

    @Test func bitLockerJSONMissingPropertiesAreUnknown() throws {
        let facts = WindowsBitLockerParser.bitLockerVolumes(json: try text("bitlocker-missing.json"))
        #expect(facts["windows.bitlocker.volumes"] == .list(["C:"]))
        #expect(facts["windows.bitlocker.unprotected_volumes"] == .list(["C:"]))
        #expect(facts["windows.bitlocker.os_volume.protection_on"] == .unknown("protection status missing"))
        #expect(facts["windows.bitlocker.os_volume.encryption_percentage"] == .unknown("percentage missing"))
        #expect(facts["windows.bitlocker.os_volume.key_protectors"] == .unknown("key protectors missing"))
        #expect(facts["windows.bitlocker.os_volume.conversion_status"] == .text("FullyEncrypted"))
    }

    @Test func manageBDEWithCommaDecimals() throws {
        let output = try text("manage-bde-pass.txt")
        #expect(output.contains("100,0%"))
        let facts = WindowsBitLockerParser.manageBDEStatus(output)
        #expect(facts["windows.bitlocker.volumes"] == .list(["C:", "D:"]))
        #expect(facts["windows.bitlocker.unprotected_volumes"] == .list([]))
        #expect(facts["windows.bitlocker.os_volume.protection_on"] == .bool(true))
        #expect(facts["windows.bitlocker.os_volume.encryption_percentage"] == .int(100))
        #expect(facts["windows.bitlocker.os_volume.fully_encrypted"] == .bool(true))
        #expect(facts["windows.bitlocker.os_volume.conversion_status"] == .text("FullyEncrypted"))
        #expect(facts["windows.bitlocker.os_volume.encryption_method"] == .text("XTS-AES 256"))
        #expect(facts["windows.bitlocker.os_volume.key_protectors"] == .list(["TPM", "Numerical Password"]))
    }

    @Test func manageBDEDecrypted() throws {
        let facts = WindowsBitLockerParser.manageBDEStatus(try text("manage-bde-fail.txt"))
        #expect(facts["windows.bitlocker.unprotected_volumes"] == .list(["C:"]))
        #expect(facts["windows.bitlocker.os_volume.protection_on"] == .bool(false))
        #expect(facts["windows.bitlocker.os_volume.encryption_percentage"] == .int(0))
        #expect(facts["windows.bitlocker.os_volume.conversion_status"] == .text("FullyDecrypted"))
        #expect(facts["windows.bitlocker.os_volume.encryption_method"] == .text("None"))
        #expect(facts["windows.bitlocker.os_volume.key_protectors"] == .list([]))
    }

    @Test func manageBDEJapaneseGivesTheSameFactsAsEnglish() throws {
        let japanese = WindowsBitLockerParser.manageBDEStatus(try text("manage-bde-fail-ja.txt"))
        #expect(japanese == WindowsBitLockerParser.manageBDEStatus(try text("manage-bde-fail.txt")))
    }

    @Test func manageBDEJapaneseProtected() throws {
        let facts = WindowsBitLockerParser.manageBDEStatus(try text("manage-bde-pass-ja.txt"))
        #expect(facts["windows.bitlocker.volumes"] == .list(["C:"]))
        #expect(facts["windows.bitlocker.os_volume.protection_on"] == .bool(true))
        #expect(facts["windows.bitlocker.os_volume.fully_encrypted"] == .bool(true))
        #expect(facts["windows.bitlocker.os_volume.encryption_method"] == .text("XTS-AES 128"))
        #expect(facts["windows.bitlocker.os_volume.key_protectors"] == .list(["TPM", "数字パスワード"]))
    }

    @Test func bitLockerWithoutVolumesIsUnknown() {
        let facts = WindowsBitLockerParser.manageBDEStatus("ERROR: An attempt to access a required resource was denied.")
        #expect(facts.count == 8)
        #expect(facts.allSatisfy { $0.value == .unknown("no volume in manage-bde output") })
        #expect(WindowsBitLockerParser.bitLockerVolumes(json: "not json").allSatisfy { !$0.value.isKnown })
        let noOSVolume = WindowsBitLockerParser.bitLockerVolumes(json: #"[{"MountPoint": "E:", "VolumeType": "Data"}]"#)
        #expect(noOSVolume["windows.bitlocker.volumes"] == .list(["E:"]))
        #expect(noOSVolume["windows.bitlocker.os_volume.protection_on"] == .unknown("no OS volume in output"))
    }
}

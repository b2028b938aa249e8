import Foundation
import Testing

@testable import MamoriAgentKit

/// Linux parsers on files as they sit under a root tree.
@Suite struct LinuxParserTests {
    func text(_ file: String) throws -> String { try Fixture.text("linux", file) }

    @Test func loginDefs() throws {
        let good = LinuxPasswordPolicyParser.loginDefs(try text("login-defs-pass.txt"))
        #expect(good["linux.login_defs.pass_max_days"] == .int(365))
        #expect(good["linux.login_defs.pass_min_len"] == .int(12))
        #expect(good["linux.login_defs.pass_warn_age"] == .int(14))
        let bad = LinuxPasswordPolicyParser.loginDefs(try text("login-defs-fail.txt"))
        #expect(bad["linux.login_defs.pass_max_days"] == .never("PASS_MAX_DAYS 99999: passwords never expire"))
        // Negative, or not set at all (shadow's default): never expires too, and no threshold is met by it.
        #expect(
            LinuxPasswordPolicyParser.loginDefs("PASS_MAX_DAYS -1\n")["linux.login_defs.pass_max_days"]
                == .never("PASS_MAX_DAYS -1: passwords never expire"))
        #expect(
            LinuxPasswordPolicyParser.loginDefs("PASS_MIN_DAYS 1\n")["linux.login_defs.pass_max_days"]
                == .never("PASS_MAX_DAYS not set: passwords never expire"))
        #expect(bad["linux.login_defs.pass_min_len"] == .unknown("PASS_MIN_LEN not set"))
    }

    @Test func pwquality() throws {
        let good = LinuxPasswordPolicyParser.pwqualityConf(try text("pwquality-pass.conf"))
        #expect(good["linux.pwquality.minlen"] == .int(12))
        #expect(good["linux.pwquality.minclass"] == .int(3))
        #expect(good["linux.pwquality.dcredit"] == .int(-1))
        let bad = LinuxPasswordPolicyParser.pwqualityConf(try text("pwquality-fail.conf"))
        #expect(bad["linux.pwquality.minlen"] == .unknown("minlen not set (the pam_pwquality default applies)"))
        #expect(bad.allSatisfy { !$0.value.isKnown })
    }

    @Test func pamCommonPassword() throws {
        let good = LinuxPasswordPolicyParser.pamPassword(try text("common-password-pass.txt"))
        #expect(good["linux.pam_password.quality_module"] == .text("pam_pwquality"))
        #expect(good["linux.pam_password.minlen"] == .int(14))
        #expect(good["linux.pam_password.minclass"] == .int(3))
        let bad = LinuxPasswordPolicyParser.pamPassword(try text("common-password-fail.txt"))
        #expect(bad["linux.pam_password.quality_module"] == .unknown("no pam_pwquality or pam_cracklib password line"))
        #expect(bad["linux.pam_password.minlen"]?.isKnown == false)
        #expect(
            LinuxPasswordPolicyParser.pamFields("password [success=1 default=ignore] pam_unix.so obscure")
                == ["password", "[success=1 default=ignore]", "pam_unix.so", "obscure"])
    }

    @Test func shadowWithoutEmptyPasswords() throws {
        let facts = LinuxAccountsParser.shadow(try text("shadow-pass.txt"))
        #expect(facts["linux.shadow.empty_password_accounts"] == .list([]))
        #expect(facts["linux.shadow.password_accounts"] == .list(["itadmin", "taro"]))
        #expect(facts["linux.shadow.last_change_day.itadmin"] == .int(19_800))
        #expect(facts["linux.shadow.last_change_day.taro"] == .int(19_850))
        #expect(facts["linux.shadow.last_change_day.root"] == nil)
    }

    @Test func shadowWithAnEmptyPasswordNeverKeepsHashes() throws {
        let file = try text("shadow-fail.txt")
        #expect(file.contains("FakeShadowHash"))
        let facts = LinuxAccountsParser.shadow(file)
        #expect(facts["linux.shadow.empty_password_accounts"] == .list(["guest"]))
        #expect(facts["linux.shadow.password_accounts"] == .list(["itadmin", "taro", "kiosk"]))
        #expect(facts["linux.shadow.last_change_day.taro"] == .int(18_000))
        #expect(facts["linux.shadow.last_change_day.kiosk"] == .unknown("password aging is off"))
        #expect(!facts.leaks("FakeShadowHash") && !facts.leaks("FakeSalt") && !facts.leaks("$6$"))
        #expect(LinuxAccountsParser.shadow("")["linux.shadow.empty_password_accounts"]?.isKnown == false)
    }

    @Test func adminGroups() throws {
        let good = LinuxAccountsParser.group(try text("group-pass.txt"))
        #expect(good["linux.group.sudo.members"] == .list(["itadmin"]))
        #expect(good["linux.group.wheel.members"] == .unknown("no wheel group"))
        #expect(good["linux.group.admin_members"] == .list(["itadmin"]))
        let bad = LinuxAccountsParser.group(try text("group-fail.txt"))
        #expect(bad["linux.group.sudo.members"] == .list(["itadmin", "taro"]))
        #expect(bad["linux.group.admin.members"] == .list(["hanako"]))
        #expect(bad["linux.group.admin_members"] == .list(["itadmin", "taro", "hanako"]))
    }

    @Test func humanUsers() throws {
        let facts = LinuxAccountsParser.passwd(try text("passwd.txt"))
        #expect(facts["linux.passwd.human_users"] == .list(["itadmin", "taro"]))
        #expect(facts["linux.passwd.empty_password_accounts"] == .list([]))
        #expect(facts["linux.passwd.root_equivalents"] == .list([]))
        // UID_MIN moves who counts as a person.
        #expect(LinuxAccountsParser.passwd("kiosk:x:500:500::/home/kiosk:/bin/bash\n", uidMin: 500)["linux.passwd.human_users"] == .list(["kiosk"]))
        #expect(LinuxAccountsParser.passwd("garbage")["linux.passwd.human_users"]?.isKnown == false)
    }

    @Test func unattendedUpgrades() throws {
        let good = LinuxPackagesParser.aptConfig(try text("apt-auto-upgrades-pass.txt"))
        #expect(good["linux.apt.update_package_lists"] == .bool(true))
        #expect(good["linux.apt.unattended_upgrade"] == .bool(true))
        #expect(good["linux.apt.security_origin_allowed"] == .bool(true))
        #expect(
            good["linux.apt.unattended_origins"]
                == .list([
                    "${distro_id}:${distro_codename}", "${distro_id}:${distro_codename}-security",
                    "${distro_id}ESMApps:${distro_codename}-apps-security", "${distro_id}ESM:${distro_codename}-infra-security"
                ]))
        let bad = LinuxPackagesParser.aptConfig(try text("apt-auto-upgrades-fail.txt"))
        #expect(bad["linux.apt.unattended_upgrade"] == .bool(false))
        #expect(bad["linux.apt.security_origin_allowed"] == .bool(false))
        #expect(bad["linux.apt.unattended_origins"] == .list(["${distro_id}:${distro_codename}"]))
    }

    @Test func nestedAptSyntax() throws {
        let facts = LinuxPackagesParser.aptConfig(try text("apt-nested.txt"))
        #expect(facts["linux.apt.unattended_upgrade"] == .bool(true))
        #expect(facts["linux.apt.security_origin_allowed"] == .bool(true))
        #expect(LinuxPackagesParser.aptConfig("")["linux.apt.unattended_upgrade"] == .bool(false), "not set is APT's default of 0, off")
    }

    @Test func installedPackages() throws {
        let facts = LinuxPackagesParser.dpkgStatus(try text("dpkg-status.txt"))
        #expect(facts["linux.dpkg.installed"] == .list(["adduser=3.137ubuntu1", "openssh-server=1:9.6p1-3ubuntu13.5", "libc6=2.39-0ubuntu8.3"]))
        #expect(LinuxPackagesParser.dpkgStatus("")["linux.dpkg.installed"]?.isKnown == false)
    }

    @Test func ufw() throws {
        #expect(LinuxSystemParser.ufwConf(try text("ufw-pass.conf")) == [Fact("linux.ufw.enabled", .bool(true))])
        #expect(LinuxSystemParser.ufwConf(try text("ufw-fail.conf")) == [Fact("linux.ufw.enabled", .bool(false))])
        #expect(LinuxSystemParser.ufwConf("# empty") == [Fact("linux.ufw.enabled", .unknown("ENABLED not set"))])
    }

    @Test func gnomeSettings() throws {
        func dconf(_ text: String) -> [Fact] { LinuxDesktopParser.effective(system: text, locks: [], users: []) }
        let good = dconf(try text("dconf-pass.txt"))
        #expect(good["linux.gnome.screensaver.lock_enabled"] == .bool(true))
        #expect(good["linux.gnome.screensaver.lock_delay_seconds"] == .int(0))
        #expect(good["linux.gnome.session.idle_delay_seconds"] == .int(300))
        #expect(good["linux.gnome.media_handling.automount_open"] == .bool(false))
        #expect(good["linux.gnome.media_handling.autorun_never"] == .bool(true))
        let bad = dconf(try text("dconf-fail.txt"))
        #expect(bad["linux.gnome.screensaver.lock_enabled"] == .bool(false))
        #expect(bad["linux.gnome.session.idle_delay_seconds"] == .never("idle-delay 0: the session never goes idle, so the screen never locks"))
        #expect(bad["linux.gnome.media_handling.automount_open"] == .bool(true))
        #expect(bad["linux.gnome.media_handling.autorun_never"] == .bool(false))
        let partial = dconf(try text("dconf-missing.txt"))
        #expect(partial["linux.gnome.session.idle_delay_seconds"] == .int(900))
        #expect(partial["linux.gnome.screensaver.lock_enabled"] == .unknown("lock-enabled not set (the GNOME default applies, and the user may change it)"))
    }

    @Test func gdmAutomaticLogin() throws {
        let good = LinuxDesktopParser.gdmCustomConf(try text("gdm-custom-pass.conf"))
        #expect(good["linux.gdm.automatic_login"] == .bool(false))
        let bad = LinuxDesktopParser.gdmCustomConf(try text("gdm-custom-fail.conf"))
        #expect(bad["linux.gdm.automatic_login"] == .bool(true))
        #expect(bad["linux.gdm.timed_login"] == .bool(false))
    }

    @Test func networkManagerProfilesNeverKeepKeys() throws {
        let files = try ["office-wpa", "home-sae", "cafe-open", "legacy-wep", "wired"].map { try text("\($0).nmconnection") }
        #expect(files[0].contains("FakeNmPsk-Do-Not-Leak-5150"))
        #expect(LinuxNetworkManagerParser.profile(files[4]) == nil)
        #expect(LinuxNetworkManagerParser.profile(files[2]) == WiFiProfile(name: "Cafe-Open", security: "open", isSecured: false))
        let facts = LinuxNetworkManagerParser.profiles(files)
        #expect(facts["linux.wifi.profiles"] == .list(["Office-5G", "Home-WPA3", "Cafe-Open", "Legacy-WEP"]))
        #expect(facts["linux.wifi.insecure_profiles"] == .list(["Cafe-Open", "Legacy-WEP"]))
        #expect(facts["linux.wifi.all_secured"] == .bool(false))
        #expect(LinuxNetworkManagerParser.profiles(Array(files[0...1]))["linux.wifi.all_secured"] == .bool(true))
        #expect(!facts.leaks("FakeNm") && !facts.leaks("FakeWepKey"))
    }

    @Test func crypttab() throws {
        let good = LinuxSystemParser.crypttab(try text("crypttab-pass.txt"))
        #expect(good["linux.crypttab.volumes"] == .list(["dm_crypt-0", "cryptswap"]))
        #expect(good["linux.crypttab.luks_volumes"] == .list(["dm_crypt-0"]))
        let bad = LinuxSystemParser.crypttab(try text("crypttab-fail.txt"))
        #expect(bad["linux.crypttab.luks_volumes"] == .list([]))
        #expect(LinuxSystemParser.crypttab("bad =,= line\nx y z =")["linux.crypttab.volumes"] == .list(["bad", "x"]))
    }
}

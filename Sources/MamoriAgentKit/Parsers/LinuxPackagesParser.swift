/// Reads how a Debian-family system updates itself (`apt.conf.d`) and what it has installed (`/var/lib/dpkg/status`).
public enum LinuxPackagesParser {
    /// Facts from `apt.conf.d/*` (appended in name order) and `apt.conf` last: periodic upgrades and allowed origins.
    public static func aptConfig(_ text: String) -> [Fact] {
        let config = AptConfig(text)
        let origins = config.list("Unattended-Upgrade::Allowed-Origins") + config.list("Unattended-Upgrade::Origins-Pattern")
        return [
            Fact(
                "linux.apt.periodic_enabled",
                config.value("APT::Periodic::Enable").map {
                    .bool(
                        ConsoleText.integer($0).map { $0 > 0 }
                            ?? ConsoleText.boolean($0), else: "APT::Periodic::Enable not understood: \($0)")
                } ?? .bool(true)),
            Fact("linux.apt.update_package_lists", periodic(config, "APT::Periodic::Update-Package-Lists")),
            Fact("linux.apt.unattended_upgrade", periodic(config, "APT::Periodic::Unattended-Upgrade")),
            Fact("linux.apt.unattended_origins", .list(origins)),
            Fact(
                "linux.apt.security_origin_allowed",
                origins.isEmpty ? .unknown("no Allowed-Origins or Origins-Pattern") : .bool(origins.contains { $0.lowercased().contains("security") }))
        ]
    }

    /// A periodic setting is on when its interval is above zero (`"1"`, `"7"`, `"always"`); not set, it is APT's
    /// default of 0, off.
    private static func periodic(_ config: AptConfig, _ key: String) -> FactValue {
        guard let raw = config.value(key) else { return .bool(false) }
        if let days = ConsoleText.integer(raw) { return .bool(days > 0) }
        if raw.lowercased() == "always" { return .bool(true) }
        return .bool(ConsoleText.boolean(raw), else: "\(key) not understood: \(raw)")
    }

    /// Whether APT reads a file of `apt.conf.d`: a name of letters, digits, `_`, `-` and `.` only, not a backup or a
    /// package manager's copy (apt silently skips those).
    public static func aptReads(_ name: String) -> Bool {
        let ignored = [".disabled", ".bak", ".dpkg-old", ".dpkg-dist", ".dpkg-new", ".dpkg-bak", ".dpkg-tmp", ".ucf-old", ".ucf-dist", ".ucf-new"]
        return !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }
            && !ignored.contains { name.hasSuffix($0) }
    }

    /// Facts from `/var/lib/dpkg/status`: installed packages (`Status: … installed`) as `name=version`.
    public static func dpkgStatus(_ text: String) -> [Fact] {
        var installed: [String] = []
        var sawPackage = false
        var package: String?
        var version = ""
        var status = ""
        func finish() {
            if let package, status.split(separator: " ").last == "installed" { installed.append("\(package)=\(version)") }
            package = nil
            version = ""
            status = ""
        }
        // The status file is megabytes: walk it as substrings instead of copying every line.
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.allSatisfy(\.isWhitespace) {
                finish()
                continue
            }
            // Most of the file is descriptions and dependencies: look only at the three fields used.
            guard line.hasPrefix("Package:") || line.hasPrefix("Version:") || line.hasPrefix("Status:"),
                let (label, value) = ConsoleText.labeled(String(line))
            else { continue }
            switch label {
            case "Package":
                finish()
                package = value
                sawPackage = true
            case "Version": version = value
            case "Status": status = value
            default: break
            }
        }
        finish()
        return [Fact("linux.dpkg.installed", sawPackage ? .list(installed) : .unknown("no packages in dpkg status"))]
    }
}

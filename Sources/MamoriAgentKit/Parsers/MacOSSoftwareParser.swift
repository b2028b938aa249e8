/// Reads installed applications and the Software Update preference on macOS.
public enum MacOSSoftwareParser {
    /// Antivirus vendors whose application names identify a product (besides the built-in XProtect).
    static let antivirusNames = [
        "sophos", "eset", "trend micro", "falcon", "crowdstrike", "microsoft defender", "norton", "mcafee",
        "bitdefender", "malwarebytes", "intego", "virusbarrier", "avast", "kaspersky", "f-secure"
    ]

    /// `system_profiler -json SPApplicationsDataType` → `macos.software.installed` (`name=version`) and `macos.av.products`.
    public static func applications(json: String) -> [Fact] {
        guard let root = PrintedJSON.parse(ConsoleText.trimmed(json)), let items = root["SPApplicationsDataType"]?.items else {
            let reason = FactValue.unknown("no SPApplicationsDataType in system_profiler output")
            return [Fact("macos.software.installed", reason), Fact("macos.av.products", reason)]
        }
        let apps = items.compactMap { item -> (name: String, version: String)? in
            guard let name = item["_name"]?.scalarText else { return nil }
            return (name, item["version"]?.scalarText ?? "")
        }
        let antivirus = apps.map(\.name).filter { name in antivirusNames.contains { name.lowercased().contains($0) } }
        return [
            Fact("macos.software.installed", .list(apps.map { "\($0.name)=\($0.version)" }.sorted())),
            Fact("macos.av.products", .list(antivirus.sorted()))
        ]
    }

    /// `defaults read /Library/Preferences/com.apple.SoftwareUpdate AutomaticallyInstallMacOSUpdates` → `macos.softwareupdate.automatic`.
    public static func automaticUpdates(_ text: String) -> [Fact] {
        let value = ConsoleText.trimmed(text)
        let fact: FactValue =
            switch value {
            case "1": .bool(true)
            case "0": .bool(false)
            default: .unknown(value.contains("does not exist") ? "AutomaticallyInstallMacOSUpdates not set" : "not understood: \(value)")
            }
        return [Fact("macos.softwareupdate.automatic", fact)]
    }
}

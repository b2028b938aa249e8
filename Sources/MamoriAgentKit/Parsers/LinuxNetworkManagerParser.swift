/// Reads Wi-Fi security from NetworkManager keyfiles (`/etc/NetworkManager/system-connections/*.nmconnection`).
///
/// Only `type`, `id` and `key-mgmt` are read; `psk`, WEP keys and 802.1X passwords are dropped while parsing.
public enum LinuxNetworkManagerParser {
    /// `key-mgmt` values that give WPA-family protection; `none` (static WEP) and `ieee8021x` (dynamic WEP) do not.
    private static let secured: Set<String> = ["wpa-psk", "sae", "wpa-eap", "wpa-eap-suite-b-192"]
    private static let insecure: Set<String> = ["none", "ieee8021x"]

    /// The Wi-Fi profile one keyfile describes; nil when it is not a Wi-Fi connection.
    public static func profile(_ text: String) -> WiFiProfile? {
        let file = KeyFile(text, isSecret: isSecret)
        guard let type = file.value("type", in: "connection"), type == "wifi" || type == "802-11-wireless" else { return nil }
        let name = file.value("id", in: "connection") ?? file.value("ssid", in: "wifi") ?? "(unnamed)"
        let section = file.hasSection("wifi-security") ? "wifi-security" : "802-11-wireless-security"
        guard file.hasSection(section) else { return WiFiProfile(name: name, security: "open", isSecured: false) }
        guard let keyManagement = file.value("key-mgmt", in: section)?.lowercased() else {
            return WiFiProfile(name: name, security: "key-mgmt missing", isSecured: nil)
        }
        let isSecured: Bool? = secured.contains(keyManagement) ? true : insecure.contains(keyManagement) ? false : nil
        return WiFiProfile(name: name, security: keyManagement, isSecured: isSecured)
    }

    /// `linux.wifi.profiles`, `.insecure_profiles`, `.all_secured` from every keyfile's text; non-Wi-Fi files are skipped.
    public static func profiles(_ texts: [String]) -> [Fact] {
        WiFiProfile.facts(texts.compactMap(profile), platform: "linux")
    }

    /// Keys that hold key material or passwords.
    private static func isSecret(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return lowered == "psk" || lowered.hasPrefix("wep-key") || lowered.contains("password") || lowered == "pin"
    }
}

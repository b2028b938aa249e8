/// Reads Wi-Fi security from `netsh wlan show interfaces` and `netsh wlan show profile name=…`.
///
/// Only `Authentication` and `Cipher` are read: a `Key Content` line (printed with `key=clear`) is never kept.
public enum WindowsWiFiParser {
    /// One `Name : value` block of `show interfaces`.
    private struct Interface {
        var state = "", ssid = "", authentication = "", cipher = ""
        var isConnected: Bool { ConsoleLabels.matches(state, ConsoleLabels.wifiConnected) }
    }

    /// Facts about the current connection from `netsh wlan show interfaces`.
    public static func interfaces(_ text: String) -> [Fact] {
        var interfaces: [Interface] = []
        for line in ConsoleText.lines(text) {
            guard let (label, value) = ConsoleText.labeled(line) else { continue }
            if ConsoleLabels.matches(label, ConsoleLabels.wifiName) {
                interfaces.append(Interface())
                continue
            }
            guard !interfaces.isEmpty else { continue }
            let last = interfaces.count - 1
            if ConsoleLabels.matches(label, ConsoleLabels.wifiState) {
                interfaces[last].state = value
            } else if label.caseInsensitiveCompare("SSID") == .orderedSame {
                interfaces[last].ssid = value
            } else if ConsoleLabels.matches(label, ConsoleLabels.wifiAuthentication) {
                interfaces[last].authentication = value
            } else if ConsoleLabels.matches(label, ConsoleLabels.wifiCipher) {
                interfaces[last].cipher = value
            }
        }
        let connected: FactValue =
            if !interfaces.isEmpty {
                .bool(interfaces.contains { $0.isConnected })
            } else if ConsoleLabels.contains(text, anyOf: ConsoleLabels.wifiInterfaceWords) { .bool(false) } else {
                .unknown("netsh wlan output not recognised")
            }
        let current = interfaces.first { $0.isConnected }
        let reason = connected == .bool(false) ? "not connected to Wi-Fi" : "netsh wlan output not recognised"
        return [
            Fact("windows.wifi.connected", connected),
            Fact("windows.wifi.current_ssid", .text(current?.ssid, else: reason)),
            Fact("windows.wifi.current_authentication", .text(current?.authentication, else: reason)),
            Fact("windows.wifi.current_cipher", .text(current?.cipher, else: reason)),
            Fact(
                "windows.wifi.current_secured",
                .bool(current.flatMap { isSecured(authentications: [$0.authentication], ciphers: [$0.cipher]) }, else: reason))
        ]
    }

    /// The profile `netsh wlan show profile name=…` describes; nil when no profile name is printed.
    public static func profile(_ text: String) -> WiFiProfile? {
        var name: String?
        var authentications: [String] = []
        var ciphers: [String] = []
        for line in ConsoleText.lines(text) {
            guard let (label, value) = ConsoleText.labeled(line) else { continue }
            if name == nil, ConsoleLabels.matches(label, ConsoleLabels.wifiName) {
                name = value
            } else if ConsoleLabels.matches(label, ConsoleLabels.wifiAuthentication) {
                authentications.append(value)
            } else if ConsoleLabels.matches(label, ConsoleLabels.wifiCipher) {
                ciphers.append(value)
            }
        }
        guard let name else { return nil }
        let security = zip(authentications, ciphers).map { "\($0)/\($1)" }.joined(separator: ", ")
        return WiFiProfile(name: name, security: security, isSecured: isSecured(authentications: authentications, ciphers: ciphers))
    }

    /// `windows.wifi.profiles`, `.insecure_profiles`, `.all_secured` from one `show profile` output per saved profile.
    public static func profiles(_ texts: [String]) -> [Fact] {
        let profiles = texts.enumerated().map { index, text in
            profile(text) ?? WiFiProfile(name: "(unreadable profile \(index + 1))", security: "", isSecured: nil)
        }
        return WiFiProfile.facts(profiles, platform: "windows")
    }

    /// False when any authentication or cipher is open, shared-key or WEP; true when all are WPA-family; else nil.
    static func isSecured(authentications: [String], ciphers: [String]) -> Bool? {
        guard !authentications.isEmpty else { return nil }
        if (authentications + ciphers).contains(where: { ConsoleLabels.matches($0, ConsoleLabels.wifiInsecure) }) { return false }
        return authentications.allSatisfy { $0.lowercased().contains("wpa") } ? true : nil
    }
}

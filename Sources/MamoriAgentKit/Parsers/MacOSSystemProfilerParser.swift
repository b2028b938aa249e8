/// Reads `system_profiler -json` reports: Wi-Fi security (`SPAirPortDataType`) and USB devices (`SPUSBDataType`).
public enum MacOSSystemProfilerParser {
    private static let securityPrefix = "spairport_security_mode_"

    /// Facts about the current Wi-Fi network from `system_profiler -json SPAirPortDataType`.
    public static func airport(json: String) -> [Fact] {
        guard let root = PrintedJSON.parse(json), let reports = root["SPAirPortDataType"] else {
            return airportFacts(connected: .unknown("no SPAirPortDataType in output"), mode: nil)
        }
        let interfaces = reports.objects.flatMap { $0["spairport_airport_interfaces"]?.objects ?? [] }
        let current = interfaces.compactMap { $0["spairport_current_network_information"] }
            .first { $0["spairport_security_mode"] != nil || $0["_name"] != nil }
        guard let current else { return airportFacts(connected: .bool(false), mode: nil) }
        let mode = current["spairport_security_mode"]?.scalarText.map { raw in
            raw.hasPrefix(securityPrefix) ? String(raw.dropFirst(securityPrefix.count)) : raw
        }
        return airportFacts(connected: .bool(true), mode: mode)
    }

    /// False for `none` and WEP modes, true for WPA-family modes, nil for anything else (e.g. `owe`).
    static func isSecured(mode: String) -> Bool? {
        let lowered = mode.lowercased()
        if lowered == "none" || lowered.contains("wep") { return false }
        return lowered.contains("wpa") ? true : nil
    }

    private static func airportFacts(connected: FactValue, mode: String?) -> [Fact] {
        let reason =
            switch connected {
            case .bool(false): "not connected to Wi-Fi"
            case .unknown(let why): why
            default: "security mode missing"
            }
        return [
            Fact("macos.wifi.connected", connected),
            Fact("macos.wifi.current_security_mode", .text(mode, else: reason)),
            Fact(
                "macos.wifi.current_secured",
                mode.map { .bool(isSecured(mode: $0), else: "security mode not recognised: \($0)") } ?? .unknown(reason))
        ]
    }

    /// Facts about connected USB devices from `system_profiler -json SPUSBDataType`, walking nested `_items`.
    ///
    /// A device is `vendor:product:serial` with 4-digit lowercase hex IDs (`0781:5581:4C5300`); storage devices have `Media`.
    public static func usb(json: String) -> [Fact] {
        guard let root = PrintedJSON.parse(json), let buses = root["SPUSBDataType"] else {
            let reason = FactValue.unknown("no SPUSBDataType in output")
            return [Fact("macos.usb.devices", reason), Fact("macos.usb.storage_devices", reason), Fact("macos.usb.storage_device_names", reason)]
        }
        var devices: [String] = []
        var storage: [String] = []
        var storageNames: [String] = []
        var pending = buses.objects
        while !pending.isEmpty {
            let node = pending.removeFirst()
            pending += node["_items"]?.objects ?? []
            guard let vendor = node["vendor_id"]?.scalarText, let product = node["product_id"]?.scalarText else { continue }
            let id = [hexID(vendor), hexID(product), node["serial_num"]?.scalarText ?? ""].joined(separator: ":")
            devices.append(id)
            if node["Media"] != nil {
                storage.append(id)
                storageNames.append(node["_name"]?.scalarText ?? id)
            }
        }
        return [
            Fact("macos.usb.devices", .list(devices)),
            Fact("macos.usb.storage_devices", .list(storage)),
            Fact("macos.usb.storage_device_names", .list(storageNames))
        ]
    }

    /// `0x0781  (SanDisk Corporation)` → `0781`; a non-hex value (`apple_vendor_id`) is kept lowercased.
    static func hexID(_ raw: String) -> String {
        let token = raw.split(separator: " ").first.map(String.init)?.lowercased() ?? ""
        guard token.hasPrefix("0x"), let number = Int(token.dropFirst(2), radix: 16) else { return token }
        let hex = String(number, radix: 16)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

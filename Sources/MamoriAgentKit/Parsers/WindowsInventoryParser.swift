import Foundation

/// Reads the Windows facts the other parsers do not: installed software, USB storage, Windows Update policy, the signed-in user.
public enum WindowsInventoryParser {
    /// `Get-ItemProperty …\Uninstall\* | Select DisplayName,DisplayVersion | ConvertTo-Json` → `windows.software.installed` as `name=version`.
    public static func installedSoftware(json: String) -> [Fact] {
        guard let root = PrintedJSON.parse(json) else { return [Fact("windows.software.installed", .unknown("software list is not JSON"))] }
        let names = root.objects.compactMap { item -> String? in
            guard let name = item["DisplayName"]?.scalarText, !name.isEmpty else { return nil }
            return "\(name)=\(item["DisplayVersion"]?.scalarText ?? "")"
        }
        return [Fact("windows.software.installed", .list(names.sorted()))]
    }

    /// `Get-PnpDevice -PresentOnly | Where InstanceId -like 'USBSTOR*' | Select InstanceId | ConvertTo-Json` →
    /// `windows.usb.storage_devices` as `vendor:product:serial` (from `USBSTOR\DISK&VEN_x&PROD_y&REV_z\SERIAL&0`).
    public static func usbStorage(json: String) -> [Fact] {
        let trimmed = ConsoleText.trimmed(json)
        if trimmed.isEmpty { return [Fact("windows.usb.storage_devices", .list([]))] }
        guard let root = PrintedJSON.parse(trimmed) else { return [Fact("windows.usb.storage_devices", .unknown("device list is not JSON"))] }
        let devices = root.objects.compactMap { $0["InstanceId"]?.scalarText }.map { id -> String in
            let parts = id.split(separator: "\\")
            let fields = parts.count > 1 ? parts[1].split(separator: "&") : []
            func field(_ prefix: String) -> String { fields.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) } ?? "" }
            let serial = parts.count > 2 ? String(parts[2].split(separator: "&").first ?? "") : ""
            return [field("VEN_"), field("PROD_"), serial].joined(separator: ":").lowercased()
        }
        return [Fact("windows.usb.storage_devices", .list(devices))]
    }

    /// `reg query HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU` → `windows.update.automatic`
    /// (no policy, as `reg` reports for a missing key, means Windows' default: automatic).
    public static func updatePolicy(_ text: String) -> [Fact] {
        guard let values = WindowsRegistryParser.values(text) else { return [Fact("windows.update.automatic", .bool(true))] }
        let disabled = values["noautoupdate"]?.integer == 1
        let notifyOnly = values["auoptions"]?.integer.map { $0 == 2 } ?? false
        return [Fact("windows.update.automatic", .bool(!disabled && !notifyOnly))]
    }

}

/// Windows Update and local-account facts read from PowerShell JSON.
public enum WindowsUpdateParser {
    /// The Update Agent's search for missing software updates (`Title`, `MsrcSeverity`, `Categories`) →
    /// `windows.update.pending_security`: those in the Security Updates category or with an MSRC severity.
    public static func pendingUpdates(json: String) -> [Fact] {
        let text = ConsoleText.trimmed(json)
        if text.isEmpty { return [Fact("windows.update.pending_security", .int(0))] }
        guard let root = PrintedJSON.parse(text) else { return [Fact("windows.update.pending_security", .unknown("update search output is not JSON"))] }
        let security = root.objects.filter { update in
            let categories = update["Categories"].map { $0.items.compactMap(\.scalarText) + [$0.scalarText].compactMap { $0 } } ?? []
            return categories.contains { $0.localizedCaseInsensitiveContains("Security") } || update["MsrcSeverity"]?.scalarText?.isEmpty == false
        }
        return [Fact("windows.update.pending_security", .int(security.count))]
    }

    /// `Get-LocalUser | Where-Object Enabled | Select-Object Name,PasswordLastSet | ConvertTo-Json` → days since the least
    /// recently changed password (`/Date(ms)/` from Windows PowerShell 5.1, ISO 8601 from PowerShell 7). An enabled user
    /// whose password was never set (`PasswordLastSet` null) makes it `never`.
    public static func passwordAges(json: String, now: Date) -> [Fact] {
        let key = "windows.password.oldest_change_days"
        guard let root = PrintedJSON.parse(ConsoleText.trimmed(json)) else { return [Fact(key, .unknown("local users output is not JSON"))] }
        if let unset = root.objects.first(where: { $0["PasswordLastSet"] == nil || $0["PasswordLastSet"] == .null }) {
            return [Fact(key, .never("\(unset["Name"]?.scalarText ?? "?"): PasswordLastSet empty: the password was never set"))]
        }
        let dates = root.objects.compactMap { $0["PasswordLastSet"]?.scalarText }.compactMap(date)
        guard let oldest = dates.min() else { return [Fact(key, .unknown("no PasswordLastSet for any enabled user"))] }
        return [Fact(key, .int(max(0, Int(now.timeIntervalSince(oldest) / 86_400))))]
    }

    private static func date(_ text: String) -> Date? {
        if text.hasPrefix("/Date(") {
            let body = text.dropFirst(6)
            let digits = body.prefix { $0.isNumber || $0 == "-" && body.first == "-" }
            return Double(digits).map { Date(timeIntervalSince1970: $0 / 1000) }
        }
        return (try? Date(text, strategy: .iso8601))
            ?? (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
    }
}

/// Reads BitLocker state from `Get-BitLockerVolume` JSON or, as a fallback, `manage-bde -status` (English or Japanese).
///
/// Only key protector *types* are read; recovery passwords in the JSON are never touched.
public enum WindowsBitLockerParser {
    /// What one volume reports.
    struct Volume {
        var mountPoint: String
        var isOSVolume = false
        var protectionOn: Bool?
        var percentage: Int?
        var conversion: String?
        var method: String?
        var keyProtectors: [String]?
    }

    /// Enum numbers `ConvertTo-Json` may write instead of names.
    private static let protectionNames = [0: "Off", 1: "On", 2: "Unknown"]
    private static let volumeStatusNames = [
        0: "FullyDecrypted", 1: "FullyEncrypted", 2: "EncryptionInProgress",
        3: "DecryptionInProgress", 4: "EncryptionSuspended", 5: "DecryptionSuspended"
    ]
    private static let protectorNames = [
        0: "Unknown", 1: "Tpm", 2: "ExternalKey", 3: "RecoveryPassword", 4: "TpmPin", 5: "TpmStartupKey",
        6: "TpmPinStartupKey", 7: "PublicKey", 8: "Password", 9: "TpmNetworkKey", 10: "AdAccountOrGroup"
    ]

    /// Facts from `Get-BitLockerVolume | ConvertTo-Json -Depth 3`.
    public static func bitLockerVolumes(json: String) -> [Fact] {
        guard let value = PrintedJSON.parse(json) else { return facts(nil, reason: "Get-BitLockerVolume output is not JSON") }
        let volumes = value.objects.compactMap { object -> Volume? in
            guard let mount = object["MountPoint"]?.scalarText else { return nil }
            var volume = Volume(mountPoint: mount)
            let type = object["VolumeType"]?.scalarText
            volume.isOSVolume = type == "0" || type?.lowercased() == "operatingsystem"
            volume.protectionOn = name(object["ProtectionStatus"], protectionNames).flatMap(ConsoleText.boolean)
            volume.percentage = object["EncryptionPercentage"]?.scalarText.flatMap(ConsoleText.decimal).map { Int($0) }
            volume.conversion = name(object["VolumeStatus"], volumeStatusNames)
            volume.method = name(object["EncryptionMethod"], [0: "None"])
            volume.keyProtectors = object["KeyProtector"].map { protectors in
                (protectors.items.isEmpty ? [protectors] : protectors.items).compactMap { item in
                    item.objects.isEmpty ? item.scalarText : name(item["KeyProtectorType"], protectorNames)
                }
            }
            return volume
        }
        return facts(volumes, reason: "no volume in Get-BitLockerVolume output")
    }

    /// Facts from `manage-bde -status`.
    public static func manageBDEStatus(_ text: String) -> [Fact] {
        var volumes: [Volume] = []
        var inProtectors = false
        for line in ConsoleText.lines(text) {
            let body = ConsoleText.trimmed(line)
            if let prefix = ConsoleLabels.bitLockerVolume.first(where: { body.hasPrefix($0) }),
                let colon = body.firstIndex(of: ":")
            {
                let letter = ConsoleText.trimmed(body[body.index(body.startIndex, offsetBy: prefix.count)...colon])
                volumes.append(Volume(mountPoint: letter))
                inProtectors = false
                continue
            }
            guard !volumes.isEmpty, !body.isEmpty else { continue }
            if body.hasPrefix("["), body.hasSuffix("]") {
                if body.contains("OS") { volumes[volumes.count - 1].isOSVolume = true }
                continue
            }
            guard let (label, value) = ConsoleText.labeled(body) else {
                if inProtectors { volumes[volumes.count - 1].keyProtectors?.append(body) }
                continue
            }
            inProtectors = false
            read(label: label, value: value, into: &volumes[volumes.count - 1], inProtectors: &inProtectors)
        }
        return facts(volumes.isEmpty ? nil : volumes, reason: "no volume in manage-bde output")
    }

    private static func read(label: String, value: String, into volume: inout Volume, inProtectors: inout Bool) {
        let noneValue = ConsoleLabels.matches(value, ConsoleLabels.bitLockerNone)
        if ConsoleLabels.matches(label, ConsoleLabels.bitLockerConversion) {
            volume.conversion = ConsoleLabels.bitLockerConversionNames[value.lowercased()] ?? value
        } else if ConsoleLabels.matches(label, ConsoleLabels.bitLockerPercentage) {
            volume.percentage = ConsoleText.decimal(value).map { Int($0) }
        } else if ConsoleLabels.matches(label, ConsoleLabels.bitLockerMethod) {
            volume.method = noneValue ? "None" : value
        } else if ConsoleLabels.matches(label, ConsoleLabels.bitLockerProtection) {
            let words = value.lowercased()
            volume.protectionOn =
                ConsoleLabels.off.contains { words.contains($0) }
                ? false
                : ConsoleLabels.on.contains { words.contains($0) } ? true : nil
        } else if ConsoleLabels.matches(label, ConsoleLabels.bitLockerKeyProtectors) {
            volume.keyProtectors = []
            inProtectors = value.isEmpty
        }
    }

    /// An enum member as its name, whether JSON holds the name or the number.
    private static func name(_ value: PrintedJSON?, _ names: [Int: String]) -> String? {
        if case .int(let number)? = value { return names[number] ?? "code \(number)" }
        return value?.scalarText
    }

    private static func facts(_ volumes: [Volume]?, reason: String) -> [Fact] {
        let os = volumes?.first { $0.isOSVolume } ?? volumes?.first { $0.mountPoint.uppercased() == "C:" }
        let osReason = volumes == nil ? reason : "no OS volume in output"
        return [
            Fact("windows.bitlocker.volumes", volumes.map { .list($0.map(\.mountPoint)) } ?? .unknown(reason)),
            Fact(
                "windows.bitlocker.unprotected_volumes",
                volumes.map { .list($0.filter { $0.protectionOn != true }.map(\.mountPoint)) } ?? .unknown(reason)),
            Fact("windows.bitlocker.os_volume.protection_on", .bool(os?.protectionOn, else: os == nil ? osReason : "protection status missing")),
            Fact("windows.bitlocker.os_volume.encryption_percentage", .int(os?.percentage, else: os == nil ? osReason : "percentage missing")),
            Fact(
                "windows.bitlocker.os_volume.fully_encrypted",
                .bool(os?.percentage.map { $0 >= 100 }, else: os == nil ? osReason : "percentage missing")),
            Fact("windows.bitlocker.os_volume.conversion_status", .text(os?.conversion, else: os == nil ? osReason : "conversion status missing")),
            Fact("windows.bitlocker.os_volume.encryption_method", .text(os?.method, else: os == nil ? osReason : "encryption method missing")),
            Fact(
                "windows.bitlocker.os_volume.key_protectors",
                os?.keyProtectors.map { .list($0) } ?? .unknown(os == nil ? osReason : "key protectors missing"))
        ]
    }
}

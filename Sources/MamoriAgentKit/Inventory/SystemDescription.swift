import Foundation

/// The hardware, OS, network and accounts part of a Windows or macOS inventory, read from one JSON command each.
struct SystemDescription: Sendable, Equatable {
    var hostname = "", os = "", kernel = "", hardware = "", cpu = ""
    var memoryMB: Int?
    var interfaces: [NetworkInterface] = []
    var accounts: [String] = []

    /// The PowerShell object the scan script's `system` section prints as JSON.
    static func windows(json: String) -> SystemDescription {
        guard let root = PrintedJSON.parse(ConsoleText.trimmed(json)) else { return SystemDescription() }
        var system = SystemDescription()
        system.hostname = root["Hostname"]?.scalarText ?? ""
        system.os = [root["OS"]?.scalarText, root["Version"]?.scalarText].compactMap { $0 }.joined(separator: " ")
        system.kernel = root["Version"]?.scalarText ?? ""
        system.hardware = [root["Manufacturer"]?.scalarText, root["Model"]?.scalarText].compactMap { $0 }.joined(separator: " ")
        system.cpu = root["CPU"]?.scalarText ?? ""
        system.memoryMB = root["MemoryBytes"]?.scalarText.flatMap { Double($0) }.map { Int($0 / 1_048_576) }
        system.interfaces = (root["Interfaces"]?.objects ?? []).map { item in
            NetworkInterface(
                name: item["Name"]?.scalarText ?? "", mac: item["Mac"]?.scalarText ?? "",
                addresses: (item["Addresses"]?.items ?? []).compactMap(\.scalarText) + [item["Addresses"]?.scalarText].compactMap { $0 })
        }
        system.accounts = (root["Accounts"]?.items ?? []).compactMap(\.scalarText) + [root["Accounts"]?.scalarText].compactMap { $0 }
        return system
    }

    /// `system_profiler -json SPHardwareDataType SPSoftwareDataType SPNetworkDataType`, and `dscl . -list /Users UniqueID`.
    static func macOS(json: String, users: String) -> SystemDescription {
        var system = SystemDescription()
        if let root = PrintedJSON.parse(ConsoleText.trimmed(json)) {
            let hardware = root["SPHardwareDataType"]?.items.first
            let software = root["SPSoftwareDataType"]?.items.first
            system.hostname = software?["local_host_name"]?.scalarText ?? ""
            system.os = software?["os_version"]?.scalarText ?? ""
            system.kernel = software?["kernel_version"]?.scalarText ?? ""
            system.hardware = [hardware?["machine_name"]?.scalarText, hardware?["machine_model"]?.scalarText].compactMap { $0 }.joined(separator: " ")
            system.cpu = hardware?["chip_type"]?.scalarText ?? hardware?["cpu_type"]?.scalarText ?? ""
            system.memoryMB = hardware?["physical_memory"]?.scalarText.flatMap { Int($0.split(separator: " ").first ?? "") }.map { $0 * 1024 }
            system.interfaces = (root["SPNetworkDataType"]?.items ?? []).map { item in
                NetworkInterface(
                    name: item["interface"]?.scalarText ?? item["_name"]?.scalarText ?? "",
                    mac: item["Ethernet"]?["MAC Address"]?.scalarText ?? "",
                    addresses: (item["ip_address"]?.items ?? []).compactMap(\.scalarText))
            }
        }
        system.accounts = ConsoleText.lines(users).compactMap { line in
            let fields = line.split(whereSeparator: \.isWhitespace)
            guard fields.count == 2, let id = Int(fields[1]), id >= 501, !fields[0].hasPrefix("_") else { return nil }
            return String(fields[0])
        }
        return system
    }
}

extension Inventory {
    /// A Windows or macOS inventory: the system description, and software, administrators and settings from the facts.
    init(platform: String, facts: [Fact], system: SystemDescription) {
        func list(_ key: String) -> [String] {
            if case .list(let items)? = facts.value(for: "\(platform).\(key)") { items } else { [] }
        }
        self.init(
            hostname: system.hostname, os: system.os, kernel: system.kernel, hardware: system.hardware, cpu: system.cpu,
            memoryMB: system.memoryMB, interfaces: system.interfaces, software: list("software.installed"), accounts: system.accounts,
            administrators: list(platform == "windows" ? "administrators.members" : "admin_group.members"),
            settings: facts.map { "\($0.key) = \(RuleEvaluator.describe($0.value))" })
    }
}

import Foundation

/// Builds a Linux PC's inventory from its files and the facts already collected.
enum LinuxInventory {
    static func collect(_ tree: FileTree, facts: [Fact]) -> Inventory {
        func line(_ path: String) -> String { tree.text(path)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
        func list(_ key: String) -> [String] {
            if case .list(let items)? = facts.value(for: key) { items } else { [] }
        }
        let release = tree.text("/etc/os-release") ?? ""
        let os =
            release.split(separator: "\n").first { $0.hasPrefix("PRETTY_NAME=") }
            .map { String($0.dropFirst("PRETTY_NAME=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) } ?? ""
        let cpu =
            (tree.text("/proc/cpuinfo") ?? "").split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let memory = (tree.text("/proc/meminfo") ?? "").split(separator: "\n").first { $0.hasPrefix("MemTotal:") }
            .flatMap { $0.split(separator: " ").dropFirst().first }.flatMap { Int($0) }.map { $0 / 1024 }
        let addresses = tree.isLiveRoot ? liveAddresses() : [:]
        let interfaces = tree.list("/sys/class/net").map { name in
            NetworkInterface(name: name, mac: line("/sys/class/net/\(name)/address"), addresses: addresses[name] ?? [])
        }
        let settings = facts.filter { !$0.key.hasPrefix("linux.dpkg.") && !$0.key.hasPrefix("linux.shadow.last_change_day.") }
            .map { "\($0.key) = \(RuleEvaluator.describe($0.value))" }
        return Inventory(
            hostname: line("/etc/hostname"), os: os, kernel: line("/proc/sys/kernel/osrelease"),
            hardware: [line("/sys/class/dmi/id/sys_vendor"), line("/sys/class/dmi/id/product_name")].filter { !$0.isEmpty }.joined(separator: " "),
            cpu: cpu, memoryMB: memory, interfaces: interfaces, software: list("linux.dpkg.installed"),
            accounts: list("linux.passwd.human_users"), administrators: list("linux.group.admin_members"), settings: settings)
    }

    /// IPv4 and IPv6 addresses per interface of the running system.
    private static func liveAddresses() -> [String: [String]] {
        var result: [String: [String]] = [:]
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return result }
        defer { freeifaddrs(list) }
        for pointer in sequence(first: first, next: { $0.pointee.ifa_next }) {
            let entry = pointer.pointee
            guard let address = entry.ifa_addr else { continue }
            let family = Int32(address.pointee.sa_family)
            guard family == AF_INET || family == AF_INET6 else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            let length = socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
            guard getnameinfo(address, length, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 else { continue }
            let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            result[String(cString: entry.ifa_name), default: []].append(text)
        }
        return result
    }
}

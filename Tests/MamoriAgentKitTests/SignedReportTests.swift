import Foundation
import Testing

@testable import MamoriAgentKit

/// Reports are signed with the device's Ed25519 key; any change to the report or the key is caught offline.
@Suite struct SignedReportTests {
    func report(_ key: DeviceKey) throws -> AgentReport {
        let tree = try PreparedTree()
        return try AgentScan(root: tree.root, parameters: tree.parameters, runner: CommandRunner { _, _ in .success("") }, now: tree.now)
            .run(deviceID: key.deviceID)
    }

    @Test func aSignedReportVerifiesAndAnyChangeBreaksIt() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-agent-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        #expect(throws: AgentError.self) { try DeviceKey(state: state, create: false) }
        let key = try DeviceKey(state: state, create: true)
        let mode = try FileManager.default.attributesOfItem(atPath: DeviceKey.file(in: state).path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let signed = try key.sign(report(key))
        #expect(try signed.verified().device.id == key.deviceID)

        var altered = signed
        altered.report = signed.report.replacingOccurrences(of: "\"status\":\"fail\"", with: "\"status\":\"pass\"")
        altered.report = altered.report == signed.report ? signed.report.replacingOccurrences(of: "linux", with: "linuz") : altered.report
        #expect(throws: AgentError.self) { try altered.verified() }

        let otherState = state.appendingPathComponent("other")
        let other = try DeviceKey(state: otherState, create: true)
        var foreign = signed
        foreign.publicKey = other.publicKey
        #expect(throws: AgentError.self) { try foreign.verified() }
        #expect(try DeviceKey(state: state, create: false).deviceID == key.deviceID, "the key is reused, not replaced")
    }

    @Test func inventoryDiffNamesWhatChanged() throws {
        let tree = try PreparedTree()
        let scan = AgentScan(root: tree.root, parameters: tree.parameters, runner: CommandRunner { _, _ in .success("") }, now: tree.now)
        let first = try scan.run(deviceID: "d")
        try tree.packages(PreparedTree.installed.filter { $0 != "libreoffice-calc" } + ["steam"])
        let second = try scan.run(deviceID: "d", previous: first.inventory)
        let diff = try #require(second.inventoryDiff)
        #expect(diff.softwareAdded == ["steam=1.0-1"])
        #expect(diff.softwareRemoved == ["libreoffice-calc=1.0-1"])
        #expect(first.inventory.diff(from: first.inventory).isEmpty)
    }

    @Test func serviceDefinitionsForEachPlatform() throws {
        let definition = ServiceDefinition(binary: "/usr/local/bin/mamori-agent", state: "/var/lib/mamori-agent", intervalHours: 6)
        let linux = try definition.files(for: "linux")
        #expect(linux.map(\.name) == ["mamori-agent.service", "mamori-agent.timer"])
        #expect(linux[0].content.contains("ExecStart=/usr/local/bin/mamori-agent scan --submit"))
        #expect(linux[1].content.contains("OnUnitActiveSec=6h"))
        let plist = try #require(try definition.files(for: "macos").first?.content)
        #expect(try PropertyListSerialization.propertyList(from: Data(plist.utf8), format: nil) is [String: Any])
        let task = try #require(try definition.files(for: "windows").first?.content)
        #expect(task.contains("<Interval>PT6H</Interval>"))
        #expect(throws: AgentError.self) { try definition.files(for: "amiga") }
    }
}

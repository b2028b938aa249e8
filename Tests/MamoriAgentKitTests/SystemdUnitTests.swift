import Foundation
import MamoriTestSupport
import Testing

@testable import MamoriAgentKit

/// The Linux service and timer pass `systemd-analyze verify` (installed by `.ci/run`).
@Suite(.needs(.systemd)) struct SystemdUnitTests {
    @Test func unitsVerify() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let files = try ServiceDefinition(binary: "/bin/true", state: "/var/lib/mamori-agent", intervalHours: 12).files(for: "linux")
        for file in files { try Data(file.content.utf8).write(to: directory.appendingPathComponent(file.name)) }
        let verified = try ChildProcess.run(
            ["/usr/bin/systemd-analyze", "verify"] + files.map { directory.appendingPathComponent($0.name).path }, timeout: .seconds(120))
        let complaints = verified.errorText
        #expect(verified.succeeded, "\(complaints)")
        #expect(!complaints.contains("mamori-agent"), "\(complaints)")
    }
}

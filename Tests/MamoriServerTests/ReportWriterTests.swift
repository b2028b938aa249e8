import Foundation
import MamoriCore
import MamoriStore
import Testing

@testable import MamoriServer

/// Check-ins written in batches: every caller's report is durable when it returns, and each PC's latest is its last.
@Suite struct ReportWriterTests {
    @Test func concurrentReportsAreAllWrittenAndTheLatestIsKeptPerPC() async throws {
        let fixture = try await ServerFixture()
        let store = fixture.store
        for index in 0..<4 {
            try await store.createEnrollmentToken(
                hash: "token-\(index)", organizationID: DemoScenario.contractorID, createdBy: "test",
                at: ServerFixture.now, expiresAt: ServerFixture.now.addingTimeInterval(3600))
            _ = try await store.enroll(
                tokenHash: "token-\(index)", deviceID: "dev-\(index)", hostname: "pc-\(index)", publicKey: "key-\(index)",
                at: ServerFixture.now)
        }
        let writer = ReportWriter(store: store)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for number in 0..<200 {
                group.addTask {
                    try await writer.write(
                        DeviceReport(
                            deviceID: "dev-\(number % 4)", receivedAt: ServerFixture.now, generatedAt: "\(number)",
                            platform: "linux", hostname: "pc-\(number % 4)", passed: number, failed: 0, unknown: 0,
                            results: "[]", report: "{}", signature: ""), for: DemoScenario.contractorID)
                }
            }
            try await group.waitForAll()
        }
        let latest = try await store.latestReportIDs(of: DemoScenario.contractorID)
        #expect(latest.count == 4)
        for (device, reportID) in latest {
            let history = try await store.reports(of: device, limit: 100)
            #expect(history.count == 50, "\(device): every report was written")
            #expect(reportID == history.first?.id, "\(device): the latest is the last written")
        }
        // A report of an unknown PC fails alone; the reports written beside it are kept.
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for number in 0..<20 {
                group.addTask {
                    let device = number == 7 ? "dev-unknown" : "dev-0"
                    return
                        (try? await writer.write(
                            DeviceReport(
                                deviceID: device, receivedAt: ServerFixture.now, generatedAt: "", platform: "linux",
                                hostname: "", passed: 0, failed: 0, unknown: 0, results: "[]", report: "{}",
                                signature: ""), for: DemoScenario.contractorID)) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.filter { !$0 }.count == 1)
        #expect(try await store.reports(of: "dev-0", limit: 1000).count == 69)
        // A check-in refused while being prepared stores nothing and holds up no batch; its answer comes with the report.
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            try await writer.write { () async throws -> (report: DeviceReport, organizationID: String, answer: Int) in throw Refused() }
        }
        #expect(writer.preparing == 0)
        let answer = try await writer.write {
            (
                DeviceReport(
                    deviceID: "dev-0", receivedAt: ServerFixture.now, generatedAt: "", platform: "linux", hostname: "", passed: 0,
                    failed: 0, unknown: 0, results: "[]", report: "{}", signature: ""), DemoScenario.contractorID, 42
            )
        }
        #expect(answer == 42)
        #expect(try await store.reports(of: "dev-0", limit: 1000).count == 70)
    }
}

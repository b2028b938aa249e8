import Foundation
import MamoriCore
import MamoriStore
import Synchronization
import Testing

@testable import MamoriServer

/// The dashboards' evaluation is kept between requests: a write shows at once, the passing of time within a moment.
@Suite struct EvaluationCacheTests {
    final class Clock: Sendable {
        let now = Mutex(ServerFixture.now)
    }

    @Test func aWriteShowsAtOnceAndTimeCatchesUpInTheBackground() async throws {
        let fixture = try await ServerFixture()
        let clock = Clock()
        let environment = ServerEnvironment(store: fixture.store, passwordCost: 4, now: { clock.now.withLock { $0 } })
        let catalog = try environment.catalogs.bundled("nakano")
        let later = ServerFixture.now.addingTimeInterval(400 * 86_400)
        let state = try await fixture.store.contract(ServerFixture.contractID)
        let before = ComplianceEvaluator(catalog: catalog).evaluate(state, now: ServerFixture.now)
        let after = ComplianceEvaluator(catalog: catalog).evaluate(state, now: later)
        let changed = try #require(zip(before, after).first { $0.status != $1.status }?.0.clauseID, "a clause that time changes")

        func status(_ clause: String) async throws -> ClauseStatus? {
            let (all, position) = try await fixture.store.snapshot()
            let access = ContractAccess(state: all.contracts[ServerFixture.contractID]!, all: all, role: .supervisor, position: position)
            let evaluations = try await environment.evaluation(of: access)
            return evaluations.first { $0.clauseID == clause }?.status
        }

        #expect(try await status(changed) == before.first { $0.clauseID == changed }?.status)
        let copy = AddRecord(
            DataEvent(
                id: "EV-CACHE", contractID: ServerFixture.contractID, assetID: "DA-02", kind: .copy,
                occurredAt: ServerFixture.now, personID: "P03", copies: 5))
        try await fixture.store.execute(copy, actor: "test", at: ServerFixture.now)
        #expect(try await status("PI-8") == .violation, "a write is seen by the next request")

        clock.now.withLock { $0 = later }
        var seen = try await status(changed)
        for _ in 0..<100 where seen != after.first(where: { $0.clauseID == changed })?.status {
            try await Task.sleep(for: .milliseconds(50))
            seen = try await status(changed)
        }
        #expect(seen == after.first { $0.clauseID == changed }?.status, "the evaluation caught up with the clock")
    }
}

import Foundation
import MamoriCore
import MamoriTestSupport
import Testing

@testable import MamoriStore

/// An incident's steps come in the annex's order (PI-12): the city told, then the written report, then the final
/// report the APPI asks for; closing waits for every report owed; no step is dated before the one it follows. A
/// refused step writes nothing, in both languages.
@Suite struct IncidentStepOrderTests {
    static let c = DemoScenario.contractID
    static let now = TemporaryStore.now

    private func step(_ store: Store, _ id: String, _ step: AdvanceIncident.Step, hoursAgo: Double) async throws {
        try await store.execute(
            AdvanceIncident(contractID: Self.c, incidentID: id, step: step, at: Self.now.addingTimeInterval(-hoursAgo * 3600)),
            actor: "test", at: Self.now)
    }

    private func refusal(_ body: () async throws -> Void) async -> LocalizedText? {
        do {
            try await body()
            return nil
        } catch let StoreError.refused(error) {
            return error.message
        } catch {
            return LocalizedText(ja: "\(error)", en: "\(error)")
        }
    }

    @Test(arguments: TestBackend.tested) func stepsComeInTheAnnexOrder(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let store = temp.store
        let reportable = APPIFacts(sensitiveData: true, affectedPeople: 3)
        try await store.execute(
            AddRecord(
                Incident(
                    id: "INC-50", contractID: Self.c, kind: .misSending, discoveredAt: Self.now.addingTimeInterval(-10 * 3600),
                    narrative: try store.vault.seal("誤送信"), appi: reportable)), actor: "test", at: Self.now)
        let before = try await temp.journalCount()

        // Nothing before the city is told, and no close with nothing done.
        let early = await refusal { try await step(store, "INC-50", .writtenReport, hoursAgo: 8) }
        #expect(early?.ja.contains("区への連絡がまだ記録されていません") == true && early?.en.contains("record the notice to the city first") == true)
        #expect(await refusal { try await step(store, "INC-50", .finalReport, hoursAgo: 8) }?.en.contains("written (preliminary) report first") == true)
        #expect(await refusal { try await step(store, "INC-50", .close, hoursAgo: 1) }?.en.contains("notice to the city first") == true)
        #expect(try await temp.journalCount() == before, "a refused step writes nothing")

        try await step(store, "INC-50", .notify, hoursAgo: 9)
        // The written report cannot be dated before the notice.
        let backdated = await refusal { try await step(store, "INC-50", .writtenReport, hoursAgo: 9.5) }
        #expect(backdated?.ja.contains("区への連絡") == true && backdated?.en.contains("is before the notice to the city") == true)
        try await step(store, "INC-50", .writtenReport, hoursAgo: 8)
        // Reportable under the APPI: the final report is owed before closing.
        #expect(await refusal { try await step(store, "INC-50", .close, hoursAgo: 1) }?.en.contains("record the final report first") == true)
        try await step(store, "INC-50", .finalReport, hoursAgo: 2)
        try await step(store, "INC-50", .close, hoursAgo: 1)
        let closed = try #require(try await store.contract(Self.c).incidents["INC-50"])
        #expect(closed.cityNotifiedAt != nil && closed.writtenReportAt != nil && closed.finalReportAt != nil && closed.closedAt != nil)
        #expect(try await store.verifyLedger().isIntact)
    }

    @Test func anIncidentTheAPPIDoesNotCoverClosesWithoutAFinalReport() async throws {
        let temp = try await TemporaryStore()
        try await temp.loadDemo()
        let store = temp.store
        try await store.execute(
            AddRecord(
                Incident(
                    id: "INC-51", contractID: Self.c, kind: .loss, discoveredAt: Self.now.addingTimeInterval(-5 * 3600),
                    narrative: try store.vault.seal("紛失"), appi: APPIFacts(affectedPeople: 2))), actor: "test", at: Self.now)
        try await step(store, "INC-51", .notify, hoursAgo: 4)
        #expect(await refusal { try await step(store, "INC-51", .close, hoursAgo: 1) }?.en.contains("written (preliminary) report first") == true)
        try await step(store, "INC-51", .writtenReport, hoursAgo: 3)
        // Closing cannot be dated before the report it follows.
        #expect(await refusal { try await step(store, "INC-51", .close, hoursAgo: 3.5) }?.en.contains("is before the written") == true)
        try await step(store, "INC-51", .close, hoursAgo: 1)
        #expect(try await store.contract(Self.c).incidents["INC-51"]?.closedAt != nil)
    }
}

import Foundation
import MamoriCore
import MamoriTestSupport
import Testing

@testable import MamoriStore

/// A data event recorded in error is voided, never edited: its row stays, its asset's ledger takes it back, a second
/// void and another contract's event are refused, and the state read back from the tables and replayed from the
/// journal is the one the writes left — on both databases.
@Suite struct DataEventVoidTests {
    static let c = DemoScenario.contractID
    static let now = TemporaryStore.now

    private func void(_ store: Store, _ event: String, contract: String = c, reason: String = "誤って記録") async throws {
        try await store.execute(VoidDataEvent(contractID: contract, eventID: event, reason: reason), actor: "test", at: Self.now)
    }

    private func refusal(_ body: () async throws -> Void) async -> String {
        do {
            try await body()
            return ""
        } catch let StoreError.refused(error) {
            return error.message.en
        } catch {
            return "\(error)"
        }
    }

    /// A copy a return counted stays while the return stands: voided alone, the return would have taken a copy that was
    /// never made. With the return voided first, it goes. A return may take none of the copies (0).
    @Test func aCopyCountedByAReturnIsVoidedOnlyAfterTheReturn() async throws {
        let temp = try await TemporaryStore()
        try await temp.loadDemo()
        let store = temp.store
        // DA-02: EV-03 (1 copy) and EV-04 (2 copies); a return taking 2 of the 3.
        try await store.execute(
            AddRecord(
                DataEvent(
                    id: "EV-ret", contractID: Self.c, assetID: "DA-02", kind: .return, occurredAt: Self.now, personID: "P03",
                    copies: 2)), actor: "test", at: Self.now)
        // Voiding the one-copy event leaves 2 made, enough for the return's 2: accepted. The two-copy one is not.
        let refused = await refusal { try await void(store, "EV-04") }
        #expect(refused.contains("void that return first"), "\(refused)")
        try await void(store, "EV-03")
        try await void(store, "EV-ret")
        try await void(store, "EV-04")
        #expect(try await store.contract(Self.c).ledgers["DA-02"]?.copiesMade == 0)
        // A return of copied data taking none of its copies is a return (the copies then stand as not returned).
        let other = try #require(try await store.contract(Self.c).ledgers.first { $0.value.final == nil }?.key)
        try await store.execute(
            AddRecord(
                DataEvent(id: "EV-copy", contractID: Self.c, assetID: other, kind: .copy, occurredAt: Self.now, personID: "P03", copies: 1)),
            actor: "test", at: Self.now)
        try await store.execute(
            AddRecord(
                DataEvent(
                    id: "EV-none", contractID: Self.c, assetID: other, kind: .return, occurredAt: Self.now, personID: "P03", copies: 0)),
            actor: "test", at: Self.now)
        #expect(try await store.contract(Self.c).ledgers[other]?.final?.copies == 0)
        #expect(try await store.verifyLedger().isIntact)
    }

    @Test(arguments: TestBackend.tested) func aVoidedEventLeavesItsLedgerAndStaysInTheTable(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let store = temp.store
        let before = try #require(try await store.contract(Self.c).ledgers["DA-02"])
        #expect(before.copiesMade == 3 && before.copies.map(\.id) == ["EV-03", "EV-04"])

        // A copy of two voided: one copy counted, the row still there with every value as written.
        try await void(store, "EV-04", reason: "部数の誤り（正しくは別の記録）")
        let state = try await store.contract(Self.c)
        #expect(state.ledgers["DA-02"]?.copiesMade == 1 && state.ledgers["DA-02"]?.copies.map(\.id) == ["EV-03"])
        #expect(state.voids["EV-04"]?.reason == "部数の誤り（正しくは別の記録）" && state.voids["EV-04"]?.eventKind == .copy)
        #expect(try await store.events(ofAsset: "DA-02").first { $0.id == "EV-04" }?.copies == 2, "the event's row is not edited")

        // The return of DA-01 voided: the asset is back in use, so a use is accepted again.
        #expect(
            await refusal {
                try await store.execute(
                    AddRecord(
                        DataEvent(
                            id: "EV-late", contractID: Self.c, assetID: "DA-01", kind: .use,
                            occurredAt: Self.now, personID: "P03", purpose: "入力")),
                    actor: "test", at: Self.now)
            }.contains("already returned"))
        try await void(store, "EV-02")
        #expect(try await store.contract(Self.c).ledgers["DA-01"]?.final == nil)
        try await store.execute(
            AddRecord(
                DataEvent(
                    id: "EV-late", contractID: Self.c, assetID: "DA-01", kind: .use, occurredAt: Self.now,
                    personID: "P03", purpose: "入力")), actor: "test", at: Self.now)
        // …and returned again: the new return is the one that stands, in the tables read back too (found from outside:
        // voids read after the events took the new return back with the old one).
        try await store.execute(
            AddRecord(
                DataEvent(
                    id: "EV-return-2", contractID: Self.c, assetID: "DA-01", kind: .return, occurredAt: Self.now,
                    personID: "P10")), actor: "test", at: Self.now)
        #expect(try await store.contract(Self.c).ledgers["DA-01"]?.final?.id == "EV-return-2")
        #expect(try await temp.reopened().contract(Self.c).ledgers["DA-01"]?.final?.id == "EV-return-2")

        // Refused: twice, an unknown event, another contract's event, no reason; nothing is written.
        let entries = try await temp.journalCount()
        #expect(await refusal { try await void(store, "EV-04") }.contains("already voided"))
        #expect(await refusal { try await void(store, "EV-none") }.contains("EV-none"))
        try await store.execute(
            CreateContract(
                contract: Contract(
                    id: "other", contractorID: DemoScenario.contractorID, cityID: DemoScenario.cityID,
                    title: "別契約", number: "2", startsOn: Day(Self.now).adding(days: -10),
                    endsOn: Day(Self.now).adding(days: 300), catalogID: "nakano")),
            actor: "test", at: Self.now)
        #expect(await refusal { try await void(store, "EV-03", contract: "other") }.contains("EV-03"), "another contract's event is unknown there")
        #expect(await refusal { try await void(store, "EV-03", reason: " ") }.contains("reason"))
        #expect(await refusal { try await void(store, "EV-03", contract: "nope") }.contains("contract"), "an unknown contract is named as such")
        #expect(try await temp.journalCount() == entries + 1, "only the new contract was written")

        // What the tables say, what the journal replays and what the writes left are one state.
        let reopened = try await temp.reopened()
        #expect(try await reopened.contract(Self.c) == store.contract(Self.c))
        #expect(try await store.verifyLedger().isIntact)
        let replayed = try await store.replay(into: temp.directory.appendingPathComponent("replay"))
        #expect(try await replayed.contract(Self.c) == store.contract(Self.c))

        // A void deleted behind the journal's back is named; so is an ID turned into a blob (the same bytes, but no
        // longer equal in SQL: the event would drop out of its asset's history).
        if backend == .sqlite {
            try await temp.tamper("UPDATE dataEvent SET personID = CAST(personID AS BLOB) WHERE id = 'EV-03'")
            let blob = try #require(try await store.verifyLedger().firstDifference)
            #expect(blob.table == "dataEvent" && blob.recordID == "EV-03" && blob.column == "personID", "\(blob)")
            try await temp.tamper("UPDATE dataEvent SET personID = CAST(personID AS TEXT) WHERE id = 'EV-03'")
            #expect(try await store.verifyLedger().isIntact)
        }
        try await temp.tamper("DELETE FROM dataEventVoid WHERE id = 'EV-04'")
        let difference = try #require(try await store.verifyLedger().firstDifference)
        #expect(difference.table == "dataEventVoid" && difference.recordID == "EV-04" && difference.reason.en.contains("deleted"))
    }
}

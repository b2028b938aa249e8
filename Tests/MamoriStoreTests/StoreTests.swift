import Foundation
import MamoriCore
import MamoriTestSupport
import Synchronization
import Testing

@testable import MamoriStore

/// One write path: valid commands are journaled and applied together; refused ones write nothing.
@Suite struct StoreTests {
    @Test(arguments: TestBackend.tested) func refusedCommandWritesNothing(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let before = try await temp.journalCount()
        let stateBefore = try await temp.store.state()
        let refused: [any Command] = [
            AddRecord(
                DataEvent(
                    id: "EV-X", contractID: DemoScenario.contractID, assetID: "DA-404", kind: .use,
                    occurredAt: TemporaryStore.now, personID: "P01", purpose: "x")),
            AddRecord(
                DataEvent(
                    id: "EV-X", contractID: DemoScenario.contractID, assetID: "DA-01", kind: .destruction,
                    occurredAt: TemporaryStore.now, personID: "P01",
                    erasure: Erasure(method: .destroy, passes: nil, operatorName: "x", witness: "y", mediaSerials: []))),
            AddRecord(Pledge(id: "PL-X", contractID: DemoScenario.contractID, personID: "NOBODY", signedOn: Day("2026-01-01")!)),
            RecordPersonLeft(contractID: DemoScenario.contractID, personID: "P02", leftOn: Day("2000-01-01")!),
            AddRecord(Person(id: "P01", contractID: DemoScenario.contractID, name: "重複", role: .staff, joinedOn: Day("2026-01-01")!)),
            DecideApproval(contractID: DemoScenario.contractID, approvalID: "AP-01", granted: false, at: TemporaryStore.now, decidedBy: "x"),
            AddRecord(Pledge(id: "PL-Y", contractID: "no-such-contract", personID: "P01", signedOn: Day("2026-01-01")!))
        ]
        for command in refused {
            await #expect(throws: StoreError.self, "\(command.journalType) should be refused") {
                try await temp.store.execute(command, actor: "test", at: TemporaryStore.now)
            }
        }
        #expect(try await temp.journalCount() == before)
        #expect(try await temp.store.state() == stateBefore)
        #expect(try await temp.reopened().state() == stateBefore)
    }

    @Test(arguments: TestBackend.tested) func refusalMessagesNameTheProblemInBothLanguages(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        do {
            try await temp.store.execute(
                AddRecord(
                    DataEvent(
                        id: "EV-X", contractID: DemoScenario.contractID, assetID: "DA-01", kind: .copy,
                        occurredAt: TemporaryStore.now, personID: "P01", copies: 1)),
                actor: "test", at: TemporaryStore.now)
            Issue.record("copying a returned asset was accepted")
        } catch let error as StoreError {
            #expect(error.message.ja.contains("DA-01") && error.message.ja.contains("返還"), "\(error.message.ja)")
            #expect(error.message.en.contains("DA-01") && error.message.en.contains("returned"))
        }
    }

    @Test(arguments: TestBackend.tested) func aFailedBatchWritesNothing(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let before = try await temp.journalCount()
        let good = AddRecord(Pledge(id: "PL-NEW", contractID: DemoScenario.contractID, personID: "P01", signedOn: Day("2026-11-01")!))
        let bad = AddRecord(Pledge(id: "PL-BAD", contractID: DemoScenario.contractID, personID: "NOBODY", signedOn: Day("2026-11-01")!))
        await #expect(throws: StoreError.self) { try await temp.store.execute(batch: [good, bad], actor: "test") }
        #expect(try await temp.journalCount() == before)
        #expect(try await temp.store.contract(DemoScenario.contractID).pledges["PL-NEW"] == nil)
    }

    @Test(arguments: TestBackend.tested) func anotherProcessWritesAreSeen(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let other = try await temp.reopened()
        try await other.execute(
            AddRecord(Pledge(id: "PL-NEW", contractID: DemoScenario.contractID, personID: "P01", signedOn: Day("2026-11-01")!)),
            actor: "other")
        #expect(try await temp.store.contract(DemoScenario.contractID).pledges["PL-NEW"] != nil)
        #expect(try await temp.store.verifyLedger().isIntact)
        // The first store caught up from the journal; what it holds equals a fresh load of every table.
        #expect(try await temp.store.state() == temp.reopened().state())
    }

    @Test(arguments: TestBackend.tested) func aNulCharacterIsRefusedOnBothDatabases(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let before = try await temp.journalCount()
        await #expect {
            try await temp.store.execute(
                AddRecord(Pledge(id: "PL-\u{0}", contractID: DemoScenario.contractID, personID: "P01", signedOn: Day("2026-11-01")!)),
                actor: "test")
        } throws: { error in
            guard case .refused(let refusal)? = error as? StoreError else { return false }
            return refusal.message.en.contains("NUL") && refusal.message.ja.contains("NUL")
        }
        #expect(try await temp.journalCount() == before)
    }

    @Test(arguments: TestBackend.tested) func concurrentWritersOfSeveralProcessesNeverLoseOrRepeatASequenceNumber(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        // Four store objects stand for four server processes: each its own cache and connections.
        let writers = [temp.store] + (try await (0..<3).asyncMap { _ in try await temp.reopened() })
        let head = try #require(try await temp.store.journalHead(of: DemoScenario.contractorID)).seq
        let perWriter = 25
        // Each writer appends on its own, all at once.
        let (sequences, failures) = await withTaskGroup(of: ([Int64], [String]).self) { group in
            for (writer, store) in writers.enumerated() {
                group.addTask {
                    var sequences: [Int64] = []
                    var failures: [String] = []
                    for index in 0..<perWriter {
                        do {
                            let event = DataEvent(
                                id: "EV-W\(writer)-\(index)", contractID: DemoScenario.contractID, assetID: "DA-03", kind: .use,
                                occurredAt: TemporaryStore.now, personID: "P04", purpose: "口座情報の入力")
                            sequences.append(try await store.execute(AddRecord(event), actor: "writer-\(writer)", at: TemporaryStore.now).seq)
                        } catch {
                            failures.append("writer \(writer), event \(index): \(error)")
                        }
                    }
                    return (sequences, failures)
                }
            }
            return await group.reduce(into: ([Int64](), [String]())) {
                $0.0 += $1.0
                $0.1 += $1.1
            }
        }
        #expect(failures.isEmpty, "\(failures)")
        let total = Int64(writers.count * perWriter)
        #expect(sequences.sorted() == Array((head + 1)...(head + total)))
        #expect(try await temp.store.verifyLedger().isIntact)
        #expect(try await temp.store.contract(DemoScenario.contractID).ledgers["DA-03"]?.counts[.use] ?? 0 >= Int(total))
        for writer in writers { #expect(try await writer.state() == temp.reopened().state(), "each writer's state, caught up, equals the tables") }
        for writer in writers.dropFirst() { try writer.close() }
    }

    @Test(arguments: TestBackend.tested) func personalDataIsEncryptedAtRest(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let c = DemoScenario.contractID
        let secrets = ["機密の事故詳細ナラティブ-7731", "マイナンバーカード-確認", "外部監査人 鈴木 秘密子", "受信者の氏名 秘匿花子"]
        let photo = Data((0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let v = temp.store.vault
        try await temp.store.execute(
            batch: [
                AddRecord(Person(id: "P99", contractID: c, name: "新人", role: .staff, joinedOn: Day("2026-11-01")!, photo: try v.seal(photo))),
                AddRecord(
                    IDCheck(
                        id: "IDC-99", contractID: c, personID: "P99", checkedBy: "区", checkedOn: Day("2026-11-02")!,
                        documentType: try v.seal(secrets[1]))),
                AddRecord(
                    Incident(
                        id: "INC-99", contractID: c, kind: .leak, discoveredAt: TemporaryStore.now.addingTimeInterval(-60),
                        narrative: try v.seal(secrets[0]), appi: APPIFacts())),
                AddRecord(
                    Audit(
                        id: "AU-99", contractID: c, kind: .inspection, heldOn: Day("2026-11-20")!, auditor: try v.seal(secrets[2]),
                        request: "台帳の提示")),
                AddRecord(
                    DataEvent(
                        id: "EV-99", contractID: c, assetID: "DA-02", kind: .transfer, occurredAt: TemporaryStore.now,
                        personID: "P01", recipient: try v.seal(secrets[3]), toCity: false))
            ], actor: "test", at: TemporaryStore.now)
        let bytes = try await temp.storedBytes()
        #expect(bytes.count >= 1)
        for secret in secrets {
            #expect(bytes.allSatisfy { $0.range(of: Data(secret.utf8)) == nil }, "\(secret) found in the database files")
        }
        #expect(bytes.allSatisfy { $0.range(of: photo.prefix(64)) == nil }, "the photo's bytes are in the database files")
        // And the key opens them again.
        let state = try await temp.store.contract(c)
        #expect(try v.openText(state.incidents["INC-99"]!.narrative) == secrets[0])
        #expect(try v.open(state.people["P99"]!.photo!) == photo)
        let mode = try FileManager.default.attributesOfItem(atPath: Store.files(in: temp.directory).key.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test(arguments: TestBackend.tested) func everyDataEventFieldSurvivesTheDatabase(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let c = DemoScenario.contractID
        // Every field, each on the kind of event it belongs to (a value of another kind is refused).
        let moment = TemporaryStore.now.addingTimeInterval(-0.123_456)
        try await temp.store.execute(
            batch: [
                AddRecord(
                    DataEvent(
                        id: "EV-T", contractID: c, assetID: "DA-03", kind: .transfer, occurredAt: moment - 2, personID: "P10",
                        recipient: try temp.store.vault.seal("x"), toCity: true, note: "区へ")),
                AddRecord(
                    DataEvent(
                        id: "EV-O", contractID: c, assetID: "DA-03", kind: .takeout, occurredAt: moment - 1, personID: "P10",
                        purpose: "読合せ", approvalID: "AP-02", destination: "区役所")),
                AddRecord(
                    DataEvent(
                        id: "EV-D", contractID: c, assetID: "DA-03", kind: .destruction, occurredAt: moment, personID: "P10",
                        purpose: "契約終了",
                        erasure: Erasure(method: .clear, passes: 3, operatorName: "加藤 恵", witness: "山田 太郎", mediaSerials: ["S1", "S2"]),
                        note: "上書き 3 回"))
            ], actor: "test", at: TemporaryStore.now)
        await #expect(throws: StoreError.self, "copies on a use") {
            try await temp.store.execute(
                AddRecord(
                    DataEvent(
                        id: "EV-X", contractID: c, assetID: "DA-02", kind: .use, occurredAt: moment, personID: "P10",
                        purpose: "課税資料のデータ入力", copies: 2)), actor: "test", at: TemporaryStore.now)
        }
        let live = try await temp.store.contract(c)
        let reread = try await temp.reopened().contract(c)
        for id in ["EV-T", "EV-O", "EV-D"] {
            #expect(reread.notableEvents[id] != nil && reread.notableEvents[id] == live.notableEvents[id], "\(id)")
        }
        #expect(reread == live)
        #expect(try await temp.store.events(ofAsset: "DA-03").last == live.notableEvents["EV-D"])
    }

    @Test(arguments: TestBackend.tested) func ordinaryUsesAreCountedNotKeptAndAnEventIDIsNeverReused(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let c = DemoScenario.contractID
        let before = try await temp.store.contract(c).ledgers["DA-02"]?.count(.use) ?? 0
        try await temp.store.execute(
            batch: (1...50).map { number in
                AddRecord(
                    DataEvent(
                        id: "EV-U\(number)", contractID: c, assetID: "DA-02", kind: .use, occurredAt: TemporaryStore.now, personID: "P03",
                        purpose: "課税資料のデータ入力"))
            }, actor: "test", at: TemporaryStore.now)
        let state = try await temp.store.contract(c)
        #expect(state.ledgers["DA-02"]?.count(.use) == before + 50)
        #expect(state.notableEvents["EV-U1"] == nil, "a use for a permitted purpose is counted, not kept in memory")
        let reloaded = try await temp.reopened().contract(c).ledgers["DA-02"]
        #expect(
            reloaded == state.ledgers["DA-02"], "the same counts after a reload: \(String(describing: reloaded)) \(String(describing: state.ledgers["DA-02"]))")
        let head = try await temp.store.journalHead(of: DemoScenario.contractorID)?.seq
        await #expect(throws: StoreError.self) {
            try await temp.store.execute(
                AddRecord(
                    DataEvent(
                        id: "EV-U7", contractID: c, assetID: "DA-02", kind: .use, occurredAt: TemporaryStore.now,
                        personID: "P03", purpose: "課税資料のデータ入力")), actor: "test", at: TemporaryStore.now)
        }
        #expect(try await temp.store.journalHead(of: DemoScenario.contractorID)?.seq == head, "the refused event was not journaled")
        #expect(try await temp.store.contract(c).ledgers["DA-02"] == state.ledgers["DA-02"], "nor counted")
    }

    @Test(arguments: TestBackend.tested) func aStoreWithAnotherKeyCannotOpenSealedData(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        let sealed = try temp.store.vault.seal("秘密")
        let other = try await TemporaryStore(backend)
        #expect(throws: (any Error).self) { try other.store.vault.openText(sealed) }
    }

    /// A server started on a store's database with another key file (another store's, or a new one made in a mistyped
    /// directory) is refused at its start: it never writes personal data the others cannot open.
    @Test(arguments: TestBackend.tested) func aDatabaseRefusesAnotherKeyAndAMissingOne(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let entries = try await temp.journalCount()
        let strangerKeys = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: strangerKeys) }
        // Another store's key file, beside the same database.
        try FileManager.default.createDirectory(at: strangerKeys, withIntermediateDirectories: true)
        _ = try Vault(keyFile: Store.files(in: strangerKeys).key)
        let location = temp.store.location
        let wrong = await #expect(throws: StoreError.self) { try await Store(directory: strangerKeys, location: location) }
        #expect(wrong?.message.en.contains("is not this database's key") == true, "\(String(describing: wrong))")
        #expect(wrong?.message.ja.contains("このデータベースの鍵ではありません") == true)
        // No key file at all: none is made for a database that holds a store.
        let empty = strangerKeys.appendingPathComponent("empty")
        await #expect(throws: StoreError.self) { try await Store(directory: empty, location: location) }
        #expect(!FileManager.default.fileExists(atPath: Store.files(in: empty).key.path), "no new key left behind")
        // The right key still opens it, with nothing changed.
        let reopened = try await temp.reopened()
        defer { try? reopened.close() }
        #expect(try await temp.journalCount() == entries)
        #expect(try await reopened.verifyLedger().isIntact)
    }

    /// The mark a dashboard reads on every request changes with each new PC and each newer report, on both databases.
    @Test(arguments: TestBackend.tested) func theLatestReportsMarkChangesWithPCsAndReports(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let organization = DemoScenario.contractorID
        let empty = try await temp.store.latestReportsMark(of: organization)
        func enroll(_ id: String, hostname: String? = nil, minutesLater: Double = 0) async throws {
            let at = TemporaryStore.now.addingTimeInterval(minutesLater * 60)
            let token = id + (hostname ?? "")
            try await temp.store.createEnrollmentToken(
                hash: token, organizationID: organization, createdBy: "a", at: at, expiresAt: at.addingTimeInterval(3600))
            _ = try await temp.store.enroll(tokenHash: token, deviceID: id, hostname: hostname ?? id, publicKey: "key", at: at)
        }
        func report(_ device: String) async throws {
            try await temp.store.add(
                [
                    DeviceReport(
                        deviceID: device, receivedAt: TemporaryStore.now, generatedAt: "", platform: "linux",
                        hostname: device, passed: 0, failed: 0, unknown: 0, results: "[]", report: "{}", signature: "")
                ], of: organization)
        }
        try await enroll("pc-1")
        let enrolled = try await temp.store.latestReportsMark(of: organization)
        try await report("pc-1")
        let reported = try await temp.store.latestReportsMark(of: organization)
        try await enroll("pc-2")
        try await report("pc-2")
        let both = try await temp.store.latestReportsMark(of: organization)
        try await report("pc-1")
        let again = try await temp.store.latestReportsMark(of: organization)
        // Enrolled again under another host name: the same reports, listed in another order.
        try await enroll("pc-1", hostname: "pc-9", minutesLater: 1)
        let renamed = try await temp.store.latestReportsMark(of: organization)
        #expect(Set([empty, enrolled, reported, both, again, renamed]).count == 6)
        #expect(await renamed == (try temp.store.latestReportsMark(of: organization)), "unchanged without a write")
        let sum = try await temp.store.latestReportIDs(of: organization).compactMap(\.latestReportID).reduce(0, +)
        #expect(renamed[0] == 2 && renamed[1] == sum)
        #expect(try await temp.store.latestReportsMark(of: "nobody") == [0, 0, 0])
    }

    @Test(arguments: TestBackend.tested) func aBatchOfReportsIsNumberedInOrderAndEachPCKeepsItsNewest(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let organization = DemoScenario.contractorID
        for id in ["pc-a", "pc-b"] {
            try await temp.store.createEnrollmentToken(
                hash: id, organizationID: organization, createdBy: "a", at: TemporaryStore.now, expiresAt: TemporaryStore.now.addingTimeInterval(3600))
            _ = try await temp.store.enroll(tokenHash: id, deviceID: id, hostname: id, publicKey: "key", at: TemporaryStore.now)
        }
        func report(_ device: String, passed: Int) -> DeviceReport {
            DeviceReport(
                deviceID: device, receivedAt: TemporaryStore.now, generatedAt: "", platform: "linux",
                hostname: device, passed: passed, failed: 0, unknown: 0, results: "[]", report: "{}", signature: "")
        }
        // One batch, as the report writer gathers them: pc-a twice, its second report the newer.
        try await temp.store.add([report("pc-a", passed: 1), report("pc-b", passed: 2), report("pc-a", passed: 3)], of: organization)
        let a = try await temp.store.reports(of: "pc-a")
        #expect(a.map(\.passed) == [3, 1], "newest first, each under its own number")
        let latest = Dictionary(uniqueKeysWithValues: try await temp.store.latestReportIDs(of: organization).map { ($0.deviceID, $0.latestReportID) })
        #expect(latest["pc-a"] == a.first?.id)
        #expect(latest["pc-b"] == (try await temp.store.reports(of: "pc-b").first?.id))
        #expect(try await temp.store.verifyLedger().isIntact, "each report's journaled digest is the row stored under its number")
        // A batch naming a PC that is not enrolled writes nothing, the known PCs' reports included.
        let entries = try await temp.journalCount()
        await #expect(throws: StoreError.self) { try await temp.store.add([report("pc-b", passed: 4), report("pc-nobody", passed: 5)], of: organization) }
        #expect(try await temp.journalCount() == entries)
        #expect(try await temp.store.reports(of: "pc-b").map(\.passed) == [2])
        // A report evaluated for an organization the database does not give its PC (a server's copy gone stale) is
        // refused with its batch: it never becomes that organization's evidence, nor its PC's.
        await #expect(throws: StoreError.refused(Store.evaluatedForAnother)) {
            try await temp.store.add([(report("pc-b", passed: 6), organization), (report("pc-a", passed: 6), DemoScenario.cityID)])
        }
        #expect(try await temp.journalCount() == entries)
        #expect(try await temp.store.reports(of: "pc-b").map(\.passed) == [2])
        // A signed report posted again (a replay of an old one) is refused, alone or inside a batch; nothing is written.
        var signed = report("pc-a", passed: 7)
        signed.signature = "c2lnbmF0dXJlLTE="
        try await temp.store.add([signed], of: organization)
        let before = try await temp.journalCount()
        for batch in [
            [signed], [report("pc-b", passed: 8), signed],
            [report("pc-b", passed: 9)].map {
                var copy = $0
                copy.signature = "eA=="
                return copy
            } + [signed]
        ] {
            let refusal = await #expect(throws: StoreError.self) { try await temp.store.add(batch, of: organization) }
            #expect(refusal == .refused(Store.replayed))
        }
        var twice = report("pc-b", passed: 10)
        twice.signature = "dHdpY2U="
        await #expect(throws: StoreError.refused(Store.replayed)) { try await temp.store.add([twice, twice], of: organization) }
        #expect(try await temp.journalCount() == before)
        #expect(try await temp.store.reports(of: "pc-a").first?.passed == 7)

        // Made earlier than the PC's current report, received later (held back, or delivered late): kept, never current.
        func made(_ device: String, passed: Int, minutes: Double) -> DeviceReport {
            var made = report(device, passed: passed)
            made.generatedAt = TemporaryStore.now.addingTimeInterval(minutes * 60).ISO8601Format()
            made.signature = "made-\(passed)"
            return made
        }
        func current(_ device: String) async throws -> Int? {
            let id = try await temp.store.latestReportIDs(of: organization).first { $0.deviceID == device }?.latestReportID
            return try await temp.store.reports(of: device).first { $0.id == id }?.passed
        }
        try await temp.store.add([made("pc-a", passed: 20, minutes: 2)], of: organization)
        try await temp.store.add([made("pc-a", passed: 21, minutes: 1)], of: organization)
        let newestReceived = try await temp.store.reports(of: "pc-a").first?.passed
        #expect(try await current("pc-a") == 20 && newestReceived == 21, "the late one is kept, not current")
        // In one batch too: the one made last is current, whatever order they came in.
        try await temp.store.add([made("pc-b", passed: 30, minutes: 5), made("pc-b", passed: 31, minutes: 4)], of: organization)
        #expect(try await current("pc-b") == 30)
        #expect(try await temp.store.verifyLedger().isIntact)
    }
}

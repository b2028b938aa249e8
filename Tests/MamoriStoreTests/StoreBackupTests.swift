import Foundation
import MamoriCore
import Testing

@testable import MamoriStore

/// `mamori backup` and `mamori restore`: a copy taken while another thread writes holds every write acknowledged
/// before it began; restoring proves the copy (SHA-256, journal, replayed state) before anything is replaced.
@Suite struct StoreBackupTests {
    static func use(_ index: Int) -> AddRecord<DataEvent> {
        AddRecord(
            DataEvent(
                id: "EV-BK-\(index)", contractID: DemoScenario.contractID, assetID: "DA-02", kind: .use,
                occurredAt: TemporaryStore.now, personID: "P03", purpose: "課税資料のデータ入力"))
    }

    @Test func aBackupUnderWriteLoadRestoresEveryAcknowledgedWrite() async throws {
        let live = try await TemporaryStore()
        try await live.loadDemo()
        for index in 0..<200 { _ = try await live.store.execute(Self.use(index), actor: "test", at: TemporaryStore.now) }
        let acknowledged = try await live.store.eventCount(ofContract: DemoScenario.contractID)
        let store = live.store
        let writer = Task.detached {
            var written = 0
            for index in 200..<2_000 where !Task.isCancelled {
                // A write under way when the task is cancelled is refused whole (GRDB interrupts it): not acknowledged.
                do { _ = try await store.execute(Self.use(index), actor: "test", at: TemporaryStore.now) } catch  where Task.isCancelled { break }
                written += 1
            }
            return written
        }
        let file = live.directory.deletingLastPathComponent().appendingPathComponent("mamori-backup-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: file) }
        let manifest = try await StoreBackup.write(store, to: file)
        writer.cancel()
        _ = try await writer.value
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0, "the backup holds the keys: only its owner reads it (mode \(String(mode, radix: 8)))")
        #expect(
            Set(manifest.files.keys) == ["mamori.sqlite", "mamori.key", "mamori-signing.key"] || Set(manifest.files.keys) == ["mamori.sqlite", "mamori.key"])

        let target = live.directory.deletingLastPathComponent().appendingPathComponent("mamori-restored-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: target) }
        #expect(try await StoreBackup.restore(file, into: target) == manifest)
        let restored = try await Store(directory: target)
        defer { try? restored.close() }
        #expect(try await restored.verifyLedger().entries == manifest.entries)
        #expect(try await restored.eventCount(ofContract: DemoScenario.contractID) >= acknowledged, "every write acknowledged before the backup")
        #expect(
            try await restored.vault.openText(try #require(try restored.contract(DemoScenario.contractID).incidents["INC-01"]).narrative)
                == (try store.vault.openText(try #require(try store.contract(DemoScenario.contractID).incidents["INC-01"]).narrative)),
            "the keys came along: sealed data opens")
        for name in ["mamori.sqlite", "mamori.key"] {
            let restoredMode = try #require(
                try FileManager.default.attributesOfItem(atPath: target.appendingPathComponent(name).path)[.posixPermissions] as? Int)
            #expect(restoredMode & 0o077 == 0, "\(name) restored 0600")
        }
        // A second restore into a directory that holds a store is refused unless asked to replace it.
        await #expect(throws: StoreError.self) { try await StoreBackup.restore(file, into: target) }
    }

    @Test func aDamagedOrIncompleteBackupIsRefusedAndNothingIsReplaced() async throws {
        let live = try await TemporaryStore()
        try await live.loadDemo()
        let folder = live.directory.deletingLastPathComponent().appendingPathComponent("mamori-backups-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("backup.zip")
        _ = try await StoreBackup.write(live.store, to: file)
        await #expect(throws: StoreError.self, "an existing file is never overwritten") { try await StoreBackup.write(live.store, to: file) }

        // A flipped byte in the middle of the archive: refused, and the directory it would replace is untouched.
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count / 2] ^= 0xFF
        let damaged = folder.appendingPathComponent("damaged.zip")
        try bytes.write(to: damaged)
        let existing = folder.appendingPathComponent("existing")
        _ = try await StoreBackup.restore(file, into: existing)
        let before = try Data(contentsOf: existing.appendingPathComponent("mamori.sqlite"))
        await #expect(throws: StoreError.self) { try await StoreBackup.restore(damaged, into: existing, replacing: true) }
        #expect(try Data(contentsOf: existing.appendingPathComponent("mamori.sqlite")) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "no staging directory left behind: \(leftovers)")

        // Without keys, a restore needs them; with them, it opens.
        let keyless = folder.appendingPathComponent("keyless.zip")
        let manifest = try await StoreBackup.write(live.store, to: keyless, includingKeys: false)
        #expect(manifest.files.keys.sorted() == ["mamori.sqlite"])
        await #expect(throws: StoreError.self) { try await StoreBackup.restore(keyless, into: folder.appendingPathComponent("no-keys")) }
        _ = try await StoreBackup.restore(keyless, into: folder.appendingPathComponent("with-keys"), keys: live.directory)
        // Another store's key does not open this one's sealed data: refused rather than restored unreadable.
        let stranger = try await TemporaryStore()
        await #expect(throws: StoreError.self) {
            try await StoreBackup.restore(keyless, into: folder.appendingPathComponent("wrong-keys"), keys: stranger.directory)
        }

        // A directory holding anything else is never emptied: refused, its files kept.
        let other = folder.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: other.appendingPathComponent("notes.txt"))
        await #expect(throws: StoreError.self) { try await StoreBackup.restore(file, into: other) }
        #expect(FileManager.default.contents(atPath: other.appendingPathComponent("notes.txt").path) == Data("keep".utf8))

        // Replacing moves the old store aside instead of deleting it.
        _ = try await StoreBackup.restore(file, into: existing, replacing: true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).contains { $0.hasPrefix("existing.replaced-") })
    }
}

import Foundation
import GRDB
import MamoriCore
import MamoriTestSupport
import Testing

@testable import MamoriStore

/// Accounts, memberships and sessions live beside the journal, sealed: a role given, a password hash swapped or a
/// session made in the database by someone who cannot read `mamori.key` grants nothing, and `ledger verify` names it.
struct AccountSealTests {
    static let now = TemporaryStore.now

    /// A supervisor of the demo's contractor (the demo loaded first).
    static func supervisor(_ store: Store) async throws -> Account {
        try await DemoScenario(vault: store.vault, now: now).load(into: store)
        let account = Account(id: "account-kato", login: "kato", displayName: "加藤", passwordHash: "$2b$04$hash", createdAt: now)
        try await store.createAccount(account, memberships: [Membership(accountID: account.id, organizationID: DemoScenario.contractorID, role: .supervisor)])
        return account
    }

    @Test(arguments: TestBackend.tested) func aRoleGivenInTheDatabaseGrantsNothingAndIsNamed(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        let account = try await Self.supervisor(temp.store)
        #expect(try await temp.store.memberships(of: account.id).map(\.role) == [.supervisor])
        #expect(try await temp.store.verifyLedger().isIntact)

        try await temp.tamper("UPDATE membership SET role = 'contractor-administrator' WHERE accountID = 'account-kato'")
        #expect(try await temp.store.memberships(of: account.id).isEmpty, "the altered role is not used")
        let difference = try #require(try await temp.store.verifyLedger().firstDifference)
        #expect(difference.table == "membership" && difference.recordID == "account-kato/\(DemoScenario.contractorID)" && difference.column == "seal")
    }

    @Test(arguments: TestBackend.tested) func aPasswordHashSwappedOrASealRemovedLocksTheAccount(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        let account = try await Self.supervisor(temp.store)
        try await temp.store.setPassword("$2b$04$new", accountID: account.id)
        #expect(try await temp.store.account(login: "kato")?.passwordHash == "$2b$04$new", "a change through the store is sealed anew")
        #expect(try await temp.store.acceptTOTPStep(accountID: account.id, step: 10))
        #expect(try await temp.store.acceptTOTPStep(accountID: account.id, step: 10) == false, "a step is accepted once")

        try await temp.tamper("UPDATE account SET passwordHash = '$2b$04$attacker' WHERE id = 'account-kato'")
        #expect(try await temp.store.account(login: "kato") == nil)
        #expect(try await temp.store.account(id: account.id) == nil)
        await #expect(throws: StoreError.self, "the store does not seal an altered row anew") {
            try await temp.store.setPassword("$2b$04$other", accountID: account.id)
        }
        #expect(try await temp.store.verifyLedger().firstDifference?.table == "account")

        try await temp.tamper("UPDATE account SET passwordHash = '$2b$04$new', seal = NULL WHERE id = 'account-kato'")
        #expect(try await temp.store.account(login: "kato") == nil, "a seal removed is a broken one")
        let reopened = try await temp.reopened()
        defer { try? reopened.close() }
        #expect(try await reopened.account(login: "kato") == nil, "opening the store again does not seal it")
    }

    @Test(arguments: TestBackend.tested) func aSessionPutInTheDatabaseOpensNothing(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        let account = try await Self.supervisor(temp.store)
        let session = Session(
            tokenHash: "real", accountID: account.id, csrfToken: "c", secondFactorDone: true, createdAt: Self.now, expiresAt: Self.now + 3600)
        try await temp.store.createSession(session)
        #expect(try await temp.store.session(tokenHash: "real", at: Self.now)?.accountID == account.id)
        try await temp.tamper(
            """
            INSERT INTO session (tokenHash, accountID, csrfToken, secondFactorDone, createdAt, expiresAt)
            SELECT 'chosen', accountID, csrfToken, secondFactorDone, createdAt, expiresAt FROM session WHERE tokenHash = 'real'
            """)
        #expect(try await temp.store.session(tokenHash: "chosen", at: Self.now) == nil)
        #expect(try await temp.store.verifyLedger().firstDifference?.table == "session")
    }

    /// The seals taken out of a database (their columns and the record of their migration), as a store from before
    /// seals has none.
    static func removeSeals(_ directory: URL) async throws {
        let pool = try DatabasePool(path: Store.files(in: directory).database.path)
        try await pool.write { db in
            for table in ["account", "membership", "session"] { try db.execute(sql: "ALTER TABLE \(table) DROP COLUMN seal") }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [StoreSchema.accountSealsMigration])
        }
        try pool.close()
    }

    /// A store written before seals (no seal columns, no mark beside its key): the open that adds them seals the rows
    /// there, so that everyone still signs in, and the ledger verifies.
    @Test func aStoreFromBeforeSealsIsSealedOnceAsItOpens() async throws {
        let temp = try await TemporaryStore()
        let account = try await Self.supervisor(temp.store)
        try await temp.store.createSession(
            Session(tokenHash: "old", accountID: account.id, csrfToken: "c", secondFactorDone: true, createdAt: Self.now, expiresAt: Self.now + 3600))
        try temp.store.close()
        try await Self.removeSeals(temp.directory)
        try FileManager.default.removeItem(at: temp.directory.appendingPathComponent(AccountSeal.mark.name))
        let store = try await temp.reopened()
        defer { try? store.close() }
        #expect(try await store.account(login: "kato")?.displayName == "加藤")
        #expect(try await store.memberships(of: account.id).map(\.role) == [.supervisor])
        #expect(try await store.session(tokenHash: "old", at: Self.now) != nil)
        #expect(try await store.verifyLedger().isIntact)
        #expect(FileManager.default.fileExists(atPath: temp.directory.appendingPathComponent(AccountSeal.mark.name).path))
    }

    /// Whoever can write the database but not the data directory cannot have rows they changed sealed: with the seal
    /// columns and their migration's record removed, the mark beside the key says the store was sealed, and the open
    /// is refused.
    @Test func sealsRemovedToBeMadeAgainAreRefused() async throws {
        let temp = try await TemporaryStore()
        _ = try await Self.supervisor(temp.store)
        try temp.store.close()
        let pool = try DatabasePool(path: Store.files(in: temp.directory).database.path)
        try await pool.write { db in try db.execute(sql: "UPDATE membership SET role = 'contractor-administrator' WHERE accountID = 'account-kato'") }
        try pool.close()
        try await Self.removeSeals(temp.directory)
        await #expect(throws: StoreError.self) { _ = try await temp.reopened() }
    }
}

import Foundation
import MamoriCore
import MamoriTestSupport
import Testing

@testable import MamoriStore

/// Sign-in failures and TOTP steps change in one statement each, so that concurrent requests (on several servers of
/// one PostgreSQL database too) never lose a failure or accept a code twice; the database files are the owner's only.
@Suite struct SignInThrottleTests {
    static func account(in temp: TemporaryStore) async throws -> Account {
        try await temp.store.execute(
            CreateOrganization(organization: Organization(id: "contractor", kind: .contractor, name: "株式会社テスト")),
            actor: "test", at: TemporaryStore.now)
        let account = Account(id: "account-kanri", login: "kanri", displayName: "管理 者", passwordHash: "x", createdAt: TemporaryStore.now)
        try await temp.store.createAccount(
            account, memberships: [Membership(accountID: account.id, organizationID: "contractor", role: .contractorAdministrator)])
        return account
    }

    @Test(arguments: TestBackend.tested) func concurrentFailuresAreAllCounted(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        let account = try await Self.account(in: temp)
        let store = temp.store
        let policy = LockoutPolicy()
        // Two store objects on one database, as two servers would have.
        let other = try await temp.reopened()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                let target = index % 2 == 0 ? store : other
                group.addTask {
                    _ = try await target.recordSignInFailure(accountID: account.id, source: "192.0.2.1", at: TemporaryStore.now, policy: policy)
                }
            }
            try await group.waitForAll()
        }
        try other.close()
        let counted = try #require(try await store.signInFailures(accountID: account.id, source: "192.0.2.1"))
        #expect(counted.failures == 40)
        #expect(counted.lockedUntil == TemporaryStore.now.addingTimeInterval(policy.longestLock))
        #expect(try await store.signInLock(accountID: account.id, source: "192.0.2.1", at: TemporaryStore.now) != nil)
        #expect(try await store.signInLock(accountID: account.id, source: "192.0.2.2", at: TemporaryStore.now) == nil, "another source is not locked")
    }

    @Test(arguments: TestBackend.tested) func aTOTPStepIsAcceptedOnceUnderConcurrency(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        let account = try await Self.account(in: temp)
        let store = temp.store
        let other = try await temp.reopened()
        let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<10 {
                let target = index % 2 == 0 ? store : other
                group.addTask { try await target.acceptTOTPStep(accountID: account.id, step: 58_000_000) }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        try other.close()
        #expect(accepted == 1)
        #expect(try await store.account(id: account.id)?.totpLastStep == 58_000_000)
        #expect(try await store.account(id: account.id)?.totpEnabled == true)
        #expect(try await !store.acceptTOTPStep(accountID: account.id, step: 57_999_999), "an earlier step")
        #expect(try await store.acceptTOTPStep(accountID: account.id, step: 58_000_001))
    }

    @Test(arguments: TestBackend.tested) func aTOTPSecretIsKeptOnlyOnce(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        let account = try await Self.account(in: temp)
        let first = try temp.store.vault.seal(Data("first".utf8))
        let second = try temp.store.vault.seal(Data("second".utf8))
        #expect(try await temp.store.setTOTPSecret(first, accountID: account.id) == first)
        #expect(try await temp.store.setTOTPSecret(second, accountID: account.id) == first, "the one kept first stays")
        #expect(try await temp.store.setTOTPSecret(second, accountID: "no-such-account") == nil)
    }

    @Test func theDatabaseItsLogAndTheDirectoryAreTheOwnersOnly() async throws {
        let temp = try await TemporaryStore()
        _ = try await Self.account(in: temp)
        let files = FileManager.default
        func mode(_ name: String) async throws -> Int {
            (try files.attributesOfItem(atPath: temp.directory.appendingPathComponent(name).path)[.posixPermissions] as? Int ?? -1) & 0o777
        }
        #expect(try await mode("") == 0o700)
        for name in ["mamori.sqlite", "mamori.sqlite-wal", "mamori.sqlite-shm", "mamori.key"] {
            #expect(files.fileExists(atPath: temp.directory.appendingPathComponent(name).path), "\(name)")
            let found = try await mode(name)
            #expect(found == 0o600, "\(name): \(String(found, radix: 8))")
        }
        // Files an older version left readable by others are made private when the store is opened.
        try temp.store.close()
        for name in ["mamori.sqlite", "mamori.sqlite-wal", "mamori.sqlite-shm"] where files.fileExists(atPath: temp.directory.appendingPathComponent(name).path)
        {
            try files.setAttributes([.posixPermissions: 0o644], ofItemAtPath: temp.directory.appendingPathComponent(name).path)
        }
        let reopened = try await temp.reopened()
        defer { try? reopened.close() }
        _ = try await reopened.accountCount()
        for name in ["mamori.sqlite", "mamori.sqlite-wal", "mamori.sqlite-shm"] {
            #expect(try await mode(name) == 0o600, "\(name) after reopening")
        }
    }
}

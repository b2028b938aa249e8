import Foundation
import HummingbirdBcrypt
import MamoriCore
import MamoriStore
import MamoriTestSupport

@testable import MamoriServer

/// The demo contract in a temporary store with an account for every role, plus another contractor with its own
/// contract and accounts (the foreign organization every route must keep out).
final class ServerFixture: @unchecked Sendable {
    let directory: URL
    let store: Store
    let environment: ServerEnvironment
    static let now = Day("2026-11-26")!.start.addingTimeInterval(10 * 3600)
    static let password = "correct horse battery"
    static let contractID = DemoScenario.contractID
    static let foreignContractID = "other-2026-001"

    /// Every account: login, organization, role.
    static let accounts: [(login: String, organization: String, role: AccountRole)] = [
        ("admin", DemoScenario.contractorID, .contractorAdministrator), ("yamada", DemoScenario.contractorID, .responsiblePerson),
        ("sato", DemoScenario.contractorID, .supervisor), ("suzuki", DemoScenario.contractorID, .staff),
        ("city", DemoScenario.cityID, .cityReviewer), ("auditor", DemoScenario.cityID, .cityAuditor),
        ("foreign-admin", "other-contractor", .contractorAdministrator), ("foreign-staff", "other-contractor", .staff)
    ]

    /// The fixture's store on SQLite, or on a new PostgreSQL database.
    init(_ backend: TestBackend = .sqlite) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-server-\(UUID().uuidString)")
        store = try await Store(directory: directory, location: backend.freshLocation())
        try await DemoScenario(vault: store.vault, now: Self.now).load(into: store)
        try await store.execute(
            batch: [
                CreateOrganization(organization: Organization(id: "other-contractor", kind: .contractor, name: "株式会社よそ")),
                CreateContract(
                    contract: Contract(
                        id: Self.foreignContractID, contractorID: "other-contractor", cityID: DemoScenario.cityID,
                        title: "別の委託", number: "2", startsOn: Day("2026-04-01")!, endsOn: Day("2027-03-31")!,
                        catalogID: "nakano"))
            ], actor: "test", at: Self.now)
        for (login, organization, role) in Self.accounts {
            let account = Account(
                id: "account-\(login)", login: login, displayName: login,
                passwordHash: Bcrypt.hash(Self.password, cost: 4), createdAt: Self.now)
            try await store.createAccount(account, memberships: [Membership(accountID: account.id, organizationID: organization, role: role)])
        }
        environment = ServerEnvironment(store: store, passwordCost: 4, now: { ServerFixture.now })
    }

    deinit {
        TestPostgres.discard(store)
        try? FileManager.default.removeItem(at: directory)
    }
}

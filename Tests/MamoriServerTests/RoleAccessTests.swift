import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriCore
import MamoriStore
import Testing

@testable import MamoriServer

/// Every route with every role, and with another contractor's accounts: members read their contract, only the
/// contractor records, only the city's reviewer decides, and a foreign organization finds nothing at all.
@Suite struct RoleAccessTests {
    static let contract = "/contracts/\(ServerFixture.contractID)"
    static let readRoutes =
        [
            contract, contract + "/people", contract + "/people/P01/photo", contract + "/data", contract + "/data/DA-02",
            contract + "/incidents", contract + "/approvals", contract + "/documents", contract + "/documents/compliance_status.html",
            contract + "/documents/exchange_history.csv", contract + "/bundle.zip", "/api/v1/contracts/\(ServerFixture.contractID)/evaluation",
            contract + "/records"
        ] + RecordKinds.all.flatMap { [contract + "/records/\($0.slug)", "/api/v1/contracts/\(ServerFixture.contractID)/records/\($0.slug)"] }

    @Test func everyRouteWithEveryRoleAndAForeignOrganization() async throws {
        let fixture = try await ServerFixture()
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            for (login, organization, role) in ServerFixture.accounts {
                var browser = TestBrowser(client)
                let csrf = try await browser.signIn(login, password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
                let foreign = organization == "other-contractor"
                for route in Self.readRoutes {
                    let status = try await browser.get(route).status
                    #expect(status == (foreign ? .notFound : .ok), "\(login) GET \(route): \(status)")
                }
                // The other contractor's contract is for the same city: its people see it too, the demo contractor's do not.
                let own = try await browser.get("/contracts/\(ServerFixture.foreignContractID)").status
                #expect(own == (foreign || role.organizationKind == .city ? .ok : .notFound), "\(login) GET the other contractor's contract: \(own)")
                let accounts = try await browser.get("/accounts")
                #expect(accounts.status == (role.managesAccounts ? .ok : .forbidden), "\(login) GET /accounts: \(accounts.status)")
                if role.managesAccounts {
                    let listed = { (other: String) in accounts.body.contains("<tr><td>\(other)</td>") }
                    let own = ServerFixture.accounts.filter { $0.organization == organization }.map(\.login)
                    let others = ServerFixture.accounts.filter { $0.organization != organization }.map(\.login)
                    #expect(own.allSatisfy(listed) && !others.contains(where: listed), "\(login) lists only its organization's accounts")
                }
                let listed = try await browser.get("/").body.contains(ServerFixture.contractID)
                #expect(listed == !foreign, "\(login) sees the contract in the list")

                let record = try await browser.post(
                    Self.contract + "/records/data-event",
                    form: [
                        "_csrf": csrf, "asset_id": "DA-02", "kind": "use", "person_id": "P03",
                        "purpose": "課税資料のデータ入力"
                    ])
                let recordExpected: HTTPResponse.Status = foreign ? .notFound : role.recordsContractRecords ? .seeOther : .forbidden
                #expect(
                    record.status == recordExpected,
                    "\(login) records a data event: \(record.status)")

                let decide = try await browser.post(Self.contract + "/approvals/AP-03/decision", form: ["_csrf": csrf, "decision": "granted", "confirm": "on"])
                let decideExpected: HTTPResponse.Status = foreign ? .notFound : role.decidesApprovals ? .seeOther : .forbidden
                #expect(
                    decide.status == decideExpected,
                    "\(login) decides an approval: \(decide.status)")

                let instruction = try await browser.post(
                    Self.contract + "/records/instruction",
                    form: ["_csrf": csrf, "instruction": "鍵の管理簿を提出すること（\(login)）"])
                // The annex gives instructions to the city's reviewer, and their receipt to the responsible side.
                let instructionExpected: HTTPResponse.Status =
                    foreign ? .notFound : login == "city" ? .seeOther : .forbidden
                #expect(
                    instruction.status == instructionExpected,
                    "\(login) records a city instruction: \(instruction.status)")

                let forged = try await browser.post(
                    Self.contract + "/records/data-event",
                    form: ["_csrf": "forged", "asset_id": "DA-02", "kind": "use", "person_id": "P03"])
                #expect(forged.status == (foreign ? .notFound : .forbidden), "\(login) with a forged CSRF token: \(forged.status)")
            }
        }
        let state = try await fixture.store.contract(ServerFixture.contractID)
        #expect(state.approvals["AP-03"]?.decision == .granted)
        #expect(state.approvals["AP-03"]?.decidedBy == "city")
        let uses = try await fixture.store.events(ofAsset: "DA-02").filter { $0.kind == .use }
        #expect(uses.count == 4, "one use per contractor role; none from the city or the foreign contractor")
        let instructions = try state.instructions.values.map { try fixture.store.vault.openText($0.instruction) }
        #expect(instructions.filter { $0.hasPrefix("鍵の管理簿") }.count == 1, "the city's reviewer alone: \(instructions)")
        #expect(!instructions.contains { $0.contains("auditor") || $0.contains("foreign") })
    }
}

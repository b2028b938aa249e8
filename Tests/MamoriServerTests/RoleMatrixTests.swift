import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriCore
import MamoriStore
import Testing

@testable import MamoriServer

/// Least privilege per role and record kind, written out as the annex gives it rather than derived from the code
/// under test: staff record their own work (data events, reporting an incident); supervisors keep the registers of
/// people and data; closing incidents, the policy, audits, instructions and the management registers belong to the
/// responsible person (and the administrator); the city's reviewer gives instructions and records audits; the
/// auditor only reads.
@Suite struct RoleMatrixTests {
    static let api = "/api/v1/contracts/\(ServerFixture.contractID)/records"
    static let supervisors: Set<String> = ["admin", "yamada", "sato"]
    static let responsible: Set<String> = ["admin", "yamada"]
    static let everyone: Set<String> = ["admin", "yamada", "sato", "suzuki", "city", "auditor"]

    /// Who may add a record of each kind.
    static let create: [String: Set<String>] = [
        "person": supervisors, "id-check": supervisors, "training": supervisors, "pledge": supervisors, "asset": supervisors,
        "approval": supervisors, "attestation": supervisors, "backup": supervisors, "disposal": supervisors,
        "data-event": supervisors.union(["suzuki"]), "incident": supervisors.union(["suzuki"]),
        "audit": ["city"], "instruction": ["city"],
        "safeguard": responsible, "policy": responsible, "structure": responsible, "notification": responsible, "subcontract": responsible,
        "software": responsible
    ]

    /// Who may take each step, by kind and step; a record is corrected by whoever may record one, staff aside (a
    /// correction may lift a duty); a data event, which staff record too, is voided by a supervisor and recorded again:
    /// never corrected in place.
    static let steps: [String: Set<String>] = [
        "person/leave": supervisors, "incident/notify": supervisors, "incident/written-report": supervisors,
        "incident/final-report": supervisors, "incident/instruct": ["city"], "incident/close": responsible,
        "audit/respond": responsible, "instruction/complete": responsible, "policy/submit": responsible,
        "data-event/void": supervisors
    ].merging(create.filter { $0.key != "data-event" }.map { ("\($0.key)/correct", $0.value.subtracting(["suzuki"])) }) { step, _ in step }

    @Test func everyKindAndStepWithEveryRole() async throws {
        let fixture = try await ServerFixture()
        #expect(Set(Self.create.keys) == Set(RecordKinds.all.map(\.slug)), "the table names every kind")
        #expect(Set(Self.steps.keys) == Set(RecordKinds.all.flatMap { kind in kind.steps.map { "\(kind.slug)/\($0.slug)" } }))
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            var csrf: [String: String] = [:]
            var browsers: [String: TestBrowser] = [:]
            for login in Self.everyone.sorted() {
                var browser = TestBrowser(client)
                csrf[login] = try await browser.signIn(login, password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
                browsers[login] = browser
            }
            func send(_ login: String, _ path: String, _ body: String) async throws -> HTTPResponse.Status {
                var headers: HTTPFields = [.contentType: "application/json"]
                headers[APIRoutes.csrfHeader] = csrf[login]
                var browser = browsers[login]!
                defer { browsers[login] = browser }
                return try await browser.send(path, method: .post, headers: headers, body: body).status
            }
            for kind in RecordKinds.all {
                // A use, which every allowed role can record again (the shared sample destroys its asset once).
                let body =
                    kind.slug == "data-event"
                    ? #"{"asset_id":"DA-02","kind":"use","person_id":"P03","purpose":"課税資料のデータ入力"}"#
                    : try #require(RecordRoutesTests.samples[kind.slug])
                let allowed = try #require(Self.create[kind.slug])
                for login in Self.everyone.sorted() {
                    let status = try await send(login, "\(Self.api)/\(kind.slug)", body)
                    #expect(status == (allowed.contains(login) ? .created : .forbidden), "\(login) adds \(kind.slug): \(status)")
                }
                // One record made by someone allowed to, then each step tried by everyone: the refused first.
                let maker = allowed.contains("yamada") ? "yamada" : try #require(allowed.sorted().first)
                let made = try await { () async throws -> String in
                    var headers: HTTPFields = [.contentType: "application/json"]
                    headers[APIRoutes.csrfHeader] = csrf[maker]
                    var browser = browsers[maker]!
                    let page = try await browser.send("\(Self.api)/\(kind.slug)", method: .post, headers: headers, body: body)
                    return try #require(try JSONSerialization.jsonObject(with: page.bytes) as? [String: Any])["id"] as? String ?? ""
                }()
                for step in kind.steps {
                    let allowedStep = try #require(Self.steps["\(kind.slug)/\(step.slug)"])
                    let stepBody = try #require(RecordRoutesTests.stepSample(step, of: kind))
                    let path = "\(Self.api)/\(kind.slug)/\(made)/\(step.slug)"
                    for login in Self.everyone.subtracting(allowedStep).sorted() {
                        let status = try await send(login, path, stepBody)
                        #expect(status == .forbidden, "\(login) \(kind.slug)/\(step.slug): \(status)")
                    }
                    let first = try #require(allowedStep.sorted().first)
                    let status = try await send(first, path, stepBody)
                    #expect(status == .created, "\(first) \(kind.slug)/\(step.slug): \(status)")
                }
            }
        }
        #expect(try await fixture.store.verifyLedger().isIntact)
    }
}

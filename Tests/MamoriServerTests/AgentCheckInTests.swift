import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MamoriAgentKit
import MamoriCore
import MamoriStore
import MamoriTestSupport
import Synchronization
import Testing

@testable import MamoriServer

/// A PC enrolls with an administrator's token and posts a signed scan of this machine to a live server on 127.0.0.1
/// (through the agent's own client and curl); the server re-evaluates it and the contract's agent clauses use it.
@Suite(.needs(.curl)) struct AgentCheckInTests {
    @Test func anEnrolledPCReportsAndItsChecksReachTheDashboard() async throws {
        let fixture = try await ServerFixture()
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-agent-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let app = Application(router: MamoriApp.router(fixture.environment), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let contract = "/contracts/\(ServerFixture.contractID)"
            var staff = TestBrowser(client)
            let staffCSRF = try await staff.signIn("suzuki", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            #expect(try await staff.post(contract + "/devices/tokens", form: ["_csrf": staffCSRF]).status == .forbidden)
            let before = try await staff.get(contract)
            #expect(before.body.contains("エージェントの報告がまだありません"))

            var admin = TestBrowser(client)
            let csrf = try await admin.signIn("admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let token = try await Self.enrollmentToken(&admin, csrf: csrf)

            let server = ServerClient(server: "http://127.0.0.1:\(try #require(client.port))")
            let key = try DeviceKey(state: state, create: true)
            let enrolled = try await Self.offPool { try server.enroll(token: token, key: key, hostname: "pc-test") }
            #expect(enrolled.organization == DemoScenario.contractorID)
            // The contract's catalog files each check and sets the thresholds the PC's own table shows.
            #expect(enrolled.contract?.catalog == "nakano 2026.1")
            #expect(enrolled.contract?.clauses["password.min_length"] == ["CS-2.2"])
            #expect(enrolled.contract?.clauses["disk.encrypted"] == ["PI-9", "CS-2.10", "CS-2.13"])
            #expect(enrolled.contract?.parameters.passwordMinLength == 6)
            #expect(enrolled.contract?.parameters.screenLockMaxIdleSeconds == 15 * 60)
            #expect(Set(enrolled.contract?.parameters.deniedSoftware ?? []) == Set(AgentParameters().deniedSoftware))
            let other = try DeviceKey(state: state.appendingPathComponent("other"), create: true)
            await #expect(throws: AgentError.self, "a token enrolls one PC only") {
                try await Self.offPool { try server.enroll(token: token, key: other, hostname: "x") }
            }

            var scanned = try await Self.offPool { try AgentScan(root: URL(fileURLWithPath: "/")).run(deviceID: key.deviceID) }
            // Long enough to travel as a part on any machine, whatever it has installed.
            scanned.inventory.software += (0...CheckIn.inlineLimit).map { "tool-\($0)=1.0" }
            scanned.facts = scanned.facts.filter { $0.key != "linux.dpkg.installed" } + [Fact("linux.dpkg.installed", .list(scanned.inventory.software))]
            let report = scanned
            let calls = CurlCalls()
            let recording = ServerClient(
                server: server.server,
                runner: CommandRunner { arguments, timeout in
                    calls.append(arguments)
                    return CommandRunner.live(arguments, timeout: timeout)
                })
            let counts = try await Self.offPool { try recording.submit(report, key: key, state: state) }
            #expect(counts.passed + counts.failed + counts.unknown == report.results.count)
            let checkIn = try CheckIn(report)
            #expect(checkIn.parts.count == 1, "the package fact and the inventory's software are one part")
            #expect(calls.methods == checkIn.parts.map { _ in "PUT" } + ["POST"], "the first check-in sends its parts first")
            #expect(counts.heldParts == checkIn.partDigests)
            calls.clear()
            // The next check-in, made later (the same bytes again would be a replay, refused below).
            var next = report
            next.generatedAt = "2026-12-04T09:00:00Z"
            _ = try await Self.offPool { [next] in try recording.submit(next, key: key, state: state) }
            #expect(calls.methods == ["POST"], "the next check-in names the parts the server holds and sends none")
            let replay = await #expect(throws: (any Error).self) { try await Self.offPool { [next] in try recording.submit(next, key: key, state: state) } }
            #expect("\(String(describing: replay))".contains("409"), "the same signed report again is a conflict: \(String(describing: replay))")

            // The same refusals whoever sends them: altered, foreign or unknown PCs, parts the server lacks.
            let body = try checkIn.canonicalJSON()
            func post(
                _ path: String, _ bytes: Data, signedBy signer: DeviceKey?, as device: String? = nil, signing signed: Data? = nil,
                method: HTTPRequest.Method = .post
            ) async throws -> TestResponse {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let signer {
                    headers[HTTPField.Name(DeviceKey.deviceHeader)!] = device ?? signer.deviceID
                    headers[HTTPField.Name(DeviceKey.signatureHeader)!] = try signer.signature(for: signed ?? bytes).base64EncodedString()
                }
                return try await client.execute(uri: path, method: method, headers: headers, body: ByteBuffer(bytes: bytes))
            }
            #expect(try await post("/api/v1/agent/reports", body, signedBy: nil).status == .badRequest, "no signature headers")
            var altered = body
            altered[altered.count / 2] ^= 0x01
            #expect(
                try await post("/api/v1/agent/reports", altered, signedBy: key, signing: body).status == .unauthorized,
                "an altered report is refused")
            #expect(try await post("/api/v1/agent/reports", body, signedBy: other).status == .unauthorized, "an unenrolled PC is refused")
            #expect(
                try await post("/api/v1/agent/reports", body, signedBy: other, as: key.deviceID).status == .unauthorized,
                "another key in the PC's name is refused")
            var changed = report
            changed.inventory.software.append("steam=1.0")
            changed.facts = changed.facts.map { $0.key == "linux.dpkg.installed" ? Fact($0.key, .list(changed.inventory.software)) : $0 }
            let newer = try CheckIn(changed)
            let missing = try await post("/api/v1/agent/reports", try newer.canonicalJSON(), signedBy: key)
            #expect(missing.status == .conflict)
            let problem = try JSONSerialization.jsonObject(with: Data(buffer: missing.body)) as? [String: Any]
            #expect(problem?["missing_parts"] as? [String] == newer.partDigests.subtracting(checkIn.partDigests).sorted())
            let part = try #require(newer.parts.first { !checkIn.partDigests.contains($0.digest) })
            #expect(
                try await post("/api/v1/agent/parts/\(String(repeating: "0", count: 64))", part.bytes, signedBy: key, method: .put).status
                    == .badRequest, "a part whose SHA-256 is not its name")
            #expect(
                try await post("/api/v1/agent/parts/\(part.digest)", part.bytes, signedBy: other, as: key.deviceID, method: .put).status
                    == .unauthorized, "a part signed by another key")
            let object = Data(#"{"a":1}"#.utf8)
            #expect(
                try await post("/api/v1/agent/parts/\(ReportPart.digest(of: object))", object, signedBy: key, method: .put).status
                    == .badRequest, "a part that is not a list of names")
            #expect(try await post("/api/v1/agent/parts/\(part.digest)", part.bytes, signedBy: key, method: .put).status == .created)
            #expect(try await post("/api/v1/agent/parts/\(part.digest)", part.bytes, signedBy: key, method: .put).status == .ok, "held already")
            // Signed, but naming a platform that is a path, a time that does not exist, a host name with a NUL: refused
            // before any rule file is looked up or anything is stored.
            for (name, edit) in [
                ("platform path", { (r: inout AgentReport) in r.platform = "../../Mamori_MamoriAgentKit.resources/rules/windows" }),
                ("unknown platform", { (r: inout AgentReport) in r.platform = "beos" }),
                ("impossible time", { (r: inout AgentReport) in r.generatedAt = "2026-02-30T25:61:61Z" }),
                ("NUL in host name", { (r: inout AgentReport) in r.inventory.hostname = "pc\u{0}x" })
            ] {
                var hostile = report
                edit(&hostile)
                let refused = try await post("/api/v1/agent/reports", try CheckIn(hostile).canonicalJSON(), signedBy: key)
                #expect(refused.status == .badRequest, "\(name): \(refused.status)")
            }
            // Made more than a day after this machine's clock: it would stay the PC's current result and keep the PC
            // from ever counting as silent.
            var ahead = report
            ahead.generatedAt = Date().addingTimeInterval(AgentRoutes.clockAhead + 3600).ISO8601Format()
            let future = try await post("/api/v1/agent/reports", try CheckIn(ahead).canonicalJSON(), signedBy: key)
            #expect(future.status == .unprocessableContent && String(buffer: future.body).contains("端末の時計を合わせてください"))
            #expect(try await post("/api/v1/agent/reports", try newer.canonicalJSON(), signedBy: key).status == .accepted)

            let after = try await staff.get(contract)
            #expect(!after.body.contains("エージェントの報告がまだありません"))
            #expect(after.body.contains(report.inventory.hostname))
            let devices = try await staff.get(contract + "/devices")
            #expect(devices.body.contains(report.inventory.hostname))
            #expect(devices.body.contains("\(counts.passed) / \(counts.failed) / \(counts.unknown)"))
            let history = try await staff.get(contract + "/devices/\(key.deviceID)")
            // Each check by what it means, filed under the clause the contract's catalog names for it.
            #expect(history.body.contains("<td>CS-2.3</td><td>パスワードの有効期間が上限以内である</td>"))
            // Results in words of the page's language (適合 / 不適合 / 不明), never the agent's pass / fail.
            #expect(!history.body.contains("badge\">pass<") && !history.body.contains("badge\">fail<") && !history.body.contains("badge\">unknown<"))
            #expect(history.body.contains("badge\">適合<") || history.body.contains("badge\">不適合<") || history.body.contains("badge\">不明<"))
            let roster = try await staff.get(contract + "/documents/initial_configuration.html")
            #expect(roster.body.contains(key.deviceID), "初期設定書 comes from the posted report")
            #expect(roster.body.contains("steam=1.0"), "with the software list written back from its part")
        }
        #expect(
            try await fixture.store.reports(of: try DeviceKey(state: state, create: false).deviceID).count == 3,
            "two check-ins through the client and one posted by hand; nothing stored for the refused ones")
        // Results are stored as status and observation per rule, naming the rule set that says the rest.
        let stored = try #require(try await fixture.store.reports(of: try DeviceKey(state: state, create: false).deviceID).first)
        #expect(stored.results.hasPrefix(#"{"rule_set":""#))
        let ruleSet = try await fixture.store.agentRuleSet(try #require(StoredResults.ruleSetDigest(stored.results)))
        let results = try #require(StoredResults.results(stored.results) { _ in ruleSet })
        #expect(results.count == stored.passed + stored.failed + stored.unknown)
        #expect(results.filter { $0.status == .fail }.count == stored.failed)
        #expect(results.contains { $0.rule == "password.max_age" && !$0.expected.isEmpty })
    }

    /// The curl commands a client ran, by HTTP method.
    final class CurlCalls: Sendable {
        private let calls = Mutex<[[String]]>([])
        func append(_ arguments: [String]) { calls.withLock { $0.append(arguments) } }
        func clear() { calls.withLock { $0 = [] } }
        var methods: [String] { calls.withLock { $0.compactMap { call in call.firstIndex(of: "-X").map { call[$0 + 1] } } } }
    }

    /// Enrollment proves the key: a public key is no secret, and another organization's token (or a key someone else
    /// holds) never moves a PC, or its reports, to another organization.
    @Test func onlyThePCHoldingTheKeyEnrollsItAndItStaysWithItsOrganization() async throws {
        let fixture = try await ServerFixture()
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-agent-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let key = try DeviceKey(state: state, create: true)
        let thief = try DeviceKey(state: state.appendingPathComponent("thief"), create: true)
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            var admin = TestBrowser(client)
            let csrf = try await admin.signIn("admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            var foreign = TestBrowser(client)
            let foreignCSRF = try await foreign.signIn("foreign-admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            var agent = TestBrowser(client)
            func enroll(_ token: String, signedBy signer: DeviceKey) async throws -> TestBrowser.Page {
                let proof = try signer.signature(for: DeviceKey.enrollmentProof(token: token, deviceID: key.deviceID)).base64EncodedString()
                let body = try JSONEncoder().encode([
                    "token": token, "device_id": key.deviceID, "public_key": key.publicKey, "signature": proof, "hostname": "pc"
                ])
                return try await agent.send("/api/v1/agent/enroll", method: .post, headers: [.contentType: "application/json"], bytes: body)
            }
            let own = try await Self.enrollmentToken(&admin, csrf: csrf)
            #expect(try await enroll(own, signedBy: thief).status == .badRequest, "a public key without its private key enrolls nothing")
            #expect(try await enroll(own, signedBy: key).status == .created)
            let other = try await Self.enrollmentToken(&foreign, csrf: foreignCSRF, contract: ServerFixture.foreignContractID)
            #expect(try await enroll(other, signedBy: thief).status == .badRequest)
            let moved = try await enroll(other, signedBy: key)
            #expect(moved.status == .conflict && moved.body.contains("別の組織に登録されています"), "\(moved.body)")
            #expect(try await fixture.store.device(key.deviceID)?.organizationID == DemoScenario.contractorID)
            #expect(try await foreign.get("/contracts/\(ServerFixture.foreignContractID)/devices/\(key.deviceID)").status == .notFound)
            let unsigned = try await agent.send(
                "/api/v1/agent/enroll", method: .post, headers: [.contentType: "application/json"],
                body: #"{"token":"\#(other)","device_id":"\#(key.deviceID)","public_key":"\#(key.publicKey)","hostname":"pc"}"#)
            #expect(unsigned.status == .badRequest, "a signature is required")
            // The identity point as a key: (R = identity, S = 0) "verifies" for every message with it, so no private key
            // stands behind it. Refused, and with it every key of small order.
            let identity = Data([1] + [UInt8](repeating: 0, count: 31))
            let any = identity + Data(count: 32)
            let fresh = try await Self.enrollmentToken(&admin, csrf: csrf)
            let forged = try JSONEncoder().encode([
                "token": fresh, "device_id": DeviceKey.deviceID(publicKey: identity), "public_key": identity.base64EncodedString(),
                "signature": any.base64EncodedString(), "hostname": "pc"
            ])
            let smallOrder = try await agent.send("/api/v1/agent/enroll", method: .post, headers: [.contentType: "application/json"], bytes: forged)
            #expect(smallOrder.status == .badRequest, "a key of small order enrolls nothing: \(smallOrder.body)")
            // A host name the PCs page would show reordered (「pc‮exe.txt」 as 「pctxt.exe」), or shows as nothing.
            // The character is named where one is to blame.
            for (hostname, code) in [
                ("pc\u{202E}exe.txt", "U+202E"), ("pc\u{200F}x", "U+200F"), ("pc\u{E0041}", "U+E0041"), ("pc\u{2028}x", "U+2028"),
                ("\u{200B}", nil), (" ", nil)
            ] {
                let next = try await Self.enrollmentToken(&admin, csrf: csrf)
                let proof = try thief.signature(for: DeviceKey.enrollmentProof(token: next, deviceID: thief.deviceID)).base64EncodedString()
                let body = try JSONEncoder().encode([
                    "token": next, "device_id": thief.deviceID, "public_key": thief.publicKey, "signature": proof, "hostname": hostname
                ])
                let named = try await agent.send("/api/v1/agent/enroll", method: .post, headers: [.contentType: "application/json"], bytes: body)
                #expect(
                    named.status == .badRequest && named.body.contains("ホスト名") && named.body.contains(code ?? "ホスト名"),
                    "\(hostname.unicodeScalars.map(\.value)): \(named.status) \(named.body)")
            }
            #expect(try await fixture.store.device(DeviceKey.deviceID(publicKey: identity)) == nil)
        }
    }

    /// Every Ed25519 key of small order, either sign of x, is refused; keys made by the agent are not.
    @Test func keysOfSmallOrderAreNeverValid() throws {
        let identity = Data([1] + [UInt8](repeating: 0, count: 31))
        // Without the check, the identity's (R = identity, S = 0) verifies for any message: the forgery this refuses.
        #expect(!DeviceKey.isValid(identity + Data(count: 32), of: Data("any message".utf8), publicKey: identity))
        let orderEight = Data([
            0x26, 0xE8, 0x95, 0x8F, 0xC2, 0xB2, 0x27, 0xB0, 0x45, 0xC3, 0xF4, 0x89, 0xF2, 0xEF, 0x98, 0xF0,
            0xD5, 0xDF, 0xAC, 0x05, 0xD3, 0xC6, 0x33, 0x39, 0xB1, 0x38, 0x02, 0x88, 0x6D, 0x53, 0xFC, 0x05
        ])
        var negated = orderEight
        negated[31] |= 0x80
        for key in [identity, Data(count: 32), orderEight, negated] { #expect(DeviceKey.hasSmallOrder(key)) }
        for _ in 0..<100 {
            let state = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-key-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: state) }
            let key = try DeviceKey(state: state, create: true)
            #expect(!DeviceKey.hasSmallOrder(try #require(Data(base64Encoded: key.publicKey))))
        }
    }

    /// A one-time enrollment token, as an administrator issues it on the PCs page (from the command the page prints).
    static func enrollmentToken(_ admin: inout TestBrowser, csrf: String, contract: String = ServerFixture.contractID) async throws -> String {
        let issued = try await admin.post("/contracts/\(contract)/devices/tokens", form: ["_csrf": csrf])
        return String(try #require(issued.body.components(separatedBy: "--token=").dropFirst().first?.prefix { $0 != "<" }))
    }

    /// Runs the agent's blocking work (the scan's commands, the client's curl) on a thread of its own, so that the
    /// in-process server keeps the concurrency pool's threads to answer it.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}

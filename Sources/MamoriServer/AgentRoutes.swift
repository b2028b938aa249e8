import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import MamoriAgentKit
import MamoriCore
import MamoriStore

/// What PCs call, without a session: enrollment with a one-time token, signed check-ins, which the server evaluates
/// with the contract's parameters (the agent's own results are not sent), and the parts check-ins name.
struct AgentRoutes {
    let environment: ServerEnvironment
    /// The largest check-in accepted (its long lists travel as parts; a check-in is some 10 KB).
    static let maxReportSize = 1024 * 1024
    /// The largest part accepted, and the most names it may hold (a PC's thousands of packages are a few hundred KB).
    static let maxPartSize = 1024 * 1024
    static let maxPartNames = 20_000

    func register(on router: Router<AppContext>) {
        router.post("/api/v1/agent/enroll", use: enroll)
        router.post("/api/v1/agent/reports", use: report)
        router.put("/api/v1/agent/parts/:digest", use: part)
    }

    struct Enrollment: Decodable {
        var token: String
        var device_id: String
        var public_key: String
        /// The key's signature of ``DeviceKey/enrollmentProof(token:deviceID:)``, base64.
        var signature: String
        var hostname: String
    }

    struct Enrolled: ResponseEncodable {
        var device_id: String
        var organization_id: String
        /// The contract's parameters and clauses by check, for the agent's own table.
        var contract: AgentContract?
    }

    /// The answer to a check-in: the server's own counts, and the contract's settings as ``ServerEnvironment/agentRules(for:platform:)``
    /// encoded them (the same JSON for every PC of the organization, so laid in as it is).
    struct Received: ResponseGenerator {
        struct Counts: Encodable {
            var device_id: String
            var passed: Int
            var failed: Int
            var unknown: Int
        }

        var counts: Counts
        /// `AgentContract`'s JSON, if the organization has a contract.
        var contract: Data?

        func response(from request: Request, context: some RequestContext) throws -> Response {
            var body = try JSONEncoder().encode(counts)
            if let contract {
                // `{…}` becomes `{…,"contract":{…}}`: the encoder's object ends with its brace.
                body.removeLast()
                body.append(contentsOf: #","contract":"#.utf8)
                body.append(contract)
                body.append(UInt8(ascii: "}"))
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
    }

    @Sendable func enroll(_ request: Request, context: AppContext) async throws -> EditedResponse<Enrolled> {
        let input: Enrollment = try await JSONBody.decode(request, limit: 16 * 1024)
        try Self.checkHostname(input.hostname)
        guard let key = Data(base64Encoded: input.public_key), key.count == 32, DeviceKey.deviceID(publicKey: key) == input.device_id else {
            throw WebError(.badRequest, ja: "device_id が public_key と一致しません", en: "device_id does not match public_key")
        }
        guard let signature = Data(base64Encoded: input.signature),
            DeviceKey.isValid(signature, of: DeviceKey.enrollmentProof(token: input.token, deviceID: input.device_id), publicKey: key)
        else {
            throw WebError(
                .badRequest, ja: "signature が public_key の鍵による署名ではありません（鍵を持つ端末だけが登録できます）",
                en: "signature is not made by the key of public_key (only the PC holding the key enrolls it)")
        }
        let enrolled: Device?
        do {
            enrolled = try await environment.store.enroll(
                tokenHash: SessionMiddleware.hash(input.token), deviceID: input.device_id,
                hostname: input.hostname, publicKey: input.public_key, at: environment.now)
        } catch StoreError.refused(let error) {
            throw WebError(.conflict, ja: error.message.ja, en: error.message.en)
        }
        guard let device = enrolled else {
            throw WebError(.unauthorized, ja: "登録トークンが無効か使用済みか期限切れです", en: "the enrollment token is unknown, used or expired")
        }
        return await EditedResponse(
            status: .created,
            response: Enrolled(
                device_id: device.id, organization_id: device.organizationID,
                contract: try environment.agentContract(for: device.organizationID)))
    }

    /// A check-in: the signed body is the check-in's canonical JSON, the device and the signature in headers. Parts
    /// the organization does not hold are named in a 409 (`missing_parts`); nothing is stored then. Read and evaluated
    /// under the report writer's eye, so that the batch being written waits for it.
    @Sendable func report(_ request: Request, context: AppContext) async throws -> EditedResponse<Received> {
        do {
            let received = try await environment.reportWriter.write { try await evaluated(request) }
            return EditedResponse(status: .accepted, response: received)
        } catch let StoreError.refused(error) {
            // A replayed report, or a PC whose organization the database no longer gives as the one it was evaluated
            // for: read again at its next check-in.
            if let deviceID = request.headers[Self.deviceHeader] { environment.forgetCheckInDevice(deviceID) }
            throw WebError(.conflict, ja: error.message.ja, en: error.message.en)
        }
    }

    /// A check-in read, verified and evaluated: the report to store, the organization it was evaluated for, and the
    /// answer to the PC.
    private func evaluated(_ request: Request) async throws -> (report: DeviceReport, organizationID: String, answer: Received) {
        let body = Data(buffer: try await request.collectBody(limit: Self.maxReportSize))
        let device = try await signer(of: request, body, lookup: environment.checkInDevice)
        let checkIn: PostedFacts
        do {
            checkIn = try CheckIn.verified(body, signature: device.signature, publicKey: device.publicKey)
        } catch AgentError.badSignature {
            // Read again at the next check-in: a key kept from a database changed since must not lock the PC out.
            environment.forgetCheckInDevice(device.id)
            throw WebError(.unauthorized, ja: "報告の署名が正しくありません", en: "the report's signature is not valid")
        } catch {
            let reason = JSONBody.describe(error)
            throw WebError(.badRequest, ja: "報告の JSON が正しくありません: \(reason.ja)", en: "invalid report JSON: \(reason.en)")
        }
        // The PC's clock against this machine's own, not the time a test sets for the records.
        try Self.checkHeader(checkIn, now: Date())
        let facts: [Fact]
        do {
            let lists = try await environment.parts.lists(checkIn.partDigests, of: device.organizationID)
            facts = try checkIn.resolvedFacts(lists)
        } catch let missing as CheckIn.MissingParts {
            var error = WebError(
                .conflict, ja: "報告が参照する部分がサーバーにありません（先に送信してください）",
                en: "the server does not hold parts the report names; send them first")
            error.missingParts = missing.digests
            throw error
        }
        let (rules, contract) = try await environment.agentRules(for: device.organizationID, platform: checkIn.platform)
        let results = rules.evaluate(facts, listDigests: checkIn.listDigests)
        let count = { (status: AgentResult.Status) in results.filter { $0.status == status }.count }
        let report = DeviceReport(
            deviceID: device.id, receivedAt: environment.now, generatedAt: checkIn.generatedAt, platform: checkIn.platform,
            hostname: checkIn.hostname, passed: count(.pass), failed: count(.fail), unknown: count(.unknown),
            results: StoredResults.json(results, ruleSet: rules.ruleSet), report: String(decoding: body, as: UTF8.self),
            signature: device.signature.base64EncodedString())
        let counts = Received.Counts(device_id: device.id, passed: report.passed, failed: report.failed, unknown: report.unknown)
        return (report, device.organizationID, Received(counts: counts, contract: contract))
    }

    /// How far ahead of the server's clock a PC's may run.
    static let clockAhead: TimeInterval = 86_400

    /// Refuses a check-in whose platform is not one the agent knows, whose time is not an RFC 3339 moment or is more
    /// than ``clockAhead`` ahead, or whose host name is empty, over 255 characters or holds a control character:
    /// values the PCs page shows and the rules are chosen by.
    static func checkHeader(_ checkIn: PostedFacts, now: Date) throws {
        guard RuleBook.platforms.contains(checkIn.platform) else {
            throw WebError(.badRequest, ja: "platform は linux・macos・windows のいずれかです", en: "platform must be linux, macos or windows")
        }
        // The PC's own clock may be wrong; evaluation goes by the time the server received the check-in. A report
        // made later than the next day, though, would stay the PC's current one (an older one never replaces it)
        // and keep it from ever counting as silent.
        guard let made = Timestamp.parse(checkIn.generatedAt, local: .refused) else {
            throw WebError(.badRequest, ja: "generated_at は RFC 3339 の日時です", en: "generated_at must be an RFC 3339 time")
        }
        guard made <= now.addingTimeInterval(Self.clockAhead) else {
            throw WebError(
                .unprocessableContent,
                ja: "報告の作成日時（generated_at \(checkIn.generatedAt)）がサーバーの時刻より 1 日以上先です。端末の時計を合わせてください",
                en: "the report says it was made (generated_at \(checkIn.generatedAt)) more than a day after the server's time; set the PC's clock")
        }
        // Both the inventory's and the device's: each is kept in the signed report, which exports and pages show.
        try checkHostname(checkIn.hostname)
        try checkHostname(checkIn.device.hostname)
    }

    /// Refuses a host name over 255 characters or holding a control character, at enrollment and at each check-in.
    static func checkHostname(_ hostname: String) throws {
        // As the PCs page shows it: something visible, on one line, with no character that reorders what follows
        // (「pc‮exe.txt」 read as 「pctxt.exe」).
        // Empty is a PC whose name could not be read (the page shows its ID); only spaces or invisible characters are not.
        let refused = hostname.unicodeScalars.first { scalar in
            scalar.properties.generalCategory == .control || scalar.properties.isBidiControl || FormField.isRefused(scalar)
                || FormField.breaksLine(scalar)
        }
        guard hostname.count <= 255, hostname.isEmpty || !FormField.isBlank(hostname), refused == nil else {
            // Naming the character, as a record's field does: the agent's log says what to look for.
            let code = refused.map { String(format: "U+%04X", $0.value) }
            throw WebError(
                .badRequest, ja: "ホスト名は 255 文字までの見える文字で、制御文字や書字方向を変える文字を含まないものです" + (code.map { "（\($0)）" } ?? ""),
                en: "the host name must be at most 255 visible characters, without control or direction characters" + (code.map { " (\($0))" } ?? ""))
        }
    }

    struct Held: ResponseEncodable {
        var digest: String
    }

    /// A part a check-in names, at `/api/v1/agent/parts/{digest}`: signed by an enrolled PC, its bytes' SHA-256 must
    /// be the digest and they must be a JSON array of strings. Kept for the PC's organization (201), or already held (200).
    @Sendable func part(_ request: Request, context: AppContext) async throws -> EditedResponse<Held> {
        let digest = try context.parameters.require("digest")
        let body = Data(buffer: try await request.collectBody(limit: Self.maxPartSize))
        // Read from the database each time: parts are few, and a part is kept for the organization it names.
        let device = try await signer(of: request, body, lookup: environment.enrolledKey)
        guard DeviceKey.isValid(device.signature, of: body, publicKey: device.publicKey) else {
            throw WebError(.unauthorized, ja: "部分の署名が正しくありません", en: "the part's signature is not valid")
        }
        guard ReportPart.digest(of: body) == digest else {
            throw WebError(.badRequest, ja: "内容の SHA-256 が \(digest) と一致しません", en: "the content's SHA-256 is not \(digest)")
        }
        guard let names = ReportPart.names(body), names.count <= Self.maxPartNames else {
            throw WebError(
                .badRequest, ja: "部分は \(Self.maxPartNames) 件までの文字列の JSON 配列でなければなりません",
                en: "a part must be a JSON array of at most \(Self.maxPartNames) strings")
        }
        let added = try await environment.store.addPart(
            organizationID: device.organizationID, digest: digest,
            content: String(decoding: body, as: UTF8.self), at: environment.now)
        environment.parts.remember(names, size: body.count, digest, of: device.organizationID)
        return EditedResponse(status: added ? .created : .ok, response: Held(digest: digest))
    }

    /// The enrolled PC that signed a body: named by the `Mamori-Device` header, its signature in `Mamori-Signature`,
    /// its organization and key given by `lookup`.
    private func signer(
        of request: Request, _ body: Data, lookup: (String) async throws -> (organizationID: String, publicKey: Data)?
    ) async throws -> (id: String, organizationID: String, publicKey: Data, signature: Data) {
        guard let deviceID = request.headers[Self.deviceHeader], let signature = request.headers[Self.signatureHeader].flatMap({ Data(base64Encoded: $0) })
        else {
            throw WebError(
                .badRequest, ja: "\(DeviceKey.deviceHeader) と \(DeviceKey.signatureHeader)（base64）ヘッダーが必要です",
                en: "the \(DeviceKey.deviceHeader) and \(DeviceKey.signatureHeader) (base64) headers are required")
        }
        guard let device = try await lookup(deviceID) else {
            throw WebError(.unauthorized, ja: "登録されていない端末です: \(deviceID)", en: "device not enrolled: \(deviceID)")
        }
        return (deviceID, device.organizationID, device.publicKey, signature)
    }

    private static let deviceHeader = HTTPField.Name(DeviceKey.deviceHeader)!
    private static let signatureHeader = HTTPField.Name(DeviceKey.signatureHeader)!
}

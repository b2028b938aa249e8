import Foundation

/// The agent's calls to the Mamori server — enroll with a token, post a signed check-in and its parts — made with the system's
/// curl (present on Linux, macOS and Windows 10+), so that the agent binary carries no HTTP stack of its own: TLS, proxies
/// and the system's trust store are curl's.
public struct ServerClient: Sendable {
    /// The server, the proxy and the CA.
    public let connection: ServerConnection
    var runner: CommandRunner
    var curl: String
    /// curl's arguments for the proxy and the CA, worked out once (on Windows that asks `netsh`), not for each request.
    private let route: [String]

    /// The server's base URL, e.g. `https://mamori.example`.
    public var server: String { connection.server }

    /// A client for `connection`.
    public init(_ connection: ServerConnection, runner: CommandRunner = .live, curl: String = ServerClient.systemCurl) {
        self.connection = connection
        self.runner = runner
        self.curl = curl
        route = connection.curlArguments(winHTTP: { Self.winHTTP(runner) })
    }

    /// A client for `server`, through the system's proxy, trusting the system's store.
    public init(server: String, runner: CommandRunner = .live, curl: String = ServerClient.systemCurl) {
        self.init(ServerConnection(server: server), runner: runner, curl: curl)
    }

    /// The machine's WinHTTP proxy settings as `netsh winhttp show proxy` prints them (Windows only).
    private static func winHTTP(_ runner: CommandRunner) -> String? {
        #if os(Windows)
        try? runner(["C:\\Windows\\System32\\netsh.exe", "winhttp", "show", "proxy"]).get()
        #else
        nil
        #endif
    }

    /// Where curl is on this platform.
    public static var systemCurl: String {
        #if os(Windows)
        "C:\\Windows\\System32\\curl.exe"
        #else
        "/usr/bin/curl"
        #endif
    }

    /// Registers this device's key with a one-time enrollment token; returns the organization it belongs to and its
    /// contract's settings, where the server sends them.
    public func enroll(token: String, key: DeviceKey, hostname: String) throws -> (organization: String, contract: AgentContract?) {
        let proof = try key.signature(for: DeviceKey.enrollmentProof(token: token, deviceID: key.deviceID)).base64EncodedString()
        let body = try JSONEncoder().encode([
            "token": token, "device_id": key.deviceID, "public_key": key.publicKey, "signature": proof, "hostname": hostname
        ])
        let answer = try request("POST", "/api/v1/agent/enroll", body, expect: [201])
        guard let organization = answer.said.organizationID else { throw AgentError.server("unexpected answer to enrollment") }
        return (organization, answer.contract)
    }

    /// What the server said of a check-in: its own count of passed, failed and unknown checks, and the parts it now
    /// holds (the agent sends only the others next time).
    public struct Submission: Sendable, Equatable {
        public var passed: Int
        public var failed: Int
        public var unknown: Int
        public var heldParts: Set<String>
        /// The contract's settings as the server evaluated with them.
        public var contract: AgentContract?
    }

    /// Posts a report as a check-in signed with `key`: first the parts not in `held` (what the server held after the
    /// previous check-in), then the check-in; when the server lacks a part all the same (409, naming them), sends
    /// those and posts again once.
    public func submit(_ report: AgentReport, key: DeviceKey, held: Set<String> = []) throws -> Submission {
        let checkIn = try CheckIn(report)
        let body = try checkIn.canonicalJSON()
        let parts = Dictionary(checkIn.parts.map { ($0.digest, $0) }, uniquingKeysWith: { first, _ in first })
        func send(_ digests: some Sequence<String>) throws {
            for digest in digests {
                guard let part = parts[digest] else { throw AgentError.server("the server asks for a part this report does not name: \(digest)") }
                _ = try request("PUT", "/api/v1/agent/parts/\(digest)", part.bytes, key: key, expect: [200, 201])
            }
        }
        try send(parts.keys.filter { !held.contains($0) }.sorted())
        var answer = try request("POST", "/api/v1/agent/reports", body, key: key, expect: [202, 409])
        if answer.status == 409 {
            guard let missing = answer.said.missingParts else { throw AgentError.server("HTTP 409 without missing_parts") }
            try send(missing)
            answer = try request("POST", "/api/v1/agent/reports", body, key: key, expect: [202])
        }
        let said = answer.said
        guard let passed = said.passed, let failed = said.failed, let unknown = said.unknown else { throw AgentError.server("unexpected answer to a report") }
        return Submission(passed: passed, failed: failed, unknown: unknown, heldParts: Set(parts.keys), contract: answer.contract)
    }

    /// Submits as ``submit(_:key:held:)`` does, remembering in the state directory which parts the server holds.
    public func submit(_ report: AgentReport, key: DeviceKey, state: URL) throws -> Submission {
        let file = state.appendingPathComponent("server-parts.json")
        let held = (try? Data(contentsOf: file)).flatMap { try? JSONDecoder().decode(Set<String>.self, from: $0) } ?? []
        let submission = try submit(report, key: key, held: held)
        try? JSONEncoder().encode(submission.heldParts.sorted()).write(to: file)
        try? submission.contract?.save(in: state)
        return submission
    }

    private struct Answer {
        var status: Int
        var body: Data
        /// What the body says, each member typed as the server sends it; nil members it does not hold (or an answer
        /// that is not JSON at all).
        var said: Said { (try? JSONDecoder().decode(Said.self, from: body)) ?? Said() }
        /// The contract's settings the answer carries, if any (read on their own: settings this agent cannot read
        /// never hide the rest of the answer).
        var contract: AgentContract? { (try? JSONDecoder().decode(Carrying.self, from: body))?.contract }

        private struct Carrying: Decodable {
            var contract: AgentContract?
        }
    }

    /// Every member the server's answers to an agent carry: enrollment (`organization_id`), a check-in (`passed`,
    /// `failed`, `unknown`), parts it lacks (`missing_parts`), a refusal (`detail`).
    private struct Said: Decodable {
        var organizationID: String?
        var missingParts: [String]?
        var passed: Int?
        var failed: Int?
        var unknown: Int?
        var detail: String?

        enum CodingKeys: String, CodingKey {
            case organizationID = "organization_id"
            case missingParts = "missing_parts"
            case passed, failed, unknown, detail
        }
    }

    /// What to do about a connection curl could not make, where the agent's options are the remedy.
    static func hint(for said: String) -> (ja: String, en: String) {
        if said.hasPrefix("curl: (60)") || said.hasPrefix("curl: (35)") {
            return (
                "サーバーの証明書が信頼できる CA につながりません。区・市の CA を --ca-file で指定してください",
                "the server's certificate does not chain to a trusted CA: give the city's CA with --ca-file"
            )
        }
        if said.hasPrefix("curl: (77)") {
            return (
                "CA ファイルを使えません。読める PEM ファイルを --ca-file で指定してください",
                "the CA file cannot be used: give a readable PEM file with --ca-file"
            )
        }
        if said.hasPrefix("curl: (5)") || said.hasPrefix("curl: (7)") || said.hasPrefix("curl: (28)") || said.hasPrefix("curl: (56)") {
            return (
                "サーバーの URL とプロキシ（--proxy、https_proxy、登録時に保存したもの）を確認してください",
                "check the server URL and the proxy (--proxy, https_proxy, or the one kept at enroll)"
            )
        }
        return ("サーバーに接続できません", "the server cannot be reached")
    }

    /// Sends a body signed with the device's key.
    private func request(_ method: String, _ path: String, _ body: Data, key: DeviceKey, expect: Set<Int>) throws -> Answer {
        try request(
            method, path, body,
            headers: [
                DeviceKey.deviceHeader + ": " + key.deviceID,
                DeviceKey.signatureHeader + ": " + (try key.signature(for: body)).base64EncodedString()
            ],
            expect: expect)
    }

    /// Sends JSON through curl; the body goes through a private temporary file, the status comes back on the last line.
    private func request(_ method: String, _ path: String, _ body: Data, headers: [String] = [], expect: Set<Int>) throws -> Answer {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-agent-\(UUID().uuidString).json")
        guard FileManager.default.createFile(atPath: file.path, contents: body, attributes: [.posixPermissions: 0o600]) else {
            throw AgentError.cannotWrite(file.path)
        }
        defer { try? FileManager.default.removeItem(at: file) }
        // `--stderr -`: curl's own error (a refused certificate, an unreachable proxy) comes back with the output.
        let arguments =
            [curl, "-sS", "--stderr", "-", "-m", "60", "-X", method, "-H", "Content-Type: application/json"]
            + headers.flatMap { ["-H", $0] } + route
            + ["--data-binary", "@\(file.path)", "-w", "\n%{http_code}", server + path]
        switch runner(arguments, timeout: .seconds(90)) {
        case .failure(let failure):
            throw AgentError.server(failure.reason)
        case .success(let output):
            var lines = output.split(separator: "\n", omittingEmptySubsequences: false)
            let answer = Answer(status: Int(lines.popLast() ?? "") ?? 0, body: Data(lines.joined(separator: "\n").utf8))
            guard answer.status != 0 else {
                let said = ConsoleText.lines(String(decoding: answer.body, as: UTF8.self)).first { $0.hasPrefix("curl: (") } ?? "no answer"
                let hint = Self.hint(for: said)
                throw AgentError.unreachable(said: said, ja: hint.ja, en: hint.en)
            }
            guard expect.contains(answer.status) else {
                let detail = answer.said.detail
                throw AgentError.server("HTTP \(answer.status)\(detail.map { ": \($0)" } ?? "")")
            }
            return answer
        }
    }
}

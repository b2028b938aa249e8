import Foundation

/// The agent's two calls to the Mamori server — enroll with a token, post a signed report — made with the system's
/// curl (present on Linux, macOS and Windows 10+), so that the agent binary carries no HTTP stack of its own.
public struct ServerClient: Sendable {
    /// The server's base URL, e.g. `https://mamori.example`.
    public var server: String
    var runner: CommandRunner
    var curl: String

    /// A client for `server`.
    public init(server: String, runner: CommandRunner = .live, curl: String = ServerClient.systemCurl) {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.runner = runner
        self.curl = curl
    }

    /// Where curl is on this platform.
    public static var systemCurl: String {
        #if os(Windows)
        "C:\\Windows\\System32\\curl.exe"
        #else
        "/usr/bin/curl"
        #endif
    }

    /// Registers this device's key with a one-time enrollment token; returns the organization it belongs to.
    public func enroll(token: String, key: DeviceKey, hostname: String) throws -> String {
        let body = try JSONEncoder().encode(["token": token, "device_id": key.deviceID, "public_key": key.publicKey, "hostname": hostname])
        let answer = try post("/api/v1/agent/enroll", body, expect: 201)
        guard let object = try? JSONSerialization.jsonObject(with: answer) as? [String: Any], let organization = object["organization_id"] as? String
        else { throw AgentError.server("unexpected answer to enrollment") }
        return organization
    }

    /// Posts a signed report; returns the server's own count of passed, failed and unknown checks.
    public func submit(_ report: SignedReport) throws -> (passed: Int, failed: Int, unknown: Int) {
        let answer = try post("/api/v1/agent/reports", try JSONEncoder().encode(report), expect: 202)
        guard let object = try? JSONSerialization.jsonObject(with: answer) as? [String: Any],
              let passed = object["passed"] as? Int, let failed = object["failed"] as? Int, let unknown = object["unknown"] as? Int
        else { throw AgentError.server("unexpected answer to a report") }
        return (passed, failed, unknown)
    }

    /// POSTs JSON through curl; the body goes through a private temporary file, the status comes back on the last line.
    private func post(_ path: String, _ body: Data, expect status: Int) throws -> Data {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-agent-\(UUID().uuidString).json")
        guard FileManager.default.createFile(atPath: file.path, contents: body, attributes: [.posixPermissions: 0o600]) else {
            throw AgentError.cannotWrite(file.path)
        }
        defer { try? FileManager.default.removeItem(at: file) }
        let arguments = [curl, "-sS", "-m", "60", "-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "@\(file.path)",
                         "-w", "\n%{http_code}", server + path]
        switch runner(arguments, timeout: .seconds(90)) {
        case let .failure(failure):
            throw AgentError.server(failure.reason)
        case let .success(output):
            var lines = output.split(separator: "\n", omittingEmptySubsequences: false)
            let code = Int(lines.popLast() ?? "") ?? 0
            let answer = Data(lines.joined(separator: "\n").utf8)
            guard code == status else {
                let detail = (try? JSONSerialization.jsonObject(with: answer) as? [String: Any])?["detail"] as? String
                throw AgentError.server("HTTP \(code)\(detail.map { ": \($0)" } ?? "")")
            }
            return answer
        }
    }
}

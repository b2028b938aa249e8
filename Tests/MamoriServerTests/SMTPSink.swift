import Foundation
import Testing

/// `script/smtp-sink.py` (aiosmtpd) on 127.0.0.1: STARTTLS with a certificate of a private CA, one login, every
/// accepted message kept as a file. What arrived is read back as a mail client would: headers, RFC 2047 subject, body.
final class SMTPSink: Sendable {
    let port: Int
    let directory: URL
    let certificates: AgentProxyTests.Certificates
    let user: String
    let password: String
    private let helper: AgentProxyTests.Helper

    init(user: String = "mamori", password: String = "s3cret \"pass\"", delay: Double = 0) async throws {
        certificates = try AgentProxyTests.Certificates()
        directory = certificates.directory.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = try AgentProxyTests.freePort()
        self.user = user
        self.password = password
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("script/smtp-sink.py").path
        helper = try AgentProxyTests.Helper(
            "/usr/bin/python3",
            [
                script, "--port", "\(port)", "--dir", directory.path, "--cert", certificates.certificate,
                "--key", certificates.key, "--user", user, "--password", password, "--delay", "\(delay)"
            ],
            log: certificates.directory.appendingPathComponent("sink.log"))
        try await AgentProxyTests.waitForListener(port)
    }

    /// The `--smtp` URL that logs in with `password` (percent-encoded as a URL needs).
    func url(password: String? = nil) -> String {
        let encoded = (password ?? self.password).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return "smtp://\(user):\(encoded)@127.0.0.1:\(port)"
    }

    /// Every message kept so far, in arrival order.
    func messages() throws -> [ReceivedMail] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".eml") }.sorted()
            .map { try ReceivedMail(Data(contentsOf: directory.appendingPathComponent($0))) }
    }

    /// Each arrival: when (ns since 1970), to whom, which Message-ID.
    func arrivals() -> [(at: UInt64, to: String, messageID: String)] {
        let text = (try? String(contentsOf: directory.appendingPathComponent("arrivals.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 3, let at = UInt64(parts[0]) else { return nil }
            return (at, String(parts[1]), String(parts[2]))
        }
    }

    /// Waits until `count` messages arrived (or `seconds` passed).
    func wait(for count: Int, seconds: Double = 30) async throws {
        let end = Date().addingTimeInterval(seconds)
        while arrivals().count < count, Date() < end { try await Task.sleep(for: .milliseconds(50)) }
    }

    var log: String { helper.output }

    func stop() {
        helper.stop()
        try? FileManager.default.removeItem(at: certificates.directory)
    }
}

/// A message as it arrived: its headers (unfolded), its subject decoded from RFC 2047, its body decoded from base64.
struct ReceivedMail {
    let raw: String
    let headers: [String: String]
    let subject: String
    let body: String

    init(_ data: Data) throws {
        raw = try #require(String(data: data, encoding: .utf8))
        let parts = raw.components(separatedBy: "\r\n\r\n")
        let unfolded = parts[0].replacingOccurrences(of: "\r\n ", with: " ")
        var headers: [String: String] = [:]
        for line in unfolded.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        self.headers = headers
        subject = try Self.decodeWords(headers["subject"] ?? "")
        let encoded = parts.dropFirst().joined(separator: "\r\n\r\n").replacingOccurrences(of: "\r\n", with: "")
        body = try #require(Data(base64Encoded: encoded).flatMap { String(data: $0, encoding: .utf8) })
    }

    /// RFC 2047: `=?UTF-8?B?…?=` words separated by white space decode to one text. Each word must hold whole
    /// characters (RFC 2047 §5): a word that is not UTF-8 on its own fails the test.
    static func decodeWords(_ value: String) throws -> String {
        try value.split(separator: " ").map { word in
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="), word.count <= 75 else { return String(word) }
            return try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))).flatMap { String(data: $0, encoding: .utf8) })
        }.joined()
    }
}

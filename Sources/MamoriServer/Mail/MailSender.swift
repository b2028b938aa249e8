import Foundation
import MamoriCore
import Subprocess

/// Sends a message through the SMTP server with curl (libcurl's SMTP: STARTTLS, AUTH, certificate checks), a kept
/// client rather than a hand-written protocol, run with swift-subprocess. The credentials are handed over in a config
/// file readable only by this user, never on the command line (where `ps` would show them). The message goes as a file
/// too, not through standard input: swift-subprocess 1.0.2 stops the whole process (a fatal error in
/// `StandardInputWriter`'s deinit) when writing to a child's input fails, which a server must never risk.
struct MailSender: Sendable {
    let settings: MailSettings
    /// The sender's private directory.
    private let directory: URL
    /// The curl config file holding `user = "name:password"`, when the server needs a login.
    private let credentials: URL?

    /// A sender; makes a private directory (mode 0700) for the credentials file (mode 0600) and each message on its way.
    init(settings: MailSettings) throws {
        self.settings = settings
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        guard let user = settings.user else {
            credentials = nil
            return
        }
        let file = directory.appendingPathComponent("curlrc")
        let login = (user + ":" + (settings.password ?? "")).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        guard FileManager.default.createFile(atPath: file.path, contents: Data("user = \"\(login)\"\n".utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        credentials = file
    }

    /// What one attempt came to: sent, or the reason it was not (curl's own message, e.g. `(67) Login denied`).
    enum Outcome: Sendable {
        case sent
        case failed(String)
    }

    /// Sends one message to one recipient; never throws (a failure is an outcome, kept on the attempt).
    func send(_ message: MailMessage) async -> Outcome {
        let file = directory.appendingPathComponent("\(UUID().uuidString).eml")
        guard FileManager.default.createFile(atPath: file.path, contents: Data(message.text.utf8), attributes: [.posixPermissions: 0o600]) else {
            return .failed("the message could not be written to \(directory.path)")
        }
        defer { try? FileManager.default.removeItem(at: file) }
        var arguments = [
            "--silent", "--show-error", "--url", settings.server, "--mail-from", settings.from, "--mail-rcpt", message.to,
            "--upload-file", file.path, "--connect-timeout", "10", "--max-time", "660"
        ]
        if settings.requireTLS { arguments.append("--ssl-reqd") }
        if let ca = settings.caFile { arguments += ["--cacert", ca] }
        if let credentials { arguments += ["--config", credentials.path] }
        do {
            let result = try await run(
                .name("curl"), arguments: Arguments(arguments), environment: .inherit,
                output: .string(limit: 16_384), error: .string(limit: 16_384))
            if case .exited(0) = result.terminationStatus { return .sent }
            let said = result.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
            return .failed(said.isEmpty ? "curl ended with \(result.terminationStatus)" : said)
        } catch {
            return .failed("curl could not be run: \(error)")
        }
    }

    /// Removes the private directory with the credentials file.
    func close() {
        try? FileManager.default.removeItem(at: directory)
    }
}

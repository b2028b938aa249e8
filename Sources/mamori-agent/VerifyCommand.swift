import ArgumentParser
import Foundation
import MamoriAgentKit

/// `mamori-agent verify FILE`: checks a signed report offline.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "署名付き報告の検証 / Verify a signed report offline.")
    @Argument(help: "Signed report file.") var file: String
    @Option(help: "ja (default) or en.") var lang = "ja"

    func run() throws {
        do {
            guard let data = FileManager.default.contents(atPath: file),
                let signed = try? JSONDecoder().decode(SignedReport.self, from: data)
            else { throw AgentError.badSignature }
            let report = try signed.verified()
            let failed = report.results.filter { $0.status == .fail }.count
            print(
                lang == "en"
                    ? "valid: \(report.device.id) (\(report.device.hostname)) at \(report.generatedAt), \(report.results.count) results, \(failed) failing"
                    : "署名は正しい: \(report.device.id)（\(report.device.hostname)）\(report.generatedAt)、結果 \(report.results.count) 件、不合格 \(failed) 件")
        } catch let error as AgentError {
            throw fail(error, lang: lang)
        }
    }
}

/// `mamori-agent enroll`: creates the device key and registers it with the server using an administrator's token.
struct EnrollCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll", abstract: "端末の登録 / Create this device's key and register it with the server.")
    @Option(help: "Mamori server URL.") var server: String
    /// Taken as given even when it begins with `-` (about one token in 64 does).
    @Option(parsing: .unconditional, help: "Enrollment token from an administrator.") var token: String
    @Option(help: "ja (default) or en.") var lang = "ja"
    @OptionGroup var network: ConnectionOptions
    @OptionGroup var state: StateOptions

    func run() throws {
        do {
            let key = try DeviceKey(state: state.url, create: true)
            var connection = try network.applied(to: ServerConnection(server: server))
            // The proxy this shell uses is kept too: a scheduled scan runs without this shell's environment.
            if connection.proxy == nil { connection.proxy = connection.route(environment: ProcessInfo.processInfo.environment, winHTTP: { nil }).proxy }
            if connection.server.lowercased().hasPrefix("http:"), !["127.0.0.1", "localhost", "[::1]"].contains(URL(string: connection.server)?.host ?? "") {
                FileHandle.standardError.write(
                    Data(
                        (lang == "en"
                            ? "warning: \(connection.server) is not https: the token and reports travel in clear\n"
                            : "警告: \(connection.server) は https ではありません。トークンと報告が暗号化されずに送られます\n").utf8))
            }
            let (organization, contract) = try ServerClient(connection).enroll(token: token, key: key, hostname: ProcessInfo.processInfo.hostName)
            try contract?.save(in: state.url)
            let enrollment = [
                "server": connection.server, "proxy": connection.proxy, "ca_file": connection.caFile,
                "device_id": key.deviceID, "organization_id": organization
            ].compactMapValues { $0 }
            let file = state.url.appendingPathComponent("enrollment.json").path
            guard
                FileManager.default.createFile(
                    atPath: file, contents: try JSONEncoder.pretty.encode(enrollment),
                    attributes: [.posixPermissions: 0o600])
            else { throw AgentError.cannotWrite(file) }
            print(
                lang == "en"
                    ? "enrolled as \(key.deviceID) with \(organization) at \(server)"
                    : "登録しました: \(key.deviceID)（\(organization)、\(server)）")
        } catch let error as AgentError {
            throw fail(error, lang: lang)
        }
    }
}

/// `mamori-agent submit FILE`: posts a report this device signed to the server it enrolled with (as a check-in).
struct SubmitCommand: ParsableCommand {
    /// The server, proxy and CA recorded at enrollment, with those given now taking their place.
    static func enrolledConnection(_ state: StateOptions, _ network: ConnectionOptions) throws -> ServerConnection {
        let file = state.url.appendingPathComponent("enrollment.json")
        guard let data = FileManager.default.contents(atPath: file.path) else { throw AgentError.notEnrolled(state.state) }
        guard let stored = try? JSONDecoder().decode(ServerConnection.self, from: data) else {
            throw AgentError.unreadableEnrollment(file.path)
        }
        return try network.applied(to: stored)
    }

    static let configuration = CommandConfiguration(commandName: "submit", abstract: "報告の送信 / Post a signed report to the server.")
    @Argument(help: "Signed report file (mamori-agent scan --sign --out FILE).") var file: String
    @Option(help: "ja (default) or en.") var lang = "ja"
    @OptionGroup var network: ConnectionOptions
    @OptionGroup var state: StateOptions

    func run() throws {
        do {
            let connection = try Self.enrolledConnection(state, network)
            guard let data = FileManager.default.contents(atPath: file), let signed = try? JSONDecoder().decode(SignedReport.self, from: data)
            else { throw AgentError.badSignature }
            let key = try DeviceKey(state: state.url, create: false)
            let report = try signed.verified()
            guard report.device.id == key.deviceID else { throw AgentError.badSignature }
            let counts = try ServerClient(connection).submit(report, key: key, state: state.url)
            print(
                lang == "en"
                    ? "sent; the server counts \(counts.passed) pass, \(counts.failed) fail, \(counts.unknown) unknown"
                    : "送信しました。サーバーの判定: 合格 \(counts.passed)、不合格 \(counts.failed)、不明 \(counts.unknown)")
        } catch let error as AgentError {
            throw fail(error, lang: lang)
        }
    }
}

/// `mamori-agent install`: writes the service definition that runs the agent on a schedule.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install", abstract: "定期実行の設定ファイル / Write the systemd, launchd or Task Scheduler definition.")
    @Option(help: "linux, macos or windows (default: this one).") var platform = AgentScan.currentPlatform
    @Option(help: "Directory to write into.") var out: String
    @Option(help: "Installed agent binary.") var binary = "/usr/local/bin/mamori-agent"
    @Option(help: "Hours between scans.") var every = 24
    @Option(help: "ja (default) or en.") var lang = "ja"
    @OptionGroup var state: StateOptions

    func run() throws {
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for file in try ServiceDefinition(binary: binary, state: state.state, intervalHours: every).files(for: platform) {
                let path = URL(fileURLWithPath: out).appendingPathComponent(file.name).path
                guard FileManager.default.createFile(atPath: path, contents: Data(file.content.utf8)) else { throw AgentError.cannotWrite(path) }
                print(path)
            }
        } catch let error as AgentError {
            throw fail(error, lang: lang)
        }
    }
}

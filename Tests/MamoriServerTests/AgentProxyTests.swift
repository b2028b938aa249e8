import Foundation
import Hummingbird
import HummingbirdTesting
import MamoriAgentKit
import MamoriCore
import MamoriStore
import MamoriTestSupport
import Testing

@testable import MamoriServer

/// A PC behind an office proxy enrolls and checks in with a city's server that presents a certificate from the city's
/// own CA: the real curl, through a real tinyproxy on 127.0.0.1, to TLS (socat, certificates made by openssl) in front
/// of the live server. A server whose certificate does not chain to the given CA is refused.
@Suite(.needs(.curl, .tinyproxy, .socat, .openssl), .serialized) struct AgentProxyTests {
    /// A directory with a private CA, a server certificate it signed for 127.0.0.1, and a second, unrelated CA.
    struct Certificates {
        let directory: URL
        var ca: String { directory.appendingPathComponent("city-ca.pem").path }
        var otherCA: String { directory.appendingPathComponent("other-ca.pem").path }
        var certificate: String { directory.appendingPathComponent("server.pem").path }
        var key: String { directory.appendingPathComponent("server.key").path }

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
            for name in ["city-ca", "other-ca"] {
                try Self.openssl(
                    ["req", "-x509"] + ec + [
                        "-keyout", "\(name).key", "-out", "\(name).pem", "-days", "2",
                        "-subj", "/CN=\(name)"
                    ], in: directory)
            }
            try Self.openssl(["req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"], in: directory)
            try Data("subjectAltName=IP:127.0.0.1\n".utf8).write(to: directory.appendingPathComponent("san.cnf"))
            try Self.openssl(
                [
                    "x509", "-req", "-in", "server.csr", "-CA", "city-ca.pem", "-CAkey", "city-ca.key", "-CAcreateserial",
                    "-out", "server.pem", "-days", "2", "-extfile", "san.cnf"
                ], in: directory)
        }

        static func openssl(_ arguments: [String], in directory: URL) throws {
            let made = try ChildProcess.run(["/usr/bin/openssl"] + arguments, directory: directory.path, timeout: .seconds(60))
            try #require(made.succeeded, "openssl \(arguments.joined(separator: " ")): \(made.termination) \(made.errorText)")
        }
    }

    /// A program running beside the test, stopped at the end.
    final class Helper: Sendable {
        let child: ChildProcess
        let log: URL

        init(_ executable: String, _ arguments: [String], log: URL) throws {
            self.log = log
            let descriptor = open(log.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
            defer { close(descriptor) }
            child = try ChildProcess.start([executable] + arguments, output: .descriptor(descriptor), error: .descriptor(descriptor))
        }

        var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

        /// Stops it at once (tinyproxy lingers on SIGTERM while connections drain).
        func stop() {
            child.kill()
            child.wait()
        }
    }

    /// A port nobody listens on now.
    static func freePort() throws -> Int {
        let socket = try #require(Optional(Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)))
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits until something accepts connections on `port`.
    static func waitForListener(_ port: Int) async throws {
        for _ in 0..<100 {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(socket)
            if connected == 0 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("nothing listens on \(port)")
    }

    @Test func aPCBehindAProxyEnrollsAndChecksInWithAServerOfAPrivateCA() async throws {
        let certificates = try Certificates()
        defer { try? FileManager.default.removeItem(at: certificates.directory) }
        let fixture = try await ServerFixture()
        let state = certificates.directory.appendingPathComponent("agent-state")
        let app = Application(router: MamoriApp.router(fixture.environment), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let tlsPort = try Self.freePort()
            let proxyPort = try Self.freePort()
            let tls = try Helper(
                "/usr/bin/socat",
                [
                    "OPENSSL-LISTEN:\(tlsPort),bind=127.0.0.1,reuseaddr,fork,cert=\(certificates.certificate),key=\(certificates.key),verify=0",
                    "TCP:127.0.0.1:\(try #require(client.port))"
                ], log: certificates.directory.appendingPathComponent("socat.log"))
            defer { tls.stop() }
            let configuration = certificates.directory.appendingPathComponent("tinyproxy.conf")
            try Data("Port \(proxyPort)\nListen 127.0.0.1\nTimeout 30\nAllow 127.0.0.1\nLogLevel Connect\nMaxClients 20\n".utf8).write(to: configuration)
            let proxy = try Helper("/usr/bin/tinyproxy", ["-d", "-c", configuration.path], log: certificates.directory.appendingPathComponent("tinyproxy.log"))
            defer { proxy.stop() }
            try await Self.waitForListener(tlsPort)
            try await Self.waitForListener(proxyPort)

            var admin = TestBrowser(client)
            let csrf = try await admin.signIn("admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let token = try await AgentCheckInTests.enrollmentToken(&admin, csrf: csrf)
            let server = "https://127.0.0.1:\(tlsPort)"
            let key = try DeviceKey(state: state, create: true)

            // Not trusting the city's CA, and trusting another CA: refused before anything is sent, with curl's reason.
            for refused in [
                ServerConnection(server: server, proxy: "http://127.0.0.1:\(proxyPort)"),
                ServerConnection(server: server, proxy: "http://127.0.0.1:\(proxyPort)", caFile: certificates.otherCA)
            ] {
                let error = await #expect(throws: AgentError.self) {
                    try await AgentCheckInTests.offPool { try ServerClient(refused).enroll(token: token, key: key, hostname: "pc-proxy") }
                }
                #expect(error?.message.en.contains("give the city's CA with --ca-file") == true, "\(String(describing: error))")
                #expect(error?.message.ja.contains("--ca-file で指定してください") == true)
                #expect(error?.message.en.contains("curl: (60)") == true)
            }

            let connection = ServerConnection(server: server, proxy: "http://127.0.0.1:\(proxyPort)", caFile: certificates.ca)
            let enrolled = try await AgentCheckInTests.offPool { try ServerClient(connection).enroll(token: token, key: key, hostname: "pc-proxy") }
            #expect(enrolled.organization == DemoScenario.contractorID)
            let report = try await AgentCheckInTests.offPool { try AgentScan(root: URL(fileURLWithPath: "/")).run(deviceID: key.deviceID) }
            let counts = try await AgentCheckInTests.offPool { try ServerClient(connection).submit(report, key: key, state: state) }
            #expect(counts.passed + counts.failed + counts.unknown == report.results.count)
            // Every exchange went through the proxy as a tunnel to the TLS port.
            #expect(proxy.output.contains("CONNECT 127.0.0.1:\(tlsPort)"))
            #expect(proxy.output.components(separatedBy: "CONNECT 127.0.0.1:\(tlsPort)").count - 1 >= 3, "enroll, a part or two, the check-in")
        }
    }

    @Test func theRouteFollowsTheOptionThenTheEnvironmentThenWinHTTP() {
        let https = ServerConnection(server: "https://mamori.city.example/")
        #expect(https.server == "https://mamori.city.example")
        let environment = ["https_proxy": "http://proxy.office:8080", "http_proxy": "http://plain:3128", "no_proxy": "localhost,.office"]
        #expect(https.route(environment: environment, winHTTP: { nil }) == ("http://proxy.office:8080", "localhost,.office"))
        #expect(https.route(environment: ["HTTPS_PROXY": "http://upper:8080"], winHTTP: { nil }) == ("http://upper:8080", nil))
        #expect(ServerConnection(server: "http://mamori.local").route(environment: environment, winHTTP: { nil }).proxy == "http://plain:3128")
        // The option wins; "direct" goes to the server straight, whatever the environment says.
        #expect(https.overridden(proxy: "http://given:1", caFile: nil).route(environment: environment, winHTTP: { nil }) == ("http://given:1", nil))
        #expect(https.overridden(proxy: "direct", caFile: nil).route(environment: environment, winHTTP: { nil }) == (nil, "*"))
        // Nothing in the environment: the machine's WinHTTP proxy (as SYSTEM sees it), in English or Japanese.
        let english =
            "\r\nCurrent WinHTTP proxy settings:\r\n\r\n    Proxy Server(s) :  proxy.office:8080\r\n    Bypass List     :  <local>;*.city.example\r\n\r\n"
        #expect(https.route(environment: [:], winHTTP: { english }) == ("http://proxy.office:8080", "localhost,127.0.0.1,*.city.example"))
        let japanese = "\r\n現在の WinHTTP プロキシ設定:\r\n\r\n    プロキシ サーバー:  http=proxy:80;https=proxy:8443\r\n    バイパス一覧     :  (なし)\r\n\r\n"
        #expect(https.route(environment: [:], winHTTP: { japanese }) == ("http://proxy:8443", nil))
        let direct = "\r\nCurrent WinHTTP proxy settings:\r\n\r\n    Direct access (no proxy server).\r\n\r\n"
        #expect(https.route(environment: [:], winHTTP: { direct }) == (nil, nil))
    }
}

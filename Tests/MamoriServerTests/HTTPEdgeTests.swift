import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MamoriCore
import MamoriStore
import NIOCore
import Testing

@testable import MamoriServer

/// The edges of the HTTP server (OWASP ASVS L2): HSTS behind TLS, JSON only for API writes, the `Origin` of browser
/// writes, metrics for this machine or an administrator, slow clients dropped.
@Suite struct HTTPEdgeTests {
    let fixture: ServerFixture
    init() async throws { fixture = try await ServerFixture() }

    var app: some ApplicationProtocol { Application(router: MamoriApp.router(fixture.environment)) }

    @Test func hstsOnEveryResponseOnlyWithSecureCookies() async throws {
        let secure = ServerEnvironment(store: fixture.store, secureCookies: true, passwordCost: 4, now: { ServerFixture.now })
        try await Application(router: MamoriApp.router(secure)).test(.router) { client in
            var browser = TestBrowser(client)
            for path in ["/healthz", "/login", "/no/such/page", "/api/v1/contracts"] {
                let page = try await browser.get(path)
                #expect(page.headers[ResponseMiddleware.strictTransportSecurity] == "max-age=31536000; includeSubDomains", "\(path)")
            }
        }
        try await app.test(.router) { client in
            var browser = TestBrowser(client)
            let page = try await browser.get("/login")
            #expect(page.headers[ResponseMiddleware.strictTransportSecurity] == nil)
        }
    }

    @Test func headAnswersAsGetWithoutABody() async throws {
        try await app.test(.live) { client in
            for path in ["/login", "/healthz", "/api/openapi.yaml"] {
                let get = try await client.execute(uri: path, method: .get)
                let head = try await client.execute(uri: path, method: .head)
                #expect(head.status == get.status && get.status == .ok, "\(path): HEAD \(head.status), GET \(get.status)")
                #expect(head.headers[.contentType] == get.headers[.contentType], "\(path)")
                #expect(head.body.readableBytes == 0, "\(path)")
            }
            #expect(try await client.execute(uri: "/no/such/page", method: .head).status == .notFound)
        }
    }

    @Test func apiWritesThatAreNotJSONAreRefusedWith415() async throws {
        try await app.test(.router) { client in
            var browser = TestBrowser(client)
            let csrf = try await browser.signIn("suzuki", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let uri = "/api/v1/contracts/\(ServerFixture.contractID)/records/data-event"
            let body = #"{"asset_id":"DA-03","kind":"use","person_id":"P04","purpose":"口座情報の入力"}"#
            for contentType in ["text/plain", "application/x-www-form-urlencoded", "application/jsonx", "application/json; charset=latin1", nil] {
                var headers: HTTPFields = [APIRoutes.csrfHeader: csrf]
                if let contentType { headers[.contentType] = contentType }
                let refused = try await browser.send(uri, method: .post, headers: headers, body: body)
                #expect(refused.status == .unsupportedMediaType, "\(contentType ?? "no content type")")
                #expect(refused.headers[.contentType] == "application/problem+json")
                #expect(refused.body.contains(#""status":415"#) && refused.body.contains(#""detail":"send JSON (Content-Type: application"#))
                #expect(refused.body.contains("JSON で送信してください"))
            }
            var agent = TestBrowser(client)
            let enroll = try await agent.send("/api/v1/agent/enroll", method: .post, headers: [.contentType: "text/plain"], body: "{}")
            #expect(enroll.status == .unsupportedMediaType, "the agent's endpoints too")
            let accepted = try await browser.send(
                uri, method: .post, headers: [.contentType: "Application/JSON; charset=\"UTF-8\"", APIRoutes.csrfHeader: csrf],
                body: body)
            #expect(accepted.status == .created)
            #expect(try await browser.get("/api/v1/contracts").status == .ok, "reads need no content type")
        }
    }

    @Test func browserWritesFromAnotherOriginAreRefused() async throws {
        try await app.test(.router) { client in
            var browser = TestBrowser(client)
            let csrf = try await browser.signIn("sato", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let uri = "/contracts/\(ServerFixture.contractID)/records/data-event"
            let form = "_csrf=\(csrf)&asset_id=DA-02&kind=use&person_id=P03&purpose=x"
            func post(origin: String?) async throws -> TestBrowser.Page {
                var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
                if let origin { headers[.origin] = origin }
                return try await browser.send(uri, method: .post, headers: headers, body: form)
            }
            for origin in ["https://evil.example", "http://localhost.evil.example", "https://localhost", "http://localhost:8080", "null"] {
                let refused = try await post(origin: origin)
                #expect(refused.status == .forbidden, "\(origin)")
                #expect(refused.body.contains("別のサイトからの送信は受け付けません"))
            }
            #expect((300..<400).contains(try await post(origin: "http://localhost").status.code), "own origin")
            #expect((300..<400).contains(try await post(origin: "HTTP://LOCALHOST:80").status.code), "own origin, default port")
            #expect((300..<400).contains(try await post(origin: nil).status.code), "no Origin: the CSRF token decides")
            // The sign-in form's cookie counts as a browser's too.
            var anonymous = TestBrowser(client)
            let login = try await anonymous.get("/login")
            let signIn = try await anonymous.send(
                "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .origin: "https://evil.example"],
                body: "_csrf=\(login.hidden("_csrf")!)&login=sato&password=x")
            #expect(signIn.status == .forbidden)
            // A client without cookies (the agent) is not a browser session: its Origin does not matter.
            var agent = TestBrowser(client)
            let enroll = try await agent.send(
                "/api/v1/agent/enroll", method: .post,
                headers: [.contentType: "application/json", .origin: "https://evil.example"], body: "{}")
            #expect(enroll.status == .badRequest)
            // A member named twice: refused before any field is read (readers differ on which one counts).
            let twice = try await agent.send(
                "/api/v1/agent/enroll", method: .post, headers: [.contentType: "application/json"],
                body: #"{"token": "a", "device_id": "pc", "hostname": "pc", "public_key": "k", "token": "b"}"#)
            #expect(twice.status == .badRequest && twice.body.contains("a member named twice"), "\(twice.body)")
        }
    }

    @Test func metricsOnlyForThisMachineOrASignedInAdministrator() async throws {
        try await app.test(.router) { client in
            var anonymous = TestBrowser(client)
            _ = try await anonymous.get("/healthz")
            #expect(try await anonymous.get("/metrics").status == .notFound, "a peer that is not this machine")
            var sato = TestBrowser(client)
            try await sato.signIn("sato", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            #expect(try await sato.get("/metrics").status == .notFound, "a supervisor")
            var admin = TestBrowser(client)
            try await admin.signIn("admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let metrics = try await admin.get("/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.body.contains("mamori_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"))
            // Every request answered so far is in the latency histogram, whose last bucket holds them all.
            let count = metrics.body.split(separator: "\n").first { $0.hasPrefix("mamori_http_request_duration_seconds_count") }
            #expect(count.flatMap { Int($0.split(separator: " ").last ?? "") }.map { $0 >= 5 } == true, "\(metrics.body)")
            #expect(metrics.body.contains("mamori_http_request_duration_seconds_bucket{le=\"0.005\"}"), "\(metrics.body)")
            #expect(metrics.body.contains("mamori_alert_mail_attempts_total{outcome=\"failed\"} 0"), "\(metrics.body)")
        }
        let live = MamoriApp.application(fixture.environment, hostname: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        try await live.test(.live) { client in
            let port = try #require(client.port)
            let local = try await RawConnection.exchange(port: port, method: "GET", path: "/metrics")
            #expect(local.status == 200 && local.body.contains("mamori_http_requests_total"))
            let proxied = try await RawConnection.exchange(port: port, method: "GET", path: "/metrics", headers: ["X-Forwarded-For": "203.0.113.9"])
            #expect(proxied.status == 404, "through a proxy on this machine")
        }
    }

    @Test func peersAreCountedByAddressOrIPv6Network() throws {
        let v4 = PeerAddress(try SocketAddress(ipAddress: "203.0.113.7", port: 40000))
        #expect(v4.source == "203.0.113.7" && !v4.isLoopback)
        let v6 = PeerAddress(try SocketAddress(ipAddress: "2001:db8:0:1:aaaa:bbbb:cccc:dddd", port: 40000))
        #expect(v6.source == "2001:db8:0:1::/64" && !v6.isLoopback)
        #expect(PeerAddress(try SocketAddress(ipAddress: "2001:db8:0:1::9", port: 1)).source == v6.source, "one /64, one source")
        let mapped = PeerAddress(try SocketAddress(ipAddress: "::ffff:127.0.0.1", port: 40000))
        #expect(mapped.source == "127.0.0.1" && mapped.isLoopback)
        #expect(PeerAddress(try SocketAddress(ipAddress: "::1", port: 1)).isLoopback)
        #expect(PeerAddress(nil).source == "unknown" && !PeerAddress(nil).isLoopback)
    }

    @Test func slowClientsAreDisconnected() async throws {
        let timeouts = ServerTimeouts(idle: .seconds(1), requestRead: .seconds(2))
        let live = MamoriApp.application(fixture.environment, hostname: "127.0.0.1", port: 0, logger: Logger(label: "test"), timeouts: timeouts)
        try await live.test(.live) { client in
            let port = try #require(client.port)
            // Headers begun and never finished.
            let (held, heldFor) = try await RawConnection.run {
                let connection = try RawConnection(port: port)
                let start = Date()
                connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                return (connection.readToEnd().closed, Date().timeIntervalSince(start))
            }
            #expect(held && heldFor < 5, "closed after \(heldFor) s")
            // Headers trickled a byte at a time, and a body trickled a byte at a time (each byte resets the idle timer).
            for (head, trickle) in [
                ("GET /healthz HTTP/1.1\r\n", "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
                (
                    "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n",
                    String(repeating: "a", count: 1000)
                )
            ] {
                let closedAfter = try await RawConnection.run { () -> Double? in
                    let connection = try RawConnection(port: port)
                    let start = Date()
                    connection.send(head)
                    for byte in trickle {
                        Thread.sleep(forTimeInterval: 0.25)
                        if connection.isClosedByServer || !connection.send(String(byte)) { return Date().timeIntervalSince(start) }
                        if Date().timeIntervalSince(start) > 10 { return nil }
                    }
                    return nil
                }
                #expect(closedAfter.map { $0 < 5 } == true, "\(head.prefix(20)): closed after \(closedAfter.map { "\($0) s" } ?? "never")")
            }
            // A normal request on the same server is answered.
            #expect(try await RawConnection.exchange(port: port, method: "GET", path: "/healthz").status == 200)
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import MamoriCore

/// What operators and clients need without signing in: health, the API description and the stylesheet; metrics for
/// this machine or an administrator.
struct OperationsRoutes {
    let environment: ServerEnvironment

    func register(on router: Router<AppContext>) {
        router.get("/healthz", use: health)
        router.get("/metrics", use: metrics)
        router.get("/api/openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: try APIDocument.yaml.get())))
        }
        router.get("/api/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: try APIDocument.json.get())))
        }
        router.get("/static/mamori.css") { _, _ in try Self.resource("static/mamori", "css", type: "text/css; charset=utf-8") }
        router.get("/static/mamori.js") { _, _ in try Self.resource("static/mamori", "js", type: "text/javascript; charset=utf-8") }
        router.get("/static/mamori.svg") { _, _ in try Self.resource("static/mamori", "svg", type: "image/svg+xml") }
    }

    @Sendable func health(_ request: Request, context: AppContext) async throws -> Response {
        do {
            _ = try await environment.store.accountCount()
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        } catch {
            return Response(
                status: .serviceUnavailable, headers: [.contentType: "text/plain"],
                body: .init(byteBuffer: ByteBuffer(string: "store unavailable\n")))
        }
    }

    /// The Prometheus metrics, for a scraper on this machine or a signed-in contractor administrator; anyone else
    /// finds nothing (404).
    @Sendable func metrics(_ request: Request, context: AppContext) async throws -> Response {
        guard try await mayReadMetrics(request, context) else { throw WebError.notFound(request.uri.path) }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: .init(byteBuffer: ByteBuffer(string: environment.metrics.exposition())))
    }

    /// Whether the peer is this machine and no proxy forwarded the request, or the session is a contractor
    /// administrator's with the second factor given.
    private func mayReadMetrics(_ request: Request, _ context: AppContext) async throws -> Bool {
        let forwarded = Self.forwardingHeaders.contains { request.headers[$0] != nil }
        if context.peer.isLoopback, !forwarded { return true }
        guard let token = request.cookies[SessionMiddleware.sessionCookie]?.value,
            let signedIn = try await SessionMiddleware.signedIn(token: token, environment: environment), signedIn.session.secondFactorDone
        else { return false }
        return signedIn.memberships.contains { $0.role == .contractorAdministrator }
    }

    /// Headers a reverse proxy adds: a request carrying one came from elsewhere, whatever the TCP peer.
    private static let forwardingHeaders = ["Forwarded", "X-Forwarded-For", "X-Real-IP"].compactMap { HTTPField.Name($0) }

    private static func resource(_ name: String, _ ext: String, type: String) throws -> Response {
        guard let url = Bundle.module.url(forResource: name, withExtension: ext), let data = try? Data(contentsOf: url) else {
            throw WebError.notFound(name)
        }
        return Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

import Crypto
import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// Every member's own sign-ins: where they are still signed in, and a way to end any of them (a lost tablet, a shared
/// PC) or all but this one.
struct SessionRoutes {
    let environment: ServerEnvironment

    func register(on members: RouterGroup<MemberContext>) {
        members.get("/sessions", use: list)
        members.post("/sessions/end", use: end)
    }

    @Sendable func list(_ request: Request, context: MemberContext) async throws -> Response {
        let current = context.member.session.tokenHash
        let sessions = try await environment.store.sessions(of: context.member.account.id, at: environment.now).map { session in
            (session: session, handle: Self.handle(session), isThis: session.tokenHash == current)
        }
        let view = SessionsView(
            language: context.language, sessions: sessions, usesSecondFactor: context.member.account.totpEnabled,
            csrfToken: context.member.session.csrfToken)
        return PageLayout.response(view, member: context.member)
    }

    @Sendable func end(_ request: Request, context: MemberContext) async throws -> Response {
        let form = try await context.form(request, limit: 4 * 1024)
        let current = context.member.session.tokenHash
        let sessions = try await environment.store.sessions(of: context.member.account.id, at: environment.now).filter { $0.tokenHash != current }
        let ended = form["session"] == "others" ? sessions : sessions.filter { Self.handle($0) == form["session"] }
        guard !ended.isEmpty else {
            throw WebError(.notFound, ja: "そのセッションはありません（終了済みか期限切れ）", en: "no such session (already ended or expired)")
        }
        try await environment.store.deleteSessions(ended.map(\.tokenHash), of: context.member.account.id)
        return .redirect(to: "/sessions")
    }

    /// A session's name on the page: derived from its token hash, so that the page never shows what the database keys on.
    static func handle(_ session: Session) -> String {
        Hex.string(SHA256.hash(data: Data(("session:" + session.tokenHash).utf8)).prefix(12))
    }
}

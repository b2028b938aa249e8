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
        let l = context.language
        let current = context.member.session.tokenHash
        // Given (✓), or not needed: an account without a second factor has none to give.
        let usesSecondFactor = context.member.account.totpEnabled
        let rows: [HTML] = try await environment.store.sessions(of: context.member.account.id, at: environment.now).map { session in
            let this = session.tokenHash == current
            let secondFactor = usesSecondFactor ? (session.secondFactorDone ? "✓" : "") : Label.notUsed.text(l)
            let action: HTML =
                this
                ? HTML(raw: Label.thisBrowser.text(l))
                : """
                <form method="post" action="/sessions/end" class="inline"><input type="hidden" name="_csrf" value="\(context.member.session.csrfToken)">\
                <input type="hidden" name="session" value="\(Self.handle(session))">\
                <button type="submit">\(Label.end.text(l))</button></form>
                """
            return """
                <tr><td>\(session.createdAt.warekiTime)</td><td>\(session.expiresAt.warekiTime)</td>\
                <td>\(secondFactor)</td><td>\(action)</td></tr>
                """
        }
        let body: HTML = """
            <p><a href="/password">\(Label.changeYourPassword.text(l))</a></p>
            <p>\(Label.whereThisAccountIsSigned.text(l))</p>
            <table class="grid"><thead><tr><th>\(Label.signedIn.text(l))</th>\
            <th>\(Label.expires.text(l))</th><th>\(Label.secondFactor.text(l))</th>\
            <th></th></tr></thead><tbody>\(rows)</tbody></table>
            <form method="post" action="/sessions/end" class="form"><input type="hidden" name="_csrf" value="\(context.member.session.csrfToken)">\
            <input type="hidden" name="session" value="others">\
            <button type="submit">\(Label.endAllButThisBrowser.text(l))</button></form>
            """
        return PageLayout.response(title: Label.sessions.localized, language: l, member: context.member, body: body)
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

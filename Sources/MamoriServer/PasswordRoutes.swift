import Foundation
import Hummingbird
import MamoriCore
import MamoriStore

/// `/password`: every member changes their own password (the current one first). An account whose password someone
/// else chose — an invitation, an administrator's new account — is led here after its first complete sign-in and sees
/// nothing else until it has chosen its own, so that the password the inviter knows stops working.
struct PasswordRoutes {
    let environment: ServerEnvironment

    func register(on router: Router<AppContext>) {
        router.get("/password", use: page)
        router.post("/password", use: change)
    }

    /// The signed-in member with both factors, or a redirect to sign in.
    private func member(_ context: AppContext) -> SignedIn? {
        guard let signedIn = context.signedIn, signedIn.session.secondFactorDone else { return nil }
        return signedIn
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        guard let signedIn = member(context) else { return .redirect(to: "/login?next=/password") }
        return form(context, signedIn, errors: [:])
    }

    private func form(_ context: AppContext, _ signedIn: SignedIn, errors: [String: String], status: HTTPResponse.Status = .ok) -> Response {
        let mustChange = signedIn.account.mustChangePassword == true
        let view = PasswordView(language: context.language, errors: errors, mustChange: mustChange, csrfToken: signedIn.session.csrfToken)
        // Until the password is the member's own, no other page is open to them: no navigation.
        return PageLayout.response(view, status: status, member: mustChange ? nil : signedIn)
    }

    @Sendable func change(_ request: Request, context: AppContext) async throws -> Response {
        guard let signedIn = member(context) else { throw WebError.signInRequired }
        let submitted = try await FormData.read(request, limit: 16 * 1024)
        guard submitted["_csrf"] == signedIn.session.csrfToken else { throw WebError.badCSRF }
        let l = context.language
        let current = submitted.fields["current_password"] ?? ""
        let new = submitted.fields["new_password"] ?? ""
        var errors: [String: String] = [:]
        if await !environment.passwords.matches(current, hash: signedIn.account.passwordHash) {
            errors["current_password"] = Label.thisIsNotYourCurrent.text(l)
        }
        let minimum =
            try await signedIn.memberships.asyncMap { try await environment.passwordMinimum(for: $0.organizationID) }.max() ?? PasswordPolicy.baseMinimum
        if let problem = PasswordPolicy(minimum: minimum).problem(new, login: signedIn.account.login) {
            errors["new_password"] = problem.text(l)
        } else if new == current {
            errors["new_password"] = Label.mustDifferFromTheCurrent.text(l)
        }
        if new != (submitted.fields["confirm_password"] ?? "") {
            errors["confirm_password"] = Label.doesNotMatchTheNew.text(l)
        }
        guard errors.isEmpty else { return form(context, signedIn, errors: errors, status: .unprocessableContent) }
        try await environment.store.setPassword(
            await environment.passwords.hash(new), accountID: signedIn.account.id, keeping: signedIn.session.tokenHash)
        return .redirect(to: RedirectTarget.saved(signedIn.account.login, at: "/"))
    }
}

import Hummingbird
import MamoriCore
import MamoriStore

/// Every request's context: the language of the answer and, when a session cookie is valid, who is signed in.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by ``SessionMiddleware``.
    var signedIn: SignedIn?
    var language: Language = .ja
    /// Where the request came from (the TCP peer).
    let peer: PeerAddress

    public init(source: Source) {
        coreContext = .init(source: source)
        peer = PeerAddress(source.channel.remoteAddress)
    }
}

/// A valid session with its account and roles.
struct SignedIn: Sendable {
    var account: Account
    var memberships: [Membership]
    var session: Session
    /// The record a form just saved (the redirect's `?saved=`), confirmed at the top of the page.
    var saved: String?
    /// How many of the account's alerts are unread: the bell's number.
    var unreadAlerts = 0

    /// Whether one of the account's roles needs a second factor.
    var needsSecondFactor: Bool { memberships.contains { $0.role.requiresSecondFactor } }
}

/// The context of every handler behind sign-in: it cannot be created without a complete sign-in (password and, where
/// the role requires it, the second factor), so such a handler cannot run for an anonymous request.
struct MemberContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let member: SignedIn
    let language: Language

    init(context: AppContext) throws {
        guard let signedIn = context.signedIn, signedIn.session.secondFactorDone else { throw WebError.signInRequired }
        // A password someone else chose opens nothing but the page where the person chooses their own.
        guard signedIn.account.mustChangePassword != true else { throw WebError.passwordChangeRequired }
        coreContext = context.coreContext
        member = signedIn
        language = context.language
    }

    /// A form body of at most `limit` bytes, refused unless it carries the session's CSRF token.
    func form(_ request: Request, limit: Int) async throws -> FormData {
        let form = try await FormData.read(request, limit: limit)
        guard form["_csrf"] == member.session.csrfToken else { throw WebError.badCSRF }
        return form
    }

    /// The role the member holds in `organizationID`, if any.
    func role(in organizationID: String) -> AccountRole? {
        member.memberships.first { $0.organizationID == organizationID }?.role
    }

    /// The member's role on a contract: through the contractor, or through the city where the member's department (if
    /// any) is the contract's; 404 (not 403) for a contract of another organization or department, so that its
    /// existence is not disclosed.
    func access(_ contract: Contract) throws -> AccountRole {
        guard let membership = member.memberships.first(where: { $0.reaches(contract) }) else {
            throw WebError.notFound(contract.id)
        }
        return membership.role
    }
}

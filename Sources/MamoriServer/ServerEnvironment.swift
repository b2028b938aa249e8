import Foundation
import HummingbirdBcrypt
import MamoriAgentKit
import MamoriCatalog
import MamoriCore
import MamoriStore
import Synchronization

/// What every handler shares: the store, the catalogs, the metrics, the clock and the server's settings.
public final class ServerEnvironment: Sendable {
    public let store: Store
    let metrics = Metrics()
    /// Whether cookies are marked Secure (behind TLS).
    let secureCookies: Bool
    /// How long a session lasts.
    let sessionLifetime: TimeInterval = 8 * 3600
    /// Failed sign-ins in a row before the account is locked, and for how long.
    let lockout = (attempts: 5, duration: 15 * 60.0)
    /// The largest request body accepted (photo uploads included).
    let maxBodySize = 2 * 1024 * 1024
    /// bcrypt's work factor (each step doubles the time to check a password).
    let passwordCost: UInt8
    /// A hash checked when a login does not exist, so that an unknown login takes as long as a wrong password.
    let timingGuardHash: String
    private let clock: @Sendable () -> Date
    private let catalogs = Mutex<[String: Catalog]>([:])
    private let ruleBooks = Mutex<[String: RuleBook]>([:])
    /// The decoded results of each PC's latest report, with that report's ID (a stored report never changes).
    private let evidence = Mutex<[String: (report: Int64, evidence: DeviceEvidence)]>([:])

    /// An environment over `store`; `now` is the clock (fixed in tests).
    public init(store: Store, secureCookies: Bool = false, passwordCost: UInt8 = 12, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.secureCookies = secureCookies
        self.passwordCost = passwordCost
        timingGuardHash = Bcrypt.hash(SessionMiddleware.newToken(), cost: passwordCost)
        clock = now
    }

    var now: Date { clock() }

    /// Opens a complete session for an account without a sign-in form (benchmarks, scripted clients on the
    /// server itself); returns the `Cookie` header value that carries it.
    public func openSession(for accountID: String) throws -> String {
        let token = SessionMiddleware.newToken()
        try store.createSession(Session(tokenHash: SessionMiddleware.hash(token), accountID: accountID, csrfToken: SessionMiddleware.newToken(),
                                        secondFactorDone: true, createdAt: now, expiresAt: now.addingTimeInterval(sessionLifetime)))
        return "\(SessionMiddleware.sessionCookie)=\(token)"
    }

    /// A bundled catalog, loaded once.
    func catalog(_ id: String) throws -> Catalog {
        if let catalog = catalogs.withLock({ $0[id] }) { return catalog }
        let catalog = try CatalogLoader.bundled(id, references: CatalogReferences(rules: try AgentCheckCatalog.bundled().ids))
        catalogs.withLock { $0[id] = catalog }
        return catalog
    }

    /// A platform's bundled rules, parsed once.
    func ruleBook(_ platform: String) throws -> RuleBook {
        if let book = ruleBooks.withLock({ $0[platform] }) { return book }
        let book = try RuleBook.bundled(platform)
        ruleBooks.withLock { $0[platform] = book }
        return book
    }

    /// The latest evidence of each of an organization's PCs, decoded once per stored report.
    func deviceEvidence(of organizationID: String) throws -> [DeviceEvidence] {
        try store.devices(of: organizationID).compactMap { _, latest in
            guard let latest, let id = latest.id else { return nil }
            if let cached = evidence.withLock({ $0[latest.deviceID] }), cached.report == id { return cached.evidence }
            let decoded = latest.evidence()
            if let decoded { evidence.withLock { $0[latest.deviceID] = (id, decoded) } }
            return decoded
        }
    }

    /// The smallest password length any contract of the organization asks for (PI/CS password rules).
    func passwordMinimum(for organizationID: String) throws -> Int {
        let state = try store.state()
        var minimum = 8
        for contract in state.contracts.values where contract.contract.contractorID == organizationID || contract.contract.cityID == organizationID {
            if case let .integer(length, _)? = contract.parameter("password_min_length", in: try catalog(contract.contract.catalogID)) {
                minimum = max(minimum, length)
            }
        }
        return minimum
    }
}

import Foundation
import GRDB
import MamoriCore

/// Someone who signs in to the web application; the password is kept only as a bcrypt hash and the TOTP secret sealed.
public struct Account: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public var id: String
    public var login: String
    public var displayName: String
    public var passwordHash: String
    public var totpSecret: Sealed?
    /// Whether the second factor was confirmed with a first code.
    public var totpEnabled: Bool
    /// The time step of the last code accepted: a code is accepted once.
    public var totpLastStep: Int64?
    /// Failed sign-ins in a row.
    public var failedSignIns: Int
    /// Until when sign-in is refused after too many failures.
    public var lockedUntil: Date?
    public var createdAt: Date

    /// Creates an account.
    public init(id: String, login: String, displayName: String, passwordHash: String, createdAt: Date) {
        self.id = id
        self.login = login
        self.displayName = displayName
        self.passwordHash = passwordHash
        totpSecret = nil
        totpEnabled = false
        totpLastStep = nil
        failedSignIns = 0
        lockedUntil = nil
        self.createdAt = createdAt
    }

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSinceReferenceDate }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSinceReferenceDate }
}

/// An account's role in one organization.
public struct Membership: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public var accountID: String
    public var organizationID: String
    public var role: AccountRole

    /// Creates a membership.
    public init(accountID: String, organizationID: String, role: AccountRole) {
        self.accountID = accountID
        self.organizationID = organizationID
        self.role = role
    }
}

/// A signed-in browser or API client, found by the SHA-256 of its token (the token itself is never stored).
public struct Session: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public var tokenHash: String
    public var accountID: String
    /// The token every form and state-changing API call must carry.
    public var csrfToken: String
    /// Whether the second factor was given (or is not required).
    public var secondFactorDone: Bool
    public var createdAt: Date
    public var expiresAt: Date

    /// Creates a session.
    public init(tokenHash: String, accountID: String, csrfToken: String, secondFactorDone: Bool, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.accountID = accountID
        self.csrfToken = csrfToken
        self.secondFactorDone = secondFactorDone
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSinceReferenceDate }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSinceReferenceDate }
}

extension Store {
    /// The number of accounts: zero means first-run setup.
    public func accountCount() throws -> Int {
        try pool.read { db in try Account.fetchCount(db) }
    }

    /// Creates an account with its memberships; refuses a login already taken.
    public func createAccount(_ account: Account, memberships: [Membership]) throws {
        try pool.write { db in
            guard try Account.filter(Column("login") == account.login).fetchCount(db) == 0 else {
                throw StoreError.refused(CommandError(ja: "ログイン名 \"\(account.login)\" は既に使われています",
                                                      en: "login \"\(account.login)\" is already taken"))
            }
            try account.insert(db)
            for membership in memberships { try membership.insert(db) }
        }
    }

    /// The account with this login, if any.
    public func account(login: String) throws -> Account? {
        try pool.read { db in try Account.filter(Column("login") == login).fetchOne(db) }
    }

    /// The account with this ID, if any.
    public func account(id: String) throws -> Account? {
        try pool.read { db in try Account.fetchOne(db, key: id) }
    }

    /// Replaces an account's stored values (failures, lock, second factor).
    public func update(_ account: Account) throws {
        try pool.write { db in try account.update(db) }
    }

    /// An account's roles, by organization.
    public func memberships(of accountID: String) throws -> [Membership] {
        try pool.read { db in try Membership.filter(Column("accountID") == accountID).fetchAll(db) }
    }

    /// Stores a new session.
    public func createSession(_ session: Session) throws {
        try pool.write { db in try session.insert(db) }
    }

    /// The unexpired session with this token hash, if any.
    public func session(tokenHash: String, at now: Date) throws -> Session? {
        try pool.read { db in
            try Session.fetchOne(db, key: tokenHash).flatMap { $0.expiresAt > now ? $0 : nil }
        }
    }

    /// Replaces a session (e.g. once the second factor is given).
    public func update(_ session: Session) throws {
        try pool.write { db in try session.update(db) }
    }

    /// Ends a session; with `allOf`, every session of that account.
    public func deleteSession(tokenHash: String) throws {
        try pool.write { db in _ = try Session.deleteOne(db, key: tokenHash) }
    }
}

extension Store {
    /// The accounts with a role in an organization, by login.
    public func members(of organizationID: String) throws -> [(account: Account, role: AccountRole)] {
        try pool.read { db in
            let memberships = try Membership.filter(Column("organizationID") == organizationID).fetchAll(db)
            return try memberships.compactMap { membership in
                try Account.fetchOne(db, key: membership.accountID).map { ($0, membership.role) }
            }.sorted { $0.account.login < $1.account.login }
        }
    }
}

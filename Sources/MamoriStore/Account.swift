import Foundation
import MamoriCore

/// Someone who signs in to the web application; the password is kept only as a bcrypt hash and the TOTP secret sealed.
public struct Account: Codable, Sendable, Hashable, TableRecord {
    static let table = "account"

    public var id: String
    public var login: String
    public var displayName: String
    public var passwordHash: String
    public var totpSecret: Sealed?
    /// Whether the second factor was confirmed with a first code.
    public var totpEnabled: Bool
    /// The time step of the last code accepted: a code is accepted once (see ``Store/acceptTOTPStep(accountID:step:)``).
    public var totpLastStep: Int64?
    public var createdAt: Date
    /// Where alerts are mailed, if the person gave an address (see ``Store/setEmail(_:accountID:)``).
    public var email: String?
    /// Set when someone else chose the password (an invitation, an administrator's new account): the person signs in
    /// with it once and must then choose their own (``Store/setPassword(_:accountID:)``), after which it no longer works.
    public var mustChangePassword: Bool?
    /// The row's seal (``AccountSeal``), set by the store as it writes the row.
    public internal(set) var seal: String?

    /// Creates an account.
    public init(id: String, login: String, displayName: String, passwordHash: String, createdAt: Date) {
        self.id = id
        self.login = login
        self.displayName = displayName
        self.passwordHash = passwordHash
        totpSecret = nil
        totpEnabled = false
        totpLastStep = nil
        self.createdAt = createdAt
        email = nil
    }
}

/// An account's role in one organization.
public struct Membership: Codable, Sendable, Hashable, TableRecord {
    static let table = "membership"
    static let keyColumns = ["accountID", "organizationID"]

    public var accountID: String
    public var organizationID: String
    public var role: AccountRole
    /// For a city member, the department (課) whose contracts they see; nil: every contract of the city.
    public var departmentID: String?
    /// The row's seal (``AccountSeal``), set by the store as it writes the row.
    public internal(set) var seal: String?

    /// Creates a membership.
    public init(accountID: String, organizationID: String, role: AccountRole, departmentID: String? = nil) {
        self.accountID = accountID
        self.organizationID = organizationID
        self.role = role
        self.departmentID = departmentID
    }

    /// Whether the membership reaches `contract`: through its contractor, or through its city where the member has no
    /// department or the contract's.
    public func reaches(_ contract: Contract) -> Bool {
        if organizationID == contract.contractorID { return true }
        guard organizationID == contract.cityID else { return false }
        return departmentID == nil || departmentID == contract.departmentID
    }
}

/// A signed-in browser or API client, found by the SHA-256 of its token (the token itself is never stored).
public struct Session: Codable, Sendable, Hashable, TableRecord {
    static let table = "session"
    static let keyColumns = ["tokenHash"]

    public var tokenHash: String
    public var accountID: String
    /// The token every form and state-changing API call must carry.
    public var csrfToken: String
    /// Whether the second factor was given (or is not required).
    public var secondFactorDone: Bool
    public var createdAt: Date
    public var expiresAt: Date
    /// The row's seal (``AccountSeal``), set by the store as it writes the row.
    public internal(set) var seal: String?

    /// Creates a session.
    public init(tokenHash: String, accountID: String, csrfToken: String, secondFactorDone: Bool, createdAt: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.accountID = accountID
        self.csrfToken = csrfToken
        self.secondFactorDone = secondFactorDone
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

extension Store {
    /// The number of accounts: zero means first-run setup.
    public func accountCount() async throws -> Int {
        try await database.single { db in try await db.count("account") }
    }

    /// Creates an account with its memberships; refuses a login already taken and, with `firstOf`, an organization that
    /// has an account already (an invitation of its first one: checked in the same transaction, under the writers'
    /// lock, so that invitations sent at once make one account).
    public func createAccount(_ account: Account, memberships: [Membership], firstOf organizationID: String? = nil) async throws {
        try await database.write { db in
            try await db.lockJournal()
            if let organizationID, try await db.count("membership", where: "organizationID = \(bind: organizationID)") > 0 {
                throw StoreError.refused(
                    CommandError(
                        ja: "この組織には既にアカウントがあります。以後のアカウントはその組織の管理者が追加します",
                        en: "this organization already has accounts; its own people add the next ones"))
            }
            guard try await db.count("account", where: "login = \(bind: account.login)") == 0 else {
                throw StoreError.refused(
                    CommandError(
                        ja: "ログイン名 \"\(account.login)\" は既に使われています",
                        en: "login \"\(account.login)\" is already taken"))
            }
            var account = account
            account.seal = AccountSeal.of(account, vault)
            try await db.insert(account)
            for var membership in memberships {
                membership.seal = AccountSeal.of(membership, vault)
                try await db.insert(membership)
            }
        }
    }

    /// The account with this login, if any: a row that no longer matches its seal (changed in the database) is none.
    public func account(login: String) async throws -> Account? {
        try await database.single { db in try await db.fetch(Account.self, where: "login = \(bind: login)").first }.flatMap(intact)
    }

    /// The account with this ID, if any (as ``account(login:)``).
    public func account(id: String) async throws -> Account? {
        try await database.single { db in try await db.fetchOne(Account.self, key: id) }.flatMap(intact)
    }

    /// The account, if its row still matches its seal.
    func intact(_ account: Account) -> Account? {
        AccountSeal.isIntact(account, vault) ? account : nil
    }

    /// Changes an account's row and seals it anew, the row held (PostgreSQL: `FOR UPDATE`) from the check of its seal
    /// to the write; `change` returns false to leave it as it is. A row whose seal no longer matches is refused
    /// (``AccountSeal/altered``). Returns the account as kept, nil for an unknown ID.
    func changeAccount(_ id: String, _ db: any SQLConnection, _ change: (inout Account) -> Bool) async throws -> Account? {
        let lock: SQL = db.dialect == .postgres ? " FOR UPDATE" : ""
        guard var account = try await db.fetch(Account.self, "SELECT * FROM account WHERE id = \(bind: id)\(lock)").first else { return nil }
        guard AccountSeal.isIntact(account, vault) else { throw StoreError.refused(AccountSeal.altered) }
        guard change(&account) else { return account }
        account.seal = AccountSeal.of(account, vault)
        try await db.update(account)
        return account
    }

    /// Replaces an account's password hash (the person chose a new password) and clears ``Account/mustChangePassword``;
    /// every other session of the account ends (one opened with the old password elsewhere), `keeping` the one that
    /// changed it.
    public func setPassword(_ hash: String, accountID: String, keeping tokenHash: String? = nil) async throws {
        try await database.write { db in
            _ = try await changeAccount(accountID, db) { account in
                account.passwordHash = hash
                account.mustChangePassword = nil
                return true
            }
            try await db.execute("DELETE FROM session WHERE accountID = \(bind: accountID) AND tokenHash <> \(bind: tokenHash ?? "")")
        }
    }

    /// Gives an account a password someone else chose (an administrator's reset: the person forgot theirs), which
    /// the person must change at the next sign-in (``Account/mustChangePassword``); the account's sessions end.
    /// Returns false for an unknown login.
    public func resetPassword(_ hash: String, login: String) async throws -> Bool {
        try await database.write { db in
            guard let id = try await db.value("SELECT id FROM account WHERE login = \(bind: login)").text else { return false }
            _ = try await changeAccount(id, db) { account in
                account.passwordHash = hash
                account.mustChangePassword = true
                return true
            }
            try await db.execute("DELETE FROM session WHERE accountID = \(bind: id)")
            return true
        }
    }

    /// Keeps a new TOTP secret for an account that has none yet; returns the secret the account holds afterwards (the
    /// one kept by a concurrent request, if that came first: the row is held while it is read and written), or nil for
    /// an unknown account.
    public func setTOTPSecret(_ secret: Sealed, accountID: String) async throws -> Sealed? {
        try await database.write { db in
            try await changeAccount(accountID, db) { account in
                guard account.totpSecret == nil else { return false }
                account.totpSecret = secret
                return true
            }?.totpSecret
        }
    }

    /// Accepts a TOTP code's time step once: the step is stored (and the second factor marked confirmed) only if it is
    /// later than the last step accepted, the row held from the comparison to the write. Of two requests giving the
    /// same code at once, exactly one gets true, on SQLite and PostgreSQL alike.
    public func acceptTOTPStep(accountID: String, step: Int64) async throws -> Bool {
        try await database.write { db in
            var accepted = false
            _ = try await changeAccount(accountID, db) { account in
                guard account.totpLastStep.map({ $0 < step }) ?? true else { return false }
                account.totpLastStep = step
                account.totpEnabled = true
                accepted = true
                return true
            }
            return accepted
        }
    }

    /// An account's roles, by organization: a row that no longer matches its seal (a role given in the database) is
    /// left out.
    public func memberships(of accountID: String) async throws -> [Membership] {
        try await database.single { db in try await db.fetch(Membership.self, where: "accountID = \(bind: accountID)") }
            .filter { AccountSeal.isIntact($0, vault) }
    }

    /// Stores a new session.
    public func createSession(_ session: Session) async throws {
        var session = session
        session.seal = AccountSeal.of(session, vault)
        try await database.write { [session] db in try await db.insert(session) }
    }

    /// The unexpired session with this token hash, if any: a row put in or changed in the database (a session made
    /// for a token someone chose) is none.
    public func session(tokenHash: String, at now: Date) async throws -> Session? {
        try await database.single { db in try await db.fetchOne(Session.self, key: tokenHash) }
            .flatMap { $0.expiresAt > now && AccountSeal.isIntact($0, vault) ? $0 : nil }
    }

    /// Replaces a session (e.g. once the second factor is given).
    public func update(_ session: Session) async throws {
        var session = session
        session.seal = AccountSeal.of(session, vault)
        try await database.write { [session] db in try await db.update(session) }
    }

    /// Ends a session.
    public func deleteSession(tokenHash: String) async throws {
        try await database.write { db in try await db.execute("DELETE FROM session WHERE tokenHash = \(bind: tokenHash)") }
    }

    /// An account's unexpired sessions, newest first.
    public func sessions(of accountID: String, at now: Date) async throws -> [Session] {
        try await database.single { db in
            try await db.fetch(Session.self, where: "accountID = \(bind: accountID) AND expiresAt > \(bind: now)", order: "createdAt DESC")
        }
    }

    /// Ends sessions of one account only (another account's token hash is left alone); returns how many ended.
    @discardableResult
    public func deleteSessions(_ tokenHashes: [String], of accountID: String) async throws -> Int {
        guard !tokenHashes.isEmpty else { return 0 }
        return try await database.write { db in
            let matching: SQL = "accountID = \(bind: accountID) AND tokenHash IN (\(list: tokenHashes))"
            let count = try await db.count("session", where: matching)
            try await db.execute("DELETE FROM session WHERE \(matching)")
            return count
        }
    }

    /// The accounts with a role in an organization, by login.
    public func members(of organizationID: String) async throws -> [(account: Account, role: AccountRole, departmentID: String?)] {
        try await database.single { db in
            var members: [(account: Account, role: AccountRole, departmentID: String?)] = []
            try await db.forEach(
                """
                SELECT a.*, m.role AS memberRole, m.departmentID AS memberDepartment FROM account a JOIN membership m ON m.accountID = a.id
                WHERE m.organizationID = \(bind: organizationID) ORDER BY a.login
                """
            ) { row in
                guard let role = row["memberRole"].text.flatMap(AccountRole.init(rawValue:)) else { return }
                members.append((try RowDecoder.decode(Account.self, from: row), role, row["memberDepartment"].text))
            }
            return members
        }
    }
}

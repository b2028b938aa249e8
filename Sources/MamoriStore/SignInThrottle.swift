import Foundation

/// How failed sign-ins slow down further attempts on one account from one source (the client's address): after
/// `attempts` failures in a row, that account is locked for that source, first for `firstLock`, then twice as long
/// with each further failure, up to `longestLock`. A failure more than `forgetAfter` after the previous one starts
/// the count again. Other sources are not affected, so that nobody can lock a member out from elsewhere.
public struct LockoutPolicy: Sendable, Hashable {
    /// Failures in a row before the first lock.
    public var attempts: Int
    /// The first lock's length.
    public var firstLock: TimeInterval
    /// The longest a lock gets.
    public var longestLock: TimeInterval
    /// After this long without a failure, the count starts again.
    public var forgetAfter: TimeInterval

    /// Creates a policy; the defaults lock after 5 failures for 1 minute, doubling up to 1 hour, forgotten after a day.
    public init(attempts: Int = 5, firstLock: TimeInterval = 60, longestLock: TimeInterval = 3600, forgetAfter: TimeInterval = 86_400) {
        self.attempts = attempts
        self.firstLock = firstLock
        self.longestLock = longestLock
        self.forgetAfter = forgetAfter
    }

    /// How long `failures` failures in a row lock for; nil below the threshold.
    public func lock(after failures: Int) -> TimeInterval? {
        guard failures >= attempts else { return nil }
        let doublings = min(failures - attempts, 40)
        return min(firstLock * Double(sign: .plus, exponent: doublings, significand: 1), longestLock)
    }
}

/// The failed sign-ins in a row of one account from one source, and until when that source is locked out.
public struct SignInFailures: Sendable, Hashable {
    /// Failures in a row.
    public var failures: Int
    /// Until when sign-in from this source is refused; nil when it is not locked.
    public var lockedUntil: Date?

    /// Creates a count.
    public init(failures: Int, lockedUntil: Date?) {
        self.failures = failures
        self.lockedUntil = lockedUntil
    }
}

extension Store {
    /// Until when sign-in to an account from a source is refused; nil when it is not.
    public func signInLock(accountID: String, source: String, at now: Date) async throws -> Date? {
        try await signInFailures(accountID: accountID, source: source)?.lockedUntil.flatMap { $0 > now ? $0 : nil }
    }

    /// The failures in a row of an account from a source, if any are counted.
    public func signInFailures(accountID: String, source: String) async throws -> SignInFailures? {
        try await database.single { db in
            try await db.row("SELECT failures, lockedUntil FROM signInFailure WHERE accountID = \(bind: accountID) AND source = \(bind: source)")
                .map { row in
                    SignInFailures(failures: Int(row[0].integer ?? 0), lockedUntil: row[1].real.map(Date.init(timeIntervalSinceReferenceDate:)))
                }
        }
    }

    /// Counts a failed sign-in (password or second factor) of an account from a source and locks that source out as
    /// `policy` says. The count is incremented by the database in one statement (`INSERT … ON CONFLICT DO UPDATE SET
    /// failures = failures + 1 … RETURNING`), so that concurrent failures, on any number of servers, are all counted;
    /// the lock is set from that count in the same transaction.
    @discardableResult
    public func recordSignInFailure(accountID: String, source: String, at now: Date, policy: LockoutPolicy) async throws -> SignInFailures {
        try await database.write { db in
            let counted = try await db.value(
                """
                INSERT INTO signInFailure (accountID, source, failures, lastFailureAt, lockedUntil) VALUES (\(bind: accountID), \(bind: source), 1, \(bind: now), NULL)
                ON CONFLICT (accountID, source) DO UPDATE SET
                    failures = CASE WHEN signInFailure.lastFailureAt < \(bind: now.addingTimeInterval(-policy.forgetAfter)) THEN 1 ELSE signInFailure.failures + 1 END,
                    lastFailureAt = excluded.lastFailureAt
                RETURNING failures
                """)
            let failures = Int(counted.integer ?? 0)
            let lockedUntil = policy.lock(after: failures).map { now.addingTimeInterval($0) }
            try await db.execute(
                "UPDATE signInFailure SET lockedUntil = \(bind: lockedUntil) WHERE accountID = \(bind: accountID) AND source = \(bind: source)")
            return SignInFailures(failures: failures, lockedUntil: lockedUntil)
        }
    }

    /// Forgets the failures of an account from a source, after a complete sign-in from it.
    public func clearSignInFailures(accountID: String, source: String) async throws {
        try await database.write { db in
            try await db.execute("DELETE FROM signInFailure WHERE accountID = \(bind: accountID) AND source = \(bind: source)")
        }
    }

    /// The accounts locked out for at least one source at `now`.
    public func lockedAccountIDs(at now: Date) async throws -> Set<String> {
        try await database.single { db in
            Set(try await db.rows("SELECT DISTINCT accountID FROM signInFailure WHERE lockedUntil > \(bind: now)").compactMap { $0[0].text })
        }
    }
}

import Foundation
import MamoriCore

extension Store {
    /// From now on, every write adds the alerts `planner` works out for its commands, in its own transaction.
    public func planAlerts(with planner: AlertPlanner) {
        alertPlanner.withLock { $0 = planner }
    }

    /// Calls `body` after each write that added alerts (on the writer's thread; it must return at once).
    public func onAlertsAdded(_ body: @escaping @Sendable () -> Void) {
        alertsAdded.withLock { $0 = body }
    }

    /// Adds the reminders the clock calls for (deadlines reached, PCs gone silent): not journaled, as no record
    /// changed; a reminder already made for the same cause and account is not made again. Returns how many are new.
    @discardableResult
    public func addReminders(_ planned: [PlannedAlert], at time: Date) async throws -> Int {
        guard !planned.isEmpty else { return 0 }
        let state = try await state()
        let added = try await database.write { db in try await addAlerts(planned, at: time, state: state, db) }
        if added > 0 { alertsAdded.withLock { $0 }?() }
        return added
    }

    /// Addresses planned alerts to the accounts of their contract's organizations and inserts one message per cause
    /// and account (an existing one is left as it is). Returns how many were inserted.
    func addAlerts(_ planned: [PlannedAlert], at time: Date, state: MamoriState, _ db: any SQLConnection) async throws -> Int {
        var added = 0
        for alert in planned {
            guard let contract = state.contracts[alert.contractID]?.contract else { continue }
            var recipients: [String: Account] = [:]
            for audience in alert.audience {
                for account in try await accounts(audience, of: contract, approvalID: alert.approvalID, db) { recipients[account.id] = account }
            }
            for account in recipients.values.sorted(by: { $0.id < $1.id }) {
                let wantsMail =
                    try await db.value(
                        "SELECT mail FROM alertPreference WHERE accountID = \(bind: account.id) AND kind = \(bind: alert.kind.rawValue)"
                    ).bool ?? true
                let row = Alert(
                    id: Alert.key(cause: alert.cause, accountID: account.id), accountID: account.id, contractID: contract.id,
                    kind: alert.kind, recordID: alert.recordID, cause: alert.cause, titleJa: alert.title.ja,
                    titleEn: alert.title.en, detailJa: alert.detail.ja, detailEn: alert.detail.en, link: alert.link,
                    dueAt: alert.due, createdAt: time, readAt: nil,
                    mail: wantsMail && account.email != nil ? .pending : .inApp, attempts: 0,
                    nextAttemptAt: nil, leaseUntil: nil, sentAt: nil, lastError: nil)
                let values = try RowEncoder.encode(row)
                let inserted = try await db.row(
                    SQLStatement.insert(into: Alert.table, columns: values.map(\.column), rows: [values.map(\.value)])
                        + " ON CONFLICT(id) DO NOTHING RETURNING id")
                if inserted != nil { added += 1 }
            }
        }
        return added
    }

    /// The accounts an audience names on one contract: only members of its contractor or its city.
    private func accounts(_ audience: AlertAudience, of contract: Contract, approvalID: String?, _ db: any SQLConnection) async throws -> [Account] {
        switch audience {
        case .role(let role):
            let found = try await members(role, of: contract, db)
            // Nobody in a contractor role: its administrators answer for the contractor.
            guard found.isEmpty, role.organizationKind == .contractor, role != .contractorAdministrator else { return found }
            return try await members(.contractorAdministrator, of: contract, db)
        case .requester:
            guard let approvalID, let requester = try await requester(of: approvalID, contract: contract, db) else {
                return try await members(.contractorAdministrator, of: contract, db)
            }
            return [requester]
        }
    }

    /// The accounts holding `role` on the contract's side of that role; at the city, those of the contract's
    /// department or of none (a reviewer of another department is not told). A membership or an account whose row no
    /// longer matches its seal (``AccountSeal``) is nobody's: a role given in the database is told nothing.
    private func members(_ role: AccountRole, of contract: Contract, _ db: any SQLConnection) async throws -> [Account] {
        let organizationID = role.organizationKind == .city ? contract.cityID : contract.contractorID
        let memberships = try await db.fetch(
            Membership.self,
            where: """
                organizationID = \(bind: organizationID) AND role = \(bind: role.rawValue) \
                AND (departmentID IS NULL OR departmentID = \(bind: contract.departmentID))
                """
        ).filter { AccountSeal.isIntact($0, vault) }
        guard !memberships.isEmpty else { return [] }
        return try await db.fetch(Account.self, where: "id IN (\(list: memberships.map(\.accountID)))", order: "id")
            .filter { AccountSeal.isIntact($0, vault) }
    }

    /// The account that journaled the request of an approval (the journal's actor is `login (role)`), if it is still a
    /// member of the contractor.
    private func requester(of approvalID: String, contract: Contract, _ db: any SQLConnection) async throws -> Account? {
        var login: String?
        try await db.forEach(
            "SELECT actor, payload, position FROM journal WHERE organizationID = \(bind: contract.contractorID) AND type = \(bind: "approval.request") ORDER BY position"
        ) { row in
            guard login == nil, let payload = row.text(1), payload.contains(approvalID),
                let command = try? CommandCodec.decode(type: "approval.request", payload: payload, position: row.integer(2) ?? 0) as? AddRecord<Approval>,
                command.record.id == approvalID, let actor = row.text(0)
            else { return }
            login = String(actor.split(separator: " ", maxSplits: 1).first ?? "")
        }
        guard let login, let account = try await db.fetch(Account.self, where: "login = \(bind: login)").first, AccountSeal.isIntact(account, vault),
            try await db.fetch(Membership.self, where: "accountID = \(bind: account.id) AND organizationID = \(bind: contract.contractorID)")
                .contains(where: { AccountSeal.isIntact($0, vault) })
        else { return nil }
        return account
    }

    // MARK: Sending

    /// Takes up to `limit` alerts due to be mailed, holding each for `lease` (another sender, or this one after a
    /// crash, takes it again only after that; a sender renews the lease while it waits, ``renewLease(of:until:)``), and
    /// opens an attempt for each. An attempt left open by a sender that died is closed as interrupted. An alert whose
    /// person has since removed their address or chosen in-app only for its kind is not mailed: it stays in-app; nor is
    /// one whose account row was changed in the database (``AccountSeal``).
    public func claimAlerts(limit: Int, at now: Date, lease: TimeInterval) async throws -> [(alert: Alert, account: Account)] {
        try await database.write { db in
            let skipLocked: SQL = db.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
            let alerts = try await db.fetch(
                Alert.self,
                """
                SELECT * FROM alert WHERE mail = \(bind: AlertMail.pending.rawValue) AND (nextAttemptAt IS NULL OR nextAttemptAt <= \(bind: now)) \
                AND (leaseUntil IS NULL OR leaseUntil < \(bind: now)) ORDER BY createdAt, id LIMIT \(bind: limit)\(skipLocked)
                """)
            var claimed: [(alert: Alert, account: Account)] = []
            for alert in alerts {
                try await db.execute(
                    "UPDATE alertAttempt SET outcome = \(bind: "interrupted"), finishedAt = \(bind: now), detail = \(bind: "the sender stopped before it knew the outcome") WHERE alertID = \(bind: alert.id) AND outcome = \(bind: "sending")"
                )
                // An address written into the database by hand (the row no longer matches its seal) is never mailed to.
                let account = try await db.fetchOne(Account.self, key: alert.accountID).flatMap(intact)
                let wanted =
                    try await db.value(
                        "SELECT mail FROM alertPreference WHERE accountID = \(bind: alert.accountID) AND kind = \(bind: alert.kind.rawValue)"
                    ).bool ?? true
                guard let account, account.email != nil, wanted else {
                    try await db.execute("UPDATE alert SET mail = \(bind: AlertMail.inApp.rawValue), leaseUntil = NULL WHERE id = \(bind: alert.id)")
                    continue
                }
                var leased = alert
                leased.attempts += 1
                leased.leaseUntil = now.addingTimeInterval(lease)
                try await db.execute(
                    "UPDATE alert SET attempts = \(bind: .integer(Int64(leased.attempts))), leaseUntil = \(bind: leased.leaseUntil) WHERE id = \(bind: alert.id)"
                )
                try await db.insert(AlertAttempt(alertID: alert.id, attempt: leased.attempts, startedAt: now, finishedAt: nil, outcome: "sending", detail: ""))
                claimed.append((leased, account))
            }
            return claimed
        }
    }

    /// Holds an alert a while longer: its sender is still waiting for the SMTP server.
    public func renewLease(of alert: Alert, until: Date) async throws {
        try await database.write { db in
            try await db.execute(
                "UPDATE alert SET leaseUntil = \(bind: until) WHERE id = \(bind: alert.id) AND mail = \(bind: AlertMail.pending.rawValue)")
        }
    }

    /// Records an attempt's outcome: sent; or failed, to be tried again at `retryAt` (nil: given up).
    public func finishAlert(_ alert: Alert, sent: Bool, detail: String, retryAt: Date?, at now: Date) async throws {
        try await database.write { db in
            let mail: AlertMail = sent ? .sent : retryAt == nil ? .failed : .pending
            let sentAt: Date? = sent ? now : nil
            let lastError: String? = sent ? nil : detail
            try await db.execute(
                """
                UPDATE alert SET mail = \(bind: mail.rawValue), leaseUntil = NULL, nextAttemptAt = \(bind: retryAt), sentAt = \(bind: sentAt), \
                lastError = \(bind: lastError) WHERE id = \(bind: alert.id)
                """)
            try await db.execute(
                """
                UPDATE alertAttempt SET outcome = \(bind: sent ? "sent" : "failed"), finishedAt = \(bind: now), \
                detail = \(bind: String(detail.prefix(1_000))) WHERE alertID = \(bind: alert.id) AND attempt = \(bind: alert.attempts)
                """)
        }
    }

    /// Marks alerts still waiting for mail since before `cutoff` as not to be mailed (they stay in the application).
    @discardableResult
    public func expireAlerts(before cutoff: Date) async throws -> Int {
        try await database.write { db in
            try await db.rows(
                "UPDATE alert SET mail = \(bind: AlertMail.expired.rawValue) WHERE mail = \(bind: AlertMail.pending.rawValue) AND createdAt < \(bind: cutoff) AND leaseUntil IS NULL RETURNING id"
            ).count
        }
    }

    // MARK: Reading

    /// An account's alerts, newest first.
    public func alerts(of accountID: String, limit: Int = 100) async throws -> [Alert] {
        try await database.single { db in
            try await db.fetch(Alert.self, where: "accountID = \(bind: accountID)", order: "createdAt DESC, id", limit: limit)
        }
    }

    /// One of an account's alerts (nil for another account's).
    public func alert(_ id: String, of accountID: String) async throws -> Alert? {
        try await database.single { db in try await db.fetch(Alert.self, where: "id = \(bind: id) AND accountID = \(bind: accountID)").first }
    }

    /// How many of an account's alerts are unread (the bell's number).
    public func unreadAlertCount(of accountID: String) async throws -> Int {
        try await database.single { db in try await db.count("alert", where: "accountID = \(bind: accountID) AND readAt IS NULL") }
    }

    /// Marks an account's alerts read: the ones named, or all of them. Another account's alert is left alone.
    public func markAlertsRead(of accountID: String, ids: [String]?, at now: Date) async throws {
        try await database.write { db in
            var filter: SQL = "accountID = \(bind: accountID) AND readAt IS NULL"
            if let ids {
                guard !ids.isEmpty else { return }
                filter += " AND id IN (\(list: ids))"
            }
            try await db.execute("UPDATE alert SET readAt = \(bind: now) WHERE \(filter)")
        }
    }

    /// How many alerts are addressed to the members of an organization.
    public func outboxCount(of organizationID: String) async throws -> Int {
        try await database.single { db in
            try await db.count("alert", where: "accountID IN (SELECT accountID FROM membership WHERE organizationID = \(bind: organizationID))")
        }
    }

    /// The alerts addressed to the members of an organization, newest first, `limit` from `offset`, with every mail
    /// attempt: the outbox page.
    public func outbox(
        of organizationID: String, limit: Int = 200, offset: Int = 0
    ) async throws
        -> [(alert: Alert, recipient: (name: String, email: String?), attempts: [AlertAttempt])]
    {
        try await database.single { db in
            var rows: [(Alert, (name: String, email: String?))] = []
            try await db.forEach(
                """
                SELECT a.*, c.displayName AS recipientName, c.email AS recipientEmail FROM alert a JOIN account c ON c.id = a.accountID \
                WHERE a.accountID IN (SELECT accountID FROM membership WHERE organizationID = \(bind: organizationID)) \
                ORDER BY a.createdAt DESC, a.id LIMIT \(bind: max(0, limit)) OFFSET \(bind: max(0, offset))
                """
            ) { row in
                rows.append((try RowDecoder.decode(Alert.self, from: row), (row["recipientName"].text ?? "", row["recipientEmail"].text)))
            }
            guard !rows.isEmpty else { return [] }
            var attempts: [String: [AlertAttempt]] = [:]
            for attempt in try await db.fetch(AlertAttempt.self, where: "alertID IN (\(list: rows.map(\.0.id)))", order: "alertID, attempt") {
                attempts[attempt.alertID, default: []].append(attempt)
            }
            return rows.map { ($0.0, $0.1, attempts[$0.0.id] ?? []) }
        }
    }

    // MARK: Preferences

    /// Per kind, whether the account wants it mailed (true where nothing was chosen).
    public func alertPreferences(of accountID: String) async throws -> [AlertKind: Bool] {
        let chosen = try await database.single { db in try await db.fetch(AlertPreference.self, where: "accountID = \(bind: accountID)") }
        var preferences = Dictionary(uniqueKeysWithValues: AlertKind.allCases.map { ($0, true) })
        for preference in chosen { preferences[preference.kind] = preference.mail }
        return preferences
    }

    /// Keeps an account's choices and address together.
    public func setAlertSettings(of accountID: String, email: String?, mail: [AlertKind: Bool]) async throws {
        try await database.write { db in
            _ = try await changeAccount(accountID, db) { account in
                account.email = email
                return true
            }
            for (kind, wanted) in mail {
                try await db.insert(AlertPreference(accountID: accountID, kind: kind, mail: wanted), replacing: true)
            }
        }
    }

    // MARK: PCs

    /// Each of an organization's PCs with the moment it last reported (nil: never), for the silence check.
    public func lastReports(
        of organizationID: String
    ) async throws -> [(deviceID: String, hostname: String, enrolledAt: Date, reportID: Int64?, receivedAt: Date?)] {
        try await database.single { db in
            var found: [(String, String, Date, Int64?, Date?)] = []
            try await db.forEach(
                "SELECT d.id, d.hostname, d.enrolledAt, r.id, r.receivedAt FROM device d LEFT JOIN deviceReport r ON r.id = d.latestReportID"
                    + " WHERE d.organizationID = \(bind: organizationID) ORDER BY d.id"
            ) { row in
                found.append(
                    (
                        row.text(0) ?? "", row.text(1) ?? "", Date(timeIntervalSinceReferenceDate: row.real(2) ?? 0), row.integer(3),
                        row.real(4).map(Date.init(timeIntervalSinceReferenceDate:))
                    ))
            }
            return found
        }
    }
}

import GRDB

/// The database schema, as append-only migrations written in SQL. Never edit a shipped migration: add one.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-journal-and-records") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2-structure-and-incident-findings") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3-accounts-and-sessions") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4-devices-and-reports") { db in
            try db.execute(sql: v4)
        }
        migrator.registerMigration("v5-latest-report-event-order-totp-step") { db in
            try db.execute(sql: v5)
        }
        migrator.registerMigration("v6-agent-parts") { db in
            try db.execute(sql: v6)
        }
        migrator.registerMigration("v7-agent-rule-sets") { db in
            try db.execute(sql: v7)
        }
        migrator.registerMigration("v8-sign-in-failures-per-source") { db in
            try db.execute(sql: v8)
        }
        migrator.registerMigration("v9-journal-written-rows") { db in
            try db.execute(sql: v9)
        }
        migrator.registerMigration("v10-data-event-voids") { db in
            try db.execute(sql: v10)
        }
        migrator.registerMigration("v11-subcontract-approvals") { db in
            try db.execute(sql: v11)
        }
        migrator.registerMigration("v12-alerts") { db in
            try db.execute(sql: alerts)
        }
        migrator.registerMigration("v13-organization-details-and-departments") { db in
            try db.execute(sql: organizationDetails)
        }
        migrator.registerMigration("v14-password-change-required") { db in
            try db.execute(sql: passwordChange)
        }
        migrator.registerMigration("v15-state-snapshot") { db in
            try db.execute(sql: stateSnapshot)
        }
        migrator.registerMigration("v16-key-check") { db in
            try db.execute(sql: keyCheck)
        }
        migrator.registerMigration("v17-report-signatures") { db in
            try db.execute(sql: reportSignatures)
        }
        migrator.registerMigration(accountSealsMigration) { db in
            try db.execute(sql: accountSeals)
        }
        migrator.registerMigration(headSealsMigration) { db in
            try db.execute(sql: headSeals)
        }
        migrator.registerMigration(endSealMigration) { db in
            try db.execute(sql: endSeal)
        }
        return migrator
    }

    /// The migration that adds the seals of accounts and memberships: the open that applies it seals the rows already
    /// there (``SealMark/sealOnce(_:in:_:)``), once.
    static let accountSealsMigration = "v18-account-seals"

    /// The same in both databases.
    static let accountSeals = """
        ALTER TABLE account ADD COLUMN seal TEXT;
        ALTER TABLE membership ADD COLUMN seal TEXT;
        ALTER TABLE session ADD COLUMN seal TEXT;
        """

    /// The migration that adds the seals of the journal's chain heads (``JournalHeadSeal``), sealed once as it runs.
    static let headSealsMigration = "v19-journal-head-seals"

    /// The same in both databases.
    static let headSeals = "ALTER TABLE journalHead ADD COLUMN seal TEXT;"

    /// The migration that adds the seal of the journal's end (``JournalEndSeal``), sealed once as it runs.
    static let endSealMigration = "v20-journal-end-seal"

    /// SQLite's; PostgreSQL's with BIGINT.
    static let endSeal = "CREATE TABLE journalEnd (id INTEGER PRIMARY KEY, position INTEGER NOT NULL, hash TEXT NOT NULL, seal TEXT NOT NULL);"

    private static let v1 = """
        CREATE TABLE journal (
            position INTEGER PRIMARY KEY,
            organizationID TEXT NOT NULL,
            seq INTEGER NOT NULL,
            recordedAt TEXT NOT NULL,
            actor TEXT NOT NULL,
            type TEXT NOT NULL,
            payload TEXT NOT NULL,
            previousHash TEXT NOT NULL,
            hash TEXT NOT NULL,
            UNIQUE (organizationID, seq)
        );
        CREATE TRIGGER journal_never_updated BEFORE UPDATE ON journal
            BEGIN SELECT RAISE(ABORT, 'journal entries are never updated'); END;
        CREATE TRIGGER journal_never_deleted BEFORE DELETE ON journal
            BEGIN SELECT RAISE(ABORT, 'journal entries are never deleted'); END;
        CREATE TABLE journalHead (
            organizationID TEXT PRIMARY KEY,
            seq INTEGER NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE TABLE organization (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL);
        CREATE TABLE contract (
            id TEXT PRIMARY KEY, contractorID TEXT NOT NULL REFERENCES organization(id),
            cityID TEXT NOT NULL REFERENCES organization(id), title TEXT NOT NULL, number TEXT NOT NULL,
            startsOn TEXT NOT NULL, endsOn TEXT NOT NULL, catalogID TEXT NOT NULL, parameters TEXT NOT NULL
        );
        CREATE TABLE person (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), name TEXT NOT NULL,
            role TEXT NOT NULL, scope TEXT NOT NULL, joinedOn TEXT NOT NULL, leftOn TEXT, photo TEXT
        );
        CREATE TABLE idCheck (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), personID TEXT NOT NULL,
            checkedBy TEXT NOT NULL, checkedOn TEXT NOT NULL, documentType TEXT NOT NULL
        );
        CREATE TABLE trainingSession (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), heldOn TEXT NOT NULL,
            title TEXT NOT NULL, content TEXT NOT NULL, trainer TEXT NOT NULL, materials TEXT NOT NULL, attendees TEXT NOT NULL
        );
        CREATE TABLE pledge (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), personID TEXT NOT NULL, signedOn TEXT NOT NULL
        );
        CREATE TABLE safeguardMeasure (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), category TEXT NOT NULL,
            title TEXT NOT NULL, measure TEXT NOT NULL, reviewedOn TEXT NOT NULL
        );
        CREATE TABLE dataAsset (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), name TEXT NOT NULL, items TEXT NOT NULL,
            medium TEXT NOT NULL, recordCount INTEGER NOT NULL, permittedPurposes TEXT NOT NULL,
            permittedCopies INTEGER NOT NULL, storageLocation TEXT NOT NULL, receivedOn TEXT NOT NULL, returnDue TEXT NOT NULL
        );
        CREATE TABLE dataEvent (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), assetID TEXT NOT NULL REFERENCES dataAsset(id),
            kind TEXT NOT NULL, occurredAt REAL NOT NULL, personID TEXT NOT NULL, purpose TEXT, copies INTEGER,
            recipient TEXT, toCity BOOLEAN, approvalID TEXT, destination TEXT, erasure TEXT, note TEXT NOT NULL
        );
        CREATE INDEX dataEvent_asset ON dataEvent(assetID);
        CREATE TABLE incident (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), kind TEXT NOT NULL,
            discoveredAt REAL NOT NULL, narrative TEXT NOT NULL, appi TEXT NOT NULL, cityNotifiedAt REAL,
            writtenReportAt REAL, finalReportAt REAL, instructions TEXT NOT NULL, closedAt REAL
        );
        CREATE TABLE approval (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), kind TEXT NOT NULL, subject TEXT NOT NULL,
            assetID TEXT, copies INTEGER, requestedAt REAL NOT NULL, requestedBy TEXT NOT NULL, decision TEXT NOT NULL,
            decidedAt REAL, decidedBy TEXT, note TEXT NOT NULL
        );
        CREATE TABLE subcontract (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), subcontractor TEXT NOT NULL,
            scope TEXT NOT NULL, touchesPersonalData BOOLEAN NOT NULL, startsOn TEXT NOT NULL
        );
        CREATE TABLE policyDocument (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), title TEXT NOT NULL, version TEXT NOT NULL,
            adoptedOn TEXT NOT NULL, submittedOn TEXT, fileDigest TEXT
        );
        CREATE TABLE audit (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), kind TEXT NOT NULL, heldOn TEXT NOT NULL,
            auditor TEXT NOT NULL, request TEXT NOT NULL, responseDue TEXT, response TEXT, respondedOn TEXT
        );
        CREATE TABLE cityInstruction (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), issuedOn TEXT NOT NULL,
            instruction TEXT NOT NULL, dueOn TEXT, completedOn TEXT
        );
        CREATE TABLE attestation (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), clauseID TEXT NOT NULL, personID TEXT NOT NULL,
            attestedOn TEXT NOT NULL, statement TEXT NOT NULL, fileDigest TEXT
        );
        CREATE TABLE backupRun (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), ranAt REAL NOT NULL, scope TEXT NOT NULL,
            medium TEXT NOT NULL, succeeded BOOLEAN NOT NULL
        );
        CREATE TABLE deviceDisposal (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), kind TEXT NOT NULL, device TEXT NOT NULL,
            handledOn TEXT NOT NULL, erasure TEXT, approvalID TEXT
        );
        CREATE TABLE softwareApproval (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), name TEXT NOT NULL, allowed BOOLEAN NOT NULL,
            decidedOn TEXT NOT NULL, decidedBy TEXT NOT NULL
        );
        """

    /// The management structure (管理体制) and the APPI items of incident reports.
    private static let v2 = """
        CREATE TABLE managementStructure (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), workLocation TEXT NOT NULL,
            storageLocation TEXT NOT NULL, emergencyContacts TEXT NOT NULL, recordedOn TEXT NOT NULL
        );
        ALTER TABLE incident ADD COLUMN preliminaryFindings TEXT;
        ALTER TABLE incident ADD COLUMN finalFindings TEXT;
        """

    /// Accounts of people who sign in, their roles per organization, and server-side sessions (stored by token hash).
    private static let v3 = """
        CREATE TABLE account (
            id TEXT PRIMARY KEY, login TEXT NOT NULL UNIQUE, displayName TEXT NOT NULL, passwordHash TEXT NOT NULL,
            totpSecret TEXT, totpEnabled BOOLEAN NOT NULL DEFAULT 0, failedSignIns INTEGER NOT NULL DEFAULT 0,
            lockedUntil REAL, createdAt REAL NOT NULL
        );
        CREATE TABLE membership (
            accountID TEXT NOT NULL REFERENCES account(id), organizationID TEXT NOT NULL REFERENCES organization(id),
            role TEXT NOT NULL, PRIMARY KEY (accountID, organizationID)
        );
        CREATE TABLE session (
            tokenHash TEXT PRIMARY KEY, accountID TEXT NOT NULL REFERENCES account(id), csrfToken TEXT NOT NULL,
            secondFactorDone BOOLEAN NOT NULL, createdAt REAL NOT NULL, expiresAt REAL NOT NULL
        );
        CREATE INDEX session_account ON session(accountID);
        """

    /// Enrollment tokens (kept by hash), the PCs enrolled with them, and every signed report a PC posted.
    private static let v4 = """
        CREATE TABLE enrollmentToken (
            tokenHash TEXT PRIMARY KEY, organizationID TEXT NOT NULL REFERENCES organization(id), createdBy TEXT NOT NULL,
            createdAt REAL NOT NULL, expiresAt REAL NOT NULL, usedAt REAL, deviceID TEXT
        );
        CREATE TABLE device (
            id TEXT PRIMARY KEY, organizationID TEXT NOT NULL REFERENCES organization(id), hostname TEXT NOT NULL,
            publicKey TEXT NOT NULL, enrolledAt REAL NOT NULL
        );
        CREATE TABLE deviceReport (
            id INTEGER PRIMARY KEY, deviceID TEXT NOT NULL REFERENCES device(id), receivedAt REAL NOT NULL,
            generatedAt TEXT NOT NULL, platform TEXT NOT NULL, hostname TEXT NOT NULL, passed INTEGER NOT NULL,
            failed INTEGER NOT NULL, unknown INTEGER NOT NULL, results TEXT NOT NULL, report TEXT NOT NULL, signature TEXT NOT NULL
        );
        CREATE INDEX deviceReport_device ON deviceReport(deviceID, id);
        """

    /// Each PC's latest report, kept on the PC's row so that a dashboard finds a thousand PCs' latest results without
    /// scanning every report ever received; data events in time order per asset and per contract, now that they are
    /// read from the table rather than kept in memory; the last TOTP step each account used, so a code works once.
    private static let v5 = """
        ALTER TABLE device ADD COLUMN latestReportID INTEGER REFERENCES deviceReport(id);
        UPDATE device SET latestReportID = (SELECT MAX(id) FROM deviceReport WHERE deviceID = device.id);
        CREATE INDEX dataEvent_asset_time ON dataEvent(assetID, occurredAt, id);
        CREATE INDEX dataEvent_contract_time ON dataEvent(contractID, occurredAt, id);
        ALTER TABLE account ADD COLUMN totpLastStep INTEGER;
        """

    /// The long lists check-ins name by digest (see `Store.addPart`), once per organization.
    private static let v6 = """
        CREATE TABLE agentPart (
            organizationID TEXT NOT NULL REFERENCES organization(id), digest TEXT NOT NULL, content TEXT NOT NULL,
            receivedAt REAL NOT NULL, PRIMARY KEY (organizationID, digest)
        );
        """

    /// What every result of a prepared rule book says whatever the PC (see `Store.addRuleSet`), once per content.
    private static let v7 = """
        CREATE TABLE agentRuleSet (digest TEXT PRIMARY KEY, content TEXT NOT NULL, createdAt REAL NOT NULL);
        """

    /// Failed sign-ins counted per account and source address (see `Store.recordSignInFailure`), so that failures from
    /// one address lock out only that address. The account's own `failedSignIns` and `lockedUntil` columns are no
    /// longer read or written.
    private static let v8 = """
        CREATE TABLE signInFailure (
            accountID TEXT NOT NULL REFERENCES account(id), source TEXT NOT NULL, failures INTEGER NOT NULL,
            lastFailureAt REAL NOT NULL, lockedUntil REAL, PRIMARY KEY (accountID, source)
        );
        CREATE INDEX signInFailure_locked ON signInFailure(lockedUntil);
        """

    /// The digests of the rows each entry wrote (``JournalEntry/written``), covered by its hash; empty for the entries
    /// written before.
    private static let v9 = """
        ALTER TABLE journal ADD COLUMN written TEXT NOT NULL DEFAULT '';
        """

    /// Data events voided (``DataEventVoid``): the event's row stays as written.
    private static let v10 = """
        CREATE TABLE dataEventVoid (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), assetID TEXT NOT NULL REFERENCES dataAsset(id),
            eventKind TEXT NOT NULL, reason TEXT NOT NULL, voidedAt REAL NOT NULL
        );
        """

    /// What catalogs of other cities ask to record: a subcontract's approval by the city and whether the
    /// subcontractor is bound by the same obligations (``SubcontractRule``), and how a transfer or take-out was
    /// protected on the way; notices to the city (``CityNotification``); catalogs added at run time (``CatalogSource``) and
    /// the version each contract is judged by. NULL for the rows written before: a row's digest leaves NULLs out, so their journaled
    /// digests still match.
    private static let v11 = """
        ALTER TABLE subcontract ADD COLUMN approvalID TEXT;
        ALTER TABLE subcontract ADD COLUMN boundByObligations BOOLEAN;
        ALTER TABLE dataEvent ADD COLUMN protection TEXT;
        CREATE TABLE cityNotification (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), subject TEXT NOT NULL, personID TEXT,
            notifiedOn TEXT NOT NULL, content TEXT NOT NULL
        );
        CREATE TABLE catalogSource (
            id TEXT PRIMARY KEY, catalogID TEXT NOT NULL, version TEXT NOT NULL, cityID TEXT NOT NULL REFERENCES organization(id),
            digest TEXT NOT NULL, content TEXT NOT NULL, addedAt REAL NOT NULL
        );
        ALTER TABLE contract ADD COLUMN catalogVersion TEXT;
        """

    /// Whether an account's password was set by someone else (an invitation, an administrator) and must be changed at
    /// the next sign-in. The same in both databases.
    static let passwordChange = """
        ALTER TABLE account ADD COLUMN mustChangePassword BOOLEAN;
        """

    /// The state as of a journal position, sealed (``StateSnapshot``): what a process starts from instead of reading every
    /// row of every table. Derived, never evidence. Each has an ID of its own, so that one not sealed by the key stays
    /// beside the store's own (even at the same position) until `ledger verify` has named it and it is removed. The same in both databases (PostgreSQL's migration
    /// uses this text).
    static let stateSnapshot = """
        CREATE TABLE stateSnapshot (
            id TEXT PRIMARY KEY, position INTEGER NOT NULL, seal TEXT NOT NULL, state TEXT NOT NULL, createdAt REAL NOT NULL
        );
        CREATE INDEX stateSnapshot_position ON stateSnapshot(position);
        """

    /// Finds a PC's report by its signature: a signed body posted again is refused (``Store/add(_:)``). The same in both
    /// databases.
    static let reportSignatures = """
        CREATE INDEX deviceReport_signature ON deviceReport(deviceID, signature);
        """

    /// Which key the store's sealed data is under (``KeyCheck``): one row, written by the first process to open the
    /// database. The same in both databases.
    static let keyCheck = """
        CREATE TABLE keyCheck (id TEXT PRIMARY KEY, seal TEXT NOT NULL);
        """

    /// An organization's address, representative, departments (JSON) and registrar; the department a contract is with
    /// and the one a city member belongs to. The same in both databases.
    static let organizationDetails = """
        ALTER TABLE organization ADD COLUMN address TEXT;
        ALTER TABLE organization ADD COLUMN representative TEXT;
        ALTER TABLE organization ADD COLUMN departments TEXT;
        ALTER TABLE organization ADD COLUMN registeredBy TEXT;
        ALTER TABLE contract ADD COLUMN departmentID TEXT;
        ALTER TABLE membership ADD COLUMN departmentID TEXT;
        """

    /// Alerts (お知らせ): each account's address, what each person wants mailed, the outbox of messages (one per
    /// cause and account, written in the transaction of their cause) and every attempt to mail one. The same in both
    /// databases (PostgreSQL's migration uses this text).
    static let alerts = """
        ALTER TABLE account ADD COLUMN email TEXT;
        CREATE TABLE alert (
            id TEXT PRIMARY KEY, accountID TEXT NOT NULL REFERENCES account(id), contractID TEXT NOT NULL REFERENCES contract(id),
            kind TEXT NOT NULL, recordID TEXT NOT NULL, cause TEXT NOT NULL, titleJa TEXT NOT NULL, titleEn TEXT NOT NULL,
            detailJa TEXT NOT NULL, detailEn TEXT NOT NULL, link TEXT NOT NULL, dueAt REAL, createdAt REAL NOT NULL, readAt REAL,
            mail TEXT NOT NULL, attempts INTEGER NOT NULL, nextAttemptAt REAL, leaseUntil REAL, sentAt REAL, lastError TEXT
        );
        CREATE INDEX alert_account ON alert(accountID, createdAt);
        CREATE INDEX alert_unread ON alert(accountID, readAt);
        CREATE INDEX alert_mail ON alert(mail, nextAttemptAt);
        CREATE TABLE alertAttempt (
            alertID TEXT NOT NULL REFERENCES alert(id), attempt INTEGER NOT NULL, startedAt REAL NOT NULL, finishedAt REAL,
            outcome TEXT NOT NULL, detail TEXT NOT NULL, PRIMARY KEY (alertID, attempt)
        );
        CREATE TABLE alertPreference (
            accountID TEXT NOT NULL REFERENCES account(id), kind TEXT NOT NULL, mail BOOLEAN NOT NULL, PRIMARY KEY (accountID, kind)
        );
        """
}

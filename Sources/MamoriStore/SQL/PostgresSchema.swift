import Foundation

/// The PostgreSQL schema, as append-only migrations (the same tables and columns as ``StoreSchema``'s SQLite ones, in
/// PostgreSQL's types). Never edit a shipped migration: add one. Each runs once, under a lock, so that several servers
/// starting together do not race.
enum PostgresSchema {
    static let migrations: [(id: String, sql: String)] = [
        ("v1-journal-records-accounts-devices", v1),
        ("v2-reports-compressed-with-lz4", v2),
        ("v3-agent-parts", v3),
        ("v4-agent-rule-sets", v4),
        ("v5-sign-in-failures-per-source", v5),
        ("v6-journal-written-rows", v6),
        ("v7-data-event-voids", v7),
        ("v8-subcontract-approvals", v8),
        ("v9-alerts", StoreSchema.alerts.replacingOccurrences(of: " REAL", with: " DOUBLE PRECISION").replacingOccurrences(of: " INTEGER", with: " BIGINT")),
        ("v10-organization-details-and-departments", StoreSchema.organizationDetails),
        ("v11-password-change-required", StoreSchema.passwordChange),
        (
            "v12-state-snapshot",
            StoreSchema.stateSnapshot.replacingOccurrences(of: " REAL", with: " DOUBLE PRECISION")
                .replacingOccurrences(of: " INTEGER", with: " BIGINT")
        ),
        ("v13-key-check", StoreSchema.keyCheck),
        ("v14-report-signatures", StoreSchema.reportSignatures),
        (StoreSchema.accountSealsMigration, StoreSchema.accountSeals),
        (StoreSchema.headSealsMigration, StoreSchema.headSeals),
        (StoreSchema.endSealMigration, StoreSchema.endSeal.replacingOccurrences(of: " INTEGER", with: " BIGINT"))
    ]

    /// Applies the migrations not applied yet; returns their IDs.
    static func migrate(_ database: PostgresDatabase) async throws -> Set<String> {
        try await database.write { connection in
            try await connection.execute("SELECT pg_advisory_xact_lock(1835101810)")
            try await connection.execute("CREATE TABLE IF NOT EXISTS schemaMigration (id TEXT PRIMARY KEY)")
            let done = Set(try await connection.rows("SELECT id FROM schemaMigration").compactMap { $0.text(0) })
            for migration in migrations where !done.contains(migration.id) {
                for statement in statements(migration.sql) { try await connection.execute(SQL(raw: statement)) }
                try await connection.execute("INSERT INTO schemaMigration (id) VALUES (\(bind: migration.id))")
            }
            return Set(migrations.map(\.id)).subtracting(done)
        }
    }

    /// A script's statements (PostgreSQL prepares one at a time): split at each `;` that ends a line outside a `$$` body.
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var inBody = false
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            current += line + "\n"
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody, line.hasSuffix(";") {
                statements.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        return rest.isEmpty ? statements : statements + [rest]
    }

    /// Everything SQLite's v1–v5 made.
    private static let v1 = """
        CREATE TABLE journal (
            position BIGINT PRIMARY KEY, organizationID TEXT NOT NULL, seq BIGINT NOT NULL, recordedAt TEXT NOT NULL,
            actor TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, previousHash TEXT NOT NULL, hash TEXT NOT NULL,
            UNIQUE (organizationID, seq)
        );
        CREATE FUNCTION journal_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'journal entries are never updated or deleted'; END $$;
        CREATE TRIGGER journal_never_changed BEFORE UPDATE OR DELETE ON journal
            FOR EACH ROW EXECUTE FUNCTION journal_is_append_only();
        CREATE TRIGGER journal_never_truncated BEFORE TRUNCATE ON journal
            FOR EACH STATEMENT EXECUTE FUNCTION journal_is_append_only();
        CREATE TABLE journalHead (organizationID TEXT PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL);
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
            medium TEXT NOT NULL, recordCount BIGINT NOT NULL, permittedPurposes TEXT NOT NULL,
            permittedCopies BIGINT NOT NULL, storageLocation TEXT NOT NULL, receivedOn TEXT NOT NULL, returnDue TEXT NOT NULL
        );
        CREATE TABLE dataEvent (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), assetID TEXT NOT NULL REFERENCES dataAsset(id),
            kind TEXT NOT NULL, occurredAt DOUBLE PRECISION NOT NULL, personID TEXT NOT NULL, purpose TEXT, copies BIGINT,
            recipient TEXT, toCity BOOLEAN, approvalID TEXT, destination TEXT, erasure TEXT, note TEXT NOT NULL,
            insertOrder BIGINT GENERATED ALWAYS AS IDENTITY
        );
        CREATE INDEX dataEvent_asset_time ON dataEvent(assetID, occurredAt, id);
        CREATE INDEX dataEvent_contract_time ON dataEvent(contractID, occurredAt, id);
        CREATE TABLE incident (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), kind TEXT NOT NULL,
            discoveredAt DOUBLE PRECISION NOT NULL, narrative TEXT NOT NULL, appi TEXT NOT NULL, cityNotifiedAt DOUBLE PRECISION,
            writtenReportAt DOUBLE PRECISION, finalReportAt DOUBLE PRECISION, instructions TEXT NOT NULL,
            closedAt DOUBLE PRECISION, preliminaryFindings TEXT, finalFindings TEXT
        );
        CREATE TABLE approval (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), kind TEXT NOT NULL, subject TEXT NOT NULL,
            assetID TEXT, copies BIGINT, requestedAt DOUBLE PRECISION NOT NULL, requestedBy TEXT NOT NULL, decision TEXT NOT NULL,
            decidedAt DOUBLE PRECISION, decidedBy TEXT, note TEXT NOT NULL
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
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), ranAt DOUBLE PRECISION NOT NULL,
            scope TEXT NOT NULL, medium TEXT NOT NULL, succeeded BOOLEAN NOT NULL
        );
        CREATE TABLE deviceDisposal (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), kind TEXT NOT NULL, device TEXT NOT NULL,
            handledOn TEXT NOT NULL, erasure TEXT, approvalID TEXT
        );
        CREATE TABLE softwareApproval (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), name TEXT NOT NULL, allowed BOOLEAN NOT NULL,
            decidedOn TEXT NOT NULL, decidedBy TEXT NOT NULL
        );
        CREATE TABLE managementStructure (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), workLocation TEXT NOT NULL,
            storageLocation TEXT NOT NULL, emergencyContacts TEXT NOT NULL, recordedOn TEXT NOT NULL
        );
        CREATE TABLE account (
            id TEXT PRIMARY KEY, login TEXT NOT NULL UNIQUE, displayName TEXT NOT NULL, passwordHash TEXT NOT NULL,
            totpSecret TEXT, totpEnabled BOOLEAN NOT NULL DEFAULT false, failedSignIns BIGINT NOT NULL DEFAULT 0,
            lockedUntil DOUBLE PRECISION, createdAt DOUBLE PRECISION NOT NULL, totpLastStep BIGINT
        );
        CREATE TABLE membership (
            accountID TEXT NOT NULL REFERENCES account(id), organizationID TEXT NOT NULL REFERENCES organization(id),
            role TEXT NOT NULL, PRIMARY KEY (accountID, organizationID)
        );
        CREATE TABLE session (
            tokenHash TEXT PRIMARY KEY, accountID TEXT NOT NULL REFERENCES account(id), csrfToken TEXT NOT NULL,
            secondFactorDone BOOLEAN NOT NULL, createdAt DOUBLE PRECISION NOT NULL, expiresAt DOUBLE PRECISION NOT NULL
        );
        CREATE INDEX session_account ON session(accountID);
        CREATE TABLE enrollmentToken (
            tokenHash TEXT PRIMARY KEY, organizationID TEXT NOT NULL REFERENCES organization(id), createdBy TEXT NOT NULL,
            createdAt DOUBLE PRECISION NOT NULL, expiresAt DOUBLE PRECISION NOT NULL, usedAt DOUBLE PRECISION, deviceID TEXT
        );
        CREATE TABLE device (
            id TEXT PRIMARY KEY, organizationID TEXT NOT NULL REFERENCES organization(id), hostname TEXT NOT NULL,
            publicKey TEXT NOT NULL, enrolledAt DOUBLE PRECISION NOT NULL, latestReportID BIGINT
        );
        CREATE TABLE deviceReport (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, deviceID TEXT NOT NULL REFERENCES device(id),
            receivedAt DOUBLE PRECISION NOT NULL, generatedAt TEXT NOT NULL, platform TEXT NOT NULL, hostname TEXT NOT NULL,
            passed BIGINT NOT NULL, failed BIGINT NOT NULL, unknown BIGINT NOT NULL, results TEXT NOT NULL, report TEXT NOT NULL,
            signature TEXT NOT NULL
        );
        CREATE INDEX deviceReport_device ON deviceReport(deviceID, id);
        ALTER TABLE device ADD FOREIGN KEY (latestReportID) REFERENCES deviceReport(id);
        """

    /// PCs' signed reports (tens of KB each, thousands an hour) compressed with lz4 rather than the default pglz, which
    /// costs the server several times the CPU per check-in; left as they are on a server without lz4.
    private static let v2 = """
        DO $$ BEGIN
            ALTER TABLE deviceReport ALTER COLUMN report SET COMPRESSION lz4;
            ALTER TABLE deviceReport ALTER COLUMN results SET COMPRESSION lz4;
        EXCEPTION WHEN OTHERS THEN RAISE NOTICE 'reports stay compressed with pglz: %', SQLERRM;
        END $$;
        """

    /// The long lists check-ins name by digest (see `Store.addPart`), once per organization; lz4 as for reports.
    private static let v3 = """
        CREATE TABLE agentPart (
            organizationID TEXT NOT NULL REFERENCES organization(id), digest TEXT NOT NULL, content TEXT NOT NULL,
            receivedAt DOUBLE PRECISION NOT NULL, PRIMARY KEY (organizationID, digest)
        );
        DO $$ BEGIN
            ALTER TABLE agentPart ALTER COLUMN content SET COMPRESSION lz4;
        EXCEPTION WHEN OTHERS THEN RAISE NOTICE 'parts stay compressed with pglz: %', SQLERRM;
        END $$;
        """

    /// What every result of a prepared rule book says whatever the PC (see `Store.addRuleSet`), once per content.
    private static let v4 = """
        CREATE TABLE agentRuleSet (digest TEXT PRIMARY KEY, content TEXT NOT NULL, createdAt DOUBLE PRECISION NOT NULL);
        """

    /// Failed sign-ins per account and source address, as SQLite's v8 (the account's `failedSignIns` and
    /// `lockedUntil` columns are no longer used).
    private static let v5 = """
        CREATE TABLE signInFailure (
            accountID TEXT NOT NULL REFERENCES account(id), source TEXT NOT NULL, failures BIGINT NOT NULL,
            lastFailureAt DOUBLE PRECISION NOT NULL, lockedUntil DOUBLE PRECISION, PRIMARY KEY (accountID, source)
        );
        CREATE INDEX signInFailure_locked ON signInFailure(lockedUntil);
        """

    /// The digests of the rows each entry wrote, as SQLite's v9.
    private static let v6 = """
        ALTER TABLE journal ADD COLUMN written TEXT NOT NULL DEFAULT '';
        """

    private static let v7 = """
        CREATE TABLE dataEventVoid (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), assetID TEXT NOT NULL REFERENCES dataAsset(id),
            eventKind TEXT NOT NULL, reason TEXT NOT NULL, voidedAt DOUBLE PRECISION NOT NULL
        );
        """

    private static let v8 = """
        ALTER TABLE subcontract ADD COLUMN approvalID TEXT;
        ALTER TABLE subcontract ADD COLUMN boundByObligations BOOLEAN;
        ALTER TABLE dataEvent ADD COLUMN protection TEXT;
        CREATE TABLE cityNotification (
            id TEXT PRIMARY KEY, contractID TEXT NOT NULL REFERENCES contract(id), subject TEXT NOT NULL, personID TEXT,
            notifiedOn TEXT NOT NULL, content TEXT NOT NULL
        );
        CREATE TABLE catalogSource (
            id TEXT PRIMARY KEY, catalogID TEXT NOT NULL, version TEXT NOT NULL, cityID TEXT NOT NULL REFERENCES organization(id),
            digest TEXT NOT NULL, content TEXT NOT NULL, addedAt DOUBLE PRECISION NOT NULL
        );
        ALTER TABLE contract ADD COLUMN catalogVersion TEXT;
        """
}

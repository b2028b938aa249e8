import Foundation
import MamoriCore

/// A PC enrolled with a token: its key verifies every report it posts.
public struct Device: Codable, Sendable, Hashable, TableRecord {
    static let table = "device"

    /// The agent's device ID (derived from its public key).
    public var id: String
    public var organizationID: String
    public var hostname: String
    /// Ed25519 public key, base64.
    public var publicKey: String
    public var enrolledAt: Date

    /// Creates a device.
    public init(id: String, organizationID: String, hostname: String, publicKey: String, enrolledAt: Date) {
        self.id = id
        self.organizationID = organizationID
        self.hostname = hostname
        self.publicKey = publicKey
        self.enrolledAt = enrolledAt
    }
}

/// One report a PC posted, as received: the signed canonical JSON and the server's own evaluation of its facts.
public struct DeviceReport: Codable, Sendable, Hashable, TableRecord {
    static let table = "deviceReport"

    /// When a report says it was made: its `generated_at`, or the earliest moment if that is not an RFC 3339 time.
    /// A PC's current report is its newest by this, then by number — as the writer (``Store/add(_:)``) moves it and
    /// `ledger verify` checks it.
    static func made(_ generatedAt: String) -> Date {
        Timestamp.parse(generatedAt, local: .refused) ?? .distantPast
    }

    public var id: Int64?
    public var deviceID: String
    public var receivedAt: Date
    /// When the agent wrote it (ISO 8601, as signed).
    public var generatedAt: String
    public var platform: String
    public var hostname: String
    public var passed: Int
    public var failed: Int
    public var unknown: Int
    /// The server's results as JSON (the agent's own results are not trusted): status and observation per rule with the
    /// digest of the rule set that says the rest (`StoredResults`), or, stored before rule sets, the full results.
    public var results: String
    /// The signed canonical report.
    public var report: String
    public var signature: String

    /// Creates a report row.
    public init(
        deviceID: String, receivedAt: Date, generatedAt: String, platform: String, hostname: String, passed: Int, failed: Int,
        unknown: Int, results: String, report: String, signature: String
    ) {
        self.deviceID = deviceID
        self.receivedAt = receivedAt
        self.generatedAt = generatedAt
        self.platform = platform
        self.hostname = hostname
        self.passed = passed
        self.failed = failed
        self.unknown = unknown
        self.results = results
        self.report = report
        self.signature = signature
    }
}

extension Store {
    /// Stores a new enrollment token's hash for an organization.
    public func createEnrollmentToken(hash: String, organizationID: String, createdBy: String, at now: Date, expiresAt: Date) async throws {
        _ = try await write(actor: createdBy, at: now) { db, _ in
            try await db.execute(
                """
                INSERT INTO enrollmentToken (tokenHash, organizationID, createdBy, createdAt, expiresAt)
                VALUES (\(bind: hash), \(bind: organizationID), \(bind: createdBy), \(bind: now), \(bind: expiresAt))
                """)
            return [IssueEnrollmentToken(organizationID: organizationID, tokenHash: hash, expiresAt: expiresAt)]
        }
    }

    /// Enrolls a device with a token: the token must exist, be unused and unexpired; it is then spent, and the device
    /// row journaled (``EnrollDevice``). Returns nil when the token is refused (nothing is written).
    public func enroll(tokenHash: String, deviceID: String, hostname: String, publicKey: String, at now: Date) async throws -> Device? {
        var enrolled: Device?
        _ = try await write(actor: "device:" + deviceID, at: now) { db, _ in
            // FOR UPDATE (PostgreSQL): two servers spending one token at once — the second waits and finds it used.
            let lock: SQL = db.dialect == .postgres ? " FOR UPDATE" : ""
            guard
                let row = try await db.row("SELECT organizationID, expiresAt, usedAt FROM enrollmentToken WHERE tokenHash = \(bind: tokenHash)\(lock)"),
                row["usedAt"].isNull, (row["expiresAt"].real ?? 0) > now.timeIntervalSinceReferenceDate,
                let organizationID = row["organizationID"].text
            else { return [] }
            if let existing = try await db.fetchOne(Device.self, key: deviceID) {
                guard existing.publicKey == publicKey else { return [] }
                // A PC stays with its organization: its reports are that organization's evidence.
                guard existing.organizationID == organizationID else { throw StoreError.refused(Self.enrolledElsewhere) }
            }
            let device = Device(id: deviceID, organizationID: organizationID, hostname: hostname, publicKey: publicKey, enrolledAt: now)
            try await db.insert(device, replacing: true)
            try await db.execute("UPDATE enrollmentToken SET usedAt = \(bind: now), deviceID = \(bind: deviceID) WHERE tokenHash = \(bind: tokenHash)")
            enrolled = device
            return [EnrollDevice(deviceID: deviceID, organizationID: organizationID, digest: try RowDigest.of(device), tokenHash: tokenHash)]
        }
        return enrolled
    }

    /// The enrolled device with this ID, if any.
    public func device(_ id: String) async throws -> Device? {
        try await database.single { db in try await db.fetch(Device.self, Self.deviceColumns + " WHERE id = \(bind: id)").first }
    }

    /// Stores received reports in one transaction (one disk sync for many PCs), journals each (``ReceiveDeviceReport``)
    /// and makes each its PC's latest unless the PC's current one was made later. Three statements for the whole batch,
    /// whatever its size (the PCs with the replays, the rows, the latest): on PostgreSQL each is a
    /// round trip made while every other writer waits for the journal's lock. A signed report a PC has posted before,
    /// posted again (a replay), is refused with the batch: its old results would become the PC's current ones.
    ///
    /// Each report comes with the organization its PC belonged to when the server evaluated it (whose rules judged
    /// it): the batch is refused when the database gives a PC another, so that a server's own copy of who a PC belongs
    /// to (the server's, read once per PC) can never journal a report as another organization's evidence.
    public func add(_ received: [(report: DeviceReport, organizationID: String)]) async throws {
        guard !received.isEmpty else { return }
        let reports = received.map(\.report)
        _ = try await write(actor: "mamori-agent", at: Date()) { db, _ in
            let devices = Array(Set(reports.map(\.deviceID))).sorted()
            var organizations: [String: String] = [:]
            // With each PC, when its current report was made: an older one received later never replaces it.
            var current: [String: Date] = [:]
            let signed = reports.filter { !$0.signature.isEmpty }
            var seen = Set<[String]>()
            if signed.contains(where: { !seen.insert([$0.deviceID, $0.signature]).inserted }) { throw StoreError.refused(Self.replayed) }
            // With the PCs, in the same round trip, how many of the signed reports are held already (a replay): a
            // row of its own, without a PC.
            var postedBefore: Int64 = 0
            let replays: SQL =
                signed.isEmpty
                ? ""
                : " UNION ALL SELECT NULL, NULL, NULL, COUNT(*) FROM deviceReport WHERE "
                    + SQL(joining: signed.map { "(deviceID = \(bind: $0.deviceID) AND signature = \(bind: $0.signature))" }, separator: " OR ")
            try await db.forEach(
                """
                SELECT d.id, d.organizationID, r.generatedAt, 0 FROM device d LEFT JOIN deviceReport r ON r.id = d.latestReportID \
                WHERE d.id IN (\(list: devices))\(replays)
                """
            ) { row in
                guard let device = row.text(0) else {
                    postedBefore = row.integer(3) ?? 0
                    return
                }
                organizations[device] = row.text(1)
                current[device] = row.text(2).map(DeviceReport.made)
            }
            if let unknown = devices.first(where: { organizations[$0] == nil }) {
                throw StoreError.refused(CommandError.unknown(LocalizedText(ja: "端末", en: "device"), unknown))
            }
            if received.contains(where: { organizations[$0.report.deviceID] != $0.organizationID }) {
                throw StoreError.refused(Self.evaluatedForAnother)
            }
            if postedBefore != 0 { throw StoreError.refused(Self.replayed) }
            let rows = try reports.map { report in try RowEncoder.encode(report).filter { $0.column != "id" } }
            // One statement numbers them all, in the order of its rows; each number is checked against its PC.
            var numbered: [(id: Int64, deviceID: String)] = []
            try await db.forEach(
                SQLStatement.insert(into: DeviceReport.table, columns: rows[0].map(\.column), rows: rows.map { $0.map(\.value) }) + " RETURNING id, deviceID"
            ) { row in numbered.append((row.integer(0) ?? 0, row.text(1) ?? "")) }
            numbered.sort { $0.id < $1.id }
            guard numbered.map(\.deviceID) == reports.map(\.deviceID) else {
                throw StoreError.database("the stored reports were numbered out of their order")
            }
            // Each PC's newest report by when it was made (then by number): one made before the PC's current report,
            // received late or held back, is kept but never becomes its result; nor, whichever server stored it, an
            // older number.
            var newest: [String: (made: Date, id: Int64)] = [:]
            for (report, number) in zip(reports, numbered) {
                let made = DeviceReport.made(report.generatedAt)
                if let known = current[report.deviceID], made < known { continue }
                if let best = newest[report.deviceID], (best.made, best.id) > (made, number.id) { continue }
                newest[report.deviceID] = (made, number.id)
            }
            if !newest.isEmpty {
                let pairs = newest.sorted { $0.key < $1.key }.map { "(\(bind: $0.key), \(bind: $0.value.id))" as SQL }
                try await db.execute(
                    """
                    UPDATE device SET latestReportID = column2 FROM (VALUES \(SQL(joining: pairs, separator: ","))) AS latest \
                    WHERE device.id = column1 AND (device.latestReportID IS NULL OR device.latestReportID < column2)
                    """)
            }
            return try zip(reports, numbered).map { report, number in
                var stored = report
                stored.id = number.id
                return ReceiveDeviceReport(
                    deviceID: report.deviceID, organizationID: organizations[report.deviceID]!, reportID: number.id,
                    digest: try RowDigest.of(stored))
            }
        }
    }

    /// A PC enrolled by one organization, enrolled again with another's token.
    public static let enrolledElsewhere = CommandError(
        ja: "この PC は別の組織に登録されています。移す場合はエージェントの状態ディレクトリを消し、新しい鍵で登録してください",
        en: "this PC is enrolled by another organization; to move it, remove the agent's state directory and enroll with a new key")

    /// The refusal of a report evaluated for an organization its PC does not belong to (any longer).
    public static let evaluatedForAnother = CommandError(
        ja: "この端末の組織が、報告を評価した時の組織と異なります。もう一度送信してください",
        en: "the PC does not belong to the organization its report was evaluated for; send the report again")

    /// The refusal of a signed report posted again.
    public static let replayed = CommandError(
        ja: "この報告は既に受け付けています（同じ署名の報告が再び送られました）", en: "this report was already received (the same signed report was posted again)")

    /// A mark of an organization's PCs and their latest reports, which changes whenever either does: how many PCs
    /// there are, the sum of their latest report IDs (each only ever grows) and when the last of them was enrolled
    /// (enrolling a PC again, under another host name or organization, stamps it anew). One pass over the devices,
    /// without reading their IDs: a dashboard asks it on every request, and reads the IDs only when it has changed.
    public func latestReportsMark(of organizationID: String) async throws -> [Int64] {
        try await database.single { db in
            let row = try await db.row(
                "SELECT COUNT(*), COALESCE(CAST(SUM(latestReportID) AS BIGINT), 0), "
                    + "COALESCE(CAST(MAX(enrolledAt) * 1000 AS BIGINT), 0) FROM device WHERE organizationID = \(bind: organizationID)")
            return [row?.integer(0) ?? 0, row?.integer(1) ?? 0, row?.integer(2) ?? 0]
        }
    }

    /// The ID of every device of an organization with the ID of its latest report (nil before the first), by host name.
    public func latestReportIDs(of organizationID: String) async throws -> [(deviceID: String, latestReportID: Int64?)] {
        try await database.single { db in
            var latest: [(deviceID: String, latestReportID: Int64?)] = []
            try await db.forEach("SELECT id, latestReportID FROM device WHERE organizationID = \(bind: organizationID) ORDER BY hostname") { row in
                latest.append((row.text(0) ?? "", row.integer(1)))
            }
            return latest
        }
    }

    /// Reports by ID, without the signed report itself.
    public func reports(ids: [Int64]) async throws -> [DeviceReport] {
        guard !ids.isEmpty else { return [] }
        return try await database.single { db in
            try await db.fetch(
                DeviceReport.self,
                Self.reportColumns(withReport: false) + " FROM deviceReport r WHERE r.id IN (\(list: ids))")
        }
    }

    /// Every device of an organization with its latest report (nil before the first), in two queries; the signed
    /// report itself (tens of KB each) is read only `withReport`.
    public func devices(of organizationID: String, withReport: Bool = false) async throws -> [(device: Device, latest: DeviceReport?)] {
        try await database.read { db in
            let devices = try await db.fetch(Device.self, Self.deviceColumns + " WHERE organizationID = \(bind: organizationID) ORDER BY hostname")
            let latest = try await db.fetch(
                DeviceReport.self,
                Self.reportColumns(withReport: withReport)
                    + " FROM device d JOIN deviceReport r ON r.id = d.latestReportID WHERE d.organizationID = \(bind: organizationID)")
            let byDevice = Dictionary(latest.map { ($0.deviceID, $0) }, uniquingKeysWith: { first, _ in first })
            return devices.map { ($0, byDevice[$0.id]) }
        }
    }

    /// The signed check-in a stored report holds (read on its own: tens of KB), if the report exists.
    public func reportBody(id: Int64) async throws -> String? {
        try await database.single { db in try await db.row("SELECT report FROM deviceReport WHERE id = \(bind: id)")?.text(0) }
    }

    /// A device's reports, newest first.
    public func reports(of deviceID: String, limit: Int = 50) async throws -> [DeviceReport] {
        try await database.single { db in
            try await db.fetch(
                DeviceReport.self,
                Self.reportColumns(withReport: true) + " FROM deviceReport r WHERE r.deviceID = \(bind: deviceID) ORDER BY r.id DESC LIMIT \(bind: limit)")
        }
    }

    private static let deviceColumns: SQL = "SELECT id, organizationID, hostname, publicKey, enrolledAt FROM device"

    private static func reportColumns(withReport: Bool) -> SQL {
        "SELECT r.id, r.deviceID, r.receivedAt, r.generatedAt, r.platform, r.hostname, r.passed, r.failed, r.unknown, r.results, "
            + (withReport ? "r.report, r.signature" : "'' AS report, '' AS signature")
    }
}

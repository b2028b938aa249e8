import Foundation
import GRDB
import MamoriCore

/// A PC enrolled with a token: its key verifies every report it posts.
public struct Device: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
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

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSinceReferenceDate }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSinceReferenceDate }
}

/// One report a PC posted, as received: the signed canonical JSON and the server's own evaluation of its facts.
public struct DeviceReport: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
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
    /// The server's results as JSON (the agent's own results are not trusted).
    public var results: String
    /// The signed canonical report.
    public var report: String
    public var signature: String

    /// Creates a report row.
    public init(deviceID: String, receivedAt: Date, generatedAt: String, platform: String, hostname: String, passed: Int, failed: Int,
                unknown: Int, results: String, report: String, signature: String) {
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

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSinceReferenceDate }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSinceReferenceDate }
}

extension Store {
    /// Stores a new enrollment token's hash for an organization.
    public func createEnrollmentToken(hash: String, organizationID: String, createdBy: String, at now: Date, expiresAt: Date) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO enrollmentToken (tokenHash, organizationID, createdBy, createdAt, expiresAt) VALUES (?, ?, ?, ?, ?)
                """, arguments: [hash, organizationID, createdBy, now.timeIntervalSinceReferenceDate, expiresAt.timeIntervalSinceReferenceDate])
        }
    }

    /// Enrolls a device with a token: the token must exist, be unused and unexpired; it is then spent. Returns nil
    /// when the token is refused (nothing is written).
    public func enroll(tokenHash: String, deviceID: String, hostname: String, publicKey: String, at now: Date) throws -> Device? {
        try pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT organizationID, expiresAt, usedAt FROM enrollmentToken WHERE tokenHash = ?",
                                             arguments: [tokenHash]),
                  (row["usedAt"] as Double?) == nil, (row["expiresAt"] as Double) > now.timeIntervalSinceReferenceDate
            else { return nil }
            if let existing = try Device.fetchOne(db, key: deviceID), existing.publicKey != publicKey { return nil }
            let device = Device(id: deviceID, organizationID: row["organizationID"], hostname: hostname, publicKey: publicKey, enrolledAt: now)
            try device.save(db)
            try db.execute(sql: "UPDATE enrollmentToken SET usedAt = ?, deviceID = ? WHERE tokenHash = ?",
                           arguments: [now.timeIntervalSinceReferenceDate, deviceID, tokenHash])
            return device
        }
    }

    /// The enrolled device with this ID, if any.
    public func device(_ id: String) throws -> Device? {
        try pool.read { db in try Device.fetchOne(db, key: id) }
    }

    /// Stores received reports in one transaction (one disk sync for many PCs) and makes each its PC's latest.
    public func add(_ reports: [DeviceReport]) throws {
        try pool.write { db in
            for report in reports {
                var report = report
                try report.insert(db)
                try db.execute(sql: "UPDATE device SET latestReportID = ? WHERE id = ?", arguments: [report.id, report.deviceID])
            }
        }
    }

    /// The ID of every device of an organization with the ID of its latest report (nil before the first), by host name.
    public func latestReportIDs(of organizationID: String) throws -> [(deviceID: String, latestReportID: Int64?)] {
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT id, latestReportID FROM device WHERE organizationID = ? ORDER BY hostname",
                                           arguments: [organizationID])
            var latest: [(deviceID: String, latestReportID: Int64?)] = []
            while let row = try rows.next() { latest.append((row[0], row[1])) }
            return latest
        }
    }

    /// Reports by ID, without the signed report itself.
    public func reports(ids: [Int64]) throws -> [DeviceReport] {
        guard !ids.isEmpty else { return [] }
        return try pool.read { db in
            try DeviceReport.fetchAll(db, sql: """
                SELECT id, deviceID, receivedAt, generatedAt, platform, hostname, passed, failed, unknown, results,
                       '' AS report, '' AS signature FROM deviceReport WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))
                """, arguments: StatementArguments(ids))
        }
    }

    /// Every device of an organization with its latest report (nil before the first), in two queries; the signed
    /// report itself (tens of KB each) is read only `withReport`.
    public func devices(of organizationID: String, withReport: Bool = false) throws -> [(device: Device, latest: DeviceReport?)] {
        try pool.read { db in
            let devices = try Device.filter(Column("organizationID") == organizationID).order(Column("hostname")).fetchAll(db)
            let report = withReport ? "r.report, r.signature" : "'' AS report, '' AS signature"
            let latest = try DeviceReport.fetchAll(db, sql: """
                SELECT r.id, r.deviceID, r.receivedAt, r.generatedAt, r.platform, r.hostname, r.passed, r.failed, r.unknown, r.results, \(report)
                FROM device d JOIN deviceReport r ON r.id = d.latestReportID WHERE d.organizationID = ?
                """, arguments: [organizationID])
            let byDevice = Dictionary(latest.map { ($0.deviceID, $0) }, uniquingKeysWith: { first, _ in first })
            return devices.map { ($0, byDevice[$0.id]) }
        }
    }

    /// A device's reports, newest first.
    public func reports(of deviceID: String, limit: Int = 50) throws -> [DeviceReport] {
        try pool.read { db in
            try DeviceReport.filter(Column("deviceID") == deviceID).order(Column("id").desc).limit(limit).fetchAll(db)
        }
    }
}

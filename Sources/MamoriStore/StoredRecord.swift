import Foundation
import GRDB
import MamoriCore
import Synchronization

/// A record as a state table row: columns named after its properties, dates as exact reals, nested values as JSON.
protocol StoredRecord: FetchableRecord, PersistableRecord, Codable {}

extension StoredRecord {
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSinceReferenceDate }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSinceReferenceDate }

    public static func databaseJSONEncoder(for column: String) -> JSONEncoder { JournalCoding.encoder() }
    public static func databaseJSONDecoder(for column: String) -> JSONDecoder { JournalCoding.decoder() }
}

extension Organization: StoredRecord {}
extension Contract: StoredRecord {}
extension Person: StoredRecord {}
extension IDCheck: StoredRecord {}
extension TrainingSession: StoredRecord {}
extension Pledge: StoredRecord {}
extension SafeguardMeasure: StoredRecord {}
extension DataAsset: StoredRecord {}
extension DataEvent: StoredRecord {}
extension Incident: StoredRecord {}
extension Approval: StoredRecord {}
extension Subcontract: StoredRecord {}
extension PolicyDocument: StoredRecord {}
extension Audit: StoredRecord {}
extension CityInstruction: StoredRecord {}
extension Attestation: StoredRecord {}
extension BackupRun: StoredRecord {}
extension DeviceDisposal: StoredRecord {}
extension SoftwareApproval: StoredRecord {}
extension ManagementStructure: StoredRecord {}

/// Every contract record type with its table, in the order state is loaded.
enum RecordTables {
    static let all: [any (ContractRecord & StoredRecord).Type] = [
        Person.self, IDCheck.self, TrainingSession.self, Pledge.self, SafeguardMeasure.self, DataAsset.self,
        DataEvent.self, Incident.self, Approval.self, Subcontract.self, PolicyDocument.self, Audit.self,
        CityInstruction.self, Attestation.self, BackupRun.self, DeviceDisposal.self, SoftwareApproval.self,
        ManagementStructure.self,
    ]

    /// Reads every organization, contract and record into memory; data events are streamed through their assets'
    /// ledgers (in the order they were written), which keep counts and the few events evaluation names.
    static func loadState(_ db: Database) throws -> MamoriState {
        var state = MamoriState()
        for organization in try Organization.fetchAll(db) { state.organizations[organization.id] = organization }
        for contract in try Contract.fetchAll(db) { state.contracts[contract.id] = ContractState(contract: contract) }
        for type in all {
            try load(type, into: &state, db)
        }
        return state
    }

    private static func load<R: ContractRecord & StoredRecord>(_ type: R.Type, into state: inout MamoriState, _ db: Database) throws {
        let cursor = try R.fetchCursor(db)
        while let record = try cursor.next() {
            state.contracts[record.contractID]?.upsert(record)
        }
    }

    /// Writes the rows a command produced: insert, or replace the row with the same ID.
    static func save(_ changes: [StateChange], _ db: Database) throws {
        for change in changes {
            switch change {
            case let .organization(organization): try upsert(organization, db)
            case let .contract(contract): try upsert(contract, db)
            case let .record(event as DataEvent):
                try insert(event, db)
            case let .record(record):
                guard let stored = record as? any StoredRecord else {
                    preconditionFailure("no table for \(type(of: record))")
                }
                try upsert(stored, db)
            }
        }
    }

    /// `INSERT … ON CONFLICT(id) DO UPDATE`, through a cached prepared statement: the hot path of every append.
    private static func upsert<R: StoredRecord>(_ record: R, _ db: Database) throws {
        let values = try record.databaseDictionary
        let columns = values.keys.sorted()
        let sql = upsertSQL.withLock { cache -> String in
            if let known = cache[R.databaseTableName], known.columns == columns { return known.sql }
            let quoted = columns.map { "\"\($0)\"" }
            let sql = "INSERT INTO \"\(R.databaseTableName)\" (\(quoted.joined(separator: ","))) VALUES ("
                + Array(repeating: "?", count: columns.count).joined(separator: ",")
                + ") ON CONFLICT(\"id\") DO UPDATE SET " + quoted.map { "\($0)=excluded.\($0)" }.joined(separator: ",")
            cache[R.databaseTableName] = (columns, sql)
            return sql
        }
        try db.cachedStatement(sql: sql).execute(arguments: StatementArguments(columns.map { values[$0]! }))
    }

    /// Data events are most of the journal and are only ever inserted: one prepared statement, arguments in column order.
    /// Inserts an event; the state keeps only notable events, so the table's key is what refuses a reused ID.
    private static func insert(_ event: DataEvent, _ db: Database) throws {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM dataEvent WHERE id = ?", arguments: [event.id]) == true {
            throw StoreError.refused(CommandError(ja: "\(DataEvent.label.ja) ID \"\(event.id)\" は既に使われています",
                                                  en: "\(DataEvent.label.en) ID \"\(event.id)\" is already in use"))
        }
        let erasure = try event.erasure.map { String(decoding: try JournalCoding.encoder().encode($0), as: UTF8.self) }
        try db.cachedStatement(sql: """
            INSERT INTO dataEvent (id, contractID, assetID, kind, occurredAt, personID, purpose, copies, recipient, toCity,
                                   approvalID, destination, erasure, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                event.id, event.contractID, event.assetID, event.kind.rawValue, event.occurredAt.timeIntervalSinceReferenceDate,
                event.personID, event.purpose, event.copies, event.recipient, event.toCity, event.approvalID, event.destination,
                erasure, event.note,
            ])
    }

    /// The upsert statement of each table, with the columns it was built for.
    private static let upsertSQL = Mutex<[String: (columns: [String], sql: String)]>([:])
}

extension Day: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Day? {
        String.fromDatabaseValue(dbValue).flatMap(Day.init)
    }
}

extension Sealed: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { base64.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Sealed? {
        String.fromDatabaseValue(dbValue).map(Sealed.init(base64:))
    }
}


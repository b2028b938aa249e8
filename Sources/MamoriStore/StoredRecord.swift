import Foundation
import MamoriCore
import Synchronization

extension Organization: TableRecord { static let table = "organization" }
extension Contract: TableRecord { static let table = "contract" }
extension CatalogSource: TableRecord { static let table = "catalogSource" }
extension Person: TableRecord { static let table = "person" }
extension IDCheck: TableRecord { static let table = "idCheck" }
extension TrainingSession: TableRecord { static let table = "trainingSession" }
extension Pledge: TableRecord { static let table = "pledge" }
extension SafeguardMeasure: TableRecord { static let table = "safeguardMeasure" }
extension DataAsset: TableRecord { static let table = "dataAsset" }
extension DataEvent: TableRecord { static let table = "dataEvent" }
extension DataEventVoid: TableRecord { static let table = "dataEventVoid" }
extension Incident: TableRecord { static let table = "incident" }
extension Approval: TableRecord { static let table = "approval" }
extension Subcontract: TableRecord { static let table = "subcontract" }
extension PolicyDocument: TableRecord { static let table = "policyDocument" }
extension Audit: TableRecord { static let table = "audit" }
extension CityInstruction: TableRecord { static let table = "cityInstruction" }
extension Attestation: TableRecord { static let table = "attestation" }
extension BackupRun: TableRecord { static let table = "backupRun" }
extension DeviceDisposal: TableRecord { static let table = "deviceDisposal" }
extension SoftwareApproval: TableRecord { static let table = "softwareApproval" }
extension CityNotification: TableRecord { static let table = "cityNotification" }
extension ManagementStructure: TableRecord { static let table = "managementStructure" }

/// Every contract record type with its table, in the order state is loaded.
enum RecordTables {
    static let all: [any (ContractRecord & TableRecord).Type] = [
        Person.self, IDCheck.self, TrainingSession.self, Pledge.self, SafeguardMeasure.self, DataAsset.self,
        DataEventVoid.self, DataEvent.self, Incident.self, Approval.self, Subcontract.self, PolicyDocument.self, Audit.self,
        CityInstruction.self, Attestation.self, BackupRun.self, DeviceDisposal.self, SoftwareApproval.self, CityNotification.self,
        ManagementStructure.self
    ]

    /// Reads every organization, contract and record into memory; data events are streamed through their assets'
    /// ledgers (in the order they were written), which keep counts and the few events evaluation names. Voids come
    /// before the events, so that a voided event is never counted (a return voided, then a new return: the new one).
    static func loadState(_ db: any SQLConnection) async throws -> MamoriState {
        var state = MamoriState()
        for organization in try await db.fetch(Organization.self) { state.organizations[organization.id] = organization }
        for source in try await db.fetch(CatalogSource.self) { state.catalogs[source.id] = source }
        for contract in try await db.fetch(Contract.self) { state.contracts[contract.id] = ContractState(contract: contract) }
        for type in all {
            try await load(type, into: &state, db)
        }
        return state
    }

    private static func load<R: ContractRecord & TableRecord>(_ type: R.Type, into state: inout MamoriState, _ db: any SQLConnection) async throws {
        try await db.stream("SELECT * FROM \(raw: R.table) ORDER BY \(raw: writtenOrder(of: R.table, db.dialect))") { row in
            let record = try RowDecoder.decode(R.self, from: row)
            state.contracts[record.contractID]?.upsert(record)
        }
    }

    /// An `ORDER BY` for a table's rows in the order they were written: data events feed their ledgers in that order.
    /// SQLite's rowid; PostgreSQL numbers data events as they are inserted, and its other tables' order (here their
    /// first column: ID, position) does not matter.
    static func writtenOrder(of table: String, _ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: "rowid"
        case .postgres: table == DataEvent.table ? "insertOrder" : "1"
        }
    }

    /// Every state table in the order rows are written (a data event's asset before the event).
    static let order = ["organization", CatalogSource.table, "contract"] + all.map { $0.table }

    /// Adds the rows a command produced to the transaction's batch: insert, or replace the row with the same ID. Data
    /// events are only ever inserted (see ``refuseUsedEventIDs(_:_:)``). Returns each row's table, ID and digest.
    static func save(_ changes: [StateChange], into rows: inout RowBatch) throws -> [(table: String, id: String, digest: String)] {
        try changes.map { change in
            switch change {
            case .organization(let organization):
                (Organization.table, organization.id, RowDigest.of(try rows.add(organization, replacing: true)))
            case .catalog(let source): (CatalogSource.table, source.id, RowDigest.of(try rows.add(source)))
            case .contract(let contract): (Contract.table, contract.id, RowDigest.of(try rows.add(contract, replacing: true)))
            case .record(let event as DataEvent): (DataEvent.table, event.id, RowDigest.of(try rows.add(event)))
            case .record(let record):
                try saved(record, into: &rows)
            }
        }
    }

    private static func saved(_ record: any ContractRecord, into rows: inout RowBatch) throws -> (table: String, id: String, digest: String) {
        guard let stored = record as? any TableRecord else { preconditionFailure("no table for \(type(of: record))") }
        return (type(of: stored).table, record.id, RowDigest.of(try rows.add(stored, replacing: true)))
    }

    /// A void with its event's asset and kind, as stored under its contract; as sent when there is none (another
    /// contract's event is unknown here), for the command to name what is unknown.
    static func resolve(_ void: VoidDataEvent, _ db: any SQLConnection) async throws -> VoidDataEvent {
        guard let row = try await db.row("SELECT assetID, kind FROM dataEvent WHERE id = \(bind: void.eventID) AND contractID = \(bind: void.contractID)"),
            let assetID = row.text(0), let kind = row.text(1).flatMap(DataEvent.Kind.init(rawValue:))
        else { return VoidDataEvent(contractID: void.contractID, eventID: void.eventID, reason: void.reason) }
        return void.resolved(assetID: assetID, kind: kind)
    }

    /// The state keeps only notable data events, so the table is what refuses an ID used before (or twice in a batch).
    static func refuseUsedEventIDs(_ ids: [SQLValue], _ db: any SQLConnection) async throws {
        var seen = Set<SQLValue>()
        var used = ids.first { !seen.insert($0).inserted }
        var start = 0
        while used == nil, start < ids.count {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            used = try await db.row("SELECT id FROM dataEvent WHERE id IN (\(list: chunk))")?[0]
            start += chunk.count
        }
        if let id = used?.text {
            throw StoreError.refused(
                CommandError(
                    ja: "\(DataEvent.label.ja) ID \"\(id)\" は既に使われています",
                    en: "\(DataEvent.label.en) ID \"\(id)\" is already in use"))
        }
    }
}

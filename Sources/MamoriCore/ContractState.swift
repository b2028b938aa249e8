/// Everything recorded under one contract, as the state tables hold it; the input of evaluation.
public struct ContractState: Codable, Sendable, Equatable {
    public var contract: Contract
    public var people: [String: Person] = [:]
    public var idChecks: [String: IDCheck] = [:]
    public var trainings: [String: TrainingSession] = [:]
    public var pledges: [String: Pledge] = [:]
    public var safeguards: [String: SafeguardMeasure] = [:]
    public var assets: [String: DataAsset] = [:]
    /// The data events evaluation names one by one (see ``AssetLedger``); every event is in the store.
    public var notableEvents: [String: DataEvent] = [:]
    public var incidents: [String: Incident] = [:]
    public var approvals: [String: Approval] = [:]
    public var subcontracts: [String: Subcontract] = [:]
    public var policies: [String: PolicyDocument] = [:]
    public var audits: [String: Audit] = [:]
    public var instructions: [String: CityInstruction] = [:]
    public var attestations: [String: Attestation] = [:]
    public var backups: [String: BackupRun] = [:]
    public var disposals: [String: DeviceDisposal] = [:]
    public var software: [String: SoftwareApproval] = [:]
    public var structures: [String: ManagementStructure] = [:]
    public var notifications: [String: CityNotification] = [:]
    /// Data events voided, by the event's ID.
    public var voids: [String: DataEventVoid] = [:]
    /// Per asset, what its events add up to.
    public private(set) var ledgers: [String: AssetLedger] = [:]

    /// An empty state for a contract.
    public init(contract: Contract) {
        self.contract = contract
    }

    /// Inserts or replaces a record by its ID.
    public mutating func upsert(_ record: any ContractRecord) {
        switch record {
        case let r as Person: people[r.id] = r
        case let r as IDCheck: idChecks[r.id] = r
        case let r as TrainingSession: trainings[r.id] = r
        case let r as Pledge: pledges[r.id] = r
        case let r as SafeguardMeasure: safeguards[r.id] = r
        case let r as DataAsset: assets[r.id] = r
        case let r as DataEvent:
            // Voided already: read back from the tables, where voids are loaded first.
            guard voids[r.id] == nil else { return }
            if ledgers[r.assetID, default: AssetLedger()].record(r, permittedPurposes: assets[r.assetID]?.permittedPurposes ?? []) {
                notableEvents[r.id] = r
            }
        case let r as DataEventVoid:
            // Written after its event, which its ledger then takes back; read back from the tables before the events,
            // when there is nothing to take back (the event is then never counted).
            voids[r.id] = r
            ledgers[r.assetID]?.takeBack(r.id, kind: r.eventKind)
            // An asset whose only events were voided has no ledger, as when read back from the tables.
            if ledgers[r.assetID] == AssetLedger() { ledgers[r.assetID] = nil }
            notableEvents[r.id] = nil
        case let r as Incident: incidents[r.id] = r
        case let r as Approval: approvals[r.id] = r
        case let r as Subcontract: subcontracts[r.id] = r
        case let r as PolicyDocument: policies[r.id] = r
        case let r as Audit: audits[r.id] = r
        case let r as CityInstruction: instructions[r.id] = r
        case let r as Attestation: attestations[r.id] = r
        case let r as BackupRun: backups[r.id] = r
        case let r as DeviceDisposal: disposals[r.id] = r
        case let r as SoftwareApproval: software[r.id] = r
        case let r as ManagementStructure: structures[r.id] = r
        case let r as CityNotification: notifications[r.id] = r
        default: preconditionFailure("ContractState has no place for \(type(of: record))")
        }
    }

    /// The value of a parameter: the contract's own, or the catalog's default.
    public func parameter(_ id: String, in catalog: Catalog) -> ParameterValue? {
        contract.parameters[id] ?? catalog.parameter(id)?.value
    }
}

/// All organizations and contracts: what commands validate against.
public struct MamoriState: Codable, Sendable, Equatable {
    public var organizations: [String: Organization] = [:]
    public var contracts: [String: ContractState] = [:]
    /// Catalog versions added at run time, by `ID@VERSION`.
    public var catalogs: [String: CatalogSource] = [:]

    /// An empty state.
    public init() {}

    /// Applies the changes a command produced.
    public mutating func apply(_ changes: [StateChange]) {
        for change in changes {
            switch change {
            case .organization(let organization): organizations[organization.id] = organization
            case .catalog(let source): catalogs[source.id] = source
            case .contract(let contract):
                if contracts[contract.id] == nil {
                    contracts[contract.id] = ContractState(contract: contract)
                } else {
                    contracts[contract.id]?.contract = contract
                }
            case .record(let record): contracts[record.contractID]?.upsert(record)
            }
        }
    }

    /// The contract with this ID, or a refusal naming it.
    public func contract(_ id: String) throws(CommandError) -> ContractState {
        guard let state = contracts[id] else { throw .unknown(LocalizedText(ja: "契約", en: "contract"), id) }
        return state
    }
}

/// A row a command inserts or replaces.
public enum StateChange: Sendable {
    case organization(Organization)
    case catalog(CatalogSource)
    case contract(Contract)
    case record(any ContractRecord)
}

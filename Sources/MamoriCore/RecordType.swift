/// The kinds of record people keep in Mamori; a catalog clause names the ones that prove it.
public enum RecordType: String, Sendable, CaseIterable, Codable {
    case staffMember = "staff_member"
    case idCheck = "id_check"
    case trainingSession = "training_session"
    case pledge
    case safeguardMeasure = "safeguard_measure"
    case managementStructure = "management_structure"
    case dataAsset = "data_asset"
    case useEvent = "use_event"
    case copyEvent = "copy_event"
    case transferEvent = "transfer_event"
    case takeoutEvent = "takeout_event"
    case returnEvent = "return_event"
    case destructionEvent = "destruction_event"
    case incident
    case approval
    case subcontract
    case policyDocument = "policy_document"
    case audit
    case cityInstruction = "city_instruction"
    case attestation
    case backupRun = "backup_run"
    case deviceDisposal = "device_disposal"
    case softwareApproval = "software_approval"
    case cityNotification = "city_notification"
}

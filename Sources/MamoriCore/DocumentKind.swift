/// The documents the contractor submits to the city; a catalog clause names the ones it needs.
public enum DocumentKind: String, Sendable, CaseIterable, Codable {
    case managementStructure = "management_structure"
    case staffRoster = "staff_roster"
    case trainingReport = "training_report"
    case pledge
    case securityPolicy = "security_policy"
    case incidentReport = "incident_report"
    case returnDestructionReport = "return_destruction_report"
    case exchangeHistory = "exchange_history"
    case initialConfiguration = "initial_configuration"
    case complianceStatus = "compliance_status"
    case carryInRequest = "carry_in_request"
    case takeoutRequest = "takeout_request"
}

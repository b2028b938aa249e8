import Foundation

/// The city gives a contract to one of its departments (課), or to none: that department's reviewers see it from then
/// on; a contract made before the city had departments gets one so.
public struct SetContractDepartment: ContractCommand {
    public var contractID: String
    /// The city's department, or nil for none (every reviewer of the city sees it).
    public var departmentID: String?

    /// Creates the command.
    public init(contractID: String, departmentID: String?) {
        self.contractID = contractID
        self.departmentID = departmentID
    }

    public var journalType: String { "contract.department" }

    public func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] {
        var contract = try state.contract(contractID).contract
        if let departmentID, state.organizations[contract.cityID]?.department(departmentID) == nil {
            throw .unknown(LocalizedText(ja: "課", en: "department"), departmentID)
        }
        guard contract.departmentID != departmentID else {
            throw .invalid("department", ja: "変更がありません", en: "nothing changed")
        }
        contract.departmentID = departmentID
        return [.contract(contract)]
    }
}

import Foundation

/// Changes an organization's details — name, address (所在地), representative (代表者) and a city's departments — as
/// the organization itself (or, before it has anyone, the organization that registered it) enters them on the web.
/// Its ID, kind and registrar stay; a department a contract is with stays too.
public struct UpdateOrganization: Command {
    public var organization: Organization

    /// Creates the command.
    public init(organization: Organization) {
        self.organization = organization
    }

    public var journalType: String { "organization.update" }

    public func organizationID(in state: MamoriState) throws(CommandError) -> String { organization.id }

    public func admit(at time: Date) throws(CommandError) {
        try organization.checkDetails()
    }

    public func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] {
        try requireText(organization.name, "name")
        guard let stored = state.organizations[organization.id] else {
            throw .unknown(LocalizedText(ja: "組織", en: "organization"), organization.id)
        }
        guard stored.kind == organization.kind, stored.registeredBy == organization.registeredBy else {
            throw .invalid("kind", ja: "組織の種類と登録元は変えられません", en: "an organization's kind and registrar cannot change")
        }
        let kept = Set(organization.departments.map(\.id))
        for contract in state.contracts.values.map(\.contract) where contract.cityID == organization.id {
            if let department = contract.departmentID, !kept.contains(department) {
                throw .invalid(
                    "departments", ja: "契約「\(contract.title)」の担当課（\(stored.department(department)?.name ?? department)）は削除できません",
                    en: "the department of contract \"\(contract.title)\" (\(stored.department(department)?.name ?? department)) cannot be removed")
            }
        }
        guard stored != organization else {
            throw .invalid("name", ja: "変更がありません", en: "nothing changed")
        }
        return [.organization(organization)]
    }
}

extension Organization {
    /// The longest name, address and representative accepted (code points).
    public static let textLimit = 200
    /// The most departments a city keeps.
    public static let departmentLimit = 200

    /// Refuses, where an organization's details enter, texts that are blank where required, too long or hold control
    /// characters; departments without a name, with one ID twice, or more than ``departmentLimit``; departments of a
    /// contractor.
    public func checkDetails() throws(CommandError) {
        try requirePlainText(name, "name")
        try requireLength(name, atMost: Self.textLimit, "name")
        for (value, field) in [(address, "address"), (representative, "representative")] {
            guard let value else { continue }
            try requirePlainText(value, field)
            try requireLength(value, atMost: Self.textLimit, field)
        }
        guard departments.isEmpty || kind == .city else {
            throw .invalid("departments", ja: "課を持つのは区（委託者）だけです", en: "only a city has departments")
        }
        guard departments.count <= Self.departmentLimit else {
            throw .invalid("departments", ja: "課は \(Self.departmentLimit) までです", en: "at most \(Self.departmentLimit) departments")
        }
        var ids = Set<String>()
        var names = Set<String>()
        for department in departments {
            guard names.insert(department.name.trimmingCharacters(in: .whitespaces)).inserted else {
                throw .invalid("departments", ja: "課「\(department.name)」は既にあります", en: "department \"\(department.name)\" exists already")
            }
            try requirePlainText(department.name, "departments")
            try requireLength(department.name, atMost: Self.textLimit, "departments")
            guard !department.id.isEmpty, ids.insert(department.id).inserted else {
                throw .invalid("departments", ja: "課の ID \"\(department.id)\" が重複しています", en: "department ID \"\(department.id)\" is given twice")
            }
        }
    }
}

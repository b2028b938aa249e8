import Foundation

/// Registers a contractor or a city; the first entry of its own journal.
public struct CreateOrganization: Command {
    public var organization: Organization

    /// Creates the command.
    public init(organization: Organization) {
        self.organization = organization
    }

    public var journalType: String { "organization.create" }

    public func organizationID(in state: MamoriState) throws(CommandError) -> String { organization.id }

    public func admit(at time: Date) throws(CommandError) {
        try organization.checkDetails()
    }

    public func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] {
        try requireText(organization.name, "name")
        guard state.organizations[organization.id] == nil else {
            throw CommandError(ja: "組織 ID \"\(organization.id)\" は既に使われています", en: "organization ID \"\(organization.id)\" is already in use")
        }
        if let registrar = organization.registeredBy {
            guard let by = state.organizations[registrar], by.kind != organization.kind else {
                throw .invalid(
                    "registered_by", ja: "登録元の組織 \(registrar) は相手方の組織ではありません",
                    en: "the registering organization \(registrar) is not of the other kind")
            }
        }
        return [.organization(organization)]
    }
}

/// Creates a contract between a city and a contractor.
public struct CreateContract: Command {
    public var contract: Contract

    /// Creates the command.
    public init(contract: Contract) {
        self.contract = contract
    }

    public var journalType: String { "contract.create" }

    /// The longest title and number accepted (code points).
    public static let textLimit = 200

    public func admit(at time: Date) throws(CommandError) {
        try requirePlainText(contract.title, "title")
        try requireLength(contract.title, atMost: Self.textLimit, "title")
        if !contract.number.isEmpty { try requirePlainText(contract.number, "number") }
        try requireLength(contract.number, atMost: Self.textLimit, "number")
        for value in contract.parameters.values { try value.check() }
    }

    public func organizationID(in state: MamoriState) throws(CommandError) -> String { contract.contractorID }

    public func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] {
        try requireText(contract.title, "title")
        guard state.contracts[contract.id] == nil else {
            throw CommandError(ja: "契約 ID \"\(contract.id)\" は既に使われています", en: "contract ID \"\(contract.id)\" is already in use")
        }
        try require(state.organizations[contract.contractorID], kind: .contractor, contract.contractorID)
        try require(state.organizations[contract.cityID], kind: .city, contract.cityID)
        try requireOrder(contract.startsOn, contract.endsOn, "starts_on", "ends_on")
        if let department = contract.departmentID, state.organizations[contract.cityID]?.department(department) == nil {
            throw .unknown(LocalizedText(ja: "課", en: "department"), department)
        }
        if let version = contract.catalogVersion {
            guard let source = state.catalogs[CatalogSource.id(contract.catalogID, version)] else {
                throw .invalid("catalog", ja: "カタログ \(contract.catalogID) の版 \(version) はありません", en: "catalog \(contract.catalogID) has no version \(version)")
            }
            // A contract is judged by its own city's annex; a bundled annex by every city of the name it was pinned for.
            let sameCity =
                source.cityID == contract.cityID
                || CatalogSource.bundledIDs.contains(source.catalogID)
                    && state.organizations[source.cityID]?.name == state.organizations[contract.cityID]?.name
            guard sameCity else {
                throw .invalid(
                    "catalog", ja: "カタログ \(contract.catalogID) は \(source.cityID) のもので、この契約の委託者（\(contract.cityID)）のものではありません",
                    en: "catalog \(contract.catalogID) belongs to \(source.cityID), not to this contract's city (\(contract.cityID))")
            }
        }
        return [.contract(contract)]
    }

    private func require(_ organization: Organization?, kind: Organization.Kind, _ id: String) throws(CommandError) {
        guard let organization else { throw .unknown(LocalizedText(ja: "組織", en: "organization"), id) }
        guard organization.kind == kind else {
            let expected = kind == .city ? LocalizedText(ja: "委託者（区）", en: "a city") : LocalizedText(ja: "受託者", en: "a contractor")
            throw CommandError(ja: "組織 \"\(id)\" は\(expected.ja)ではありません", en: "organization \"\(id)\" is not \(expected.en)")
        }
    }
}

/// Sets one parameter of a contract, e.g. a longer minimum password length.
public struct SetContractParameter: ContractCommand {
    public var contractID: String
    public var parameter: String
    public var value: ParameterValue

    /// Creates the command.
    public init(contractID: String, parameter: String, value: ParameterValue) {
        self.contractID = contractID
        self.parameter = parameter
        self.value = value
    }

    public var journalType: String { "contract.parameter" }

    public func admit(at time: Date) throws(CommandError) {
        try value.check()
    }

    public func execute(in state: MamoriState, at time: Date) throws(CommandError) -> [StateChange] {
        var contract = try state.contract(contractID).contract
        contract.parameters[parameter] = value
        return [.contract(contract)]
    }
}

/// Refuses an empty or blank text field.
func requireText(_ value: String, _ field: String) throws(CommandError) {
    guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
        throw .invalid(field, ja: "空にできません", en: "must not be empty")
    }
}

/// Refuses, where a new text enters, one that holds a control character (line breaks and tabs aside) or, when given,
/// holds nothing visible: such a value would print as nothing, or as terminal escapes, in documents for the city.
/// Checked on admission only: entries already journaled replay as they were.
func requirePlainText(_ value: String?, _ field: String) throws(CommandError) {
    guard let value else { return }
    let invisible = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}"))
    guard !value.trimmingCharacters(in: invisible).isEmpty else {
        throw .invalid(field, ja: "空にできません", en: "must not be empty")
    }
    // Line breaks as a browser sends a text area's (CR LF) and tabs are kept, as in every other long text.
    if let refused = value.unicodeScalars.first(where: {
        ($0.properties.generalCategory == .control && !["\n", "\r", "\t"].contains($0)) || $0.properties.generalCategory == .format && $0 != "\u{200D}"
    }) {
        let code = String(format: "U+%04X", refused.value)
        throw .invalid(field, ja: "制御文字・書式文字（\(code)）は使えません", en: "must not hold control or format characters (\(code))")
    }
}

/// Refuses a text longer than `limit`, counted in code points as the forms and the API description count.
func requireLength(_ value: String, atMost limit: Int, _ field: String) throws(CommandError) {
    guard value.unicodeScalars.count <= limit else {
        throw .invalid(field, ja: "\(limit) 文字以内で入力してください", en: "must be at most \(limit) characters")
    }
}

/// Refuses an end before its start, naming the start as people know it (「発見日時より前です」).
func requireOrder<T: Comparable>(_ start: T, _ end: T?, _ startField: String, _ endField: String) throws(CommandError) {
    if let end, end < start {
        let label = startLabels[startField] ?? LocalizedText(ja: startField, en: startField)
        throw .invalid(endField, ja: "\(label.ja)より前です", en: "is before \(label.en)")
    }
}

/// What the fields an end is compared with are called.
private let startLabels: [String: LocalizedText] = [
    "adopted_on": LocalizedText(ja: "策定日", en: "the day it was adopted"),
    "discovered_at": LocalizedText(ja: "発見日時", en: "the time it was discovered"),
    "held_on": LocalizedText(ja: "実施日", en: "the day it was held"),
    "issued_on": LocalizedText(ja: "指示日", en: "the day it was issued"),
    "joined_on": LocalizedText(ja: "従事開始日", en: "the first day of work"),
    "received_on": LocalizedText(ja: "受領日", en: "the day it was received"),
    "requested_at": LocalizedText(ja: "申請日時", en: "the time it was requested"),
    "starts_on": LocalizedText(ja: "契約期間の初日", en: "the contract's first day")
]

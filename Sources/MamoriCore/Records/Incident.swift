import Foundation

/// An incident (事故) or the suspicion of one, with the clocks the annex and the APPI set.
public struct Incident: ContractRecord, Hashable {
    /// 漏えい / 紛失 / 盗難 / 誤送信 / その疑い.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case leak, loss, theft
        case misSending = "mis-sending"
        case suspicion

        /// The label shown to people.
        public var label: LocalizedText {
            switch self {
            case .leak: LocalizedText(ja: "漏えい", en: "leak")
            case .loss: LocalizedText(ja: "紛失", en: "loss")
            case .theft: LocalizedText(ja: "盗難", en: "theft")
            case .misSending: LocalizedText(ja: "誤送信", en: "mis-sending")
            case .suspicion: LocalizedText(ja: "漏えい等の疑い", en: "suspicion")
            }
        }
    }

    public var id: String
    public var contractID: String
    public var kind: Kind
    public var discoveredAt: Date
    /// What happened, sealed.
    public var narrative: Sealed
    /// APPI facts that make the incident reportable.
    public var appi: APPIFacts
    /// When the city was told (must be immediate).
    public var cityNotifiedAt: Date?
    /// When the written report reached the city (preliminary report).
    public var writtenReportAt: Date?
    /// When the final report reached the city.
    public var finalReportAt: Date?
    /// The city's instructions, sealed, in the order given.
    public var instructions: [CityNote]
    public var closedAt: Date?
    /// What the written (preliminary) report said, sealed ``IncidentFindings``.
    public var preliminaryFindings: Sealed?
    /// What the final report said, sealed ``IncidentFindings``.
    public var finalFindings: Sealed?

    /// Creates an incident as first reported.
    public init(
        id: String, contractID: String, kind: Kind, discoveredAt: Date, narrative: Sealed, appi: APPIFacts,
        cityNotifiedAt: Date? = nil, writtenReportAt: Date? = nil, finalReportAt: Date? = nil,
        instructions: [CityNote] = [], closedAt: Date? = nil
    ) {
        self.id = id
        self.contractID = contractID
        self.kind = kind
        self.discoveredAt = discoveredAt
        self.narrative = narrative
        self.appi = appi
        self.cityNotifiedAt = cityNotifiedAt
        self.writtenReportAt = writtenReportAt
        self.finalReportAt = finalReportAt
        self.instructions = instructions
        self.closedAt = closedAt
    }
}

/// The facts the APPI asks about an incident; any of them makes it reportable to the PPC.
public struct APPIFacts: Codable, Sendable, Hashable {
    /// Sensitive personal data (要配慮個人情報) is involved.
    public var sensitiveData: Bool
    /// Misuse could cause financial harm.
    public var financialHarm: Bool
    /// Caused on purpose (unauthorized access, theft…): the final report is due in 60 days, not 30.
    public var malicious: Bool
    /// How many people's data is involved.
    public var affectedPeople: Int

    /// Creates the facts.
    public init(sensitiveData: Bool = false, financialHarm: Bool = false, malicious: Bool = false, affectedPeople: Int = 0) {
        self.sensitiveData = sensitiveData
        self.financialHarm = financialHarm
        self.malicious = malicious
        self.affectedPeople = affectedPeople
    }

    /// Whether the APPI's reporting duty applies (more than 1,000 people, or any other fact).
    public var reportable: Bool { sensitiveData || financialHarm || malicious || affectedPeople > 1000 }
}

/// The items an incident report gives the city and the PPC under the APPI (個人情報保護法施行規則 第7条), besides the
/// narrative (概要) and the number of people: kept sealed, as they describe what happened to residents' data.
public struct IncidentFindings: Codable, Sendable, Hashable {
    /// The data items involved (漏えい等が発生した個人データの項目).
    public var dataItems: [String]
    /// The cause (原因).
    public var cause: String
    /// Whether secondary harm happened or may happen, and how (二次被害又はそのおそれの有無及びその内容).
    public var secondaryHarm: String
    /// What was done for the people concerned (本人への対応の実施状況).
    public var responseToIndividuals: String
    /// Whether and how it was made public (公表の実施状況).
    public var publication: String
    /// What is done so that it does not happen again (再発防止のための措置).
    public var prevention: String

    /// Whether the report says nothing at all: every item empty (a report is not one then).
    public var isEmpty: Bool {
        dataItems.allSatisfy { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            && [cause, secondaryHarm, responseToIndividuals, publication, prevention].allSatisfy {
                $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            }
    }

    /// Creates the findings.
    public init(
        dataItems: [String], cause: String, secondaryHarm: String, responseToIndividuals: String,
        publication: String, prevention: String
    ) {
        self.dataItems = dataItems
        self.cause = cause
        self.secondaryHarm = secondaryHarm
        self.responseToIndividuals = responseToIndividuals
        self.publication = publication
        self.prevention = prevention
    }
}

/// A dated instruction or remark from the city, sealed.
public struct CityNote: Codable, Sendable, Hashable {
    public var at: Date
    public var text: Sealed

    /// Creates a note.
    public init(at: Date, text: Sealed) {
        self.at = at
        self.text = text
    }
}

extension Incident: NewRecord {
    public var journalType: String { "incident.report" }

    /// The city's instructions stay as the city gave them; the moment of discovery, which starts every clock, may be
    /// corrected only to an earlier one (a later one would only hide lateness).
    public func checkCorrection(of current: Incident) throws(CommandError) {
        try requireUnchanged(instructions, current.instructions, "instructions")
        guard discoveredAt <= current.discoveredAt else {
            throw .invalid(
                "discovered_at", ja: "発見日時は早める方向にしか訂正できません（期限の起点のため）",
                en: "can only be corrected to an earlier moment (every deadline runs from it)")
        }
    }
    public static let label = LocalizedText(ja: "事故", en: "incident")
    public static var table: KeyPath<ContractState, [String: Incident]> { \.incidents }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
    }

    public func admit(at time: Date) throws(CommandError) {
        try CountLimit.affectedPeople.check(appi.affectedPeople)
        try requireNotFuture(discoveredAt, "discovered_at", at: time)
    }
}

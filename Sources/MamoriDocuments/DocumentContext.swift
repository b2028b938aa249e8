import Foundation
import MamoriAgentKit
import MamoriCore
import MamoriStore

/// Everything a document is made from: one contract's state, its organizations and catalog, the day of writing, the
/// latest agent report of each PC, and the key to open sealed personal data.
public struct DocumentContext: Sendable {
    public let state: ContractState
    public var contractor: Organization
    public var city: Organization
    public var catalog: Catalog
    /// The moment the documents are written; their date.
    public var now: Date
    /// The latest report of each PC, for the initial configuration documents.
    public var deviceReports: [AgentReport]
    /// The PCs' latest evidence, as the dashboard evaluates it: the compliance report evaluates with the same.
    public var devices: [DeviceEvidence]
    /// Every data event of the contract, voided ones too, oldest first (the state keeps only counts and notable events): read
    /// only for a document that shows them (``DocumentKind/readsEvents``), not for every document — at 1,000,000 events
    /// that read takes 5 s.
    private let recordedEvents: [DataEvent]?
    /// Everyone on the roster: responsible person, supervisors, staff, each by joining day.
    let roster: [Person]
    /// The responsible person (責任者) in office on the day of writing, if any.
    let responsiblePerson: Person?
    private let opener: @Sendable (Sealed) throws -> Data

    /// Creates a context; `open` turns sealed personal data back into bytes.
    public init(
        state: ContractState, contractor: Organization, city: Organization, catalog: Catalog, now: Date,
        deviceReports: [AgentReport] = [], devices: [DeviceEvidence], events: [DataEvent]?,
        open: @escaping @Sendable (Sealed) throws -> Data
    ) {
        self.devices = devices
        self.state = state
        recordedEvents = events
        self.contractor = contractor
        self.city = city
        self.catalog = catalog
        self.now = now
        self.deviceReports = deviceReports
        opener = open
        let order: [Person.Role: Int] = [.responsible: 0, .supervisor: 1, .staff: 2]
        roster = state.people.values.sorted { (order[$0.role]!, $0.joinedOn, RecordOrder($0.id)) < (order[$1.role]!, $1.joinedOn, RecordOrder($1.id)) }
        let today = Day(now)
        responsiblePerson = roster.first { $0.role == .responsible && $0.isActive(on: today) }
    }

    /// The context of one stored contract for documents of `kinds`: its organizations, the PCs' latest reports and
    /// evidence, every data event where one of them shows them, and the store's key; `extraReports` adds reports read
    /// from files (初期設定書 before a PC checks in). Nil when the contract's organizations are unknown.
    public static func stored(
        _ contract: ContractState, in state: MamoriState, store: Store, catalog: Catalog, now: Date, for kinds: [DocumentKind],
        extraReports: [AgentReport] = []
    ) async throws -> DocumentContext? {
        guard let contractor = state.organizations[contract.contract.contractorID], let city = state.organizations[contract.contract.cityID]
        else { return nil }
        let vault = store.vault
        let rules = ContractRules(contract, catalog: catalog)
        return DocumentContext(
            state: contract, contractor: contractor, city: city, catalog: catalog, now: now,
            deviceReports: try await store.latestAgentReports(of: contractor.id, rules: rules) + extraReports,
            devices: try await store.deviceEvidence(of: contractor.id, rules: rules),
            // Voided events too: the history shows each with its void (nothing recorded leaves the city's view).
            events: kinds.contains(where: \.readsEvents) ? try await store.events(ofContract: contract.contract.id) : nil,
            open: { try vault.open($0) })
    }

    /// Every data event of the contract, voided ones too (``ContractState/voids``), oldest first; refused in a context
    /// made for documents that do not show them (a document never shows an empty history for want of reading it).
    public func events() throws -> [DataEvent] {
        guard let recordedEvents else {
            throw CommandError(ja: "文書の作成に必要なデータの記録を読んでいません", en: "the data events this document needs were not read")
        }
        return recordedEvents
    }

    var today: Day { Day(now) }
    var contract: Contract { state.contract }

    func open(_ sealed: Sealed) throws -> Data { try opener(sealed) }
    func openText(_ sealed: Sealed) throws -> String { String(decoding: try opener(sealed), as: UTF8.self) }

    func name(of personID: String) -> String { state.people[personID]?.name ?? personID }

    /// The letter opening every submission carries: the contractor with its address and representative as it entered
    /// them (left blank, to fill in by hand, where it has not), and its responsible person.
    func letterhead() -> Letterhead {
        Letterhead(
            date: today, addressee: catalog.addressee.ja,
            submitter: ["（受託者）", "所在地　\(contractor.address ?? "")", "名称　\(contractor.name)", "代表者　\(contractor.representative ?? "")"]
                + (responsiblePerson.map { ["責任者　\($0.name)"] } ?? []))
    }

    /// 契約名, 契約番号, 契約期間.
    var contractFields: [DocumentField] {
        [
            DocumentField("契約名", contract.title), DocumentField("契約番号", contract.number),
            DocumentField("契約期間", "\(contract.startsOn.wareki) 〜 \(contract.endsOn.wareki)")
        ]
    }

    /// The opening blocks of a letter: letterhead, title, a sentence and the contract.
    func opening(_ title: String, _ sentence: String) -> [DocumentBlock] {
        [.letterhead(letterhead()), .heading(title), .paragraph(sentence), .fields(contractFields)]
    }
}

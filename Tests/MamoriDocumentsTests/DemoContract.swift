import Foundation
import MamoriAgentKit
import MamoriCatalog
import MamoriCore
import MamoriDocuments
import MamoriStore

/// The demo contract in a fresh temporary store, with a destruction certificate's worth of erasure, an incident's
/// written report and a real scan of this machine; removed when the test ends.
final class DemoContract {
    let directory: URL
    let store: Store

    /// A fixed moment: 2026-11-26 10:00 in Tokyo.
    static let now = Day("2026-11-26")!.start.addingTimeInterval(10 * 3600)
    static let contractID = DemoScenario.contractID

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-documents-\(UUID().uuidString)")
        store = try await Store(directory: directory)
        try await DemoScenario(vault: store.vault, now: Self.now).load(into: store)
        let c = Self.contractID
        let findings = IncidentFindings(
            dataItems: ["氏名", "住所"], cause: "宛先の入力補完を確認せず送信した",
            secondaryHarm: "受信者が削除済みで、二次被害のおそれは低い", responseToIndividuals: "対象の12名に書面でお詫びと説明",
            publication: "区の判断により公表しない", prevention: "送信前の宛先ダブルチェックを必須化")
        try await store.execute(
            batch: [
                AdvanceIncident(
                    contractID: c, incidentID: "INC-01", step: .writtenReport, at: Self.now.addingTimeInterval(-3600),
                    findings: try store.vault.seal(JSONEncoder().encode(findings))),
                AddRecord(
                    DataEvent(
                        id: "EV-90", contractID: c, assetID: "DA-03", kind: .destruction, occurredAt: Self.now.addingTimeInterval(-7200),
                        personID: "P10",
                        erasure: Erasure(
                            method: .clear, passes: 3, operatorName: "加藤 恵", witness: "山田 太郎",
                            mediaSerials: ["SN-USB-7781", "SN-USB-7782"])))
            ], actor: "test", at: Self.now.addingTimeInterval(-60))
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The catalog the demo contract uses.
    static func catalog() throws -> Catalog {
        try CatalogLoader.bundled(
            "nakano", references: CatalogReferences(rules: try AgentCheckCatalog.bundled().ids, titles: try AgentCheckCatalog.bundled().titles))
    }

    /// Everything the documents are made from, with this machine's real scan as the one PC.
    func context(deviceReports: [AgentReport]? = nil) async throws -> DocumentContext {
        let state = try await store.state()
        let contract = try state.contract(Self.contractID)
        let vault = store.vault
        return DocumentContext(
            state: contract, contractor: state.organizations[DemoScenario.contractorID]!, city: state.organizations[DemoScenario.cityID]!,
            catalog: try Self.catalog(), now: Self.now,
            deviceReports: try deviceReports ?? [AgentScan(root: URL(fileURLWithPath: "/")).run(deviceID: "pc-test-01")],
            devices: try await store.deviceEvidence(of: DemoScenario.contractorID, rules: ContractRules(contract, catalog: try Self.catalog())),
            events: try await store.events(ofContract: Self.contractID), open: { try vault.open($0) })
    }

    /// A document rendered as HTML text.
    func html(_ kind: DocumentKind) async throws -> String {
        await String(decoding: HTMLRenderer.render(try DocumentLibrary.make(kind, context())), as: UTF8.self)
    }
}

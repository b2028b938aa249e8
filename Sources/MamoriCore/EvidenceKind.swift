/// How the product proves that a clause is met.
public enum EvidenceKind: String, Sendable, CaseIterable, Codable {
    /// A workflow or ledger entry people make in the product.
    case record
    /// An automatic check the endpoint agent runs on each PC.
    case agent
    /// A periodic statement signed by a named person, optionally with a file.
    case attest
    /// A document generated for submission to the city.
    case report
    /// Nothing to prove (e.g. liability); shown for completeness.
    case info

    /// The label shown to people.
    public var label: LocalizedText {
        switch self {
        case .record: LocalizedText(ja: "記録", en: "record")
        case .agent: LocalizedText(ja: "エージェント", en: "agent")
        case .attest: LocalizedText(ja: "確認書", en: "attestation")
        case .report: LocalizedText(ja: "報告書", en: "report")
        case .info: LocalizedText(ja: "参考", en: "info")
        }
    }
}

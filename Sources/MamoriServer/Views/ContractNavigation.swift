import MamoriCore

/// The parts every page of a contract shares: its sections' tabs, links to the records behind a status, a section's
/// primary action.
enum ContractNavigation {
    /// The contract's sections.
    static func tabs(_ contractID: String, _ l: Language) -> HTML {
        let tabs: [(String, Label)] = [
            ("", .compliance), ("/people", .roster), ("/data", .providedData), ("/incidents", .incidents), ("/approvals", .approvals),
            ("/records", .records), ("/devices", .pcs), ("/documents", .documents), ("/settings", .settings)
        ]
        let links: [HTML] = tabs.map { "<a href=\"/contracts/\(contractID)\($0.0)\">\($0.1.text(l))</a>" }
        return "<nav class=\"tabs\">\(links)</nav>"
    }

    /// The first records behind a status, each a link to its record, and how many more (the clause's page lists them).
    static func evidence(_ ids: [String], contract: String, _ l: Language) -> HTML {
        let shown: [HTML] = ids.prefix(10).map { "<a href=\"/contracts/\(contract)/evidence/\($0)\">\($0)</a>" }
        let more: HTML = ids.count > 10 ? "\(LocalizedText(ja: " ほか \(ids.count - 10) 件", en: " and \(ids.count - 10) more").text(l))" : ""
        return "\(HTML(joining: shown, separator: ", "))\(more)"
    }

    /// A section's primary action: the form that records its kind (報告する, 申請する, 受領する), where the role may.
    static func primaryAction(_ kind: RecordKind, _ label: LocalizedText, _ access: ContractAccess, _ l: Language) -> HTML {
        guard kind.create?.permitted(access.role) == true else { return "" }
        return "<p><a class=\"button\" href=\"/contracts/\(access.contract.id)/records/\(kind.slug)#new\">\(label.text(l))</a></p>"
    }
}

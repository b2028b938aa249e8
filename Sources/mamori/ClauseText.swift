import MamoriCore

/// A clause as people read it in the terminal.
struct ClauseText {
    var clause: Clause
    var catalog: Catalog

    func render(_ language: Language) -> String {
        let labels =
            language == .ja
            ? ["区分", "番号", "概要", "証跡", "記録", "エージェント", "報告書", "周期"]
            : ["Part", "Number", "Summary", "Evidence", "Records", "Agent checks", "Reports", "Cycle"]
        let part = catalog.parts.first { $0.id == clause.part }?.title.text(language) ?? clause.part
        var lines = [
            "\(clause.id)  \(clause.title.text(language))",
            "  \(labels[0]): \(part)",
            "  \(labels[1]): \(clause.number)",
            "  \(labels[2]): \(clause.summary.text(language))",
            "  \(labels[3]): \(clause.evidence.map { $0.label.text(language) }.joined(separator: ", "))"
        ]
        if !clause.records.isEmpty { lines.append("  \(labels[4]): \(clause.records.map(\.rawValue).joined(separator: ", "))") }
        if !clause.rules.isEmpty { lines.append("  \(labels[5]): \(clause.rules.joined(separator: ", "))") }
        if !clause.reports.isEmpty { lines.append("  \(labels[6]): \(clause.reports.map(\.rawValue).joined(separator: ", "))") }
        if let cycle = clause.cycle {
            let parameter = cycle.parameter.map { " (\($0))" } ?? ""
            lines.append("  \(labels[7]): \(cycle.period.label.text(language))\(parameter)")
        }
        return lines.joined(separator: "\n")
    }
}

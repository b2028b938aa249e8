import MamoriCore

/// A clause as `--format json` prints it.
struct ClauseJSON: Encodable {
    var id: String
    var part: String
    var number: String
    var title_ja: String
    var title_en: String
    var summary_ja: String
    var summary_en: String
    var evidence: [String]
    var records: [String]
    var rules: [String]
    var reports: [String]
    var cycle: String?
    var cycle_parameter: String?

    init(_ clause: Clause) {
        id = clause.id
        part = clause.part
        number = clause.number
        title_ja = clause.title.ja
        title_en = clause.title.en
        summary_ja = clause.summary.ja
        summary_en = clause.summary.en
        evidence = clause.evidence.map(\.rawValue)
        records = clause.records.map(\.rawValue)
        rules = clause.rules
        reports = clause.reports.map(\.rawValue)
        cycle = clause.cycle?.period.description
        cycle_parameter = clause.cycle?.parameter
    }
}

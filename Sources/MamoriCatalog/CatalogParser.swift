import MamoriCore
import Yams

/// Turns a composed YAML tree into a ``Catalog``, checking every reference against what the product knows.
struct CatalogParser {
    let references: CatalogReferences
    var reader = YAMLReader()
    private var parameters: [String: CatalogParameter] = [:]
    private var parts: Set<String> = []

    init(references: CatalogReferences) {
        self.references = references
    }

    mutating func catalog(_ root: Node) -> Catalog? {
        guard reader.mapping(root, "catalog") != nil else { return nil }
        if let schema = root["schema"], schema.int != 1 {
            reader.report(schema, ja: "schema は 1 である必要があります", en: "schema must be 1")
        }
        let id = reader.string("id", of: root)
        let version = reader.string("version", of: root)
        let title = reader.text("title", of: root)
        let city = reader.text("city", of: root)
        let addressee = reader.text("addressee", of: root)
        let parameterList = reader.sequence(root["parameters"], "parameters", in: root).compactMap { parameter($0) }
        let partList = reader.sequence(root["parts"], "parts", in: root, required: true).compactMap { part($0) }
        var firstLine: [String: Int] = [:]
        let clauseList = reader.sequence(root["clauses"], "clauses", in: root, required: true).compactMap { node -> Clause? in
            guard let clause = clause(node) else { return nil }
            if let line = firstLine[clause.id] {
                reader.report(node["id"], ja: "条項 ID \"\(clause.id)\" が重複しています（最初の定義は \(line) 行目）",
                              en: "duplicate clause ID \"\(clause.id)\" (first defined on line \(line))")
                return nil
            }
            firstLine[clause.id] = node["id"]?.mark?.line ?? 0
            return clause
        }
        guard let id, let version, let title, let city, let addressee else { return nil }
        return Catalog(id: id, version: version, title: title, city: city, addressee: addressee,
                       parameters: parameterList, parts: partList, clauses: clauseList)
    }

    private mutating func part(_ node: Node) -> CatalogPart? {
        guard reader.mapping(node, "part") != nil, let id = reader.string("id", of: node),
              let title = reader.text("title", of: node) else { return nil }
        parts.insert(id)
        return CatalogPart(id: id, title: title)
    }

    private mutating func parameter(_ node: Node) -> CatalogParameter? {
        guard reader.mapping(node, "parameter") != nil, let id = reader.string("id", of: node) else { return nil }
        let title = reader.text("title", of: node)
        let value: ParameterValue?
        switch reader.string("kind", of: node) {
        case "integer":
            let number = reader.integer(node["default"], "default", in: node, minimum: 0, maximum: CountLimit.parameter.range.upperBound)
            value = number.map { .integer($0, unit: node["unit"]?.string ?? "") }
        case "duration":
            value = period(node, every: "default").map { .duration($0) }
        case "list":
            value = .list(reader.sequence(node["default"], "default", in: node).compactMap(\.string))
        case let kind?:
            reader.report(node["kind"], ja: "不明なパラメータの種類 \"\(kind)\"（integer, duration, list のいずれか）",
                          en: "unknown parameter kind \"\(kind)\" (integer, duration or list)")
            value = nil
        case nil:
            value = nil
        }
        guard let title, let value else { return nil }
        let parameter = CatalogParameter(id: id, title: title, value: value)
        parameters[id] = parameter
        return parameter
    }

    /// A period from the integer at `every` and the unit at `unit` of `node`.
    private mutating func period(_ node: Node, every key: String) -> Period? {
        let every = reader.integer(node[key], key, in: node, minimum: 1)
        guard let unitNode = node["unit"] else {
            reader.report(node, ja: "単位 unit がありません（\(Self.units) のいずれか）",
                          en: "unit is missing (one of \(Self.units))")
            return nil
        }
        guard let unit = unitNode.string.flatMap(PeriodUnit.init(rawValue:)) else {
            reader.report(unitNode, ja: "不明な単位 \"\(unitNode.string ?? "")\"（\(Self.units) のいずれか）",
                          en: "unknown unit \"\(unitNode.string ?? "")\" (one of \(Self.units))")
            return nil
        }
        guard let every else { return nil }
        let maximum = Period.maximumEvery(unit)
        guard every <= maximum else {
            reader.report(node[key], ja: "\(key) は \(maximum) \(unit.label.ja)以下（100 年まで）である必要があります",
                          en: "\(key) must be at most \(maximum) \(unit.rawValue)s (100 years)")
            return nil
        }
        return Period(every: every, unit: unit)
    }

    private static let units = PeriodUnit.allCases.map(\.rawValue).joined(separator: ", ")

    private mutating func clause(_ node: Node) -> Clause? {
        guard reader.mapping(node, "clause") != nil, let id = reader.string("id", of: node) else { return nil }
        let part = reader.string("part", of: node)
        if let part, !parts.contains(part) {
            reader.report(node["part"], ja: "条項 \(id) の part \"\(part)\" は parts に定義されていません",
                          en: "clause \(id): part \"\(part)\" is not defined in parts")
        }
        let number = reader.string("number", of: node)
        let title = reader.text("title", of: node)
        let summary = reader.text("summary", of: node)
        let evidence = names(node, "evidence", required: true, known: Set(EvidenceKind.allCases.map(\.rawValue)),
                             ja: "証跡の種類", en: "evidence kind").compactMap(EvidenceKind.init(rawValue:))
        let records = names(node, "records", known: references.recordTypes, ja: "記録の種類", en: "record type")
            .compactMap(RecordType.init(rawValue:))
        let approvals = names(node, "approvals", known: Set(Approval.Kind.allCases.map(\.rawValue)), ja: "承認の種類", en: "approval kind")
            .compactMap(Approval.Kind.init(rawValue:))
        if records.contains(.approval), approvals.isEmpty {
            reader.report(node["records"] ?? node, ja: "条項 \(id) は approval を記録に挙げていますが、approvals（承認の種類）がありません",
                          en: "clause \(id) lists approval records but no approvals (the kinds of approval it is about)")
        }
        if !approvals.isEmpty, !records.contains(.approval) {
            reader.report(node["approvals"] ?? node, ja: "条項 \(id) の approvals は records に approval があるときだけ使えます",
                          en: "clause \(id): approvals needs approval among its records")
        }
        let rules = names(node, "rules", known: references.rules, ja: "エージェントのルール", en: "agent rule")
        let reports = names(node, "reports", known: references.reports, ja: "報告書", en: "report")
            .compactMap(DocumentKind.init(rawValue:))
        let cycle = node["cycle"].flatMap { cycleNode in parseCycle(cycleNode, clause: id) }
        guard let part, let number, let title, let summary else { return nil }
        return Clause(id: id, part: part, number: number, title: title, summary: summary, evidence: evidence,
                      records: records, approvals: approvals, rules: rules, reports: reports, cycle: cycle)
    }

    /// The names listed at `key`, each checked against `known`.
    private mutating func names(
        _ node: Node, _ key: String, required: Bool = false, known: Set<String>, ja: String, en: String
    ) -> [String] {
        let items = reader.sequence(node[key], key, in: node, required: required)
        if required, items.isEmpty, node[key] != nil {
            reader.report(node[key], ja: "\(key) が空です", en: "\(key) is empty")
        }
        return items.compactMap { item in
            guard let name = item.string, known.contains(name) else {
                let name = item.string ?? ""
                reader.report(item, ja: "不明な\(ja) \"\(name)\"", en: "unknown \(en) \"\(name)\"")
                return nil
            }
            return name
        }
    }

    private mutating func parseCycle(_ node: Node, clause: String) -> Cycle? {
        guard reader.mapping(node, "cycle") != nil, let period = period(node, every: "every") else { return nil }
        guard let name = node["parameter"]?.string else { return Cycle(period: period) }
        guard case .duration? = parameters[name]?.value else {
            reader.report(node["parameter"], ja: "条項 \(clause) の cycle が参照するパラメータ \"\(name)\" は期間（duration）として定義されていません",
                          en: "clause \(clause): cycle parameter \"\(name)\" is not a declared duration parameter")
            return nil
        }
        return Cycle(period: period, parameter: name)
    }
}

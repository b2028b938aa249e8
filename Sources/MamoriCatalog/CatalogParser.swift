import MamoriCore
import Yams

/// Turns a composed YAML tree into a ``Catalog``, checking every reference against what the product knows.
struct CatalogParser {
    let references: CatalogReferences
    var reader = YAMLReader()
    var parameters: [String: CatalogParameter] = [:]
    var approvalKinds: [Approval.Kind: CatalogApprovalKind] = [:]
    private var parts: Set<String> = []
    private var alertKinds: Set<AlertKind> = []

    init(references: CatalogReferences) {
        self.references = references
    }

    mutating func catalog(_ root: Node) -> Catalog? {
        guard reader.mapping(root, "catalog") != nil else { return nil }
        reader.refuseUnknownKeys(
            root,
            [
                "schema", "id", "version", "title", "city", "addressee", "parameters", "approval_kinds",
                "reminder_lead", "agent_report_max_age", "alerts", "parts", "clauses"
            ],
            in: LocalizedText(ja: "カタログ", en: "catalog"))
        if let schema = root["schema"], schema.int != 1 {
            reader.report(schema, ja: "schema は 1 である必要があります", en: "schema must be 1")
        }
        var id = reader.string("id", of: root)
        if let name = id, !CatalogSource.isValidName(name, lowercase: true) {
            reader.report(
                root["id"], ja: "id は英小文字か数字で始まる 40 文字までの英小文字・数字・「.」「-」「_」です",
                en: "id must be up to 40 lowercase letters, digits, '.', '-' and '_', starting with a letter or digit")
            id = nil
        }
        var version = reader.string("version", of: root)
        if let name = version, !CatalogSource.isValidName(name) {
            reader.report(
                root["version"], ja: "version は英数字で始まる 40 文字までの英数字・「.」「-」「_」です（引用符で囲んでください）",
                en: "version must be up to 40 letters, digits, '.', '-' and '_', starting with a letter or digit (quote it)")
            version = nil
        }
        let title = reader.text("title", of: root)
        let city = reader.text("city", of: root)
        let addressee = reader.text("addressee", of: root)
        let parameterList = reader.sequence(root["parameters"], "parameters", in: root).compactMap { parameter($0) }
        let kindList = reader.sequence(root["approval_kinds"], "approval_kinds", in: root).compactMap { approvalKind($0) }
        let reminderLead = root["reminder_lead"].map { periodSource($0, "reminder_lead") } ?? Cycle(period: Period(every: 30, unit: .day))
        let agentReportMaxAge =
            root["agent_report_max_age"].map { periodSource($0, "agent_report_max_age") }
            ?? Cycle(period: Period(every: 7, unit: .day))
        let alertList = root["alerts"].map { _ in reader.sequence(root["alerts"], "alerts", in: root).compactMap { alertRule($0) } }
        let partList = reader.sequence(root["parts"], "parts", in: root, required: true).compactMap { part($0) }
        if root["clauses"]?.sequence?.isEmpty == true {
            reader.report(root["clauses"], ja: "clauses が空です", en: "clauses is empty")
        }
        var settings: [AgentSetting: String] = [:]
        for parameter in parameterList {
            guard let setting = parameter.agent else { continue }
            if let first = settings[setting] {
                reader.report(
                    root["parameters"], ja: "エージェントの設定 \(setting.rawValue) を \(first) と \(parameter.id) の両方が指定しています",
                    en: "agent setting \(setting.rawValue) is given by both \(first) and \(parameter.id)")
            }
            settings[setting] = parameter.id
        }
        var firstLine: [String: Int] = [:]
        let clauseList = reader.sequence(root["clauses"], "clauses", in: root, required: true).compactMap { node -> Clause? in
            guard let clause = clause(node) else { return nil }
            if let line = firstLine[clause.id] {
                reader.report(
                    node["id"], ja: "条項 ID \"\(clause.id)\" が重複しています（最初の定義は \(line) 行目）",
                    en: "duplicate clause ID \"\(clause.id)\" (first defined on line \(line))")
                return nil
            }
            firstLine[clause.id] = node["id"]?.mark?.line ?? 0
            return clause
        }
        guard let id, let version, let title, let city, let addressee, let reminderLead, let agentReportMaxAge else { return nil }
        return Catalog(
            id: id, version: version, title: title, city: city, addressee: addressee,
            parameters: parameterList, parts: partList, clauses: clauseList, approvalKinds: kindList,
            reminderLead: reminderLead, agentReportMaxAge: agentReportMaxAge, alerts: alertList ?? AlertRule.defaults)
    }

    /// One entry of `alerts:`: an event and who is told of it, e.g. `{event: incident-recorded, tell: [city-reviewer, responsible]}`.
    private mutating func alertRule(_ node: Node) -> AlertRule? {
        let section = LocalizedText(ja: "お知らせ（alerts）", en: "alerts")
        guard reader.mapping(node, "alert") != nil else { return nil }
        reader.refuseUnknownKeys(node, ["event", "tell"], in: section)
        guard let name = reader.string("event", of: node) else { return nil }
        guard let kind = AlertKind(rawValue: name) else {
            reader.report(
                node["event"], ja: "不明なお知らせの種類 \"\(name)\"（\(AlertKind.allCases.map(\.rawValue).joined(separator: ", ")) のいずれか）",
                en: "unknown alert event \"\(name)\" (one of \(AlertKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            return nil
        }
        if alertKinds.contains(kind) {
            reader.report(node["event"], ja: "お知らせの種類 \"\(name)\" が重複しています", en: "duplicate alert event \"\(name)\"")
            return nil
        }
        alertKinds.insert(kind)
        let names = AccountRole.allCases.map(\.rawValue) + ["requester"]
        let audience = reader.sequence(node["tell"], "tell", in: node, required: true).compactMap { item -> AlertAudience? in
            guard let text = item.string, let audience = AlertAudience(name: text) else {
                reader.report(
                    item, ja: "不明な宛先 \"\(item.string ?? "")\"（\(names.joined(separator: ", ")) のいずれか）",
                    en: "unknown audience \"\(item.string ?? "")\" (one of \(names.joined(separator: ", ")))")
                return nil
            }
            return audience
        }
        return AlertRule(kind: kind, audience: audience)
    }

    private mutating func approvalKind(_ node: Node) -> CatalogApprovalKind? {
        guard reader.mapping(node, "approval kind") != nil else { return nil }
        reader.refuseUnknownKeys(node, ["id", "title", "copies", "document"], in: LocalizedText(ja: "承認の種類（approval_kinds）", en: "approval_kinds"))
        guard let id = reader.string("id", of: node) else { return nil }
        guard Approval.Kind.isValidID(id) else {
            reader.report(
                node["id"], ja: "承認の種類 \"\(id)\" は英小文字で始まる 40 文字までの英小文字・数字・ハイフンです",
                en: "approval kind \"\(id)\" must be up to 40 lowercase letters, digits and hyphens, starting with a letter")
            return nil
        }
        let title = reader.text("title", of: node)
        let copies = reader.bool("copies", of: node, fallback: false)
        var document: DocumentKind?
        if let name = node["document"] {
            document = name.string.flatMap(DocumentKind.init(rawValue:))
            if document == nil { reader.report(name, ja: "不明な報告書 \"\(name.string ?? "")\"", en: "unknown report \"\(name.string ?? "")\"") }
        }
        guard approvalKinds[Approval.Kind(id)] == nil else {
            reader.report(node["id"], ja: "承認の種類 \"\(id)\" が重複しています", en: "duplicate approval kind \"\(id)\"")
            return nil
        }
        guard let title else { return nil }
        let kind = CatalogApprovalKind(id: Approval.Kind(id), title: title, copies: copies, document: document)
        approvalKinds[kind.id] = kind
        return kind
    }

    private mutating func part(_ node: Node) -> CatalogPart? {
        guard reader.mapping(node, "part") != nil else { return nil }
        reader.refuseUnknownKeys(node, ["id", "title"], in: LocalizedText(ja: "部（part）", en: "part"))
        guard let id = reader.string("id", of: node),
            let title = reader.text("title", of: node)
        else { return nil }
        guard !parts.contains(id) else {
            reader.report(node["id"], ja: "部の ID \"\(id)\" が重複しています", en: "duplicate part ID \"\(id)\"")
            return nil
        }
        parts.insert(id)
        return CatalogPart(id: id, title: title)
    }

    private mutating func parameter(_ node: Node) -> CatalogParameter? {
        guard reader.mapping(node, "parameter") != nil else { return nil }
        reader.refuseUnknownKeys(node, ["id", "title", "kind", "default", "unit", "agent", "set_by"], in: LocalizedText(ja: "パラメータ", en: "parameter"))
        guard let id = reader.string("id", of: node) else { return nil }
        if parameters[id] != nil {
            reader.report(node["id"], ja: "パラメータ ID \"\(id)\" が重複しています", en: "duplicate parameter ID \"\(id)\"")
        }
        let title = reader.text("title", of: node)
        let value: ParameterValue?
        switch reader.string("kind", of: node) {
        case "integer":
            let number = reader.integer(node["default"], "default", in: node, minimum: 0, maximum: CountLimit.parameter.range.upperBound)
            value = number.map { .integer($0, unit: node["unit"]?.string ?? "") }
        case "duration":
            value = period(node, every: "default").map { .duration($0) }
        case "list":
            value = .list(
                reader.sequence(node["default"], "default", in: node).compactMap { item in
                    guard item.scalar != nil, item.tag.description == Tag.Name.str.rawValue || item.tag.description.hasSuffix(":str"),
                        let name = item.string, !name.isEmpty, !YAMLReader.hasControl(name, allowingLines: false)
                    else {
                        reader.report(item, ja: "一覧の項目は空でない文字列です", en: "a list item must be a non-empty string")
                        return nil
                    }
                    return name
                })
        case let kind?:
            reader.report(
                node["kind"], ja: "不明なパラメータの種類 \"\(kind)\"（integer, duration, list のいずれか）",
                en: "unknown parameter kind \"\(kind)\" (integer, duration or list)")
            value = nil
        case nil:
            value = nil
        }
        var agent: AgentSetting?
        if let setting = node["agent"] {
            agent = setting.string.flatMap(AgentSetting.init(rawValue:))
            if agent == nil {
                let known = AgentSetting.allCases.map(\.rawValue).joined(separator: ", ")
                reader.report(
                    setting, ja: "不明なエージェントの設定 \"\(setting.string ?? "")\"（\(known) のいずれか）",
                    en: "unknown agent setting \"\(setting.string ?? "")\" (one of \(known))")
            } else if let agent, let value, agent.kind != value.kind {
                reader.report(
                    setting, ja: "エージェントの設定 \(agent.rawValue) には \(agent.kind) のパラメータが必要です",
                    en: "agent setting \(agent.rawValue) needs a parameter of kind \(agent.kind)")
            }
        }
        var setBy = Organization.Kind.city
        if let side = node["set_by"] {
            if let kind = side.string.flatMap(Organization.Kind.init(rawValue:)) {
                setBy = kind
            } else {
                reader.report(
                    side, ja: "set_by は city（区が定める）か contractor（受託者が定める）です（\"\(side.string ?? "")\"）",
                    en: "set_by is city or contractor (got \"\(side.string ?? "")\")")
            }
        }
        guard let title, let value else { return nil }
        let parameter = CatalogParameter(id: id, title: title, value: value, agent: agent, setBy: setBy)
        parameters[id] = parameter
        return parameter
    }

    /// A period from the integer at `every` and the unit at `unit` of `node`.
    mutating func period(_ node: Node, every key: String) -> Period? {
        let every = reader.integer(node[key], key, in: node, minimum: 1)
        guard let unitNode = node["unit"] else {
            reader.report(
                node, ja: "単位 unit がありません（\(Self.units) のいずれか）",
                en: "unit is missing (one of \(Self.units))")
            return nil
        }
        guard let unit = unitNode.string.flatMap(PeriodUnit.init(rawValue:)) else {
            reader.report(
                unitNode, ja: "不明な単位 \"\(unitNode.string ?? "")\"（\(Self.units) のいずれか）",
                en: "unknown unit \"\(unitNode.string ?? "")\" (one of \(Self.units))")
            return nil
        }
        guard let every else { return nil }
        let maximum = Period.maximumEvery(unit)
        guard every <= maximum else {
            reader.report(
                node[key], ja: "\(key) は \(maximum) \(unit.label.ja)以下（100 年まで）である必要があります",
                en: "\(key) must be at most \(maximum) \(unit.rawValue)s (100 years)")
            return nil
        }
        return Period(every: every, unit: unit)
    }

    private static let units = PeriodUnit.allCases.map(\.rawValue).joined(separator: ", ")

    private mutating func clause(_ node: Node) -> Clause? {
        guard reader.mapping(node, "clause") != nil else { return nil }
        reader.refuseUnknownKeys(
            node, ["id", "part", "number", "title", "summary", "evidence", "checks", "reports"],
            in: LocalizedText(ja: "条項", en: "clause"))
        guard let id = reader.string("id", of: node) else { return nil }
        guard Self.isClauseID(id) else {
            reader.report(
                node["id"], ja: "条項 ID は英数字で始まる 20 文字までの英数字・「.」「-」です（例 PI-12、CS-2.3）",
                en: "a clause ID is up to 20 letters, digits, '.' and '-', starting with a letter or digit (e.g. PI-12, CS-2.3)")
            return nil
        }
        let part = reader.string("part", of: node)
        if let part, !parts.contains(part) {
            reader.report(
                node["part"], ja: "条項 \(id) の part \"\(part)\" は parts に定義されていません",
                en: "clause \(id): part \"\(part)\" is not defined in parts")
        }
        let number = reader.string("number", of: node)
        let title = reader.text("title", of: node)
        let summary = reader.text("summary", of: node)
        let evidence = names(
            node, "evidence", required: true, known: Set(EvidenceKind.allCases.map(\.rawValue)),
            ja: "証跡の種類", en: "evidence kind"
        ).compactMap(EvidenceKind.init(rawValue:))
        let checks = reader.sequence(node["checks"], "checks", in: node, required: true).compactMap { check($0, clause: id) }
        if node["checks"]?.sequence?.isEmpty == true {
            reader.report(node["checks"], ja: "条項 \(id) の checks が空です（証跡のない条項は info）", en: "clause \(id): checks is empty (use info)")
        }
        let reports = names(node, "reports", known: references.reports, ja: "報告書", en: "report")
            .compactMap(DocumentKind.init(rawValue:))
        guard let part, let number, let title, let summary else { return nil }
        return Clause(id: id, part: part, number: number, title: title, summary: summary, evidence: evidence, checks: checks, reports: reports)
    }

    /// Whether `id` can be a clause's ID: it goes into page addresses and documents as it is.
    static func isClauseID(_ id: String) -> Bool {
        let alphanumeric = { (byte: UInt8) in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard let first = id.utf8.first, alphanumeric(first), id.utf8.count <= 20 else { return false }
        return id.utf8.allSatisfy { alphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }
    }

    /// The names listed at `key`, each checked against `known`.
    mutating func names(
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
}

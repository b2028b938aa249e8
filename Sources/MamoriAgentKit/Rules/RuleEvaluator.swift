/// The outcome of one rule on one PC.
public struct AgentResult: Sendable, Codable, Equatable {
    /// `pass`, `fail`, or `unknown` when a fact could not be observed.
    public enum Status: String, Sendable, Codable {
        case pass, fail, unknown
    }

    /// The check, e.g. `password.min_length`.
    public var rule: String
    public var status: Status
    /// What was seen, e.g. `linux.password.min_length = 4`.
    public var observed: String
    /// What was required, e.g. `linux.password.min_length ≥ 6`.
    public var expected: String
}

/// Applies rules to facts with the contract's parameters. Pure: the server re-runs it on submitted facts.
public struct RuleEvaluator: Sendable {
    public var parameters: AgentParameters

    /// An evaluator with these parameters.
    public init(parameters: AgentParameters) {
        self.parameters = parameters
    }

    /// Every rule of the book on these facts.
    public func evaluate(_ book: RuleBook, facts: [Fact]) -> [AgentResult] {
        PreparedRules(book, parameters: parameters).evaluate(facts)
    }

    /// A rule's status on these facts and what was seen; `listDigests` names, by fact key, the part a list fact came in.
    func outcome(_ rule: AgentRule, facts: [String: FactValue], listDigests: [String: String]) -> (status: AgentResult.Status, observed: String) {
        let outcomes = (rule.all ?? rule.any ?? []).map { condition($0, facts: facts, listDigests: listDigests) }
        let status: AgentResult.Status
        if rule.all != nil {
            status = outcomes.contains { $0.status == .fail } ? .fail : outcomes.contains { $0.status == .unknown } ? .unknown : .pass
        } else {
            status = outcomes.contains { $0.status == .pass } ? .pass : outcomes.contains { $0.status == .unknown } ? .unknown : .fail
        }
        return (status, outcomes.map(\.observed).joined(separator: "; "))
    }

    private func condition(
        _ condition: RuleCondition, facts: [String: FactValue],
        listDigests: [String: String]
    ) -> (status: AgentResult.Status, observed: String) {
        guard let value = facts[condition.fact] else {
            return (.unknown, "\(condition.fact): not collected")
        }
        let observed = "\(condition.fact) = \(Self.describe(value))"
        if case .unknown = value { return (.unknown, observed) }
        guard let holds = holds(condition, value, digest: listDigests[condition.fact]) else {
            let unset = condition.op == .allIn && condition.parameter.flatMap(parameters.list)?.isEmpty == true
            return (.unknown, observed + (unset ? " (no \(condition.parameter!) set in the parameters)" : " (cannot compare)"))
        }
        return (holds ? .pass : .fail, observed)
    }

    /// Whether the condition holds; nil when the value's kind does not fit the operator or a parameter is missing.
    private func holds(_ condition: RuleCondition, _ value: FactValue, digest: String?) -> Bool? {
        switch (condition.op, value) {
        case (.eq, .bool(let actual)): if case .bool(let wanted)? = condition.value { return actual == wanted }
        case (.eq, .int(let actual)): if case .int(let wanted)? = condition.value { return actual == wanted }
        case (.eq, .text(let actual)): return actual == condition.value?.description
        case (.le, .int(let actual)): return bound(condition).map { actual <= $0 }
        case (.ge, .int(let actual)): return bound(condition).map { actual >= $0 }
        // Off or "never" meets no threshold and equals no setting: a screen that never locks is not "≤ 900 s".
        case (.eq, .never), (.le, .never), (.ge, .never): return false
        case (.empty, .list(let items)): return items.isEmpty
        case (.nonempty, .list(let items)): return !items.isEmpty
        case (.noneIn, .list(let items)):
            guard let names = condition.parameter.flatMap(parameters.list) else { return nil }
            return !NameList.anyMatches(names, items, digest: digest)
        case (.allIn, .list(let items)):
            guard let names = condition.parameter.flatMap(parameters.list) else { return nil }
            // An allow list nobody set proves nothing, unless the rule says an empty list allows nothing.
            if names.isEmpty, condition.emptyAllowsNothing != true { return nil }
            return NameList.allMatch(names, items, digest: digest)
        default: return nil
        }
        return nil
    }

    private func bound(_ condition: RuleCondition) -> Int? {
        if let parameter = condition.parameter { return parameters.number(parameter) }
        if case .int(let value)? = condition.value { return value }
        return nil
    }

    /// What a condition requires, with the parameters written out.
    func describe(_ condition: RuleCondition) -> String {
        let target =
            condition.parameter.map { name in
                parameters.number(name).map { "\($0) (\(name))" } ?? parameters.list(name).map { "[\($0.joined(separator: ", "))] (\(name))" } ?? name
            } ?? condition.value?.description ?? ""
        return switch condition.op {
        case .eq: "\(condition.fact) = \(target)"
        case .le: "\(condition.fact) ≤ \(target)"
        case .ge: "\(condition.fact) ≥ \(target)"
        case .empty: "\(condition.fact) empty"
        case .nonempty: "\(condition.fact) not empty"
        case .noneIn: "\(condition.fact) has none of \(target)"
        case .allIn: "\(condition.fact) all in \(target)"
        }
    }

    static func describe(_ value: FactValue) -> String {
        switch value {
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .text(let value): value
        case .list(let items): items.isEmpty ? "[]" : "[" + items.prefix(8).joined(separator: ", ") + (items.count > 8 ? ", … (\(items.count))" : "") + "]"
        case .unknown(let reason): "unknown (\(reason))"
        case .never(let seen): "never (\(seen))"
        }
    }
}

/// A rule book with the parameters applied once — what each condition requires, written out — so that evaluating a
/// PC's facts only looks at the facts: a server evaluates every check-in of an organization with the same book.
public struct PreparedRules: Sendable {
    public let book: RuleBook
    private let evaluator: RuleEvaluator
    /// What every result of this book says whatever the facts: each rule's check and requirement.
    public let ruleSet: RuleSet

    /// The book with these parameters: what each rule requires written out once, its conditions' requirements joined
    /// by "and" (all) or "or" (any).
    public init(_ book: RuleBook, parameters: AgentParameters) {
        self.book = book
        evaluator = RuleEvaluator(parameters: parameters)
        ruleSet = RuleSet(
            book.rules.map { [evaluator] rule in
                RuleSet.Rule(
                    rule: rule.check,
                    expected: (rule.all ?? rule.any ?? []).map(evaluator.describe).joined(separator: rule.all != nil ? " and " : " or "))
            })
    }

    /// Every rule on these facts; `listDigests` names, by fact key, the part each list fact came in (a check-in's).
    public func evaluate(_ facts: [Fact], listDigests: [String: String] = [:]) -> [AgentResult] {
        var index: [String: FactValue] = [:]
        index.reserveCapacity(facts.count)
        for fact in facts { index[fact.key] = fact.value }
        return zip(book.rules, ruleSet.rules).map { rule, said in
            let (status, observed) = evaluator.outcome(rule, facts: index, listDigests: listDigests)
            return AgentResult(rule: said.rule, status: status, observed: observed, expected: said.expected)
        }
    }
}

extension FactValue {
    /// The worst of the values several users are held to, so that one user's lax setting is never hidden by another's:
    /// off or never first, then the unsafe flag (`unsafe`, for flags), then a value not known, then the largest number.
    static func worst(_ values: [FactValue], unsafe: Bool? = nil, none: String) -> FactValue {
        if let never = values.first(where: { if case .never = $0 { true } else { false } }) { return never }
        if let unsafe, let found = values.first(where: { $0 == .bool(unsafe) }) { return found }
        if let unknown = values.first(where: { !$0.isKnown }) { return unknown }
        return values.max { lhs, rhs in
            if case .int(let left) = lhs, case .int(let right) = rhs { return left < right }
            return false
        } ?? .unknown(none)
    }

    /// This value with whose it is written into what was seen (`hanako: idle-delay 0: …`); other kinds stay as they are.
    func said(by user: String?) -> FactValue {
        guard let user else { return self }
        return switch self {
        case .never(let seen): .never("\(user): \(seen)")
        case .unknown(let reason): .unknown("\(user): \(reason)")
        default: self
        }
    }
}

import MamoriCore

extension AgentParameters {
    /// The thresholds and lists a contract sets for its PCs: each catalog parameter that names an agent setting
    /// (`agent:`) gives it the contract's value (the catalog's default where the contract sets none); a setting no
    /// parameter names keeps the agent's own default.
    public init(_ contract: ContractState, catalog: Catalog) {
        self.init()
        for declared in catalog.parameters {
            guard let setting = declared.agent, let value = contract.parameter(declared.id, in: catalog) else { continue }
            switch (setting, value) {
            case (.passwordMinLength, .integer(let length, _)): passwordMinLength = length
            case (.passwordMaxAge, .duration(let period)): passwordMaxAgeDays = Self.seconds(period) / 86_400
            case (.screenLockMaxIdle, .duration(let period)): screenLockMaxIdleSeconds = Self.seconds(period)
            case (.avDefinitionsMaxAge, .duration(let period)): avDefinitionsMaxAgeDays = Self.seconds(period) / 86_400
            case (.deniedSoftware, .list(let names)): deniedSoftware = names
            case (.allowedSoftware, .list(let names)): allowedSoftware = names
            case (.allowedUSBDevices, .list(let devices)): allowedUSBDevices = devices
            default: continue
            }
        }
    }

    /// A period in seconds (a month as 30 days, a year as 365). A period stored before periods were bounded counts as
    /// the longest accepted (100 years), never overflows.
    private static func seconds(_ period: Period) -> Int {
        let unit =
            switch period.unit {
            case .minute: 60
            case .hour: 3600
            case .day: 86_400
            case .week: 7 * 86_400
            case .month: 30 * 86_400
            case .year: 365 * 86_400
            }
        let maximum = Period.maximumEvery(period.unit)
        return min(max(period.every, -maximum), maximum) * unit
    }
}

extension AgentContract {
    /// What a contract's PCs are told: its catalog, its parameters and, per check, the clauses the catalog files it under.
    public init(_ contract: ContractState, catalog: Catalog) {
        self.init(
            catalog: "\(catalog.id) \(catalog.version)", parameters: AgentParameters(contract, catalog: catalog),
            clauses: catalog.clausesByAgentCheck)
    }
}

import MamoriAgentKit

extension CatalogReferences {
    /// What Mamori's catalogs may refer to: the product's record types and documents, and the agent's bundled checks
    /// (none if their file cannot be read, so that every agent check a catalog names is then reported).
    public static var product: CatalogReferences {
        let checks = try? AgentCheckCatalog.bundled()
        return CatalogReferences(rules: checks?.ids ?? [], titles: checks?.titles ?? [:])
    }
}

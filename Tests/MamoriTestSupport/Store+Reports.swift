import MamoriStore

extension Store {
    /// Stores reports in one batch, as the report writer does, each evaluated for `organizationID`.
    public func add(_ reports: [DeviceReport], of organizationID: String) async throws {
        try await add(reports.map { ($0, organizationID) })
    }
}

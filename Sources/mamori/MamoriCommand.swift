import ArgumentParser

/// `mamori`: the contractor's and the city's command line.
@main
struct MamoriCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mamori",
        abstract: "Mamori (守り): 個人情報の取扱いに関する遵守事項を運用し、証明する / make every clause of the annex operational and provable.",
        subcommands: [
            CatalogCommand.self, OrgCommand.self, ContractCommand.self, StaffCommand.self, TrainingCommand.self, PledgeCommand.self,
            DataCommand.self, IncidentCommand.self, ApprovalCommand.self, AttestCommand.self, RegisterCommand.self,
            RecordCommand.self, StatusCommand.self, ServeCommand.self, UserCommand.self, ReportCommand.self, BundleCommand.self, LedgerCommand.self,
            StoreCommand.self, BackupCommand.self, RestoreCommand.self, DemoCommand.self
        ]
    )
}

import ArgumentParser
import MamoriCore
import MamoriStore

/// `mamori org …`: contractors and cities.
struct OrgCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org", abstract: "組織（受託者・区）/ Organizations: contractors and cities.",
        subcommands: [Create.self, List.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "組織の登録 / Register an organization.")
        @Option(help: "contractor or city.") var kind: Organization.Kind
        @Option(help: "Name, e.g. 中野区.") var name: String
        @Option(help: "ID (default: generated).") var id: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let id = id ?? Store.newID(kind.rawValue)
            try await store.run(CreateOrganization(organization: Organization(id: id, kind: kind, name: name)), id: id)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "組織の一覧 / List organizations.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let organizations = try await store.open().state().organizations.values.sorted { $0.id < $1.id }
            switch store.output.format {
            case .json: try store.output.printJSON(organizations)
            case .text:
                for organization in organizations {
                    let kind = organization.kind == .city ? LocalizedText(ja: "区", en: "city") : LocalizedText(ja: "受託者", en: "contractor")
                    print("\(organization.id)  [\(kind.text(store.output.lang))]  \(organization.name)")
                }
            }
        }
    }
}

import ArgumentParser
import Foundation
import HummingbirdBcrypt
import MamoriCore
import MamoriStore

/// `mamori user …`: accounts for the web application, e.g. the city's first reviewer.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Web のアカウント / Accounts of the web application.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "アカウントの追加 / Add an account; a random password is printed once.")
        @Option(help: "Login name.") var login: String
        @Option(help: "Display name.") var name: String
        @Option(help: "Organization ID.") var organization: String
        @Option(help: "contractor-administrator, responsible, supervisor, staff, city-reviewer or city-auditor.") var role: AccountRole
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try await store.open()
            guard let kind = try await opened.state().organizations[organization]?.kind else {
                throw ValidationError(LocalizedText(ja: "組織 \"\(organization)\" はありません", en: "no organization \"\(organization)\"").text(store.output.lang))
            }
            guard role.organizationKind == kind else {
                throw ValidationError(
                    LocalizedText(
                        ja: "役割 \(role.rawValue) はこの組織の種類にありません",
                        en: "role \(role.rawValue) does not belong to a \(kind.rawValue)"
                    ).text(store.output.lang))
            }
            let password = ServeCommand.randomPassword()
            let account = Account(
                id: Store.newID("account"), login: login, displayName: name,
                passwordHash: Bcrypt.hash(password, cost: 12), createdAt: Date())
            try await store.refusing {
                try await opened.createAccount(account, memberships: [Membership(accountID: account.id, organizationID: organization, role: role)])
            }
            print(
                LocalizedText(ja: "作成しました: \(login)  初期パスワード: \(password)", en: "created: \(login)  initial password: \(password)")
                    .text(store.output.lang))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "アカウントの一覧 / List an organization's accounts.")
        @Option(help: "Organization ID.") var organization: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            for member in try await store.open().members(of: organization) {
                print("\(member.account.login)\t\(member.account.displayName)\t\(member.role.label.text(store.output.lang))")
            }
        }
    }
}

extension AccountRole: ExpressibleByArgument {}

import ArgumentParser
import Foundation
import HummingbirdBcrypt
import MamoriCore
import MamoriStore

/// `mamori user …`: accounts for the web application, e.g. the city's first reviewer.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Web のアカウント / Accounts of the web application.", subcommands: [Add.self, ResetPassword.self, List.self])

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
            var account = Account(
                id: Store.newID("account"), login: login, displayName: name,
                passwordHash: Bcrypt.hash(password, cost: 12), createdAt: Date())
            // Chosen here, not by the person: changed at the first sign-in, as an administrator's invitation is.
            account.mustChangePassword = true
            try await store.refusing {
                try await opened.createAccount(account, memberships: [Membership(accountID: account.id, organizationID: organization, role: role)])
            }
            print(
                LocalizedText(ja: "作成しました: \(login)  初期パスワード: \(password)", en: "created: \(login)  initial password: \(password)")
                    .text(store.output.lang))
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "パスワードの再設定 / Give an account a new random password, printed once, to be changed at the next sign-in.")
        @Option(help: "Login name.") var login: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let password = ServeCommand.randomPassword()
            guard try await store.open().resetPassword(Bcrypt.hash(password, cost: 12), login: login) else {
                throw ValidationError(LocalizedText(ja: "アカウント \(login) はありません", en: "no account \(login)").text(store.output.lang))
            }
            print(
                LocalizedText(
                    ja: "再設定しました: \(login)  新しいパスワード: \(password)（次回のログインで変更してください）",
                    en: "reset: \(login)  new password: \(password) (to be changed at the next sign-in)"
                ).text(store.output.lang))
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

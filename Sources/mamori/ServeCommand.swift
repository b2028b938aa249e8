import ArgumentParser
import Configuration
import Foundation
import Hummingbird
import HummingbirdBcrypt
import Logging
import MamoriCore
import MamoriServer
import MamoriStore

/// `mamori serve`: the web application, on the embedded SQLite store or on PostgreSQL (several servers may share one).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Web アプリケーション / Run the web application (pages, JSON API, agent check-in).")
    @Option(help: "Address to listen on.") var hostname = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Data directory (default ./mamori-data): the key files, and the SQLite database unless --database.") var data = "mamori-data"
    @Option(help: ArgumentHelp(StoreOptions.databaseHelp)) var database: String?
    @Flag(help: "Load the demo contract and demo accounts into an empty data directory.") var demo = false
    @Flag(help: "Mark cookies Secure (when served over HTTPS).") var secureCookies = false
    @Option(
        help:
            "Mail alerts through this SMTP server: smtp://user:password@host:587 (STARTTLS required), smtps://…:465, or smtp+plain://127.0.0.1:25 (a relay on this machine). Default $MAMORI_SMTP_URL; without it, alerts are in the application only."
    )
    var smtp: String?
    @Option(help: "The sender address of alert mail (default $MAMORI_MAIL_FROM, else mamori@ the SMTP server's domain).") var mailFrom: String?
    @Option(help: "A PEM file of the CA that signs the SMTP server's certificate, if the system does not trust it (default $MAMORI_SMTP_CA_FILE).")
    var smtpCAFile: String?
    @Option(help: "The address people open Mamori at, for the link in each mail (default $MAMORI_PUBLIC_URL, else http://HOSTNAME:PORT).")
    var publicURL: String?
    @Option(
        help:
            "An environment file of settings (NAME=value lines: MAMORI_SESSION_MINUTES, MAMORI_LOCKOUT_ATTEMPTS, MAMORI_BODY_LIMIT_KILOBYTES, MAMORI_BCRYPT_COST, MAMORI_SMTP_URL…; see the README). The process's own environment variables come first."
    )
    var settings: String?

    func run() async throws {
        var logger = Logger(label: "mamori")
        logger.logLevel = .info
        let settings = try await serverSettings()
        let store: Store
        do {
            store = try await StoreOptions.open(data: data, database: database)
        } catch let error as StoreError {
            // Said in both languages, as the server's other messages are (not the error's Swift description).
            printError("エラー: \(error.message.ja) / error: \(error.message.en)")
            throw ExitCode(1)
        }
        if demo { try await loadDemo(into: store, cost: settings.passwordCost) }
        let mail = try mailSettings(settings)
        let environment = ServerEnvironment(store: store, settings: settings, secureCookies: secureCookies, mail: mail)
        if try await store.accountCount() == 0 {
            Self.say(
                "初期設定: http://\(hostname):\(port)/setup で最初の管理者を作成してください"
                    + " / first run: create the first administrator at http://\(hostname):\(port)/setup")
        }
        Self.say("Mamori: http://\(hostname):\(port)/")
        // The dashboards' evaluation is worked out while the server starts listening.
        Task.detached { try? await environment.warm() }
        Self.say(
            mail.map { "メール送信: \($0.description) / alert mail through \($0.server)" }
                ?? "メール送信: オフ（お知らせはアプリ内のみ） / alert mail is off (--smtp): alerts are in the application only")
        let worker = try AlertWorker(environment: environment, mail: mail, logger: logger)
        let snapshots = StateSnapshotService(store: store, logger: logger)
        let app = MamoriApp.application(environment, hostname: hostname, port: port, logger: logger, services: [worker, snapshots])
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    /// The operator's settings: the environment, then the `--settings` file; refused at start when one is unusable.
    private func serverSettings() async throws -> ServerSettings {
        let config: ConfigReader
        do {
            config = try await ServerSettings.reader(environmentFile: settings)
        } catch {
            throw ValidationError("設定ファイル \(settings ?? "") を読めません / the settings file \(settings ?? "") cannot be read: \(error)")
        }
        do {
            return try ServerSettings(config)
        } catch {
            throw ValidationError("\(error.message.ja) / \(error.message.en)")
        }
    }

    /// The mail settings from the options or the settings; nil when no SMTP server is given.
    private func mailSettings(_ settings: ServerSettings) throws -> MailSettings? {
        guard let url = smtp ?? settings.smtpURL, !url.isEmpty else { return nil }
        let host = URLComponents(string: url)?.host ?? ""
        guard
            let from = mailFrom ?? settings.mailFrom
                ?? (host.contains(".") && Double(host.replacingOccurrences(of: ".", with: "")) == nil ? "mamori@\(host)" : nil)
        else {
            throw ValidationError("--mail-from（または MAMORI_MAIL_FROM）で送信元アドレスを指定してください / give the sender address with --mail-from (or MAMORI_MAIL_FROM)")
        }
        do {
            return try MailSettings(
                url: url, from: from, caFile: smtpCAFile ?? settings.smtpCAFile,
                publicURL: publicURL ?? settings.publicURL ?? "http://\(hostname):\(port)")
        } catch {
            throw ValidationError("\(error.message.ja) / \(error.message.en)")
        }
    }

    /// The demo contract and one account per kind of user, each with a new random password printed here.
    private func loadDemo(into store: Store, cost: UInt8) async throws {
        if try await store.state().contracts.isEmpty {
            try await DemoScenario(vault: store.vault, now: Date()).load(into: store)
        }
        guard try await store.accountCount() == 0 else {
            Self.say(
                "デモ: アカウントは作成済みです（パスワードを忘れたら mamori user reset-password --login sato）"
                    + " / demo: accounts already exist; a forgotten password: mamori user reset-password --login sato")
            return
        }
        let users: [(String, String, String, AccountRole)] = [
            ("sato", "佐藤 花子", DemoScenario.contractorID, .supervisor),
            ("admin", "山田 太郎", DemoScenario.contractorID, .contractorAdministrator),
            ("city", "中野区 税務課", DemoScenario.cityID, .cityReviewer),
            ("auditor", "中野区 監査担当", DemoScenario.cityID, .cityAuditor)
        ]
        Self.say("デモのアカウント / demo accounts (admin and city accounts set up TOTP at first sign-in):")
        for (login, name, organization, role) in users {
            let password = ServeCommand.randomPassword()
            let account = Account(
                id: Store.newID("account"), login: login, displayName: name,
                passwordHash: Bcrypt.hash(password, cost: cost), createdAt: Date())
            try await store.createAccount(account, memberships: [Membership(accountID: account.id, organizationID: organization, role: role)])
            Self.say("  \(login.padding(toLength: 8, withPad: " ", startingAt: 0)) \(password)   \(role.label.ja) / \(role.label.en)")
        }
    }

    /// Writes a line unbuffered, so that the sign-in reaches a terminal or a log file before the server runs.
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// A new random password that the web application's password policy accepts.
    static func randomPassword() -> String {
        PasswordPolicy.randomPassword()
    }
}

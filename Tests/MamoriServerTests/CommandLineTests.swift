import Foundation
import HummingbirdBcrypt
import MamoriAgentKit
import MamoriStore
import Testing

/// `mamori` and `mamori-agent` as a person or a script runs them: real processes (the executables built beside this
/// test bundle), their exit codes, text and JSON on standard output, errors on standard error in Japanese and with
/// `--lang en` in English — including values that begin with `-` (a negative count, a reason, an enrollment token).
@Suite struct CommandLineTests {
    /// A program's exit status and what it printed.
    struct Run {
        var status: Int32
        var out: String
        var err: String
    }

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-cli-\(UUID().uuidString)")
    static let contract = DemoScenario.contractID

    /// The executables built with the tests (the test bundle's own directory).
    static func executable(_ name: String) throws -> URL {
        let url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else { throw TestFailure("\(name) is not built beside \(CommandLine.arguments[0])") }
        return url
    }

    /// Runs `name` with `arguments` in the test's directory.
    func run(_ name: String, _ arguments: [String]) throws -> Run {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let finished = try ChildProcess.run([try Self.executable(name).path] + arguments, directory: directory.path, timeout: .seconds(600))
        let status: Int32 =
            switch finished.termination {
            case .exited(let code): code
            case .signaled(let signal): 128 + signal
            }
        return Run(status: status, out: finished.outputText, err: finished.errorText)
    }

    func mamori(_ arguments: String...) throws -> Run {
        try run("mamori", arguments + ["--data", directory.appendingPathComponent("data").path])
    }

    @Test func theDemoStatusAndVerificationAnswerInTextAndJSON() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = try mamori("demo")
        #expect(demo.status == 0 && demo.out.contains("デモデータを作成しました: 契約 \(Self.contract)"), "\(demo)")

        let json = try mamori("status", Self.contract, "--format", "json")
        #expect(json.status == 0)
        let clauses = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
        #expect(clauses.count == 51 && clauses.allSatisfy { ($0["clause"] as? String) != nil && ($0["status"] as? String) != nil })
        let english = try mamori("status", Self.contract, "--lang", "en")
        #expect(english.status == 0 && english.out.contains("PI-1") && english.out.contains("Safeguards for personal data"))
        let japanese = try mamori("status", Self.contract)
        #expect(japanese.out.contains("遵守") && !japanese.out.contains("compliant"), "\(japanese.out.prefix(300))")

        let verified = try mamori("ledger", "verify", "--format", "json")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(verified.out.utf8)) as? [String: Any])
        #expect(verified.status == 0 && result["intact"] as? Bool == true && (result["entries"] as? Int ?? 0) > 40)
    }

    /// An administrator gives a person who forgot their password a new one, printed once; like an account added from
    /// the command line, it must be changed at the next sign-in, and the old password and sessions no longer work.
    @Test func aForgottenPasswordIsResetAndMustBeChanged() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try mamori("demo").status == 0)
        let added = try mamori("user", "add", "--login", "kato", "--name", "加藤", "--organization", DemoScenario.contractorID, "--role", "staff")
        let initial = try #require(added.out.components(separatedBy: "初期パスワード: ").dropFirst().first?.prefix { !$0.isWhitespace })
        #expect(added.status == 0, "\(added)")
        let reset = try mamori("user", "reset-password", "--login", "kato")
        let password = try #require(reset.out.components(separatedBy: "新しいパスワード: ").dropFirst().first?.prefix { $0 != "（" })
        #expect(reset.status == 0 && password.count >= 12 && password != initial, "\(reset)")
        let unknown = try mamori("user", "reset-password", "--login", "nobody", "--lang", "en")
        #expect(unknown.status != 0 && unknown.err.contains("no account nobody"), "\(unknown)")
        let store = try await Store(directory: directory.appendingPathComponent("data"))
        defer { try? store.close() }
        let kato = try #require(try await store.account(login: "kato"))
        #expect(Bcrypt.verify(String(password), hash: kato.passwordHash) && !Bcrypt.verify(String(initial), hash: kato.passwordHash))
        #expect(kato.mustChangePassword == true)
    }

    @Test func errorsNameWhatIsWrongInEitherLanguageWithExitCodeOne() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try mamori("demo").status == 0)
        let unknown = try mamori("status", "nope")
        #expect(unknown.status == 1 && unknown.err.contains("エラー: 契約 \"nope\" は存在しません") && unknown.out.isEmpty, "\(unknown)")
        let english = try mamori("status", "nope", "--lang", "en")
        #expect(english.status == 1 && english.err.contains("error: unknown contract \"nope\""), "\(english)")
        // With --format json, the error is JSON too, in both languages.
        let json = try mamori("status", "nope", "--format", "json")
        let error = try #require(try JSONSerialization.jsonObject(with: Data(json.err.utf8)) as? [String: [String: String]])
        #expect(json.status == 1 && error["error"]?["en"] == "unknown contract \"nope\"" && error["error"]?["ja"] == "契約 \"nope\" は存在しません", "\(json)")
        // A data directory holding no store is named, and nothing is written into it.
        let missing = try run("mamori", ["ledger", "verify", "--data", directory.appendingPathComponent("typo").path, "--lang", "en"])
        #expect(missing.status == 1 && missing.err.contains("no store in") && missing.out.isEmpty, "\(missing)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("typo/mamori.key").path))
        // A usage error is ArgumentParser's exit code 64, naming the option.
        let usage = try mamori("status", Self.contract, "--format", "xml")
        #expect(usage.status == 64 && usage.err.contains("--format"), "\(usage)")

        // A negative count reaches the count's own limit, not "missing value".
        let negative = try mamori("data", "copy", "DA-02", "--contract", Self.contract, "--person", "P03", "--copies", "-3")
        #expect(negative.status == 1 && negative.err.contains("copies: 1 から 10000 までの整数です（入力 -3）"), "\(negative)")
        let negativeEN = try mamori("data", "copy", "DA-02", "--contract", Self.contract, "--person", "P03", "--copies", "-3", "--lang", "en")
        #expect(negativeEN.status == 1 && negativeEN.err.contains("must be a whole number from 1 to 10000 (got -3)"), "\(negativeEN)")
    }

    @Test func aRecordIsWrittenAndVoidedWithAReasonBeginningWithADash() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try mamori("demo").status == 0)
        let copy = try mamori("data", "copy", "DA-02", "--contract", Self.contract, "--person", "P03", "--copies", "1", "--format", "json")
        let written = try #require(try JSONSerialization.jsonObject(with: Data(copy.out.utf8)) as? [String: String])
        let id = try #require(written["id"])
        #expect(copy.status == 0 && written["type"] == "data.copy" && written["hash"]?.count == 64)

        let voided = try mamori("data", "void", id, "--contract", Self.contract, "--reason", "-部数の誤り")
        #expect(voided.status == 0 && voided.out.contains("記録しました: \(id)"), "\(voided)")
        let again = try mamori("data", "void", id, "--contract", Self.contract, "--reason", "x", "--lang", "en")
        #expect(again.status == 1 && again.err.contains("is already voided"), "\(again)")
        let history = try mamori("data", "history", "DA-02", "--contract", Self.contract)
        #expect(history.out.contains("\(id)") && history.out.contains("取消済み（-部数の誤り）"), "\(history.out)")
        let json = try mamori("data", "history", "DA-02", "--contract", Self.contract, "--format", "json")
        let lines = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]])
        let line = try #require(lines.first { $0["id"] as? String == id })
        #expect(line["kind"] as? String == "copy" && (line["void"] as? [String: Any])?["reason"] as? String == "-部数の誤り", "\(line)")
        #expect(lines.filter { $0["void"] != nil }.count == 1, "only the voided event says so")
        #expect(try mamori("ledger", "verify").status == 0)
    }

    @Test func theAgentTakesATokenBeginningWithADashAndAnswersInEitherLanguage() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let state = directory.appendingPathComponent("agent").path
        // Port 9 (discard) answers nothing: the enrollment fails on the exchange, not on the token's first character.
        let enroll = try run("mamori-agent", ["enroll", "--server", "http://127.0.0.1:9", "--token", "-abc", "--state", state, "--lang", "en"])
        #expect(enroll.status != 0 && enroll.err.contains("cannot reach the server") && !enroll.err.contains("Missing value"), "\(enroll)")
        let verify = try run("mamori-agent", ["verify", directory.appendingPathComponent("none.json").path])
        #expect(verify.status != 0 && verify.err.contains("署名"), "\(verify)")
        let verifyEN = try run("mamori-agent", ["verify", directory.appendingPathComponent("none.json").path, "--lang", "en"])
        #expect(verifyEN.err.contains("the signature does not verify"), "\(verifyEN)")
        let checks = try run("mamori-agent", ["checks", "--lang", "en"])
        #expect(checks.status == 0 && checks.out.contains("av.installed") && checks.out.contains("An antivirus product is installed"))
    }
}

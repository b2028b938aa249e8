import ArgumentParser
import Foundation
import MamoriAgentKit

/// `mamori-agent scan`: collect, check, print; exit 0 when all pass, 1 when any fails, 2 on an agent error.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan", abstract: "この PC の点検 / Check this PC (exit 0 all pass, 1 any fail, 2 agent error).")

    @Option(help: "Directory standing for / (Linux; for prepared trees).") var root = "/"
    @Option(help: "ja (default) or en.") var lang = "ja"
    @Option(help: "text (default) or json.") var format = "text"
    @Option(help: "Contract parameters file (YAML or JSON); by default those the server sent (contract.json in the state directory).")
    var parameters: String?
    @Flag(help: "Sign the report with the device key.") var sign = false
    @Flag(help: "Post the report, signed, to the server this device enrolled with.") var submit = false
    @Flag(help: "Also simulate an upgrade to count pending security updates (slow with full package lists).") var checkUpdates = false
    @Option(help: "Write the report (signed with --sign) to this file.") var out: String?
    @OptionGroup var network: ConnectionOptions
    @OptionGroup var state: StateOptions

    func run() throws {
        do {
            try scan()
        } catch let error as AgentError {
            throw fail(error, lang: lang)
        }
    }

    private func scan() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw AgentError.badOption(ja: "--root \(root) はディレクトリではありません", en: "--root \(root) is not a directory")
        }
        let contract = AgentContract.saved(in: state.url)
        let parameterValues: AgentParameters
        do {
            parameterValues = try parameters.map { try AgentParameters.load(URL(fileURLWithPath: $0)) } ?? contract?.parameters ?? AgentParameters()
        } catch {
            throw AgentError.badParameters("\(parameters ?? ""): \(error)")
        }
        let key = sign || submit ? try DeviceKey(state: state.url, create: false) : nil
        let inventoryFile = state.url.appendingPathComponent("last-inventory.json")
        let previous = (try? Data(contentsOf: inventoryFile)).flatMap { try? JSONDecoder().decode(Inventory.self, from: $0) }
        let report = try AgentScan(root: URL(fileURLWithPath: root), parameters: parameterValues, checkUpdates: checkUpdates)
            .run(deviceID: key?.deviceID ?? "unenrolled", previous: previous)
        if root == "/", FileManager.default.fileExists(atPath: state.url.path) {
            try? JSONEncoder().encode(report.inventory).write(to: inventoryFile)
        }
        if let out {
            let data = try key.map { try JSONEncoder.pretty.encode($0.sign(report)) } ?? JSONEncoder.pretty.encode(report)
            guard FileManager.default.createFile(atPath: out, contents: data) else { throw AgentError.cannotWrite(out) }
        }
        if submit, let key {
            let counts = try ServerClient(try SubmitCommand.enrolledConnection(state, network)).submit(report, key: key, state: state.url)
            FileHandle.standardError.write(
                Data(
                    (lang == "en"
                        ? "sent: \(counts.passed) pass, \(counts.failed) fail, \(counts.unknown) unknown\n"
                        : "送信しました: 合格 \(counts.passed)、不合格 \(counts.failed)、不明 \(counts.unknown)\n").utf8))
        }
        if format == "json" {
            print(String(decoding: try JSONEncoder.pretty.encode(ScanJSON(report, contract: contract)), as: UTF8.self))
        } else {
            print(ScanTable(report: report, contract: contract, english: lang == "en").render())
        }
        if !report.allPass { throw ExitCode(1) }
    }
}

/// `scan --format json`: `device`, `results` (rule, status, observed, expected, and the clauses the contract's
/// catalog files the check under, once the server has sent them), `inventory`.
struct ScanJSON: Encodable {
    struct Result: Encodable {
        var rule: String
        var clauses: [String]
        var status: AgentResult.Status
        var observed: String
        var expected: String
    }

    var device: AgentReport.Device
    var platform: String
    var generated_at: String
    var catalog: String?
    var results: [Result]
    var inventory: Inventory
    var inventory_diff: InventoryDiff?

    init(_ report: AgentReport, contract: AgentContract?) {
        device = report.device
        platform = report.platform
        generated_at = report.generatedAt
        catalog = contract?.catalog
        results = report.results.map {
            Result(rule: $0.rule, clauses: contract?.clauses[$0.rule] ?? [], status: $0.status, observed: $0.observed, expected: $0.expected)
        }
        inventory = report.inventory
        inventory_diff = report.inventoryDiff
    }
}

/// The readable table of a scan.
struct ScanTable {
    var report: AgentReport
    /// The contract's settings, for the clauses each check proves.
    var contract: AgentContract?
    var english: Bool

    func render() -> String {
        let titles = Dictionary(((try? AgentCheckCatalog.bundled().checks) ?? []).map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        var lines = [
            english
                ? "Mamori agent — \(report.inventory.hostname) (\(report.inventory.os))"
                : "Mamori エージェント — \(report.inventory.hostname)（\(report.inventory.os)）"
        ]
        for result in report.results {
            let mark =
                switch result.status {
                case .pass: "✔"
                case .fail: "✘"
                case .unknown: "?"
                }
            let status =
                switch result.status {
                case .pass: english ? "pass" : "合格"
                case .fail: english ? "FAIL" : "不合格"
                case .unknown: english ? "unknown" : "不明"
                }
            let title = titles[result.rule].map { english ? $0.en : $0.ja } ?? result.rule
            let clauses = contract?.clauses[result.rule]?.joined(separator: ",") ?? "—"
            lines.append("\(mark) \(clauses.padding(toLength: max(7, clauses.count), withPad: " ", startingAt: 0)) \(status)  \(title)")
            if result.status != .pass {
                lines.append("      \(english ? "seen" : "実測"): \(result.observed)")
                lines.append("      \(english ? "wanted" : "基準"): \(result.expected)")
            }
        }
        let count = { (status: AgentResult.Status) in report.results.filter { $0.status == status }.count }
        lines.append(
            english
                ? "pass \(count(.pass)) / fail \(count(.fail)) / unknown \(count(.unknown))"
                : "合格 \(count(.pass)) / 不合格 \(count(.fail)) / 不明 \(count(.unknown))")
        if let diff = report.inventoryDiff, !diff.isEmpty {
            lines.append(english ? "changed since the last scan:" : "前回からの変更:")
            lines += (diff.fieldsChanged + diff.softwareAdded.map { "+ \($0)" } + diff.softwareRemoved.map { "- \($0)" }).prefix(20).map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}

extension JSONEncoder {
    /// Pretty, key-sorted JSON.
    static var pretty: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

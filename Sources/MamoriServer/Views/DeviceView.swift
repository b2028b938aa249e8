import Foundation
import MamoriAgentKit
import MamoriCore
import MamoriStore

/// One PC: its latest results as this contract judges them, each check with the clauses it proves, and every report
/// it sent (`/contracts/{contract}/devices/{device}`).
struct DeviceView: PageView {
    let language: Language
    var contractID: String
    var device: Device
    var catalog: Catalog
    var evidence: DeviceEvidence?
    var reports: [DeviceReport]

    var title: LocalizedText { LocalizedText(ja: device.hostname, en: device.hostname) }

    var body: HTML {
        let l = language
        let latest: [HTML] = (evidence?.checks ?? []).map { check in
            let (status, word): (ClauseStatus, Label) =
                switch check.outcome {
                case .pass: (.compliant, .checkPassed)
                case .fail: (.violation, .checkFailed)
                case .unknown: (.noEvidence, .checkUnknown)
                }
            return """
                <tr class="status-\(status.rawValue)"><td>\(catalog.clauses(provedBy: check.rule).joined(separator: ", "))</td><td>\(catalog.checkTitle(check.rule).text(l))</td>\
                <td class="status"><span class="badge">\(word.text(l))</span></td><td>\(check.observed)</td><td>\(check.expected)</td></tr>
                """
        }
        let history: [HTML] = reports.map {
            "<tr><td>\($0.receivedAt.warekiTime)</td><td>\($0.generatedAt)</td><td>\($0.passed) / \($0.failed) / \($0.unknown)</td></tr>"
        }
        let results: HTML =
            latest.isEmpty
            ? "<p>\(Label.neverReported.text(l))</p>"
            : """
            <table class="grid"><thead><tr><th>\(Label.clauses.text(l))</th><th>\(Label.check.text(l))</th>\
            <th>\(Label.result.text(l))</th><th>\(Label.observed.text(l))</th>\
            <th>\(Label.expected.text(l))</th></tr></thead><tbody>\(latest)</tbody></table>
            """
        return """
            \(ContractNavigation.tabs(contractID, l))
            <p>\(device.id)　\(Label.enrolled.text(l)) \(Day(device.enrolledAt).wareki)</p>
            <h2>\(Label.latestResultsReEvaluatedBy.text(l))</h2>\(results)
            <h2>\(Label.reportHistory.text(l))</h2>
            <table class="grid"><thead><tr><th>\(Label.received.text(l))</th><th>\(Label.written.text(l))</th>\
            <th>\(Label.passFailUnknown.text(l))</th></tr></thead><tbody>\(history)</tbody></table>
            """
    }
}

import Foundation
import Synchronization

/// Request counters and latency histograms, written as Prometheus text at `/metrics`.
final class Metrics: Sendable {
    private struct Counts {
        var requests: [String: Int] = [:]
        var buckets: [Double: Int] = [:]
        var durationSum = 0.0
        var durationCount = 0
        var mail: [Bool: Int] = [:]
    }

    static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
    private let counts = Mutex(Counts())

    /// Counts a finished request under its route pattern (never its concrete path: IDs stay out of metrics).
    func record(method: String, route: String, status: Int, seconds: Double) {
        counts.withLock { counts in
            counts.requests["method=\"\(method)\",route=\"\(route)\",status=\"\(status)\"", default: 0] += 1
            for bound in Self.bounds where seconds <= bound { counts.buckets[bound, default: 0] += 1 }
            counts.durationSum += seconds
            counts.durationCount += 1
        }
    }

    /// Counts one mail attempt of an alert.
    func recordMail(sent: Bool) {
        counts.withLock { $0.mail[sent, default: 0] += 1 }
    }

    /// The Prometheus text exposition.
    func exposition() -> String {
        counts.withLock { counts in
            var text = "# HELP mamori_http_requests_total HTTP requests by route and status.\n# TYPE mamori_http_requests_total counter\n"
            for (labels, count) in counts.requests.sorted(by: { $0.key < $1.key }) {
                text += "mamori_http_requests_total{\(labels)} \(count)\n"
            }
            text += "# HELP mamori_http_request_duration_seconds Time to answer a request.\n# TYPE mamori_http_request_duration_seconds histogram\n"
            for bound in Self.bounds {
                text += "mamori_http_request_duration_seconds_bucket{le=\"\(bound)\"} \(counts.buckets[bound] ?? 0)\n"
            }
            text += "mamori_http_request_duration_seconds_bucket{le=\"+Inf\"} \(counts.durationCount)\n"
            text += "mamori_http_request_duration_seconds_sum \(counts.durationSum)\nmamori_http_request_duration_seconds_count \(counts.durationCount)\n"
            text += "# HELP mamori_alert_mail_attempts_total Attempts to mail an alert, by outcome.\n# TYPE mamori_alert_mail_attempts_total counter\n"
            text += "mamori_alert_mail_attempts_total{outcome=\"sent\"} \(counts.mail[true] ?? 0)\n"
            text += "mamori_alert_mail_attempts_total{outcome=\"failed\"} \(counts.mail[false] ?? 0)\n"
            return text
        }
    }
}

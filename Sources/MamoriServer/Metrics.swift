import CoreMetrics
import Prometheus

/// Request counters and latency histograms, recorded through swift-metrics and written as Prometheus text at
/// `/metrics` by swift-prometheus.
///
/// Each server has a registry of its own, given to swift-metrics as the factory of its metrics, rather than the
/// process-wide `MetricsSystem` that Hummingbird's `MetricsMiddleware` writes to: that system is bootstrapped once per
/// process, and the tests and `mamori-bench web` run several servers in one process, each with its own figures.
/// ``ResponseMiddleware`` records each request under its route pattern instead.
final class Metrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    /// Latency buckets, in seconds.
    static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
    static let requests = "mamori_http_requests_total", duration = "mamori_http_request_duration_seconds"
    static let mail = "mamori_alert_mail_attempts_total"

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [Self.duration: Self.bounds.map { .nanoseconds(Int64($0 * 1e9)) }]
        self.factory = factory
        // Present from the start, at 0: a scrape before the first mail sees both outcomes.
        for outcome in ["sent", "failed"] { Counter(label: Self.mail, dimensions: [("outcome", outcome)], factory: factory).increment(by: 0) }
    }

    /// Counts a finished request under its route pattern (never its concrete path: IDs stay out of metrics).
    func record(method: String, route: String, status: Int, seconds: Double) {
        Counter(label: Self.requests, dimensions: [("method", method), ("route", route), ("status", "\(status)")], factory: factory).increment()
        Timer(label: Self.duration, factory: factory).recordNanoseconds(Int64(seconds * 1e9))
    }

    /// Counts one mail attempt of an alert.
    func recordMail(sent: Bool) {
        Counter(label: Self.mail, dimensions: [("outcome", sent ? "sent" : "failed")], factory: factory).increment()
    }

    /// The Prometheus text exposition.
    func exposition() -> String {
        registry.emitToString()
    }
}

import Foundation
import Logging
import MamoriCore
import MamoriStore
import ServiceLifecycle
import Synchronization

/// Runs beside the web server: once a minute it adds the reminders the clock calls for (deadlines reached, PCs gone
/// silent), and it mails what is waiting in the outbox — at once after a write added alerts, otherwise every
/// second. A failed attempt is tried again with backoff; a sender killed mid-send leaves its alerts leased, and they
/// are sent after the lease runs out (by this server after a restart, or by another sharing the database), with the
/// same Message-ID. Without mail settings it only adds reminders: everything is in the application.
public final class AlertWorker: Service, Sendable {
    let environment: ServerEnvironment
    let sender: MailSender?
    private let logger: Logger
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: Mutex<AsyncStream<Void>?>

    /// How many alerts one round takes, and how many are mailed at once.
    static let batch = 16, parallel = 4
    /// How long a sender holds an alert without renewing it; it renews every `heartbeat` while the SMTP server has
    /// not answered (which RFC 5321 lets take 10 minutes after the message), so a killed sender's alerts are taken
    /// back within 30 s while a live one is never overtaken.
    static let lease: TimeInterval = 30, heartbeat: TimeInterval = 10
    /// Attempts before an alert's mail is given up (failed): 30 s, 1, 2, 4, 8, 16, 32 min and 1 h apart.
    static let maximumAttempts = 8
    /// How long an alert waits for mail before it is only shown in the application (mail was off, or failing).
    static let mailWorthFor: TimeInterval = 3 * 86_400
    /// How often reminders are worked out.
    static let sweepInterval: TimeInterval = 60

    /// A worker for `environment`; with `mail`, it sends.
    public init(environment: ServerEnvironment, mail: MailSettings?, logger: Logger) throws {
        self.environment = environment
        sender = try mail.map(MailSender.init)
        self.logger = logger
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wake = continuation
        wakes = Mutex(stream)
    }

    public func run() async throws {
        guard
            let stream = wakes.withLock({ value in
                defer { value = nil }
                return value
            })
        else { return }
        let wake = self.wake
        environment.store.onAlertsAdded { wake.yield() }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                wake.yield()
            }
        }
        defer {
            ticker.cancel()
            sender?.close()
        }
        await withGracefulShutdownHandler {
            var lastSweep = Date.distantPast
            wake.yield()
            for await _ in stream {
                let now = environment.now
                if now.timeIntervalSince(lastSweep) >= Self.sweepInterval || now < lastSweep {
                    lastSweep = now
                    await sweep(at: now)
                }
                await sendDue()
            }
        } onGracefulShutdown: {
            wake.finish()
        }
    }

    /// Adds reminders and silent-PC alerts; a failure is logged and tried again at the next sweep.
    func sweep(at now: Date) async {
        do {
            try await environment.store.expireAlerts(before: now.addingTimeInterval(-Self.mailWorthFor))
            try await environment.addReminders(at: now)
        } catch {
            logger.error("alerts: reminders could not be worked out: \(String(describing: error))")
        }
    }

    /// Mails everything due now, then returns (what the run loop does each time it wakes; a benchmark calls it).
    public func sendDue() async {
        if let sender { await send(with: sender) }
    }

    /// Mails what is due, a batch at a time, until nothing is left.
    func send(with sender: MailSender) async {
        while true {
            let now = environment.now
            let claimed: [(alert: Alert, account: Account)]
            do {
                claimed = try await environment.store.claimAlerts(limit: Self.batch, at: now, lease: Self.lease)
            } catch {
                logger.error("alerts: the outbox could not be read: \(String(describing: error))")
                return
            }
            guard !claimed.isEmpty else { return }
            let state = try? await environment.store.state()
            await withTaskGroup(of: Void.self) { group in
                var running = 0
                for (alert, account) in claimed {
                    if running == Self.parallel {
                        await group.next()
                        running -= 1
                    }
                    running += 1
                    let contract = state?.contracts[alert.contractID]?.contract
                    group.addTask { await self.deliver(alert, to: account, contract: contract, with: sender) }
                }
            }
            if claimed.count < Self.batch { return }
        }
    }

    /// One attempt for one alert, recorded whatever it comes to.
    private func deliver(_ alert: Alert, to account: Account, contract: Contract?, with sender: MailSender) async {
        guard let address = account.email else { return }
        let message = MailMessage(
            alert: alert, to: address, name: account.displayName, contract: contract, settings: sender.settings,
            host: Self.host(of: sender.settings), date: environment.now)
        let store = environment.store
        let clock = environment
        let heartbeat = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(Self.heartbeat))
                try await store.renewLease(of: alert, until: clock.now.addingTimeInterval(Self.lease))
            }
        }
        let outcome = await sender.send(message)
        heartbeat.cancel()
        let now = environment.now
        do {
            switch outcome {
            case .sent:
                try await environment.store.finishAlert(alert, sent: true, detail: "", retryAt: nil, at: now)
                environment.metrics.recordMail(sent: true)
            case .failed(let reason):
                let retry =
                    alert.attempts < Self.maximumAttempts
                    ? now.addingTimeInterval(min(3_600, 30 * pow(2, Double(alert.attempts - 1)))) : nil
                try await environment.store.finishAlert(alert, sent: false, detail: reason, retryAt: retry, at: now)
                environment.metrics.recordMail(sent: false)
                // The reason is curl's (server and SMTP reply), never the message: no personal data reaches the log.
                logger.warning("alerts: mail \(alert.id) attempt \(alert.attempts) failed: \(reason)")
            }
        } catch {
            logger.error("alerts: the outcome of mail \(alert.id) could not be kept: \(String(describing: error))")
        }
    }

    /// The domain of the sender address, for Message-IDs.
    static func host(of settings: MailSettings) -> String {
        settings.from.split(separator: "@").last.map(String.init) ?? "mamori"
    }
}

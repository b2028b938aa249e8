import Foundation
import HummingbirdBcrypt
import MamoriAgentKit
import MamoriCatalog
import MamoriCore
import MamoriStore
import Synchronization

/// What every handler shares: the store, the catalogs, the metrics, the clock and the server's settings.
public final class ServerEnvironment: Sendable {
    public let store: Store
    let metrics = Metrics()
    /// Whether cookies are marked Secure (behind TLS).
    let secureCookies: Bool
    /// How long a session lasts (``ServerSettings``).
    let sessionLifetime: TimeInterval
    /// How failed sign-ins lock an account out for the address they came from.
    let lockout: LockoutPolicy
    /// The largest request body accepted (photo uploads included).
    let maxBodySize: Int
    /// bcrypt's work factor (each step doubles the time to check a password).
    let passwordCost: UInt8
    /// Hashes and checks passwords off the concurrency pool.
    var passwords: PasswordHasher { PasswordHasher(cost: passwordCost) }
    /// A hash checked when a login does not exist, so that an unknown login takes as long as a wrong password.
    let timingGuardHash: String
    private let clock: @Sendable () -> Date
    /// The bundled catalogs and those added at run time, each parsed once.
    let catalogs = CatalogLibrary(references: .product)
    /// The decoded results of each PC's latest report under each set of contract rules (by rules signature, then
    /// device), with that report's ID (a stored report never changes).
    private let evidence = Mutex<[String: [String: (report: Int64, evidence: DeviceEvidence)]]>([:])
    private let contractRules = Mutex<[String: (position: Int64, rules: ContractRules)]>([:])
    /// Each organization's PCs with their latest report IDs, by host name, and the mark they were read under.
    private let latestReports = Mutex<[String: (mark: [Int64], latest: [(String, Int64)])]>([:])
    /// Each contract's record findings, with the journal position and the minute they were evaluated at.
    private let recordFindings = Mutex<[String: (position: Int64, minute: Int, findings: RecordFindings)]>([:])
    /// Contracts whose record findings are being brought up to date.
    private let refreshing = Mutex<Set<String>>([])
    /// Each contract's whole evaluation, with what it was made of: journal position, minute and the PCs' latest reports.
    private let evaluations = Mutex<[String: (key: [Int64], evaluations: [ClauseEvaluation])]>([:])
    /// The rules of each organization and platform, with when they were prepared.
    private let agentRules = Mutex<[String: (prepared: ContinuousClock.Instant, rules: PreparedRules, contract: Data?)]>([:])
    /// Enrolled PCs' organizations and keys, by ID (``checkInDevice(_:)``).
    private let checkInDevices = Mutex<[String: (organizationID: String, publicKey: Data)]>([:])
    /// Rule sets known to be in the store, by digest (a rule set never changes).
    private let ruleSets = Mutex<[String: RuleSet]>([:])
    /// Stores agent reports in batches.
    let reportWriter: ReportWriter
    /// How alerts are mailed; nil: mail is off, alerts are in the application only.
    let mail: MailSettings?
    /// The parts check-ins name, decoded.
    let parts: PartCache

    /// An environment over `store` with an operator's `settings`; `passwordCost` overrides theirs (tests hash cheaply);
    /// `now` is the clock (fixed in tests).
    public init(
        store: Store, settings: ServerSettings = ServerSettings(), secureCookies: Bool = false, passwordCost: UInt8? = nil,
        mail: MailSettings? = nil, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.mail = mail
        self.secureCookies = secureCookies
        sessionLifetime = settings.sessionLifetime
        lockout = settings.lockout
        maxBodySize = settings.maxBodySize
        let passwordCost = passwordCost ?? settings.passwordCost
        self.passwordCost = passwordCost
        timingGuardHash = Bcrypt.hash(SessionMiddleware.newToken(), cost: passwordCost)
        clock = now
        reportWriter = ReportWriter(store: store)
        parts = PartCache(store: store)
        store.planAlerts(with: catalogs.alertPlanner)
    }

    var now: Date { clock() }

    /// Opens a complete session for an account without a sign-in form (benchmarks, scripted clients on the
    /// server itself); returns the `Cookie` header value that carries it.
    public func openSession(for accountID: String) async throws -> String {
        let token = SessionMiddleware.newToken()
        try await store.createSession(
            Session(
                tokenHash: SessionMiddleware.hash(token), accountID: accountID, csrfToken: SessionMiddleware.newToken(),
                secondFactorDone: true, createdAt: now, expiresAt: now.addingTimeInterval(sessionLifetime)))
        return "\(SessionMiddleware.sessionCookie)=\(token)"
    }

    /// The catalog a contract is judged by (the version it is pinned to), parsed once.
    func catalog(for contract: Contract, in state: MamoriState) throws -> Catalog {
        do {
            return try catalogs.catalog(for: contract, in: state)
        } catch {
            // A page that cannot say which annex it judges by says why instead of guessing.
            let problem = error.problems.first?.message ?? Label.theCatalogCannotBeRead.localized
            throw WebError(
                .internalServerError, ja: "契約 \(contract.id) のカタログを使えません: \(problem.ja)",
                en: "contract \(contract.id)'s catalog cannot be used: \(problem.en)")
        }
    }

    /// The catalog of the contract a member is looking at.
    func catalog(_ access: ContractAccess) throws -> Catalog {
        try catalog(for: access.contract, in: access.all)
    }

    /// A platform's bundled rules, parsed once per process (``RuleBook/loaded``).
    func ruleBook(_ platform: String) throws -> RuleBook {
        guard let book = RuleBook.loaded[platform] else { return try RuleBook.bundled(platform) }
        return book
    }

    /// The latest evidence of each of an organization's PCs, decoded once per stored report: a dashboard reads the
    /// latest report IDs and decodes only the reports it has not seen.
    /// The IDs are read again only when the organization's mark (``Store/latestReportsMark(of:)``) has changed; the
    /// mark is read first, so IDs kept are never older than their mark.
    func deviceEvidence(of access: ContractAccess) async throws -> (evidence: [DeviceEvidence], reports: [Int64]) {
        let organizationID = access.contract.contractorID
        let rules = try rules(of: access)
        let mark = try await store.latestReportsMark(of: organizationID)
        if let known = latestReports.withLock({ $0[organizationID] }), known.mark == mark {
            return (try await deviceEvidence(known.latest, of: organizationID, rules: rules), known.latest.map(\.1))
        }
        let latest = try await store.latestReportIDs(of: organizationID).compactMap { device, report in report.map { (device, $0) } }
        latestReports.withLock { $0[organizationID] = (mark, latest) }
        return (try await deviceEvidence(latest, of: organizationID, rules: rules), latest.map(\.1))
    }

    /// The rules a contract judges its PCs by (its catalog's agent settings), kept while the journal stands.
    func rules(of access: ContractAccess) throws -> ContractRules {
        if let known = contractRules.withLock({ $0[access.contract.id] }), known.position == access.position { return known.rules }
        let rules = ContractRules(access.state, catalog: try catalog(access))
        contractRules.withLock { $0[access.contract.id] = (access.position, rules) }
        return rules
    }

    /// Each PC's evidence under a contract's rules, decoded once per report and set of rules.
    private func deviceEvidence(_ latest: [(String, Int64)], of organizationID: String, rules: ContractRules) async throws -> [DeviceEvidence] {
        // By rules first, then by device: a dashboard's thousand lookups make no key strings.
        let cached = evidence.withLock { cache in
            cache[rules.signature].map { known in latest.compactMap { id, report in known[id].flatMap { $0.report == report ? $0.evidence : nil } } } ?? []
        }
        guard cached.count < latest.count else { return cached }
        let known = Set(cached.map(\.deviceID))
        let decoded = try await store.reports(ids: latest.filter { !known.contains($0.0) }.map(\.1)).asyncCompactMap { report in
            try await evidence(of: report, organizationID: organizationID, rules: rules).map { (report.id ?? 0, $0) }
        }
        evidence.withLock { cache in for (id, item) in decoded { cache[rules.signature, default: [:]][item.deviceID] = (id, item) } }
        let order = Dictionary(uniqueKeysWithValues: latest.enumerated().map { ($1.0, $0) })
        return (cached + decoded.map(\.1)).sorted { order[$0.deviceID, default: 0] < order[$1.deviceID, default: 0] }
    }

    /// Every clause of a contract as a member sees it now. The records' findings are kept per journal position:
    /// after a write they are worked out again before the page is shown (the writer sees what was written); when
    /// only the minute has changed, the last ones are shown while one background task brings them up to date, so
    /// that no request waits for thousands of records to be evaluated again. The PCs' latest reports are added
    /// unless none has changed since.
    func evaluation(of access: ContractAccess) async throws -> [ClauseEvaluation] {
        let id = access.contract.id
        let devices = try await deviceEvidence(of: access)
        let evaluator = ComplianceEvaluator(catalog: try catalog(access))
        let (findings, minute) = findings(of: access, evaluator)
        let key = [access.position, Int64(minute)] + devices.reports
        if let cached = evaluations.withLock({ $0[id] }), cached.key == key { return cached.evaluations }
        let result = evaluator.evaluate(findings, state: access.state, devices: devices.evidence)
        evaluations.withLock { $0[id] = (key, result) }
        return result
    }

    /// Works out every contract's evaluation, so that the first visitors do not wait for it.
    public func warm() async throws {
        let (state, position) = try await store.snapshot()
        for contract in state.contracts.values {
            _ = try await evaluation(of: ContractAccess(state: contract, all: state, role: .cityAuditor, position: position))
        }
    }

    private static func minute(_ date: Date) -> Int { Int(date.timeIntervalSinceReferenceDate / 60) }

    private func findings(of access: ContractAccess, _ evaluator: ComplianceEvaluator) -> (RecordFindings, Int) {
        let id = access.contract.id
        let now = self.now
        if let cached = recordFindings.withLock({ $0[id] }), cached.position == access.position {
            if cached.minute != Self.minute(now) { refresh(access, evaluator) }
            return (cached.findings, cached.minute)
        }
        let findings = evaluator.recordFindings(access.state, now: now)
        recordFindings.withLock { $0[id] = (access.position, Self.minute(now), findings) }
        return (findings, Self.minute(now))
    }

    /// What the contract's records say is still to be done: the deadlines of the findings the dashboard shows.
    func deadlines(of access: ContractAccess, catalog: Catalog) -> [Deadline] {
        findings(of: access, ComplianceEvaluator(catalog: catalog)).0.deadlines
    }

    /// What the contract's records say is wrong now with no date to keep: the dashboard's violations and overdue
    /// findings that have no deadline (``RecordFindings/undated``).
    func undated(of access: ContractAccess, catalog: Catalog) -> [(finding: Finding, clauses: [String])] {
        findings(of: access, ComplianceEvaluator(catalog: catalog)).0.undated
    }

    /// Brings one contract's record findings up to the current minute in the background, once at a time.
    private func refresh(_ access: ContractAccess, _ evaluator: ComplianceEvaluator) {
        let id = access.contract.id
        guard refreshing.withLock({ $0.insert(id).inserted }) else { return }
        let state = access.state
        let position = access.position
        Task.detached { [self] in
            defer { _ = refreshing.withLock { $0.remove(id) } }
            let now = self.now
            let findings = evaluator.recordFindings(state, now: now)
            recordFindings.withLock { cache in
                if cache[id]?.position == position { cache[id] = (position, Self.minute(now), findings) }
            }
            // The whole evaluation too, so that the requests after the refresh do not all add the PCs at once.
            _ = try? await evaluation(of: access)
        }
    }

    /// The organization and public key of the enrolled PC with this ID, for its check-ins: read from the database the
    /// first time, then kept. On PostgreSQL that read was the one round trip a check-in made before its batch's write
    /// (941 check-ins/s with it in `mamori-bench web`).
    ///
    /// Kept without a journal position, and still never stale in what it decides: a PC's ID is the hash of its key,
    /// nothing removes a PC or moves it to another organization (``Store/enrolledElsewhere``), and the batch write
    /// refuses a report evaluated for an organization the database does not give its PC (``Store/add(_:)``), after
    /// which the PC is read again (``forgetCheckInDevice(_:)``), as after a signature that its key does not verify. A
    /// PC not yet enrolled is not kept, so one enrolled through another server is seen at once; a key that does not
    /// hash to the PC's ID is no PC's.
    func checkInDevice(_ id: String) async throws -> (organizationID: String, publicKey: Data)? {
        if let known = checkInDevices.withLock({ $0[id] }) { return known }
        guard let device = try await enrolledKey(id) else { return nil }
        checkInDevices.withLock { devices in
            // A bound on what a server keeps, far above any contractor's PCs.
            if devices.count >= Self.checkInDevicesKept { devices.removeAll() }
            devices[id] = device
        }
        return device
    }

    /// The organization and public key of the enrolled PC with this ID, read from the database. A key that is not the
    /// one the ID was made from (a row changed by hand) enrolls nothing.
    func enrolledKey(_ id: String) async throws -> (organizationID: String, publicKey: Data)? {
        guard let device = try await store.device(id), let publicKey = Data(base64Encoded: device.publicKey),
            DeviceKey.deviceID(publicKey: publicKey) == id
        else { return nil }
        return (device.organizationID, publicKey)
    }

    /// Drops what ``checkInDevice(_:)`` kept of a PC whose report the write refused.
    func forgetCheckInDevice(_ id: String) {
        _ = checkInDevices.withLock { $0.removeValue(forKey: id) }
    }

    private static let checkInDevicesKept = 100_000

    /// The rules check-ins of an organization's PCs on a platform are evaluated with: the parameters of the
    /// organization's first contract (by ID), or the annex's defaults. Prepared at most once a second, so that a burst
    /// of check-ins does not read the state for each; a changed contract applies from the next second.
    ///
    /// Kept for a time, not for a journal position like the other caches: every batch of check-ins moves the journal,
    /// and reading the state for each check-in waits for the writers' lock. Keyed by the position, PostgreSQL check-ins
    /// fell from 552/s to 322/s (p99 52 → 96 ms) in `mamori-bench web`. What a check-in is judged by is stored with
    /// its results (the rule set's digest), and the dashboard judges every PC's evidence by the contract's rules of now.
    ///
    /// The contract's settings come as the JSON every check-in's answer carries, encoded with the rules: encoding them
    /// for each check-in took 8 % of its CPU (perf, `mamori-bench web`).
    func agentRules(for organizationID: String, platform: String) async throws -> (rules: PreparedRules, contract: Data?) {
        let now = ContinuousClock.now
        let key = organizationID + "/" + platform
        if let cached = agentRules.withLock({ $0[key] }), now - cached.prepared < .seconds(1) { return (cached.rules, cached.contract) }
        let contract = try await agentContract(for: organizationID)
        let rules = PreparedRules(try ruleBook(platform), parameters: contract?.parameters ?? AgentParameters())
        try await keep(rules.ruleSet)
        let json = try contract.map { try JSONEncoder().encode($0) }
        agentRules.withLock { $0[key] = (now, rules, json) }
        return (rules, json)
    }

    /// What an organization's PCs are told of its contract (its first, by ID, where it has several); nil while it has
    /// none.
    func agentContract(for organizationID: String) async throws -> AgentContract? {
        let state = try await store.state()
        let contract = state.contracts.values.filter { $0.contract.contractorID == organizationID }.min { $0.contract.id < $1.contract.id }
        return try contract.map { AgentContract($0, catalog: try catalog(for: $0.contract, in: state)) }
    }

    /// Stores a rule set, before the first report that names it, unless it is known to be stored (once per rule set
    /// and process: a write on the request's thread, which waits its turn behind a batch of reports).
    private func keep(_ ruleSet: RuleSet) async throws {
        guard ruleSets.withLock({ $0[ruleSet.digest] }) == nil else { return }
        try await store.addRuleSet(digest: ruleSet.digest, content: String(decoding: ruleSet.json, as: UTF8.self), at: self.now)
        ruleSets.withLock { $0[ruleSet.digest] = ruleSet }
    }

    /// The stored rule set with this digest; nil when none is stored, or what is stored no longer hashes to it.
    func ruleSet(_ digest: String) async throws -> RuleSet? {
        if let known = ruleSets.withLock({ $0[digest] }) { return known }
        guard let ruleSet = try await store.agentRuleSet(digest) else { return nil }
        ruleSets.withLock { $0[digest] = ruleSet }
        return ruleSet
    }

    /// A report's results under a contract's rules, as evaluation takes them; nil when they cannot be read.
    func evidence(of report: DeviceReport, organizationID: String, rules: ContractRules) async throws -> DeviceEvidence? {
        try await store.evidence(report, of: organizationID, rules: rules, ruleSet: ruleSet)
    }

    /// The smallest password length any contract of the organization asks for (PI/CS password rules), and never
    /// less than ``PasswordPolicy/baseMinimum``.
    func passwordMinimum(for organizationID: String) async throws -> Int {
        let state = try await store.state()
        var minimum = PasswordPolicy.baseMinimum
        for contract in state.contracts.values where contract.contract.contractorID == organizationID || contract.contract.cityID == organizationID {
            let catalog = try catalog(for: contract.contract, in: state)
            for parameter in catalog.parameters where parameter.agent == .passwordMinLength {
                if case .integer(let length, _)? = contract.parameter(parameter.id, in: catalog) { minimum = max(minimum, length) }
            }
        }
        return minimum
    }
}

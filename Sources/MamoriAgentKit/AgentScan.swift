import Foundation

/// One scan: collect facts for the platform, apply its rules with the contract's parameters, take the inventory.
public struct AgentScan: Sendable {
    public var platform: String
    public var tree: FileTree
    public var parameters: AgentParameters
    public var runner: CommandRunner
    public var now: Date
    /// Whether to simulate an upgrade to count pending security updates (seconds with full package lists).
    public var checkUpdates: Bool

    /// A scan of the PC at `root` (Linux) with the given parameters.
    public init(
        platform: String = AgentScan.currentPlatform, root: URL = URL(fileURLWithPath: "/"),
        parameters: AgentParameters = AgentParameters(), runner: CommandRunner = .live, now: Date = Date(),
        checkUpdates: Bool = false
    ) {
        self.platform = platform
        self.tree = FileTree(root: root)
        self.parameters = parameters
        self.runner = runner
        self.now = now
        self.checkUpdates = checkUpdates
    }

    /// The platform this binary runs on.
    public static var currentPlatform: String {
        #if os(Linux)
        "linux"
        #elseif os(macOS)
        "macos"
        #elseif os(Windows)
        "windows"
        #else
        "unknown"
        #endif
    }

    /// Runs the scan; `previous` is the last inventory of this PC, for the diff.
    public func run(deviceID: String, previous: Inventory? = nil) throws -> AgentReport {
        let facts: [Fact]
        let inventory: Inventory
        switch platform {
        case "linux":
            facts = LinuxCollector(tree: tree, runner: runner, now: now, simulatesUpgrade: checkUpdates).collect()
            inventory = LinuxInventory.collect(tree, facts: facts)
        case "windows":
            let collected = WindowsCollector(runner: runner, now: now).collect()
            facts = collected.facts
            inventory = Inventory(platform: platform, facts: facts, system: .windows(json: collected.system))
        case "macos":
            let collector = MacOSCollector(runner: runner, now: now)
            facts = collector.collect()
            let system = collector.describeSystem()
            inventory = Inventory(platform: platform, facts: facts, system: .macOS(json: system.json, users: system.users))
        default:
            throw AgentError.unsupportedPlatform(platform)
        }
        let results = RuleEvaluator(parameters: parameters).evaluate(try RuleBook.bundled(platform), facts: facts)
        return AgentReport(
            device: .init(id: deviceID, hostname: inventory.hostname),
            generatedAt: now.formatted(.iso8601), platform: platform, parameters: parameters,
            facts: facts, results: results, inventory: inventory, inventoryDiff: previous.map { inventory.diff(from: $0) })
    }
}

import Foundation

/// Collects facts on Windows 10/11 with fixed, read-only commands — PowerShell objects as JSON first — and the parsers.
/// Never runs `netsh wlan … key=clear` and never reads Winlogon's `DefaultPassword`.
public struct WindowsCollector: Sendable {
    public let runner: CommandRunner
    public let now: Date

    /// A collector running its commands through `runner`, as of `now`.
    public init(runner: CommandRunner, now: Date) {
        self.runner = runner
        self.now = now
    }

    static let powershell = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"
    static let reg = "C:\\Windows\\System32\\reg.exe"
    static let netsh = "C:\\Windows\\System32\\netsh.exe"

    /// A PowerShell pipeline as a fixed argument array (the script is a constant, never built from input).
    static func ps(_ script: String) -> [String] {
        [powershell, "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-Command", script]
    }

    /// Each command and the parser of its output, in collection order.
    static let steps: [(command: [String], parse: @Sendable (String) -> [Fact])] = [
        (ps("Get-MpComputerStatus | ConvertTo-Json"), { WindowsDefenderParser.mpComputerStatus(json: $0) }),
        (ps("Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | ConvertTo-Json"),
         { WindowsSecurityCenterParser.antivirusProducts(json: $0) }),
        (ps("Get-NetFirewallProfile | Select-Object Name,Enabled,DefaultInboundAction | ConvertTo-Json"),
         { WindowsFirewallParser.netFirewallProfile(json: $0) }),
        (ps("secedit /export /cfg $env:TEMP\\mamori-secpol.inf /areas SECURITYPOLICY | Out-Null; Get-Content $env:TEMP\\mamori-secpol.inf -Raw; Remove-Item $env:TEMP\\mamori-secpol.inf"),
         { WindowsPolicyParser.secedit(text: $0) }),
        ([reg, "query", "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon"], { WindowsRegistryParser.winlogon($0) }),
        ([reg, "query", "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\Explorer"], { WindowsRegistryParser.explorerPolicies($0) }),
        (ps("reg query 'HKCU\\Control Panel\\Desktop'; reg query 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System'"),
         { WindowsRegistryParser.screenLock($0) }),
        ([reg, "query", "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU"], { WindowsInventoryParser.updatePolicy($0) }),
        (ps("Get-BitLockerVolume | Select-Object MountPoint,VolumeType,ProtectionStatus,VolumeStatus,EncryptionPercentage,EncryptionMethod,KeyProtector | ConvertTo-Json"),
         { WindowsBitLockerParser.bitLockerVolumes(json: $0) }),
        ([netsh, "wlan", "show", "interfaces"], { WindowsWiFiParser.interfaces($0) }),
        (ps("Get-ItemProperty HKLM:\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*, HKLM:\\Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\* | Select-Object DisplayName,DisplayVersion | ConvertTo-Json"),
         { WindowsInventoryParser.installedSoftware(json: $0) }),
        (ps("Get-PnpDevice -PresentOnly | Where-Object InstanceId -like 'USBSTOR*' | Select-Object InstanceId | ConvertTo-Json"),
         { WindowsInventoryParser.usbStorage(json: $0) }),
    ]

    static let pendingUpdates = ps("$searcher = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher(); $searcher.Search(\"IsInstalled=0 and Type='Software'\").Updates | Select-Object Title,MsrcSeverity,@{n='Categories';e={@($_.Categories | ForEach-Object Name)}} | ConvertTo-Json")
    static let localUsers = ps("Get-LocalUser | Where-Object Enabled | Select-Object Name,PasswordLastSet | ConvertTo-Json")

    /// Hardware, OS, network interfaces and local accounts as one object, for the inventory.
    static let system = ps("$cs = Get-CimInstance Win32_ComputerSystem; $os = Get-CimInstance Win32_OperatingSystem; $cpu = Get-CimInstance Win32_Processor | Select-Object -First 1; [pscustomobject]@{Hostname = $env:COMPUTERNAME; Manufacturer = $cs.Manufacturer; Model = $cs.Model; MemoryBytes = $cs.TotalPhysicalMemory; OS = $os.Caption; Version = $os.Version; CPU = $cpu.Name; Interfaces = @(Get-NetAdapter | ForEach-Object { [pscustomobject]@{Name = $_.Name; Mac = $_.MacAddress; Addresses = @(Get-NetIPAddress -InterfaceIndex $_.ifIndex -ErrorAction SilentlyContinue | ForEach-Object IPAddress)} }); Accounts = @(Get-LocalUser | ForEach-Object Name)} | ConvertTo-Json -Depth 4")

    /// The inventory's system part.
    func describeSystem() -> String {
        (try? runner(Self.system, timeout: .seconds(30)).get()) ?? ""
    }

    static let administrators = ps("Get-LocalGroupMember -SID S-1-5-32-544 | Select-Object Name,ObjectClass,PrincipalSource | ConvertTo-Json")
    static let whoami = ["C:\\Windows\\System32\\whoami.exe"]

    /// Every fact; a command that fails gives `unknown` facts with its reason.
    public func collect() -> [Fact] {
        var facts = Self.steps.flatMap { step in runner.facts(step.command, step.parse) }
        let administrators = runner.facts(Self.administrators) { WindowsAdministratorsParser.localGroupMember(json: $0) }
        facts += administrators
        let user = try? runner(Self.whoami).get()
        facts.append(DailyAdministrator.facts(platform: "windows", user: user, members: "windows.administrators.members", in: administrators))
        facts += runner.facts(Self.pendingUpdates) { WindowsUpdateParser.pendingUpdates(json: $0) }
        facts += runner.facts(Self.localUsers) { WindowsUpdateParser.passwordAges(json: $0, now: now) }
        facts.append(Fact("windows.inventory.collected", .bool(true)))
        return facts
    }
}

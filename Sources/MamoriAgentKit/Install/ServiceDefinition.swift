/// The files that run the agent on a schedule: a systemd service and timer, a launchd plist, a Task Scheduler task.
public struct ServiceDefinition: Sendable {
    /// Where the agent binary is installed.
    public var binary: String
    /// The agent's state directory (device key, last inventory).
    public var state: String
    /// Hours between scans.
    public var intervalHours: Int

    /// A definition for a binary and state directory.
    public init(binary: String, state: String, intervalHours: Int) {
        self.binary = binary
        self.state = state
        self.intervalHours = max(1, intervalHours)
    }

    /// File name → content, for a platform.
    public func files(for platform: String) throws -> [(name: String, content: String)] {
        switch platform {
        case "linux": [("mamori-agent.service", systemdService), ("mamori-agent.timer", systemdTimer)]
        case "macos": [("jp.mamori.agent.plist", launchdPlist)]
        case "windows": [("MamoriAgent.xml", taskSchedulerXML)]
        default: throw AgentError.unsupportedPlatform(platform)
        }
    }

    var systemdService: String {
        """
        [Unit]
        Description=Mamori agent: check this PC against the contract's security clauses
        After=network-online.target
        Wants=network-online.target

        [Service]
        Type=oneshot
        ExecStart=\(binary) scan --submit --check-updates --state \(state) --out \(state)/last-report.json --format json
        # Read-only checks: no new privileges, a private /tmp, the rest of the system read-only.
        NoNewPrivileges=yes
        PrivateTmp=yes
        ProtectSystem=strict
        ReadWritePaths=\(state)

        """
    }

    var systemdTimer: String {
        """
        [Unit]
        Description=Run the Mamori agent every \(intervalHours) hours

        [Timer]
        OnBootSec=10min
        OnUnitActiveSec=\(intervalHours)h
        RandomizedDelaySec=15min
        Persistent=true

        [Install]
        WantedBy=timers.target

        """
    }

    var launchdPlist: String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
        <plist version="1.0">
        <dict>
            <key>Label</key>
            <string>jp.mamori.agent</string>
            <key>ProgramArguments</key>
            <array>
                <string>\(binary)</string>
                <string>scan</string>
                <string>--submit</string>
                <string>--check-updates</string>
                <string>--state</string>
                <string>\(state)</string>
                <string>--out</string>
                <string>\(state)/last-report.json</string>
            </array>
            <key>StartInterval</key>
            <integer>\(intervalHours * 3600)</integer>
            <key>RunAtLoad</key>
            <true/>
        </dict>
        </plist>

        """
    }

    var taskSchedulerXML: String {
        """
        <?xml version="1.0" encoding="UTF-16"?>
        <Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
          <RegistrationInfo>
            <Description>Mamori agent: check this PC against the contract's security clauses</Description>
            <URI>\\Mamori\\MamoriAgent</URI>
          </RegistrationInfo>
          <Triggers>
            <BootTrigger><Enabled>true</Enabled><Delay>PT10M</Delay></BootTrigger>
            <TimeTrigger>
              <Repetition><Interval>PT\(intervalHours)H</Interval><StopAtDurationEnd>false</StopAtDurationEnd></Repetition>
              <StartBoundary>2026-01-01T09:00:00</StartBoundary>
              <Enabled>true</Enabled>
            </TimeTrigger>
          </Triggers>
          <Principals>
            <Principal id="Author"><UserId>S-1-5-18</UserId><RunLevel>HighestAvailable</RunLevel></Principal>
          </Principals>
          <Settings>
            <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
            <StartWhenAvailable>true</StartWhenAvailable>
            <ExecutionTimeLimit>PT10M</ExecutionTimeLimit>
            <Enabled>true</Enabled>
          </Settings>
          <Actions Context="Author">
            <Exec><Command>\(binary)</Command><Arguments>scan --submit --check-updates --state "\(state)" --out "\(state)\\last-report.json"</Arguments></Exec>
          </Actions>
        </Task>

        """
    }
}

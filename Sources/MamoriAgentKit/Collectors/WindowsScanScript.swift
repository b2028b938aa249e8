/// The one PowerShell process a Windows scan starts. Starting `powershell.exe` costs hundreds of milliseconds on an office
/// PC, so every reading runs in this one script, which prints one JSON object: each section's text exactly as its command
/// printed it on its own (so each parser reads the shape it was written for), and under `errors` why a section failed.
///
/// The script is a constant, never built from input. Output is UTF-8 without BOM whatever the console's code page
/// (Japanese Windows defaults to CP932). Registry keys are read only when they exist, so an absent key is an empty
/// section, not an error; user screen settings are read from every loaded user hive (`HKEY_USERS\S-1-5-21-…`), because
/// the agent runs as SYSTEM and its own `HKCU` is not any person's.
enum WindowsScanScript {
    static let text = #"""
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
        $out = [ordered]@{}
        $failed = [ordered]@{}
        function Section([string]$Name, [scriptblock]$Block) {
          try { $out[$Name] = (& $Block | Out-String) } catch { $failed[$Name] = $_.Exception.Message }
        }
        function RegText([string]$Key) {
          if (Test-Path -LiteralPath "Registry::$Key") { (& reg.exe query $Key) -join "`r`n" } else { '' }
        }
        Section 'defender' { Get-MpComputerStatus | ConvertTo-Json }
        Section 'antivirus' { Get-CimInstance -Namespace root/SecurityCenter2 -ClassName AntiVirusProduct | ConvertTo-Json }
        Section 'firewall' { Get-NetFirewallProfile | Select-Object Name,Enabled,DefaultInboundAction | ConvertTo-Json }
        Section 'securityPolicy' {
          $file = Join-Path $env:TEMP ('mamori-secpol-' + [guid]::NewGuid().ToString() + '.inf')
          secedit.exe /export /cfg $file /areas SECURITYPOLICY | Out-Null
          try { Get-Content -LiteralPath $file -Raw } finally { Remove-Item -LiteralPath $file -ErrorAction SilentlyContinue }
        }
        Section 'winlogon' { RegText 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon' }
        Section 'explorer' { RegText 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\Explorer' }
        Section 'lockPolicy' { RegText 'HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System' }
        Section 'users' {
          $users = @(Get-ChildItem -LiteralPath 'Registry::HKEY_USERS' | Where-Object { $_.PSChildName -match '^S-1-5-21-[0-9-]+$' } | ForEach-Object {
            $sid = $_.PSChildName
            $name = $sid
            try { $name = ([System.Security.Principal.SecurityIdentifier]$sid).Translate([System.Security.Principal.NTAccount]).Value } catch { }
            [pscustomobject]@{ Sid = $sid; Name = $name; Desktop = (RegText "HKEY_USERS\$sid\Control Panel\Desktop");
                               Policy = (RegText "HKEY_USERS\$sid\Software\Policies\Microsoft\Windows\Control Panel\Desktop") }
          })
          ConvertTo-Json -InputObject $users
        }
        Section 'updatePolicy' { RegText 'HKEY_LOCAL_MACHINE\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU' }
        Section 'bitlocker' { Get-BitLockerVolume | Select-Object MountPoint,VolumeType,ProtectionStatus,VolumeStatus,EncryptionPercentage,EncryptionMethod,KeyProtector | ConvertTo-Json }
        Section 'wifi' { netsh.exe wlan show interfaces }
        Section 'software' { Get-ItemProperty HKLM:\Software\Microsoft\Windows\CurrentVersion\Uninstall\*, HKLM:\Software\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\* | Select-Object DisplayName,DisplayVersion | ConvertTo-Json }
        Section 'usb' { Get-PnpDevice -PresentOnly | Where-Object InstanceId -like 'USBSTOR*' | Select-Object InstanceId | ConvertTo-Json }
        Section 'administrators' { Get-LocalGroupMember -SID S-1-5-32-544 | Select-Object Name,ObjectClass,PrincipalSource | ConvertTo-Json }
        Section 'whoami' { whoami.exe }
        Section 'pendingUpdates' {
          $searcher = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher()
          $searcher.Search("IsInstalled=0 and Type='Software'").Updates | Select-Object Title,MsrcSeverity,@{n='Categories';e={@($_.Categories | ForEach-Object Name)}} | ConvertTo-Json
        }
        Section 'localUsers' { Get-LocalUser | Where-Object Enabled | Select-Object Name,PasswordLastSet | ConvertTo-Json }
        Section 'system' {
          $cs = Get-CimInstance Win32_ComputerSystem; $os = Get-CimInstance Win32_OperatingSystem; $cpu = Get-CimInstance Win32_Processor | Select-Object -First 1
          [pscustomobject]@{Hostname = $env:COMPUTERNAME; Manufacturer = $cs.Manufacturer; Model = $cs.Model; MemoryBytes = $cs.TotalPhysicalMemory;
            OS = $os.Caption; Version = $os.Version; CPU = $cpu.Name;
            Interfaces = @(Get-NetAdapter | ForEach-Object { [pscustomobject]@{Name = $_.Name; Mac = $_.MacAddress; Addresses = @(Get-NetIPAddress -InterfaceIndex $_.ifIndex -ErrorAction SilentlyContinue | ForEach-Object IPAddress)} });
            Accounts = @(Get-LocalUser | ForEach-Object Name)} | ConvertTo-Json -Depth 4
        }
        $out['errors'] = $failed
        ConvertTo-Json -InputObject $out -Compress
        """#
}

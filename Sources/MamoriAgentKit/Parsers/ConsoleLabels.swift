/// The words Windows console commands print, in English and Japanese, kept in one table so parsers match either locale.
enum ConsoleLabels {
    /// `net accounts` label fragments, in the fixed output order (parsers fall back on that order).
    static let netAccounts: [[String]] = [
        ["force user logoff", "強制ログオフ"],
        ["minimum password age", "最短"],
        ["maximum password age", "最長"],
        ["minimum password length", "最小", "長さ"],
        ["password history", "履歴"],
        ["lockout threshold", "しきい値"],
        ["lockout duration", "ロックアウト期間"],
        ["lockout observation window", "観測", "監視"],
        ["computer role", "役割"]
    ]

    /// Values meaning "no limit" in `net accounts` (`Never`, `Unlimited`, `None` and their Japanese forms).
    static let noLimit: Set<String> = ["never", "unlimited", "none", "無期限", "なし", "無制限", "しない"]

    /// `netsh advfirewall show allprofiles`: profile header words, keyed by the profile's fact name.
    static let firewallProfiles: [(profile: String, words: [String])] = [
        ("domain", ["domain", "ドメイン"]),
        ("private", ["private", "プライベート"]),
        ("public", ["public", "パブリック"])
    ]
    /// The word every `netsh advfirewall` profile header contains.
    static let firewallProfileHeader = ["profile", "プロファイル"]
    /// The `State` row of `netsh advfirewall`.
    static let firewallState: Set<String> = ["state", "状態"]
    /// The `Firewall Policy` row of `netsh advfirewall`.
    static let firewallPolicy: Set<String> = ["firewall policy", "ファイアウォール ポリシー", "ファイアウォールポリシー"]

    /// Words meaning on in translated console values.
    static let on: Set<String> = ["on", "オン", "有効"]
    /// Words meaning off in translated console values.
    static let off: Set<String> = ["off", "オフ", "無効"]

    /// `manage-bde -status` volume header word (`Volume C: [label]`).
    static let bitLockerVolume = ["Volume ", "ボリューム "]
    /// `manage-bde -status` labels.
    static let bitLockerConversion: Set<String> = ["conversion status", "変換状態"]
    static let bitLockerPercentage: Set<String> = ["percentage encrypted", "暗号化された割合"]
    static let bitLockerMethod: Set<String> = ["encryption method", "暗号化の方法"]
    static let bitLockerProtection: Set<String> = ["protection status", "保護状態"]
    static let bitLockerKeyProtectors: Set<String> = ["key protectors", "キーの保護機能"]
    /// `manage-bde` conversion status values → the `VolumeStatus` names `Get-BitLockerVolume` uses.
    static let bitLockerConversionNames: [String: String] = [
        "fully encrypted": "FullyEncrypted", "used space only encrypted": "UsedSpaceOnlyEncrypted",
        "fully decrypted": "FullyDecrypted", "encryption in progress": "EncryptionInProgress",
        "decryption in progress": "DecryptionInProgress", "encryption paused": "EncryptionSuspended",
        "decryption paused": "DecryptionSuspended",
        "完全に暗号化されています": "FullyEncrypted", "暗号化は完全に解除されています": "FullyDecrypted"
    ]
    /// `manage-bde` values meaning "none" (`None`, `None Found`).
    static let bitLockerNone: Set<String> = ["none", "none found", "なし", "見つかりません"]

    /// `netsh wlan` output that names interfaces even when it lists none.
    static let wifiInterfaceWords = ["interface", "インターフェイス"]
    /// `netsh wlan` labels.
    static let wifiName: Set<String> = ["name", "名前"]
    static let wifiState: Set<String> = ["state", "状態"]
    static let wifiAuthentication: Set<String> = ["authentication", "認証"]
    static let wifiCipher: Set<String> = ["cipher", "暗号", "暗号化"]
    /// `netsh wlan show interfaces` state values meaning connected.
    static let wifiConnected: Set<String> = ["connected", "接続されました", "接続"]
    /// `netsh wlan` authentication or cipher values meaning open or WEP.
    static let wifiInsecure: Set<String> = ["open", "shared", "none", "wep", "オープン", "共有", "なし"]

    /// `net localgroup` line that precedes the member list.
    static let localGroupMembers: Set<String> = ["members", "メンバー"]
    /// Completion lines of `net` commands.
    static let netCompleted: Set<String> = [
        "the command completed successfully.", "the command completed with one or more errors.",
        "コマンドは正常に終了しました。", "コマンドはいくつかのエラーで終了しました。"
    ]

    /// True when `label` equals one of `labels`, ignoring case and surrounding space.
    static func matches(_ label: String, _ labels: Set<String>) -> Bool {
        labels.contains(ConsoleText.trimmed(label).lowercased())
    }

    /// True when `text` contains one of `words`, ignoring case.
    static func contains(_ text: String, anyOf words: [String]) -> Bool {
        let lowered = text.lowercased()
        return words.contains { lowered.contains($0.lowercased()) }
    }

    /// Reads a translated on/off value; nil when it is neither.
    static func onOff(_ value: String) -> Bool? {
        if matches(value, on) { return true }
        if matches(value, off) { return false }
        return nil
    }
}

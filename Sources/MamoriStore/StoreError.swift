import MamoriCore

/// Why the store could not do what was asked, beyond a refused command.
public enum StoreError: Error, Sendable, Equatable {
    /// The command was refused; nothing was written.
    case refused(CommandError)
    /// The key file is not a 256-bit key or cannot be created.
    case badKeyFile(String)
    /// Sealing or opening personal data failed (wrong key or altered data).
    case sealFailed
    /// A journal entry's type is not one this version knows.
    case unknownEntryType(String, position: Int64)
    /// A database URL that is neither `sqlite:PATH` nor `postgres://user@host[:port]/database`.
    case badLocation(String)
    /// The database could not be reached or refused a statement (its message, without any bound value).
    case database(String)

    /// What to tell a person.
    public var message: LocalizedText {
        switch self {
        case .refused(let error): error.message
        case .badKeyFile(let path):
            LocalizedText(
                ja: "鍵ファイル \(path) を読み書きできないか、256 ビットの鍵ではありません",
                en: "key file \(path) cannot be read or created, or is not a 256-bit key")
        case .sealFailed:
            LocalizedText(
                ja: "暗号化されたデータを開けません（鍵が異なるか改ざんされています）",
                en: "cannot open sealed data (another key, or altered)")
        case .unknownEntryType(let type, let position):
            LocalizedText(ja: "仕訳 \(position) の種類 \"\(type)\" を認識できません", en: "journal entry \(position) has unknown type \"\(type)\"")
        case .badLocation(let text):
            LocalizedText(
                ja: "データベースの指定 \"\(text)\" を解釈できません（sqlite:パス または postgres://ユーザー@ホスト:ポート/データベース）",
                en: "cannot read the database location \"\(text)\" (sqlite:PATH or postgres://user@host:port/database)")
        case .database(let detail):
            LocalizedText(ja: "データベースのエラー: \(detail)", en: "database error: \(detail)")
        }
    }
}

import Crypto
import Foundation
import MamoriCore
import ZIPFoundation

/// A consistent copy of a SQLite data directory in one file, taken while servers write (SQLite's online backup through
/// GRDB), and its restore, which proves the copy before it replaces anything.
///
/// The file is a ZIP of `mamori.sqlite`, the key files (`mamori.key` opens the sealed personal data,
/// `mamori-signing.key` signs checkpoints and bundles) and `backup.json` (the SHA-256 of each, the journal's entry
/// count). The keys travel in the clear inside it, so the file is created 0600 and must be kept as the data
/// directory itself is (an encrypted disk or vault); `--without-keys` leaves them out for those who keep the keys apart.
public enum StoreBackup {
    /// What a backup holds, as `backup.json` says it.
    public struct Manifest: Codable, Sendable, Equatable {
        /// When it was taken (ISO 8601).
        public var takenAt: String
        /// Journal entries in the copy.
        public var entries: Int
        /// SHA-256 (hex) of each file, by name.
        public var files: [String: String]
    }

    static let databaseName = "mamori.sqlite", keyName = "mamori.key", signingKeyName = "mamori-signing.key"
    static let manifestName = "backup.json"

    /// Copies `store` (which must live in SQLite) into the file `out`, which must not exist yet.
    public static func write(_ store: Store, to out: URL, includingKeys: Bool = true, now: Date = Date()) async throws -> Manifest {
        guard let sqlite = store.database as? SQLiteDatabase else {
            throw StoreError.refused(
                CommandError(
                    ja: "PostgreSQL のデータは pg_dump でバックアップしてください（README 参照）",
                    en: "back up a PostgreSQL store with pg_dump (see the README)"))
        }
        guard !FileManager.default.fileExists(atPath: out.path) else {
            throw StoreError.refused(CommandError(ja: "\(out.path) は既にあります", en: "\(out.path) already exists"))
        }
        let work = out.deletingLastPathComponent().appendingPathComponent(".\(out.lastPathComponent).\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: work) }
        let database = work.appendingPathComponent(databaseName)
        try sqlite.backup(to: database)
        // Verified under the store's own key, which the state snapshot's seal needs.
        try FileManager.default.copyItem(at: Store.files(in: store.directory).key, to: work.appendingPathComponent(keyName))
        let copy = try await Store(directory: work)
        let verification = try await copy.verifyLedger()
        try copy.close()
        if let problem = verification.problem {
            throw StoreError.refused(CommandError(ja: "データが壊れています: \(problem.ja)", en: "the data is broken: \(problem.en)"))
        }
        let entries = verification.entries
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
        try FileManager.default.removeItem(at: work.appendingPathComponent(keyName))
        var names = [databaseName]
        if includingKeys {
            for name in [keyName, signingKeyName] where FileManager.default.fileExists(atPath: store.directory.appendingPathComponent(name).path) {
                try FileManager.default.copyItem(at: store.directory.appendingPathComponent(name), to: work.appendingPathComponent(name))
                names.append(name)
            }
        }
        var files: [String: String] = [:]
        for name in names { files[name] = try digest(of: work.appendingPathComponent(name)) }
        let manifest = Manifest(takenAt: ISO8601DateFormatter().string(from: now), entries: entries, files: files)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: work.appendingPathComponent(manifestName))
        // Written inside the 0700 working directory and made 0600 before it is moved to its name: the keys are never
        // readable by others, and a failed backup leaves no file behind.
        let written = work.appendingPathComponent("backup.zip")
        let archive = try Archive(url: written, accessMode: .create)
        for name in names + [manifestName] {
            try archive.addEntry(with: name, fileURL: work.appendingPathComponent(name), compressionMethod: .deflate)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: written.path)
        try FileManager.default.moveItem(at: written, to: out)
        return manifest
    }

    /// Restores the backup `file` into the data directory `directory`, which must be empty or absent (or, with
    /// `replacing`, whose contents are moved aside to `DIR.replaced-TIMESTAMP`, never deleted). Before anything is replaced, every file's SHA-256 is
    /// checked, the journal verified and replayed, and the replayed state compared with the copy's state tables;
    /// `keys` is the directory holding the key files when the backup was taken without them.
    public static func restore(_ file: URL, into directory: URL, keys: URL? = nil, replacing: Bool = false, now: Date = Date()) async throws -> Manifest {
        let directory = directory.standardizedFileURL
        let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        guard contents.isEmpty || replacing else {
            throw StoreError.refused(
                CommandError(
                    ja: "\(directory.path) は空ではありません（置き換えるには --replace）",
                    en: "\(directory.path) is not empty (--replace to replace what it holds)"))
        }
        let holdsStore = !contents.isEmpty
        let parent = directory.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(directory.lastPathComponent).restore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        var staged = false
        defer { if !staged { try? FileManager.default.removeItem(at: staging) } }
        let manifest = try unpack(file, into: staging, keys: keys)
        try await prove(staging, manifest)
        // Nothing is deleted: what was there is moved aside (and back, if the restored copy cannot be moved in).
        var aside: URL?
        if holdsStore {
            let stamp = ISO8601DateFormatter().string(from: now).replacingOccurrences(of: ":", with: "")
            aside = parent.appendingPathComponent("\(directory.lastPathComponent).replaced-\(stamp)")
            try FileManager.default.moveItem(at: directory, to: aside!)
        } else if FileManager.default.fileExists(atPath: directory.path) {
            try FileManager.default.removeItem(at: directory)  // an empty directory
        }
        do {
            try FileManager.default.moveItem(at: staging, to: directory)
        } catch {
            if let aside { try? FileManager.default.moveItem(at: aside, to: directory) }
            throw error
        }
        staged = true
        return manifest
    }

    /// Unpacks the known files only (no other name, no path, nothing twice) and checks each against the manifest.
    private static func unpack(_ file: URL, into staging: URL, keys: URL?) throws -> Manifest {
        func refused(_ ja: String, _ en: String) -> StoreError { .refused(CommandError(ja: "バックアップ \(file.path): \(ja)", en: "backup \(file.path): \(en)")) }
        let archive: Archive
        do { archive = try Archive(url: file, accessMode: .read) } catch { throw refused("ZIP として読めません", "not a readable ZIP") }
        let known = [databaseName, keyName, signingKeyName, manifestName]
        var seen = Set<String>()
        for entry in archive {
            guard known.contains(entry.path), entry.type == .file, seen.insert(entry.path).inserted else {
                throw refused("想定外の項目 \"\(entry.path)\" があります", "unexpected entry \"\(entry.path)\"")
            }
            do { _ = try archive.extract(entry, to: staging.appendingPathComponent(entry.path)) } catch {
                throw refused("\(entry.path) を展開できません（破損しています）", "\(entry.path) cannot be extracted (damaged)")
            }
        }
        guard seen.contains(manifestName), seen.contains(databaseName),
            let manifest = try? JSONDecoder().decode(Manifest.self, from: Data(contentsOf: staging.appendingPathComponent(manifestName)))
        else {
            throw refused("backup.json または mamori.sqlite がありません", "backup.json or mamori.sqlite is missing")
        }
        guard Set(manifest.files.keys) == seen.subtracting([manifestName]) else {
            throw refused("backup.json と中身が一致しません", "backup.json does not list what the file holds")
        }
        for (name, expected) in manifest.files.sorted(by: { $0.key < $1.key }) where try digest(of: staging.appendingPathComponent(name)) != expected {
            throw refused("\(name) の SHA-256 が一致しません", "\(name) does not match its SHA-256")
        }
        if !seen.contains(keyName) {
            guard let keys, FileManager.default.fileExists(atPath: keys.appendingPathComponent(keyName).path) else {
                throw refused(
                    "鍵なしのバックアップです。--keys で mamori.key のあるディレクトリを指定してください",
                    "taken without keys: give the directory holding mamori.key with --keys")
            }
            for name in [keyName, signingKeyName] where FileManager.default.fileExists(atPath: keys.appendingPathComponent(name).path) {
                try FileManager.default.copyItem(at: keys.appendingPathComponent(name), to: staging.appendingPathComponent(name))
            }
        }
        for name in [keyName, signingKeyName, databaseName] where FileManager.default.fileExists(atPath: staging.appendingPathComponent(name).path) {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: staging.appendingPathComponent(name).path)
        }
        return manifest
    }

    /// Verifies the unpacked journal, replays it beside and compares the states: a copy that would not open, whose
    /// chain is broken or whose tables differ from what the journal produces is refused.
    private static func prove(_ staging: URL, _ manifest: Manifest) async throws {
        let store = try await Store(directory: staging)
        defer { try? store.close() }
        let verification = try await store.verifyLedger()
        if let problem = verification.problem {
            throw StoreError.refused(CommandError(ja: "バックアップが壊れています: \(problem.ja)", en: "the backup is broken: \(problem.en)"))
        }
        guard verification.entries == manifest.entries else {
            throw StoreError.refused(
                CommandError(
                    ja: "バックアップの仕訳数 \(verification.entries) が backup.json の \(manifest.entries) と異なります",
                    en: "the backup holds \(verification.entries) entries, backup.json says \(manifest.entries)"))
        }
        // The key must open the sealed data it came with (a wrong `--keys` would restore a store nobody can read).
        let state = try await store.state()
        let sealed = state.contracts.values.lazy.compactMap { contract in
            contract.incidents.values.first?.narrative ?? contract.people.values.lazy.compactMap(\.photo).first
                ?? contract.idChecks.values.first?.documentType
        }.first
        if let sealed, (try? store.vault.open(sealed)) == nil {
            throw StoreError.refused(
                CommandError(
                    ja: "鍵 mamori.key でバックアップの暗号化データを開けません（別の鍵です）",
                    en: "mamori.key does not open the backup's sealed data (another key)"))
        }
        let replayDirectory = staging.deletingLastPathComponent().appendingPathComponent(".\(staging.lastPathComponent).replay")
        defer { try? FileManager.default.removeItem(at: replayDirectory) }
        let replayed = try await store.replay(into: replayDirectory)
        defer { try? replayed.close() }
        guard try await replayed.state() == store.state() else {
            throw StoreError.refused(
                CommandError(
                    ja: "バックアップの状態が仕訳帳から再構築した状態と一致しません",
                    en: "the backup's state differs from the state its journal produces"))
        }
    }

    private static func digest(of file: URL) throws -> String {
        Hex.string(SHA256.hash(data: try Data(contentsOf: file, options: .alwaysMapped)))
    }
}

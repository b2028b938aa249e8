import Foundation
import MamoriAgentKit
import MamoriStore

/// The databases the store's tests run against: the embedded SQLite file, and a PostgreSQL server on 127.0.0.1.
public enum TestBackend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// The backends tested here: both, or SQLite alone where PostgreSQL is not installed and not every suite must run
    /// (said once on standard error, with the command that tests both).
    public static let tested: [TestBackend] = {
        guard TestTool.runnable([.postgres]) else {
            FileHandle.standardError.write(Data("note: the store's tests run on SQLite only here: \(TestTool.note([.postgres]))\n".utf8))
            return [.sqlite]
        }
        return allCases
    }()

    /// A location for a new, empty store: nil (SQLite inside the store's directory) or a new PostgreSQL database.
    public func freshLocation() async throws -> StoreLocation? {
        switch self {
        case .sqlite: nil
        case .postgres: .postgres(try await TestPostgres.freshDatabase())
        }
    }
}

/// The PostgreSQL server of the tests: `MAMORI_TEST_POSTGRES` (a URL whose user may create databases), or the cluster
/// `.ci/postgres` starts (once) on 127.0.0.1:55432. Each test gets a database of its own.
public enum TestPostgres {
    /// The server's address; the tests fail (not skip) when no server can be reached or started.
    public static let server: Result<PostgresAddress, any Error> = Result {
        if let url = ProcessInfo.processInfo.environment["MAMORI_TEST_POSTGRES"] { return try PostgresAddress(url) }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.ci/postgres").standardized
        let started = try ChildProcess.run(["/bin/bash", script.path], timeout: .seconds(600))
        guard started.succeeded else {
            throw StoreError.database("\(script.path) could not start PostgreSQL (\(started.termination)): \(started.errorText)")
        }
        return try PostgresAddress(started.outputText.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Closes a test's store and drops its PostgreSQL database, if it has one (in the background: a test's end, or a
    /// `deinit`, does not wait for it).
    public static func discard(_ store: Store) {
        try? store.close()
        if case .postgres(let address) = store.location { Task { try? await PostgresDatabase.drop(address) } }
    }

    /// A new empty database on the test server.
    public static func freshDatabase() async throws -> PostgresAddress {
        let address = try server.get().database("mamori_test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))
        try await PostgresDatabase.create(address)
        return address
    }
}

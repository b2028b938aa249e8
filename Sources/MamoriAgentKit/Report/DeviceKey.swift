import Crypto
import Foundation

/// The device's Ed25519 key, created at enrollment and kept (mode 0600) in the agent's state directory.
public struct DeviceKey: Sendable {
    private let raw: Data

    /// The file the key lives in.
    public static func file(in state: URL) -> URL { state.appendingPathComponent("device.key") }

    /// Loads the key from `state`, or creates it when `create` is set.
    public init(state: URL, create: Bool) throws {
        let url = Self.file(in: state)
        if let data = FileManager.default.contents(atPath: url.path) {
            raw = data
            _ = try Curve25519.Signing.PrivateKey(rawRepresentation: data)
            return
        }
        guard create else { throw AgentError.notEnrolled(state.path) }
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = Curve25519.Signing.PrivateKey()
        guard FileManager.default.createFile(atPath: url.path, contents: key.rawRepresentation, attributes: [.posixPermissions: 0o600]) else {
            throw AgentError.cannotWrite(url.path)
        }
        raw = key.rawRepresentation
    }

    private var key: Curve25519.Signing.PrivateKey { try! Curve25519.Signing.PrivateKey(rawRepresentation: raw) }

    /// The public key, base64.
    public var publicKey: String { key.publicKey.rawRepresentation.base64EncodedString() }

    /// The device ID derived from the public key.
    public var deviceID: String { Self.deviceID(publicKey: key.publicKey.rawRepresentation) }

    /// The device ID of a public key: `dev-` and the first 8 bytes of its SHA-256, hex.
    public static func deviceID(publicKey: Data) -> String {
        "dev-" + SHA256.hash(data: publicKey).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// Signs a report: its canonical JSON, the public key and the signature travel together.
    public func sign(_ report: AgentReport) throws -> SignedReport {
        let body = try report.canonicalJSON()
        return SignedReport(report: String(decoding: body, as: UTF8.self), publicKey: publicKey,
                            signature: try key.signature(for: body).base64EncodedString())
    }
}

/// A report with its Ed25519 signature, as written by `scan --sign` and posted by `submit`.
public struct SignedReport: Sendable, Codable, Equatable {
    /// The report's canonical JSON.
    public var report: String
    /// The signing device's public key, base64.
    public var publicKey: String
    public var signature: String

    private enum CodingKeys: String, CodingKey {
        case report, signature
        case publicKey = "public_key"
    }

    /// Checks the signature, that the report names the key's device, and returns the report.
    public func verified() throws -> AgentReport {
        try verified(AgentReport.self) { $0.device.id }
    }

    /// The same checks, returning only what a server evaluates (decoding the inventory and the agent's own results
    /// is most of the cost of a report).
    public func verifiedSubmission() throws -> SubmittedReport {
        try verified(SubmittedReport.self) { $0.device.id }
    }

    private func verified<Report: Decodable>(_ type: Report.Type, device: (Report) -> String) throws -> Report {
        guard let keyData = Data(base64Encoded: publicKey), let signatureData = Data(base64Encoded: signature),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyData),
              key.isValidSignature(signatureData, for: Data(report.utf8))
        else { throw AgentError.badSignature }
        let decoded = try JSONDecoder().decode(Report.self, from: Data(report.utf8))
        guard device(decoded) == DeviceKey.deviceID(publicKey: keyData) else { throw AgentError.badSignature }
        return decoded
    }
}

/// What a server needs of a signed report: the PC, when and on which platform it was written, its facts and its host
/// name. The agent's own results and the rest of the inventory stay in the stored signed report.
public struct SubmittedReport: Decodable, Sendable {
    public var device: AgentReport.Device
    public var generatedAt: String
    public var platform: String
    public var facts: [Fact]
    public var hostname: String

    private enum CodingKeys: String, CodingKey {
        case device, platform, facts, inventory
        case generatedAt = "generated_at"
    }

    private enum InventoryKeys: String, CodingKey {
        case hostname
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        device = try container.decode(AgentReport.Device.self, forKey: .device)
        generatedAt = try container.decode(String.self, forKey: .generatedAt)
        platform = try container.decode(String.self, forKey: .platform)
        facts = try container.decode([Fact].self, forKey: .facts)
        hostname = try container.nestedContainer(keyedBy: InventoryKeys.self, forKey: .inventory).decode(String.self, forKey: .hostname)
    }
}

/// What can go wrong in the agent itself (exit code 2), as opposed to a failing check (exit code 1).
public enum AgentError: Error, Sendable, Equatable {
    case notEnrolled(String)
    case cannotWrite(String)
    case badSignature
    case unsupportedPlatform(String)
    case badParameters(String)
    case server(String)

    /// What to tell a person, in Japanese and English.
    public var message: (ja: String, en: String) {
        switch self {
        case let .notEnrolled(path): ("端末鍵がありません（\(path)）。先に mamori-agent enroll を実行してください", "no device key in \(path); run mamori-agent enroll first")
        case let .cannotWrite(path): ("\(path) に書き込めません", "cannot write \(path)")
        case .badSignature: ("署名が正しくありません（改ざんまたは別の鍵）", "the signature does not verify (altered, or another key)")
        case let .unsupportedPlatform(name): ("対応していないプラットフォームです: \(name)", "unsupported platform: \(name)")
        case let .badParameters(detail): ("パラメータファイルを読めません: \(detail)", "cannot read the parameters file: \(detail)")
        case let .server(detail): ("サーバーとの通信に失敗しました: \(detail)", "the server exchange failed: \(detail)")
        }
    }
}

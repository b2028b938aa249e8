import Crypto
import Foundation
import MamoriCore

/// The device's Ed25519 key, created at enrollment and kept (mode 0600) in the agent's state directory.
public struct DeviceKey: Sendable {
    private let raw: Data

    /// The request header naming the device of a signed body.
    public static let deviceHeader = "Mamori-Device"
    /// The request header carrying the Ed25519 signature of the body, base64.
    public static let signatureHeader = "Mamori-Signature"

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
        "dev-" + Hex.string(SHA256.hash(data: publicKey).prefix(8))
    }

    /// What an enrollment signs: the token and the device ID, so that only the holder of the private key registers its
    /// public key (a public key is no secret: another organization's token must never move this PC there).
    public static func enrollmentProof(token: String, deviceID: String) -> Data {
        Data("mamori-enroll\n\(token)\n\(deviceID)".utf8)
    }

    /// The Ed25519 signature of `bytes` (a check-in's body, a part).
    public func signature(for bytes: Data) throws -> Data {
        try key.signature(for: bytes)
    }

    /// Whether `signature` is the Ed25519 signature of `bytes` by the raw 32-byte `publicKey`.
    /// A key of small order (``hasSmallOrder(_:)``) is never valid: its "signatures" verify for any message.
    public static func isValid(_ signature: Data, of bytes: Data, publicKey: Data) -> Bool {
        guard !hasSmallOrder(publicKey), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: bytes)
    }

    /// Decodes signed bytes once `signature` verifies them with `publicKey` and what they hold names that key's
    /// device: a bad signature or another device throws ``AgentError/badSignature``, signed bytes of the wrong shape
    /// what `read` throws.
    static func opened<Signed>(
        _ bytes: Data, signature: Data, publicKey: Data, read: (Data) throws -> Signed,
        device: (Signed) -> String
    ) throws -> Signed {
        guard isValid(signature, of: bytes, publicKey: publicKey) else { throw AgentError.badSignature }
        let decoded = try read(bytes)
        guard device(decoded) == deviceID(publicKey: publicKey) else { throw AgentError.badSignature }
        return decoded
    }

    /// Signs a report: its canonical JSON, the public key and the signature travel together.
    public func sign(_ report: AgentReport) throws -> SignedReport {
        let body = try report.canonicalJSON()
        return SignedReport(
            report: String(decoding: body, as: UTF8.self), publicKey: publicKey,
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
        guard let keyData = Data(base64Encoded: publicKey), let signatureData = Data(base64Encoded: signature) else { throw AgentError.badSignature }
        return try DeviceKey.opened(
            Data(report.utf8), signature: signatureData, publicKey: keyData,
            read: { try JSONDecoder().decode(AgentReport.self, from: $0) }
        ) { $0.device.id }
    }
}

/// What can go wrong in the agent itself (exit code 2), as opposed to a failing check (exit code 1).
public enum AgentError: Error, Sendable, Equatable {
    case notEnrolled(String)
    /// The enrollment record (`enrollment.json`) is there but cannot be read.
    case unreadableEnrollment(String)
    case cannotWrite(String)
    case badSignature
    case unsupportedPlatform(String)
    case badParameters(String)
    /// A command-line option whose value cannot be used, e.g. a `--ca-file` that cannot be read.
    case badOption(ja: String, en: String)
    case server(String)
    /// No connection was made: what curl said, and what to do about it.
    case unreachable(said: String, ja: String, en: String)

    /// What to tell a person, in Japanese and English.
    public var message: (ja: String, en: String) {
        switch self {
        case .notEnrolled(let path): ("端末鍵がありません（\(path)）。先に mamori-agent enroll を実行してください", "no device key in \(path); run mamori-agent enroll first")
        case .unreadableEnrollment(let path): ("\(path) を読めません。mamori-agent enroll をやり直してください", "\(path) cannot be read; run mamori-agent enroll again")
        case .cannotWrite(let path): ("\(path) に書き込めません", "cannot write \(path)")
        case .badSignature: ("署名が正しくありません（改ざんまたは別の鍵）", "the signature does not verify (altered, or another key)")
        case .unsupportedPlatform(let name): ("対応していないプラットフォームです: \(name)", "unsupported platform: \(name)")
        case .badParameters(let detail): ("パラメータファイルを読めません: \(detail)", "cannot read the parameters file: \(detail)")
        case .badOption(let ja, let en): ("指定が使えません: \(ja)", "cannot use the option: \(en)")
        case .unreachable(let said, let ja, let en): ("サーバーに接続できません: \(ja)（\(said)）", "cannot reach the server: \(en) (\(said))")
        case .server(let detail): ("サーバーとの通信に失敗しました: \(detail)", "the server exchange failed: \(detail)")
        }
    }
}

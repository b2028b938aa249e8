import Crypto
import Foundation

/// `manifest.json` of a submission bundle: what it contains, the SHA-256 of each file, and the signed journal checkpoint.
public struct BundleManifest: Codable, Sendable, Equatable {
    /// One file of the bundle.
    public struct File: Codable, Sendable, Equatable {
        public var path: String
        public var sha256: String
        public var bytes: Int
    }

    public var format: String
    public var contractID: String
    public var contractTitle: String
    /// ISO 8601, UTC.
    public var generatedAt: String
    public var files: [File]
    public var checkpoint: JournalCheckpoint
    /// Ed25519 signature of the checkpoint, base64.
    public var checkpointSignature: String
    /// The Ed25519 public key that signed the checkpoint and the archive, base64 (raw 32 bytes).
    public var signingKey: String

    static let currentFormat = "mamori-bundle/1"

    /// The SHA-256 of the signing key, hex: what the city compares with the fingerprint the contractor gave it.
    public var keyFingerprint: String {
        SubmissionBundle.hex(SHA256.hash(data: Data(base64Encoded: signingKey) ?? Data()))
    }

    private enum CodingKeys: String, CodingKey {
        case format, files, checkpoint
        case contractID = "contract_id"
        case contractTitle = "contract_title"
        case generatedAt = "generated_at"
        case checkpointSignature = "checkpoint_signature"
        case signingKey = "signing_key"
    }
}

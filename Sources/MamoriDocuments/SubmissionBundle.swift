import Crypto
import Foundation
import MamoriCore

/// The ZIP the contractor hands to the city: every document, `manifest.json` with their SHA-256 and a signed
/// checkpoint of the journal, and an Ed25519 seal over the whole archive in its ZIP comment, so that any changed
/// byte is detected. Files are stored uncompressed (the XLSX files are compressed already), so that a verifier
/// hashes the bytes as they lie and never inflates data it does not trust yet.
public enum SubmissionBundle {
    /// The manifest's path inside the bundle.
    public static let manifestPath = "manifest.json"
    /// The Ed25519 signature of the manifest's bytes, base64.
    public static let manifestSignaturePath = "manifest.sig"
    /// Documents sit under this folder.
    public static let documentsFolder = "documents/"
    /// The ZIP comment is this prefix and the base64 signature of every byte before the comment.
    static let sealPrefix = Data("MAMORI-SEAL ".utf8)
    static let sealLength = sealPrefix.count + 88

    /// Writes the bundle's bytes.
    public static func write(
        _ files: [DocumentFile], contractID: String, contractTitle: String, checkpoint: JournalCheckpoint,
        key: Curve25519.Signing.PrivateKey, now: Date
    ) throws -> Data {
        var package = try ZipPackage(modified: now)
        var entries: [BundleManifest.File] = []
        for file in files.sorted(by: { $0.name < $1.name }) {
            let path = documentsFolder + file.name
            try package.add(path, file.data, compress: false)
            entries.append(BundleManifest.File(path: path, sha256: hex(SHA256.hash(data: file.data)), bytes: file.data.count))
        }
        let manifest = BundleManifest(
            format: BundleManifest.currentFormat, contractID: contractID, contractTitle: contractTitle,
            generatedAt: ISO8601DateFormatter().string(from: now), files: entries, checkpoint: checkpoint,
            checkpointSignature: try key.signature(for: checkpoint.signedBytes).base64EncodedString(),
            signingKey: key.publicKey.rawRepresentation.base64EncodedString())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let manifestBytes = try encoder.encode(manifest)
        try package.add(manifestPath, manifestBytes, compress: false)
        try package.add(manifestSignaturePath, Data(try key.signature(for: manifestBytes).base64EncodedString().utf8), compress: false)
        return try sealed(package.data, key: key)
    }

    /// Puts the archive seal in the ZIP comment: the end record's comment length is set, then the comment appended.
    private static func sealed(_ archive: Data, key: Curve25519.Signing.PrivateKey) throws -> Data {
        var bytes = archive
        let length = UInt16(sealLength)
        bytes[bytes.count - 2] = UInt8(length & 0xFF)
        bytes[bytes.count - 1] = UInt8(length >> 8)
        let signature = try key.signature(for: bytes).base64EncodedString()
        bytes.append(sealPrefix)
        bytes.append(Data(signature.utf8))
        return bytes
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        Hex.string(digest)
    }
}

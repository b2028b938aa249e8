import Crypto
import Foundation
import MamoriCore
import ZIPFoundation

/// What checking a submission bundle found: each problem names the file or part that failed.
public struct BundleVerification: Sendable {
    /// The manifest, when it could be read.
    public var manifest: BundleManifest?
    public var problems: [BundleProblem]
    /// Files whose SHA-256 matched the manifest.
    public var filesChecked: Int

    /// Whether nothing failed.
    public var isIntact: Bool { problems.isEmpty }

    /// Checks a bundle offline: every file's SHA-256, no file added, the checkpoint's signature and the archive seal.
    public init(bundle data: Data) {
        problems = []
        filesChecked = 0
        guard let archive = try? Archive(data: data, accessMode: .read, pathEncoding: nil) else {
            problems.append(BundleProblem(part: "ZIP", ja: "ZIP として読めません", en: "not a readable ZIP file"))
            checkSeal(data, key: nil)
            return
        }
        guard let manifest = readManifest(archive) else {
            checkSeal(data, key: nil)
            return
        }
        self.manifest = manifest
        var listed = Set<String>()
        for file in manifest.files {
            listed.insert(file.path)
            guard let entry = archive[file.path] else {
                problems.append(BundleProblem(part: file.path, ja: "ファイルがありません", en: "file is missing"))
                continue
            }
            guard let content = BundleVerification.extract(entry, from: archive) else {
                problems.append(BundleProblem(part: file.path, ja: "内容が壊れています（CRC 不一致）", en: "content is damaged (CRC mismatch)"))
                continue
            }
            if SubmissionBundle.hex(SHA256.hash(data: content)) != file.sha256 {
                problems.append(BundleProblem(part: file.path, ja: "SHA-256 がマニフェストと一致しません", en: "SHA-256 differs from the manifest"))
            } else {
                filesChecked += 1
            }
        }
        for entry in archive where entry.path != SubmissionBundle.manifestPath && !listed.contains(entry.path) {
            problems.append(BundleProblem(part: entry.path, ja: "マニフェストにないファイルです", en: "file is not in the manifest"))
        }
        let key = Data(base64Encoded: manifest.signingKey).flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
        let signature = Data(base64Encoded: manifest.checkpointSignature)
        if !(key.map { key in signature.map { key.isValidSignature($0, for: manifest.checkpoint.signedBytes) } ?? false } ?? false) {
            problems.append(BundleProblem(part: SubmissionBundle.manifestPath, ja: "仕訳帳チェックポイントの署名が正しくありません",
                                          en: "the journal checkpoint's signature is not valid"))
        }
        checkSeal(data, key: key)
    }

    private mutating func readManifest(_ archive: Archive) -> BundleManifest? {
        guard let entry = archive[SubmissionBundle.manifestPath], let data = BundleVerification.extract(entry, from: archive),
              let manifest = try? JSONDecoder().decode(BundleManifest.self, from: data),
              manifest.format == BundleManifest.currentFormat
        else {
            problems.append(BundleProblem(part: SubmissionBundle.manifestPath, ja: "マニフェストがないか読めません",
                                          en: "the manifest is missing or unreadable"))
            return nil
        }
        return manifest
    }

    /// The archive seal: the Ed25519 signature in the ZIP comment over every byte before it.
    private mutating func checkSeal(_ data: Data, key: Curve25519.Signing.PublicKey?) {
        let sealStart = data.count - (SubmissionBundle.sealLength - SubmissionBundle.sealPrefix.count)
        let prefixStart = data.count - SubmissionBundle.sealLength
        guard prefixStart > 22, data[prefixStart..<sealStart] == SubmissionBundle.sealPrefix,
              let signature = Data(base64Encoded: data[sealStart...]), let key,
              key.isValidSignature(signature, for: data[data.startIndex..<prefixStart])
        else {
            problems.append(BundleProblem(part: "ZIP", ja: "アーカイブ全体の署名が一致しません（ZIP の構造が変更されています）",
                                          en: "the archive seal does not match (the ZIP structure was changed)"))
            return
        }
    }

    private static func extract(_ entry: Entry, from archive: Archive) -> Data? {
        var content = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { content.append($0) }
        } catch {
            return nil
        }
        return content
    }
}

/// One failed check of a bundle: the part (a file's path, the manifest or the ZIP itself) and what is wrong.
public struct BundleProblem: Sendable, Hashable {
    /// The file or part named, e.g. `documents/staff_roster.xlsx`.
    public var part: String
    public var message: LocalizedText

    /// Creates a problem.
    public init(part: String, ja: String, en: String) {
        self.part = part
        message = LocalizedText(ja: ja, en: en)
    }
}

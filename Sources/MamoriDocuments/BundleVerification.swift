import Crypto
import Foundation
import MamoriCore

/// What checking a submission bundle found: each problem names the file or part that failed.
public struct BundleVerification: Sendable {
    /// The manifest, when it could be read.
    public var manifest: BundleManifest?
    public var problems: [BundleProblem]
    /// Files whose SHA-256 matched the manifest.
    public var filesChecked: Int

    /// Whether nothing failed.
    public var isIntact: Bool { problems.isEmpty }

    /// Checks a bundle file offline: every file's SHA-256, no file added, the checkpoint's signature and the archive seal.
    public init(file: URL) {
        guard let data = try? Data(contentsOf: file) else {
            self.init(problems: [BundleProblem(part: file.lastPathComponent, ja: "ファイルを読めません", en: "cannot read the file")])
            return
        }
        self.init(bundle: data)
    }

    private init(problems: [BundleProblem]) {
        self.problems = problems
        filesChecked = 0
    }

    /// Checks bundle bytes offline: every file's SHA-256, no file added, the checkpoint's signature and the archive seal.
    public init(bundle: Data) {
        problems = []
        filesChecked = 0
        let data = bundle.startIndex == 0 ? bundle : Data(Array(bundle))
        let directory: ZipDirectory
        do {
            directory = try ZipDirectory(data)
        } catch {
            problems.append(BundleProblem(part: "ZIP", ja: "ZIP の構造が壊れています: \(error.reason)", en: "the ZIP structure is broken: \(error.reason)"))
            checkSeal(data, key: nil)
            return
        }
        guard let manifest = readManifest(data, directory) else {
            checkSeal(data, key: nil)
            return
        }
        self.manifest = manifest
        let key = Data(base64Encoded: manifest.signingKey).flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
        guard let key, BundleVerification.signed(data, directory, SubmissionBundle.manifestPath, SubmissionBundle.manifestSignaturePath, key: key)
        else {
            problems.append(
                BundleProblem(
                    part: SubmissionBundle.manifestPath, ja: "マニフェストの署名が一致しません（manifest.json が変更されています）",
                    en: "the manifest's signature does not match (manifest.json was changed)"))
            checkSeal(data, key: key)
            return
        }
        var listed: Set<String> = [SubmissionBundle.manifestPath, SubmissionBundle.manifestSignaturePath]
        for file in manifest.files {
            listed.insert(file.path)
            guard let entry = directory.entries[file.path] else {
                problems.append(BundleProblem(part: file.path, ja: "ファイルがありません", en: "file is missing"))
                continue
            }
            if entry.method != 0 || SubmissionBundle.hex(SHA256.hash(data: data[entry.range])) != file.sha256 {
                problems.append(BundleProblem(part: file.path, ja: "SHA-256 がマニフェストと一致しません", en: "SHA-256 differs from the manifest"))
            } else {
                filesChecked += 1
            }
        }
        for path in directory.paths where !listed.contains(path) {
            problems.append(BundleProblem(part: path, ja: "マニフェストにないファイルです", en: "file is not in the manifest"))
        }
        let signature = Data(base64Encoded: manifest.checkpointSignature)
        if !(signature.map { key.isValidSignature($0, for: manifest.checkpoint.signedBytes) } ?? false) {
            problems.append(
                BundleProblem(
                    part: SubmissionBundle.manifestPath, ja: "仕訳帳チェックポイントの署名が正しくありません",
                    en: "the journal checkpoint's signature is not valid"))
        }
        checkSeal(data, key: key)
    }

    /// Whether the file at `path` carries a valid signature (base64) in the file at `signaturePath`.
    private static func signed(
        _ data: Data, _ directory: ZipDirectory, _ path: String, _ signaturePath: String,
        key: Curve25519.Signing.PublicKey
    ) -> Bool {
        guard let file = directory.entries[path], let signatureFile = directory.entries[signaturePath],
            let signature = Data(base64Encoded: data[signatureFile.range])
        else { return false }
        return key.isValidSignature(signature, for: data[file.range])
    }

    private mutating func readManifest(_ data: Data, _ directory: ZipDirectory) -> BundleManifest? {
        guard let entry = directory.entries[SubmissionBundle.manifestPath], entry.method == 0,
            let manifest = try? JSONDecoder().decode(BundleManifest.self, from: data[entry.range]),
            manifest.format == BundleManifest.currentFormat
        else {
            problems.append(
                BundleProblem(
                    part: SubmissionBundle.manifestPath, ja: "マニフェストがないか読めません",
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
            problems.append(
                BundleProblem(
                    part: "ZIP", ja: "アーカイブ全体の署名が一致しません（ZIP の構造が変更されています）",
                    en: "the archive seal does not match (the ZIP structure was changed)"))
            return
        }
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

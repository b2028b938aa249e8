import Foundation
import MamoriCore
import Testing
import ZIPFoundation

@testable import MamoriDocuments
@testable import MamoriStore

/// The submission bundle: written from the store, verified offline and against the journal; any changed byte fails
/// with the file named.
@Suite struct BundleTests {
    let demo: DemoContract
    let bundle: Data

    init() async throws {
        demo = try await DemoContract()
        bundle = try await BundleWriter(store: demo.store).bundle(demo.context(deviceReports: []))
    }

    @Test func aFreshBundleVerifiesAndListsEveryDocument() async throws {
        let result = BundleVerification(bundle: bundle)
        #expect(result.problems.isEmpty, "\(result.problems)")
        let manifest = try #require(result.manifest)
        #expect(result.filesChecked == manifest.files.count)
        #expect(manifest.files.count == DocumentKind.allCases.count * 2 + 7, "HTML and XLSX for all, CSV for the seven tabular ones")
        #expect(Set(manifest.files.map(\.path)).contains("documents/staff_roster.xlsx"))
        let head = try #require(try await demo.store.journalHead(of: DemoScenario.contractorID))
        #expect(manifest.checkpoint == JournalCheckpoint(organizationID: DemoScenario.contractorID, entries: head.seq, headHash: head.hash))
        #expect(try await BundleWriter(store: demo.store).journalProblems(manifest).isEmpty)
    }

    @Test func aChangedByteInAnyFileNamesThatFile() throws {
        let ranges = try ZipDirectory(bundle).entries.mapValues(\.range)
        #expect(ranges.count == (BundleVerification(bundle: bundle).manifest?.files.count ?? 0) + 2, "documents, manifest and its signature")
        for (path, range) in ranges.sorted(by: { $0.key < $1.key }) {
            for position in [range.lowerBound, range.lowerBound + range.count / 2, range.upperBound - 1] {
                var tampered = bundle
                tampered[position] ^= 0x01
                let problems = BundleVerification(bundle: tampered).problems
                let named = path == SubmissionBundle.manifestSignaturePath ? SubmissionBundle.manifestPath : path
                #expect(problems.contains { $0.part == named }, "byte \(position) of \(path): \(problems)")
            }
        }
    }

    @Test func aChangedByteAnywhereFails() throws {
        for position in stride(from: 0, to: bundle.count, by: max(1, bundle.count / 1000)) {
            var tampered = bundle
            tampered[position] ^= 0x20
            #expect(!BundleVerification(bundle: tampered).isIntact, "byte \(position) of \(bundle.count)")
        }
        var truncated = bundle
        truncated.removeLast()
        #expect(!BundleVerification(bundle: truncated).isIntact)
    }

    @Test func anAddedFileIsNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-bundle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("b.zip")
        try bundle.write(to: file)
        let archive = try Archive(url: file, accessMode: .update, pathEncoding: nil)
        let extra = Data("差し替え".utf8)
        try archive.addEntry(with: "documents/extra.csv", type: .file, uncompressedSize: Int64(extra.count)) { position, size in
            extra.subdata(in: Int(position)..<Int(position) + size)
        }
        let problems = BundleVerification(bundle: try Data(contentsOf: file)).problems
        #expect(problems.contains { $0.part == "documents/extra.csv" })
    }

    @Test func laterWritesStillExtendTheCheckpointButARewriteDoesNot() async throws {
        let manifest = try #require(BundleVerification(bundle: bundle).manifest)
        try await demo.store.execute(
            AddRecord(Pledge(id: "PL-LATE", contractID: DemoContract.contractID, personID: "P12", signedOn: Day("2026-11-26")!)),
            actor: "test", at: DemoContract.now)
        #expect(try await BundleWriter(store: demo.store).journalProblems(manifest).isEmpty, "appending keeps the history signed")

        let other = try await DemoContract()
        let problems = try await BundleWriter(store: other.store).journalProblems(manifest)
        #expect(problems.contains { $0.part == SubmissionBundle.manifestPath }, "another data directory's key")
        #expect(problems.contains { $0.part == "journal" }, "another journal's head differs")
    }

    /// A store whose tables no longer match its journal (a row edited in the database) gets no signed bundle: the
    /// refusal names what verification found, in both languages.
    @Test func anAlteredStoreIsNeverSigned() async throws {
        try await demo.store.database.write { db in try await db.execute("UPDATE person SET name = '改ざん' WHERE id = 'P01'") }
        do {
            _ = try await BundleWriter(store: demo.store).bundle(demo.context(deviceReports: []))
            Issue.record("a bundle was signed over an altered table")
        } catch let refused as BundleWriter.Unverified {
            #expect(refused.message.ja.contains("署名付きの書類一式は作成できません") && refused.message.en.contains("no signed bundle"))
            #expect(refused.message.en.contains("person") || refused.message.en.contains("P01"), "\(refused.message.en)")
        }
    }

    /// Entries are dated in Japan's wall-clock time, as the documents are, whatever this machine's zone.
    @Test func entriesAreDatedInJapansTime() throws {
        let archive = try Archive(data: bundle, accessMode: .read, pathEncoding: nil)
        let entry = try #require(archive.makeIterator().next())
        let written = try #require(entry.fileAttributes[.modificationDate] as? Date)
        // ZIPFoundation reads the zone-less fields in this machine's zone; they must be Japan's hours and minutes.
        var here = Calendar(identifier: .gregorian)
        here.timeZone = .current
        var japan = Calendar(identifier: .gregorian)
        japan.timeZone = Day.timeZone
        let fields: Set<Calendar.Component> = [.year, .month, .day, .hour, .minute]
        #expect(here.dateComponents(fields, from: written) == japan.dateComponents(fields, from: DemoContract.now))
    }

    @Test func garbageIsNotABundle() {
        let problems = BundleVerification(bundle: Data("not a zip".utf8)).problems
        #expect(problems.contains { $0.part == "ZIP" })
    }
}

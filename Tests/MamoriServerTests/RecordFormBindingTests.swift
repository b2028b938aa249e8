import Foundation
import MamoriCore
import MamoriStore
import Testing

@testable import MamoriServer

/// Every field of every record form is bound to the command it builds: a body with each field given reaches the command
/// with each value where the field says. A misspelt key (`scop` for `scope`), which the command's decoding would drop
/// without a word, fails here rather than in a member's hands.
@Suite struct RecordFormBindingTests {
    /// A PNG header of 1 × 1 pixel: what a photo's check reads.
    static let photo =
        Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]) + Data("IHDR".utf8)
        + Data([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])

    @Test(arguments: RecordKinds.all.map(\.slug))
    func everyFieldReachesTheCommand(_ slug: String) throws {
        let kind = try #require(RecordKinds.named(slug))
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("binding-\(UUID().uuidString).key")
        defer { try? FileManager.default.removeItem(at: keyFile) }
        let vault = try Vault(keyFile: keyFile)
        // The form that adds one, and each step; a correction lays the same fields over a record (checked with them).
        let forms = [kind.create].compactMap { $0 } + kind.steps.filter { $0.slug != CommandForm.correctionSlug }
        #expect(!forms.isEmpty)
        for form in forms {
            var body = JSONValue.object([:])
            for field in form.fields { body.set(Self.sample(field), at: field.key) }
            let command: any Command
            let data = try body.numberedAsArrays.data()
            do throws(FormProblems) {
                command = try form.command(
                    json: data, contractID: "C-1", recordID: "R-1", vault: vault, now: Date(), state: MamoriState())
            } catch {
                Issue.record("\(slug) \(form.slug): \(error.fields) \(error.general?.en ?? "")")
                continue
            }
            let encoded = try JSONValue(encoding: command, isoDates: true)
            let root = (form.slug.isEmpty ? encoded["record"] : encoded) ?? .null
            for field in form.fields {
                let path = field.key.split(separator: ".").map { JSONValue.camel(String($0)) }
                // A group sealed as a whole (an incident report's findings) is there as its sealed box.
                if let group = form.sealedGroups.first(where: { field.key.hasPrefix($0.key + ".") }) {
                    #expect(root[JSONValue.camel(group.key)]?.text != nil, "\(slug) \(form.slug): \(group.key) not sealed in the command")
                    continue
                }
                let value = root.value(at: path.joined(separator: "."))
                #expect(value != nil && value != .null, "\(slug) \(form.slug): \(field.key) does not reach the command")
                switch field.input {
                case .sealed, .photo:
                    // Sealed: a box, never the clear text given.
                    #expect(value?.text != nil && value != Self.sample(field), "\(slug) \(form.slug): \(field.key) not sealed")
                case .time:
                    #expect(value?.text.flatMap { Timestamp.parse($0, local: .refused) } != nil, "\(slug) \(form.slug): \(field.key)")
                default:
                    #expect(value == Self.sample(field), "\(slug) \(form.slug): \(field.key) is \(String(describing: value)) in the command")
                }
            }
        }
    }

    /// A value each field's own check accepts.
    static func sample(_ field: FormField) -> JSONValue {
        switch field.input {
        case .text, .longText, .sealed: .string("値")
        case .flag: .bool(true)
        case .day: .string("2026-11-20")
        case .time: .string("2026-11-20T09:00:00+09:00")
        case .number(let limit): .integer(limit.range.lowerBound)
        case .list: .array([.string("一"), .string("二")])
        case .people: .array([.string("P01")])
        case .photo: .string(photo.base64EncodedString())
        case .choice(let choices): .string(choices.last?.value ?? "")
        case .person: .string("P01")
        case .asset: .string("DA-01")
        case .approval: .string("AP-1")
        case .clause: .string("PI-1")
        case .approvalKind: .string("takeout")
        }
    }
}

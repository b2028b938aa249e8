import ArgumentParser
import Foundation
import MamoriCore
import MamoriStore

/// `mamori staff …`: the roster of responsible person, supervisors and staff (名簿).
struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "名簿（責任者・監督者・従事者）/ The roster.",
        subcommands: [Add.self, Leave.self, IDCheckCommand.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "人員の登録 / Add a person to a contract.")
        @Option(help: "Contract ID.") var contract: String
        @Option(help: "Full name.") var name: String
        @Option(help: "responsible, supervisor or staff.") var role: Person.Role
        @Option(help: "What the person does.") var scope = ""
        @Option(help: "Day joined, YYYY-MM-DD.") var joined: Day
        @Option(help: "Photo file (PNG or JPEG); stored encrypted.") var photo: String?
        @Option(help: "ID (default: generated).") var id: String?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try await store.open()
            let sealed = try photo.map { path in try opened.vault.seal(try PhotoFile.read(path, language: store.output.lang)) }
            let id = id ?? Store.newID("person")
            try await store.run(
                AddRecord(
                    Person(
                        id: id, contractID: contract, name: name, role: role, scope: scope, joinedOn: joined,
                        photo: sealed)), id: id, in: opened)
        }
    }

    struct Leave: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "離任の記録 / Record that a person left (the pledge stays).")
        @Option(help: "Contract ID.") var contract: String
        @Argument(help: "Person ID.") var person: String
        @Option(help: "Day left, YYYY-MM-DD.") var on: Day
        @OptionGroup var store: StoreOptions

        func run() async throws {
            try await store.run(RecordPersonLeft(contractID: contract, personID: person, leftOn: on), id: person)
        }
    }

    struct IDCheckCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "id-check", abstract: "身分証明書の確認 / Record an ID document check (never its number).")
        @Option(help: "Contract ID.") var contract: String
        @Argument(help: "Person ID.") var person: String
        @Option(help: "Who checked it.") var checkedBy: String
        @Option(help: "Day checked.") var on: Day
        @Option(help: "Document type, e.g. 運転免許証; stored encrypted.") var document: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let opened = try await store.open()
            let id = Store.newID("idcheck")
            try await store.run(
                AddRecord(
                    IDCheck(
                        id: id, contractID: contract, personID: person, checkedBy: checkedBy, checkedOn: on,
                        documentType: try opened.vault.seal(document))), id: id, in: opened)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "名簿の表示 / List the roster.")
        @Option(help: "Contract ID.") var contract: String
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let state = try await store.contract(contract, in: store.open())
            let people = state.people.values.sorted { $0.id < $1.id }
            switch store.output.format {
            case .json: try store.output.printJSON(people.map(PersonJSON.init))
            case .text:
                for person in people {
                    let left = person.leftOn.map { "  " + LocalizedText(ja: "離任 \($0)", en: "left \($0)").text(store.output.lang) } ?? ""
                    let photo = person.photo == nil ? "" : " 📷"
                    print("\(person.id)  \(person.role.label.text(store.output.lang))  \(person.name)\(photo)  \(person.scope)  \(person.joinedOn)\(left)")
                }
            }
        }
    }
}

/// A person as `--format json` prints it: the photo is never printed, only whether there is one.
struct PersonJSON: Encodable {
    var id, name, role, scope, joined_on: String
    var left_on: String?
    var has_photo: Bool

    init(_ person: Person) {
        id = person.id
        name = person.name
        role = person.role.rawValue
        scope = person.scope
        joined_on = person.joinedOn.description
        left_on = person.leftOn?.description
        has_photo = person.photo != nil
    }
}

/// A roster photo read from disk and checked by content, not by name.
enum PhotoFile {
    static let maximumBytes = 5 * 1024 * 1024

    static func read(_ path: String, language: Language) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError(LocalizedText(ja: "写真 \(path) を読めません", en: "cannot read photo \(path)").text(language))
        }
        guard data.count <= maximumBytes else {
            throw ValidationError(LocalizedText(ja: "写真 \(path) が 5 MB を超えています", en: "photo \(path) is larger than 5 MB").text(language))
        }
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard data.starts(with: png) || data.starts(with: [0xFF, 0xD8, 0xFF]) else {
            throw ValidationError(LocalizedText(ja: "写真 \(path) は PNG でも JPEG でもありません", en: "photo \(path) is neither PNG nor JPEG").text(language))
        }
        return data
    }
}

import ArgumentParser
import Foundation
import MamoriCore
import MamoriStore

/// `mamori register …`: the contract's registers.
struct RegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register", abstract: "台帳・登録簿 / Registers: safeguards, subcontracts, policy, audits, instructions, backups, devices, software.",
        subcommands: [
            Structure.self, Safeguard.self, Subcontract.self, Notification.self, Policy.self, Audit.self, Instruction.self, Complete.self,
            Backup.self, Disposal.self, Software.self
        ])

    struct Structure: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "管理体制 / Work location, data storage and emergency contacts.")
        @Option(help: "Contract ID.") var contract: String
        @Option(help: "Where the work is done.") var workLocation: String
        @Option(help: "Where the provided data is kept.") var storageLocation: String
        @Option(help: "An emergency contact as NAME,POSITION,PHONE (repeat for each).") var contact: [String] = []
        @Option(help: "Day recorded (default: today).") var on: Day?
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let contacts = try contact.map { text in
                let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 3 else {
                    throw ValidationError("--contact \"\(text)\": 氏名,役職,電話番号 の形で指定してください / give NAME,POSITION,PHONE")
                }
                return EmergencyContact(name: parts[0], position: parts[1], phone: parts[2])
            }
            let id = Store.newID("structure")
            try await store.run(
                AddRecord(
                    ManagementStructure(
                        id: id, contractID: contract, workLocation: workLocation,
                        storageLocation: storageLocation, emergencyContacts: contacts,
                        recordedOn: on ?? Day(Date()))), id: id)
        }
    }

    struct Safeguard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "安全管理措置 / A safeguard measure.")
        @Option(help: "Contract ID.") var contract: String
        @Option(help: "organizational, personnel, physical or technical.") var category: SafeguardMeasure.Category
        @Option(help: "Title.") var title: String
        @Option(help: "The measure.") var measure: String
        @Option(help: "Day last reviewed.") var reviewed: Day
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let id = Store.newID("safeguard")
            try await store.run(
                AddRecord(
                    SafeguardMeasure(
                        id: id, contractID: contract, category: category, title: title, measure: measure,
                        reviewedOn: reviewed)), id: id)
        }
    }

    struct Subcontract: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "再委託 / A subcontract.")
        @Option(help: "Contract ID.") var contract: String
        @Option(help: "Subcontractor.") var subcontractor: String
        @Option(help: "The work given out.") var scope: String
        @Flag(help: "The work involves the city's personal data.") var personalData = false
        @Option(help: "First day.") var starts: Day
        @Option(help: "The city's approval of it, where the annex allows subcontracting with one.") var approval: String?
        @Flag(help: "The subcontractor is bound in writing by the same obligations.") var bound = false
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let id = Store.newID("subcontract")
            try await store.run(
                AddRecord(
                    MamoriCore.Subcontract(
                        id: id, contractID: contract, subcontractor: subcontractor, scope: scope,
                        touchesPersonalData: personalData, startsOn: starts, approvalID: approval,
                        boundByObligations: bound ? true : nil)), id: id)
        }
    }

    struct Notification: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "区への届出 / A notice to the city (a change of staff, the work location, …).")
        @Option(help: "Contract ID.") var contract: String
        @Option(help: "personnel-change, work-location or other.") var subject: String
        @Option(help: "Person ID, for a personnel change.") var person: String?
        @Option(help: "Day notified (default: today).") var on: Day?
        @Option(help: "What was notified, and how.") var content: String
        @OptionGroup var store: StoreOptions
        func run() async throws {
            guard let subject = CityNotification.Subject(rawValue: subject) else {
                throw ValidationError("--subject: personnel-change, work-location, other")
            }
            let id = Store.newID("notification")
            try await store.run(
                AddRecord(
                    CityNotification(
                        id: id, contractID: contract, subject: subject, personID: person,
                        notifiedOn: on ?? Day(Date()), content: content)), id: id)
        }
    }

    struct Policy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "情報セキュリティ方針 / A version of the security policy.")
        @Option(help: "Contract ID.") var contract: String
        @Option(help: "Title.") var title: String
        @Option(help: "Version.") var version: String
        @Option(help: "Day adopted.") var adopted: Day
        @Option(help: "Day submitted to the city, if already.") var submitted: Day?
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let id = Store.newID("policy")
            try await store.run(
                AddRecord(
                    PolicyDocument(
                        id: id, contractID: contract, title: title, version: version, adoptedOn: adopted,
                        submittedOn: submitted)), id: id)
        }
    }

    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "監査・検査 / An audit or inspection by the city.")
        @Option(help: "Contract ID.") var contract: String
        @Option(help: "audit or inspection.") var kind: MamoriCore.Audit.Kind
        @Option(help: "Day held.") var held: Day
        @Option(help: "Auditor; stored encrypted.") var auditor: String
        @Option(help: "What the city asked for.") var request: String
        @Option(help: "Day the response is due.") var due: Day?
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let opened = try await store.open()
            let id = Store.newID("audit")
            try await store.run(
                AddRecord(
                    MamoriCore.Audit(
                        id: id, contractID: contract, kind: kind, heldOn: held, auditor: try opened.vault.seal(auditor),
                        request: request, responseDue: due)), id: id, in: opened)
        }
    }

    struct Instruction: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "区からの追加指示 / A further measure the city instructs.")
        @Option(help: "Contract ID.") var contract: String
        @Option(help: "Day issued.") var issued: Day
        @Option(help: "The instruction; stored encrypted.") var text: String
        @Option(help: "Day due.") var due: Day?
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let opened = try await store.open()
            let id = Store.newID("instruction")
            try await store.run(
                AddRecord(
                    CityInstruction(
                        id: id, contractID: contract, issuedOn: issued, instruction: try opened.vault.seal(text),
                        dueOn: due)), id: id, in: opened)
        }
    }

    struct Complete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "完了の記録 / Close an item: policy.submit, audit.respond or instruction.complete.")
        @Argument(help: "policy.submit, audit.respond or instruction.complete.") var item: CompleteItem.Item
        @Option(help: "Contract ID.") var contract: String
        @Argument(help: "The item's ID.") var id: String
        @Option(help: "Day done.") var on: Day
        @Option(help: "Response text (audit.respond).") var text: String?
        @OptionGroup var store: StoreOptions
        func run() async throws {
            try await store.run(CompleteItem(contractID: contract, item: item, id: id, on: on, text: text), id: id)
        }
    }

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "バックアップ / A backup run.")
        @Option(help: "Contract ID.") var contract: String
        @Option(help: "When (default: now).") var at: Moment?
        @Option(help: "What was backed up.") var scope: String
        @Option(help: "Where to.") var medium: String
        @Flag(help: "The backup failed.") var failed = false
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let id = Store.newID("backup")
            try await store.run(
                AddRecord(
                    BackupRun(
                        id: id, contractID: contract, ranAt: at?.date ?? Date(), scope: scope, medium: medium,
                        succeeded: !failed)), id: id)
        }
    }

    struct Disposal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "機器の修理・廃棄 / A device sent for repair or disposed of.")
        @Option(help: "Contract ID.") var contract: String
        @Option(help: "repair or disposal.") var kind: DeviceDisposal.Kind
        @Option(help: "Device, e.g. model and serial.") var device: String
        @Option(help: "Day.") var on: Day
        @Option(help: "Erasure method: clear, purge or destroy.") var method: Erasure.Method?
        @Option(help: "Overwrite passes (clear).") var passes: Int?
        @Option(name: .customLong("operator"), help: "Who erased it.") var operatorName = ""
        @Option(help: "Witness.") var witness = ""
        @Option(help: "Media serial number (repeatable).") var serial: [String] = []
        @Option(help: "Approval ID (repairs).") var approval: String?
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let erasure = method.map { Erasure(method: $0, passes: passes, operatorName: operatorName, witness: witness, mediaSerials: serial) }
            let id = Store.newID("device")
            try await store.run(
                AddRecord(
                    DeviceDisposal(
                        id: id, contractID: contract, kind: kind, device: device, handledOn: on, erasure: erasure,
                        approvalID: approval)), id: id)
        }
    }

    struct Software: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "ソフトウェアの検証 / Allow or deny a piece of software.")
        @Option(help: "Contract ID.") var contract: String
        @Option(help: "Software name.") var name: String
        @Flag(help: "Deny instead of allow.") var deny = false
        @Option(help: "Day decided.") var on: Day
        @Option(help: "Who decided.") var by: String
        @OptionGroup var store: StoreOptions
        func run() async throws {
            let id = Store.newID("software")
            try await store.run(AddRecord(SoftwareApproval(id: id, contractID: contract, name: name, allowed: !deny, decidedOn: on, decidedBy: by)), id: id)
        }
    }
}

extension CompleteItem.Item: ExpressibleByArgument {}

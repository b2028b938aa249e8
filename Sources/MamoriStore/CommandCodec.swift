import Foundation
import MamoriCore

/// Turns a journal entry's type and payload back into the command that wrote it, for replay.
enum CommandCodec {
    private typealias Decode = @Sendable (Data) throws -> any Command

    private static let decoders: [String: Decode] = {
        var table: [String: Decode] = [:]
        func register<C: Command>(_ type: C.Type, _ names: [String]) {
            for name in names {
                table[name] = { data in try JournalCoding.decoder().decode(C.self, from: data) }
            }
        }
        register(CreateOrganization.self, ["organization.create"])
        register(UpdateOrganization.self, ["organization.update"])
        register(CreateContract.self, ["contract.create"])
        register(SetContractParameter.self, ["contract.parameter"])
        register(SetContractDepartment.self, ["contract.department"])
        register(AddCatalog.self, ["catalog.add"])
        register(MoveContractCatalog.self, ["contract.catalog"])
        register(AddRecord<Person>.self, ["person.add"])
        register(AddRecord<IDCheck>.self, ["person.id-check"])
        register(RecordPersonLeft.self, ["person.leave"])
        register(AddRecord<TrainingSession>.self, ["training.record"])
        register(AddRecord<Pledge>.self, ["pledge.record"])
        register(AddRecord<SafeguardMeasure>.self, ["safeguard.record"])
        register(AddRecord<DataAsset>.self, ["data.receive"])
        register(AddRecord<DataEvent>.self, DataEvent.Kind.allCases.map { "data.\($0.rawValue)" })
        register(VoidDataEvent.self, ["data.void"])
        register(AddRecord<Incident>.self, ["incident.report"])
        register(AdvanceIncident.self, AdvanceIncident.Step.allCases.map { "incident.\($0.rawValue)" })
        register(AddRecord<Approval>.self, ["approval.request"])
        register(DecideApproval.self, ["approval.grant", "approval.deny"])
        register(AddRecord<Subcontract>.self, ["subcontract.register"])
        register(AddRecord<PolicyDocument>.self, ["policy.record"])
        register(AddRecord<Audit>.self, ["audit.record"])
        register(AddRecord<CityInstruction>.self, ["instruction.record"])
        register(CompleteItem.self, CompleteItem.Item.allCases.map(\.rawValue))
        register(AddRecord<Attestation>.self, ["attest.record"])
        register(AddRecord<BackupRun>.self, ["backup.record"])
        register(AddRecord<DeviceDisposal>.self, ["device.dispose"])
        register(AddRecord<SoftwareApproval>.self, ["software.decide"])
        register(AddRecord<CityNotification>.self, ["notification.record"])
        register(AddRecord<ManagementStructure>.self, ["structure.record"])
        register(CorrectRecord<Person>.self, ["person.add.correct"])
        register(CorrectRecord<IDCheck>.self, ["person.id-check.correct"])
        register(CorrectRecord<TrainingSession>.self, ["training.record.correct"])
        register(CorrectRecord<Pledge>.self, ["pledge.record.correct"])
        register(CorrectRecord<SafeguardMeasure>.self, ["safeguard.record.correct"])
        register(CorrectRecord<DataAsset>.self, ["data.receive.correct"])
        register(CorrectRecord<Incident>.self, ["incident.report.correct"])
        register(CorrectRecord<Approval>.self, ["approval.request.correct"])
        register(CorrectRecord<Subcontract>.self, ["subcontract.register.correct"])
        register(CorrectRecord<PolicyDocument>.self, ["policy.record.correct"])
        register(CorrectRecord<Audit>.self, ["audit.record.correct"])
        register(CorrectRecord<CityInstruction>.self, ["instruction.record.correct"])
        register(CorrectRecord<Attestation>.self, ["attest.record.correct"])
        register(CorrectRecord<BackupRun>.self, ["backup.record.correct"])
        register(CorrectRecord<DeviceDisposal>.self, ["device.dispose.correct"])
        register(CorrectRecord<SoftwareApproval>.self, ["software.decide.correct"])
        register(CorrectRecord<CityNotification>.self, ["notification.record.correct"])
        register(CorrectRecord<ManagementStructure>.self, ["structure.record.correct"])
        register(IssueEnrollmentToken.self, ["device.token"])
        register(EnrollDevice.self, ["device.enroll"])
        register(ReceiveDeviceReport.self, ["device.report"])
        return table
    }()

    static func encode(_ command: any Command) throws -> String {
        String(decoding: try JournalCoding.encoder().encode(command), as: UTF8.self)
    }

    static func decode(type: String, payload: String, position: Int64) throws -> any Command {
        guard let decode = decoders[type] else { throw StoreError.unknownEntryType(type, position: position) }
        return try decode(Data(payload.utf8))
    }
}

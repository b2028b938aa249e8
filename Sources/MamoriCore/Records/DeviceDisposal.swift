import Foundation

/// A device holding personal data sent for repair or disposed of, with how its data was erased.
public struct DeviceDisposal: ContractRecord, Hashable {
    /// Repair or disposal.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case repair, disposal
    }

    public var id: String
    public var contractID: String
    public var kind: Kind
    /// The device, e.g. model and serial number.
    public var device: String
    public var handledOn: Day
    /// How the data was erased; nil when it was not.
    public var erasure: Erasure?
    /// For repairs: the approval the PC left under.
    public var approvalID: String?

    /// Creates a disposal record.
    public init(id: String, contractID: String, kind: Kind, device: String, handledOn: Day, erasure: Erasure?, approvalID: String? = nil) {
        self.id = id
        self.contractID = contractID
        self.kind = kind
        self.device = device
        self.handledOn = handledOn
        self.erasure = erasure
        self.approvalID = approvalID
    }
}

extension DeviceDisposal: NewRecord {
    public var journalType: String { "device.dispose" }
    public static let label = LocalizedText(ja: "機器の修理・廃棄", en: "device disposal")
    public static var table: KeyPath<ContractState, [String: DeviceDisposal]> { \.disposals }

    public func validate(in state: ContractState, at time: Date) throws(CommandError) {
        try requireText(device, "device")
        if let erasure { try erasure.validate() }
        if let approvalID { _ = try state.existing(Approval.self, approvalID) }
    }

    public func admit(at time: Date) throws(CommandError) {
        try requireNotFuture(handledOn, "handled_on", at: time)
        if let passes = erasure?.passes { try CountLimit.passes.check(passes) }
    }
}

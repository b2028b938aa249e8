import Foundation
import MamoriCore

/// Makes any of the documents the contractor submits, from one contract's context.
public enum DocumentLibrary {
    /// The document of `kind`.
    public static func make(_ kind: DocumentKind, _ context: DocumentContext) throws -> SubmissionDocument {
        switch kind {
        case .managementStructure: ManagementStructureReport.make(context)
        case .staffRoster: try StaffRosterReport.make(context)
        case .trainingReport: TrainingReport.make(context)
        case .pledge: PledgeForm.make(context)
        case .securityPolicy: SecurityPolicyReport.make(context)
        case .incidentReport: try IncidentReport.make(context)
        case .returnDestructionReport: ReturnDestructionReport.make(context)
        case .exchangeHistory: try ExchangeHistoryReport.make(context)
        case .initialConfiguration: InitialConfigurationReport.make(context)
        case .complianceStatus: ComplianceStatusReport.make(context)
        case .carryInRequest, .takeoutRequest: ApprovalRequestForm.make(kind, context)
        }
    }

    /// A document rendered in every format it has: HTML and XLSX always, CSV for the tabular ones.
    public static func files(_ document: SubmissionDocument, modified: Date) throws -> [DocumentFile] {
        try ["html", "xlsx", "csv"].compactMap { try file(document, format: $0, modified: modified) }
    }

    /// A document in one format (`html`, `xlsx` or `csv`); nil for a format it does not have.
    public static func file(_ document: SubmissionDocument, format: String, modified: Date) throws -> DocumentFile? {
        let data: Data? =
            switch format {
            case "html": HTMLRenderer.render(document)
            case "xlsx": try XLSXWriter.write(document, modified: modified)
            case "csv": CSVWriter.write(document)
            default: nil
            }
        return data.map { DocumentFile(name: "\(document.fileStem).\(format)", data: $0) }
    }
}

/// A rendered file: its name (e.g. `staff_roster.xlsx`) and bytes.
public struct DocumentFile: Sendable, Hashable {
    public var name: String
    public var data: Data

    /// Creates a file.
    public init(name: String, data: Data) {
        self.name = name
        self.data = data
    }
}

extension DocumentKind {
    /// Whether the document shows the contract's data events one by one (read from the store for it alone).
    public var readsEvents: Bool { self == .exchangeHistory }
}

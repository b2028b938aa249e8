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
        var files = [DocumentFile(name: document.fileStem + ".html", data: HTMLRenderer.render(document)),
                     DocumentFile(name: document.fileStem + ".xlsx", data: try XLSXWriter.write(document, modified: modified))]
        if let csv = CSVWriter.write(document) { files.append(DocumentFile(name: document.fileStem + ".csv", data: csv)) }
        return files
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

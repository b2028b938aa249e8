import Foundation
import MamoriAgentKit
import MamoriStore

extension Store {
    /// The latest signed report of each of an organization's enrolled PCs, as the agent wrote it (for 初期設定書).
    public func latestAgentReports(of organizationID: String) throws -> [AgentReport] {
        try devices(of: organizationID, withReport: true).compactMap { entry in
            entry.latest.flatMap { try? JSONDecoder().decode(AgentReport.self, from: Data($0.report.utf8)) }
        }
    }
}

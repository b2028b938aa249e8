import Foundation
import MamoriAgentKit
import MamoriStore

extension Store {
    /// The latest report of each of an organization's enrolled PCs, whole again (for 初期設定書): the check-in as the
    /// PC signed it, its parts written back in, and the server's own results. A report stored before check-ins named
    /// their lists by digest is read as it was posted, with the server's results.
    public func latestAgentReports(of organizationID: String) throws -> [AgentReport] {
        let decoder = JSONDecoder()
        return try devices(of: organizationID, withReport: true).compactMap { entry in
            guard let stored = entry.latest, let results = try? decoder.decode([AgentResult].self, from: Data(stored.results.utf8)) else { return nil }
            let body = Data(stored.report.utf8)
            guard let checkIn = try? decoder.decode(CheckIn.self, from: body) else {
                var report = try? decoder.decode(AgentReport.self, from: body)
                report?.results = results
                return report
            }
            let lists = try parts(of: organizationID, checkIn.partDigests).compactMapValues { ReportPart.names(Data($0.utf8)) }
            return try? checkIn.report(results: results, lists: lists)
        }
    }
}

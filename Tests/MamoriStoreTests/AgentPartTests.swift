import Foundation
import MamoriTestSupport
import Testing

@testable import MamoriStore

/// The lists check-ins name by digest are kept once per organization and read back only by their organization; the
/// rule sets reports' results name, once by digest.
@Suite struct AgentPartTests {
    @Test(arguments: TestBackend.tested) func aPartIsKeptOncePerOrganization(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        try await temp.loadDemo()
        let (contractor, city) = (DemoScenario.contractorID, DemoScenario.cityID)
        #expect(try await temp.store.addPart(organizationID: contractor, digest: "d1", content: #"["a"]"#, at: TemporaryStore.now))
        #expect(try await !temp.store.addPart(organizationID: contractor, digest: "d1", content: #"["a"]"#, at: TemporaryStore.now), "held already")
        #expect(try await temp.store.addPart(organizationID: city, digest: "d1", content: #"["a"]"#, at: TemporaryStore.now), "another organization's own copy")
        try await temp.store.addPart(organizationID: contractor, digest: "d2", content: #"["b"]"#, at: TemporaryStore.now)
        #expect(try await temp.store.parts(of: contractor, ["d1", "d2", "d3"]) == ["d1": #"["a"]"#, "d2": #"["b"]"#])
        #expect(try await temp.store.parts(of: city, ["d2"]).isEmpty, "an organization reads only its own parts")
        #expect(try await temp.store.parts(of: contractor, []).isEmpty)
        await #expect(throws: (any Error).self, "an unknown organization") {
            try await temp.store.addPart(organizationID: "nobody", digest: "d1", content: "[]", at: TemporaryStore.now)
        }
    }

    @Test(arguments: TestBackend.tested) func aRuleSetIsKeptOnceByDigest(backend: TestBackend) async throws {
        let temp = try await TemporaryStore(backend)
        #expect(try await temp.store.ruleSet("r1") == nil)
        #expect(try await temp.store.addRuleSet(digest: "r1", content: #"[{"rule":"a"}]"#, at: TemporaryStore.now))
        #expect(try await !temp.store.addRuleSet(digest: "r1", content: #"[{"rule":"a"}]"#, at: TemporaryStore.now), "kept already")
        #expect(try await temp.store.ruleSet("r1") == #"[{"rule":"a"}]"#)
        #expect(try await temp.store.ruleSet("r2") == nil)
    }
}

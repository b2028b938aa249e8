import Foundation
import Testing

@testable import MamoriAgentKit

/// A check-in names long lists by digest; the lists travel as parts, and the whole report comes back from the two.
@Suite struct CheckInTests {
    /// A scan of a prepared PC with `extra` packages besides the usual ones.
    func report(extra: Int) throws -> AgentReport {
        let tree = try PreparedTree()
        try tree.packages(PreparedTree.installed + (0..<extra).map { "tool-\($0)" })
        return try AgentScan(root: tree.root, parameters: tree.parameters, runner: CommandRunner { _, _ in .success("") }, now: tree.now)
            .run(deviceID: "dev-1")
    }

    @Test func aLongSoftwareListTravelsOnceAsAPartAndComesBackWhole() throws {
        let report = try report(extra: 200)
        let checkIn = try CheckIn(report)
        // The package fact and the inventory's software are the same list: one part, named twice.
        #expect(checkIn.parts.count == 1)
        let part = try #require(checkIn.parts.first)
        #expect(part.digest == ReportPart.digest(of: part.bytes) && part.digest.count == 64)
        #expect(checkIn.partDigests == [part.digest])
        #expect(checkIn.facts.first { $0.key == "linux.dpkg.installed" }?.part == part.digest)
        #expect(checkIn.inventory.softwarePart == part.digest && checkIn.inventory.fields.software.isEmpty)

        let body = try checkIn.canonicalJSON()
        let text = String(decoding: body, as: UTF8.self)
        #expect(!text.contains("tool-150") && !text.contains("\"results\""), "neither the list nor the agent's results are in the body")
        #expect(body.count + 2 * part.bytes.count < (try report.canonicalJSON()).count)
        let read = try JSONDecoder().decode(CheckIn.self, from: body)
        let names = try #require(ReportPart.names(part.bytes))
        let whole = try read.report(results: [], lists: [part.digest: names])
        var expected = report
        expected.results = []
        #expect(whole == expected)
        #expect(try read.posted.resolvedFacts([part.digest: names]) == report.facts)

        #expect(throws: CheckIn.MissingParts(digests: [part.digest])) { try read.posted.resolvedFacts([:]) }
        #expect(throws: CheckIn.MissingParts.self) { try read.report(results: [], lists: [:]) }
    }

    /// A list known by its part's digest is evaluated as the list itself, with denied software found or not.
    @Test func listsKnownByDigestEvaluateAsTheListsThemselves() throws {
        let tree = try PreparedTree()
        for denied in [["steam"], ["nothing-installed"]] {
            var parameters = tree.parameters
            parameters.deniedSoftware = denied
            var report = try report(extra: 40)
            report.facts = report.facts.map { $0.key == "linux.dpkg.installed" ? Fact($0.key, .list(report.inventory.software + ["steam=1.0"])) : $0 }
            let checkIn = try CheckIn(report)
            let lists = Dictionary(uniqueKeysWithValues: checkIn.parts.map { ($0.digest, ReportPart.names($0.bytes) ?? []) })
            let facts = try checkIn.posted.resolvedFacts(lists)
            let rules = PreparedRules(try RuleBook.bundled("linux"), parameters: parameters)
            let byDigest = rules.evaluate(facts, listDigests: checkIn.posted.listDigests)
            #expect(byDigest == rules.evaluate(facts))
            #expect(byDigest == RuleEvaluator(parameters: parameters).evaluate(try RuleBook.bundled("linux"), facts: facts))
            #expect(byDigest.first { $0.rule == "software.denied_absent" }?.status == (denied == ["steam"] ? .fail : .pass))
        }
    }

    @Test func shortListsStayInline() throws {
        let checkIn = try CheckIn(try report(extra: 0))
        #expect(checkIn.parts.isEmpty && checkIn.partDigests.isEmpty)
        #expect(checkIn.inventory.fields.software.count == PreparedTree.installed.count)
    }

    @Test func aChangedListIsANewPart() throws {
        let first = try CheckIn(try report(extra: 100))
        let second = try CheckIn(try report(extra: 101))
        #expect(first.partDigests.isDisjoint(with: second.partDigests))
        #expect(try CheckIn(try report(extra: 100)).partDigests == first.partDigests, "the same list, the same digest")
    }

    @Test func theSignedBodyVerifiesOnlyWithItsDevicesKey() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("mamori-agent-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let key = try DeviceKey(state: state, create: true)
        let other = try DeviceKey(state: state.appendingPathComponent("other"), create: true)
        var report = try report(extra: 40)
        report.device.id = key.deviceID
        let body = try CheckIn(report).canonicalJSON()
        let signature = try key.signature(for: body)
        let publicKey = try #require(Data(base64Encoded: key.publicKey))
        #expect(try CheckIn.verified(body, signature: signature, publicKey: publicKey).device.id == key.deviceID)

        var altered = body
        altered[altered.count / 2] ^= 0x01
        #expect(throws: AgentError.badSignature) { try CheckIn.verified(altered, signature: signature, publicKey: publicKey) }
        let otherPublic = try #require(Data(base64Encoded: other.publicKey))
        #expect(throws: AgentError.badSignature, "signed by another PC") {
            try CheckIn.verified(body, signature: try other.signature(for: body), publicKey: otherPublic)
        }
        let notCheckIn = Data("{\"device\":1}".utf8)
        #expect(throws: DecodingError.self, "signed, but not a check-in") {
            try CheckIn.verified(notCheckIn, signature: try key.signature(for: notCheckIn), publicKey: publicKey)
        }
    }

    /// The server reads check-ins with its own scanner; it must read exactly what `JSONDecoder` reads.
    @Test(arguments: ["linux", "windows", "macos"])
    func theServersReadingEqualsTheDecodersOnEachPlatform(platform: String) throws {
        var report = try report(extra: 60)
        report.platform = platform
        report.device.hostname = "PC-\"経理\"\\01\u{1F600}\n"
        report.facts += [
            Fact("\(platform).x.text", .text("a\tb \u{7F} \u{0001} / é")), Fact("\(platform).x.int", .int(-42)),
            Fact("\(platform).x.bool", .bool(false)), Fact("\(platform).x.none", .unknown("コマンドがありません")),
            Fact("\(platform).x.empty", .list([]))
        ]
        let body = try CheckIn(report).canonicalJSON()
        let read = try PostedFacts(reading: body)
        #expect(read == (try JSONDecoder().decode(CheckIn.self, from: body)).posted)
        #expect(read.device.hostname == report.device.hostname && read.facts.count == report.facts.count)
        // Pretty-printed (white space everywhere), the same.
        let pretty = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: body), options: [.prettyPrinted])
        #expect(try PostedFacts(reading: pretty) == read)
    }

    /// Member names are compared as the text they stand for: an escaped name is the name, and so counts as a repeat.
    @Test func escapedMemberNamesAreTheNamesTheyStandFor() throws {
        let body = String(decoding: try CheckIn(try report(extra: 0)).canonicalJSON(), as: UTF8.self)
        let read = try PostedFacts(reading: Data(body.utf8))
        let escaped = body.replacingOccurrences(of: "\"platform\":", with: "\"pl\\u0061tform\":")
            .replacingOccurrences(of: "\"hostname\":", with: "\"h\\u006Fstname\":")
        #expect(try PostedFacts(reading: Data(escaped.utf8)) == read)
        let repeated = body.replacingOccurrences(of: "\"platform\":", with: "\"pl\\u0061tform\":\"windows\",\"platform\":")
        #expect(throws: DecodingError.self) { try PostedFacts(reading: Data(repeated.utf8)) }
        // Past 32 members names go in a set: a repeat there is found too, and 40 distinct names are read.
        let members = (0..<40).map { "\"extra_\($0)\":\($0)," }.joined()
        #expect(try PostedFacts(reading: Data(body.replacingOccurrences(of: "\"parameters\":{", with: "\"parameters\":{" + members).utf8)) == read)
        let late = body.replacingOccurrences(of: "\"parameters\":{", with: "\"parameters\":{" + members + "\"extra_3\":0,")
        #expect(throws: DecodingError.self) { try PostedFacts(reading: Data(late.utf8)) }
        // A composed and a decomposed é are one name to String and JSONDecoder: a repeat, within and past 32 members.
        let accents = "\"\u{E9}\":1,\"e\u{301}\":2,"
        for prefix in ["", members] {
            let twice = body.replacingOccurrences(of: "\"parameters\":{", with: "\"parameters\":{" + prefix + accents)
            #expect(throws: DecodingError.self) { try PostedFacts(reading: Data(twice.utf8)) }
        }
    }

    @Test func malformedCheckInsAreRefusedWithWhereAndWhat() throws {
        let body = String(decoding: try CheckIn(try report(extra: 0)).canonicalJSON(), as: UTF8.self)
        let broken: [String] = [
            String(body.dropLast()),  // unterminated
            body + "x",  // trailing bytes
            body.replacingOccurrences(of: "\"platform\":", with: "\"platform\":1,\"p\":"),  // a number for a string
            body.replacingOccurrences(of: "{\"bool\":", with: "{\"int\":1,\"bool\":"),  // two kinds in one value
            body.replacingOccurrences(of: "\"generated_at\"", with: "\"generatedAt\""),  // a required member missing
            body.replacingOccurrences(of: "{\"int\":", with: "{\"int\":1.5,\"x\":"),  // a fraction for an int
            String(repeating: "[", count: 100) + String(repeating: "]", count: 100),  // nested too deep
            "{\"device\":\"\\ud800\"}",  // half a surrogate pair
            body.replacingOccurrences(of: "\"platform\":\"", with: "\"platform\":\"0123456789abcdef\tx"),  // a raw tab in a long string
            body.replacingOccurrences(of: "\"parameters\":{", with: "\"parameters\":{\"0123456789abcdef\u{1F}\":1,"),  // a raw control in a skipped name
            body.replacingOccurrences(of: "{\"device\":{", with: "{\"device\":{\"id\":\"dev-other\","),  // a member named twice
            body.replacingOccurrences(of: "\"parameters\":{", with: "\"parameters\":{\"x\":\"\\q\","),  // a bad escape where nothing is kept
            body.replacingOccurrences(of: "\"parameters\":{", with: "\"parameters\":{\"x\":01,"),  // a number with a leading zero
            body.replacingOccurrences(of: "\"parameters\":{", with: "\"parameters\":{\"x\":+1,"),  // a number with a plus
            body.replacingOccurrences(of: "\"parameters\":{", with: "\"parameters\":{\"x\":1.,"),  // a fraction without digits
            body.replacingOccurrences(of: "\"password_min_length\":", with: "\"password_min_length\":\"8\",\"y\":"),  // a parameter of the wrong kind
            body.replacingOccurrences(of: "\"kernel\":", with: "\"kernel\":1,\"k\":"),  // an inventory field of the wrong kind
            body.replacingOccurrences(of: "{\"key\":", with: "{\"part\":\"not-a-digest\",\"key\":")  // a part not named by a digest
        ]
        for text in broken {
            #expect(throws: DecodingError.self, "\(text.prefix(60))") { try PostedFacts(reading: Data(text.utf8)) }
        }
        var invalidUTF8 = Data(body.utf8)
        invalidUTF8[invalidUTF8.count / 2] = 0xFF
        #expect(throws: DecodingError.self, "bytes that are not UTF-8") { try PostedFacts(reading: invalidUTF8) }
        var many = try report(extra: 0)
        many.facts += (0...PostedFacts.maxParts).map { index in Fact("linux.x.list\(index)", .list((0...CheckIn.inlineLimit).map { "n\(index)-\($0)" })) }
        #expect(throws: DecodingError.self, "more parts than a check-in may name") { try PostedFacts(reading: try CheckIn(many).canonicalJSON()) }
    }

    @Test func resultsWrittenByHandReadBackAsEncoded() throws {
        var results = try report(extra: 0).results
        results.append(
            AgentResult(
                rule: "r\"1\\", status: .unknown,
                observed: "x = \u{0001}\n\t\u{1F} 値 😀", expected: "</script> / \r"))
        let decoded = try JSONDecoder().decode([AgentResult].self, from: Data(AgentResult.json(results).utf8))
        #expect(decoded == results)
        #expect(AgentResult.json([]) == "[]")
    }

    @Test func storedResultsKeepStatusAndObservationAndReadBackWhole() throws {
        let book = try RuleBook.bundled("linux")
        let rules = PreparedRules(book, parameters: AgentParameters())
        var results = rules.evaluate(try report(extra: 0).facts)
        results[0].observed = "x = \u{0001}\n\t\"値\" 😀 \\"
        let stored = StoredResults.json(results, ruleSet: rules.ruleSet)
        let known = { (digest: String) in digest == rules.ruleSet.digest ? RuleSet(json: rules.ruleSet.json) : nil }
        #expect(StoredResults.results(stored, ruleSet: known) == results)
        #expect(stored.utf8.count * 2 < AgentResult.json(results).utf8.count, "less than half the full results")
        #expect(RuleSet(json: rules.ruleSet.json)?.digest == rules.ruleSet.digest)
        var stricter = AgentParameters()
        stricter.passwordMinLength = 12
        #expect(PreparedRules(book, parameters: stricter).ruleSet.digest != rules.ruleSet.digest, "other parameters, other requirements")
        // Reports stored before rule sets hold their results whole.
        #expect(StoredResults.results(AgentResult.json(results), ruleSet: { _ in nil }) == results)
        #expect(StoredResults.results(stored, ruleSet: { _ in nil }) == nil, "an unknown rule set")
        let short = StoredResults.json(Array(results.dropLast()), ruleSet: rules.ruleSet)
        #expect(StoredResults.results(short, ruleSet: known) == nil, "fewer checks than rules")
        let badStatus = stored.replacingOccurrences(of: "[[\"\(results[0].status.rawValue)\",", with: "[[\"passed\",")
        #expect(badStatus != stored)
        #expect(StoredResults.results(badStatus, ruleSet: known) == nil, "a status that is none")
        #expect(StoredResults.results("{", ruleSet: known) == nil)
    }

    @Test func aPostedFactHasAValueOrAPartNeverBoth() throws {
        let decoder = JSONDecoder()
        #expect(try decoder.decode(PostedFact.self, from: Data(#"{"key":"k","part":"ab"}"#.utf8)).part == "ab")
        #expect(try decoder.decode(PostedFact.self, from: Data(#"{"key":"k","value":{"int":3}}"#.utf8)).value == .int(3))
        #expect(throws: DecodingError.self) { try decoder.decode(PostedFact.self, from: Data(#"{"key":"k","value":{"int":3},"part":"ab"}"#.utf8)) }
        #expect(throws: DecodingError.self) { try decoder.decode(PostedFact.self, from: Data(#"{"key":"k"}"#.utf8)) }
        #expect(ReportPart.names(Data(#"["a","b"]"#.utf8)) == ["a", "b"])
        #expect(ReportPart.names(Data(#"{"a":1}"#.utf8)) == nil)
    }
}

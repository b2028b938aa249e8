import Foundation
import HTTPTypes
import HummingbirdTesting
import MamoriCore
import MamoriStore

@testable import MamoriServer

/// The contractor's responsible person and the city's reviewer, both signed in: each form is sent by the one whose
/// role may submit it (the city records instructions and audits; the responsible person everything else).
struct TestDesk {
    var responsible: TestBrowser
    var city: TestBrowser
    let responsibleCSRF: String
    let cityCSRF: String

    static func open(_ client: any TestClientProtocol, _ fixture: ServerFixture) async throws -> TestDesk {
        var responsible = TestBrowser(client)
        var city = TestBrowser(client)
        let responsibleCSRF = try await responsible.signIn("yamada", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
        let cityCSRF = try await city.signIn("city", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
        return TestDesk(responsible: responsible, city: city, responsibleCSRF: responsibleCSRF, cityCSRF: cityCSRF)
    }

    private static func byCity(_ form: CommandForm) -> Bool { !form.permitted(.responsiblePerson) }

    /// A JSON body for `form`'s route, sent by the role allowed to.
    mutating func send(_ form: CommandForm, _ uri: String, body: String) async throws -> TestBrowser.Page {
        var headers: HTTPFields = [.contentType: "application/json"]
        if Self.byCity(form) {
            headers[APIRoutes.csrfHeader] = cityCSRF
            return try await city.send(uri, method: .post, headers: headers, body: body)
        }
        headers[APIRoutes.csrfHeader] = responsibleCSRF
        return try await responsible.send(uri, method: .post, headers: headers, body: body)
    }

    /// A web form's fields for `form`'s route, with the sender's CSRF token.
    mutating func post(_ form: CommandForm, _ uri: String, pairs: [(String, String)]) async throws -> TestBrowser.Page {
        if Self.byCity(form) { return try await city.post(uri, pairs: [("_csrf", cityCSRF)] + pairs) }
        return try await responsible.post(uri, pairs: [("_csrf", responsibleCSRF)] + pairs)
    }

    /// A page or API list as the responsible person reads it.
    mutating func get(_ uri: String) async throws -> TestBrowser.Page {
        try await responsible.get(uri)
    }
}

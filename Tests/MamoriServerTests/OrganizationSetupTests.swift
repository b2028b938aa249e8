import Foundation
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import MamoriCore
import MamoriStore
import Testing

@testable import MamoriServer

/// Organizations, contracts and parameters entered on the web: each side changes only what is its own, names only the
/// organizations it works with, and a city's departments keep each reviewer to their own contracts.
@Suite struct OrganizationSetupTests {
    @Test func aContractorRegistersItsCityInvitesItsReviewerAndNamesOnlyWhomItWorksWith() async throws {
        let fixture = try await ServerFixture()
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            var admin = TestBrowser(client)
            let csrf = try await admin.signIn("admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            // Its own details go on every letter to the city.
            let own = try await admin.post(
                "/organizations/\(DemoScenario.contractorID)",
                form: ["_csrf": csrf, "name": "株式会社みらい情報サービス", "address": "東京都中野区中野1-2-3", "representative": "代表取締役 山田 一郎"])
            #expect(own.location != nil)
            let letter = try await admin.get("/contracts/\(ServerFixture.contractID)/documents/compliance_status.html").body
            #expect(letter.contains("所在地　東京都中野区中野1-2-3") && letter.contains("代表者　代表取締役 山田 一郎"))
            // A blank name is refused next to its field, and what was typed stays.
            let blank = try await admin.post("/organizations/\(DemoScenario.contractorID)", form: ["_csrf": csrf, "name": " ", "address": "残る住所"])
            #expect(blank.status == .unprocessableContent && blank.body.contains("error-summary") && blank.body.contains("value=\"残る住所\""))

            let registered = try await admin.post("/organizations", form: ["_csrf": csrf, "name": "霞区", "address": "東京都霞区1-1"])
            #expect(registered.location != nil)
            let kasumi = try #require(try await fixture.store.state().organizations.values.first { $0.name == "霞区" })
            #expect(kasumi.kind == .city && kasumi.registeredBy == DemoScenario.contractorID)
            let invite = ["_csrf": csrf, "login": "kasumi-reviewer", "display_name": "霞 審査", "password": "a long reviewer passphrase"]
            #expect(try await admin.post("/organizations/\(kasumi.id)/accounts", form: invite).location?.hasPrefix("/organizations") == true)
            #expect(try await fixture.store.members(of: kasumi.id).map(\.role) == [.cityReviewer])
            // The invited reviewer signs in with the inviter's password once, and must choose their own.
            var invited = TestBrowser(client)
            _ = try? await invited.signIn("kasumi-reviewer", password: "a long reviewer passphrase", store: fixture.store, at: ServerFixture.now)
            let held = try await invited.get("/")
            #expect(held.location == "/password", "nothing but the password page")
            let form = try await invited.get("/password")
            #expect(form.body.contains("招待した人が決めたもの"))
            let changed = try await invited.post(
                "/password",
                form: [
                    "_csrf": form.hidden("_csrf") ?? "", "current_password": "a long reviewer passphrase",
                    "new_password": "only the reviewer knows this", "confirm_password": "only the reviewer knows this"
                ])
            let cleared = try await fixture.store.account(login: "kasumi-reviewer")?.mustChangePassword
            #expect(changed.location?.hasPrefix("/") == true && cleared == nil)
            #expect(try await invited.get("/").status == .ok)
            var inviter = TestBrowser(client)
            let login = try await inviter.get("/login")
            let refused = try await inviter.post(
                "/login",
                form: [
                    "_csrf": login.hidden("_csrf") ?? "", "login": "kasumi-reviewer",
                    "password": "a long reviewer passphrase", "next": "/"
                ])
            #expect(refused.location == nil, "the inviter's password no longer works")
            var again = invite
            again["login"] = "second"
            #expect(try await admin.post("/organizations/\(kasumi.id)/accounts", form: again).status == .conflict, "only the first account")
            // Where the forms were, the page says who keeps the city's details now (a new user saw them vanish).
            let handedOver = try await admin.get("/organizations").body
            #expect(!handedOver.contains("action=\"/organizations/\(kasumi.id)/accounts\""))
            #expect(handedOver.contains("の情報とアカウントは\(kasumi.name)の担当者が管理します"), "\(handedOver.suffix(800))")
            #expect(
                try await admin.post("/organizations/\(kasumi.id)", form: ["_csrf": csrf, "name": "霞区役所"]).status == .notFound,
                "once it has someone of its own, only they change it")

            // Another contractor sees neither the demo contractor's city registration nor can touch it.
            var foreign = TestBrowser(client)
            let foreignCSRF = try await foreign.signIn("foreign-admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let page = try await foreign.get("/organizations")
            #expect(page.body.contains("中野区") && !page.body.contains("霞区") && !page.body.contains("みらい情報"))
            #expect(try await foreign.post("/organizations/\(kasumi.id)/accounts", form: invite.merging(["_csrf": foreignCSRF]) { $1 }).status == .notFound)
            #expect(try await foreign.post("/organizations/\(DemoScenario.contractorID)", form: ["_csrf": foreignCSRF, "name": "乗っ取り"]).status == .notFound)
            let choices = try await foreign.get("/contracts/new")
            #expect(choices.body.contains("中野区") && !choices.body.contains("霞区"))
            let reaching = try await foreign.post(
                "/contracts/new",
                form: [
                    "_csrf": foreignCSRF, "counterpart": kasumi.id, "title": "越境",
                    "starts_on": "2026-04-01", "ends_on": "2027-03-31", "catalog": "nakano"
                ])
            #expect(reaching.status == .unprocessableContent && reaching.body.contains("一覧から選んでください"))
            // Staff manage nothing here.
            var staff = TestBrowser(client)
            _ = try await staff.signIn("suzuki", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            #expect(try await staff.get("/organizations").status == .forbidden)
            #expect(try await staff.get("/contracts/new").status == .forbidden)
        }
    }

    @Test func eachSideSetsTheParametersTheCatalogGivesIt() async throws {
        let fixture = try await ServerFixture()
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            let settings = "/contracts/\(ServerFixture.contractID)/settings"
            var admin = TestBrowser(client)
            let adminCSRF = try await admin.signIn("admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            var city = TestBrowser(client)
            let cityCSRF = try await city.signIn("city", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            var staff = TestBrowser(client)
            let staffCSRF = try await staff.signIn("suzuki", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)

            let shown = try await staff.get(settings)
            #expect(
                shown.status == .ok && shown.body.contains("パスワードの最小文字数") && !shown.body.contains("name=\"parameter\""),
                "everyone on the contract sees every value; staff set none")
            #expect(try await staff.post(settings, form: ["_csrf": staffCSRF, "parameter": "reminder_lead", "value": "7", "unit": "day"]).status == .forbidden)
            #expect(
                try await admin.post(settings, form: ["_csrf": adminCSRF, "parameter": "password_min_length", "value": "4"]).status == .forbidden,
                "the annex's threshold is the city's")
            #expect(try await city.post(settings, form: ["_csrf": cityCSRF, "parameter": "reminder_lead", "value": "1", "unit": "day"]).status == .forbidden)
            let zero = try await admin.post(settings, form: ["_csrf": adminCSRF, "parameter": "reminder_lead", "value": "0", "unit": "day"])
            #expect(zero.status == .unprocessableContent && zero.body.contains("期間は 1 から"))
            #expect(zero.body.contains("<div class=\"error-summary\"") && zero.body.contains("href=\"#value-reminder_lead\""), "named at the top")
            let huge = try await city.post(settings, form: ["_csrf": cityCSRF, "parameter": "password_min_length", "value": "99999999999999999999"])
            #expect(huge.status == .unprocessableContent)
            let unknown = try await city.post(settings, form: ["_csrf": cityCSRF, "parameter": "nothing", "value": "1"])
            #expect(unknown.status == .unprocessableContent)
            #expect(try await fixture.store.contract(ServerFixture.contractID).contract.parameters.isEmpty, "nothing refused was written")

            #expect(try await city.post(settings, form: ["_csrf": cityCSRF, "parameter": "password_min_length", "value": "１２"]).location != nil)
            #expect(try await admin.post(settings, form: ["_csrf": adminCSRF, "parameter": "reminder_lead", "value": "2", "unit": "week"]).location != nil)
            let parameters = try await fixture.store.contract(ServerFixture.contractID).contract.parameters
            #expect(parameters["password_min_length"] == .integer(12, unit: "character"))
            #expect(parameters["reminder_lead"] == .duration(Period(every: 2, unit: .week)))
            #expect(try await staff.get(settings).body.contains("<strong>12</strong>"))
            // Another contractor's administrator does not reach this contract at all.
            var foreign = TestBrowser(client)
            let foreignCSRF = try await foreign.signIn("foreign-admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            #expect(try await foreign.get(settings).status == .notFound)
            #expect(try await foreign.post(settings, form: ["_csrf": foreignCSRF, "parameter": "reminder_lead", "value": "3"]).status == .notFound)
        }
    }

    @Test func aReviewerOfADepartmentSeesItsContractsOnly() async throws {
        let fixture = try await ServerFixture()
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            var city = TestBrowser(client)
            let csrf = try await city.signIn("city", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            #expect(try await city.post("/organizations/\(DemoScenario.cityID)/departments", form: ["_csrf": csrf, "department": "戸籍住民課"]).location != nil)
            let department = try #require(try await fixture.store.state().organizations[DemoScenario.cityID]?.departments.first)
            #expect(department.name == "戸籍住民課")
            let created = try await city.post(
                "/contracts/new",
                form: [
                    "_csrf": csrf, "counterpart": DemoScenario.contractorID, "title": "戸籍システム保守", "number": "戸-1",
                    "starts_on": "２０２６－０４－０１", "ends_on": "2027-03-31", "catalog": "nakano", "department": department.id
                ])
            #expect(created.location != nil)
            let contract = try #require(try await fixture.store.state().contracts.values.first { $0.contract.title == "戸籍システム保守" }?.contract)
            #expect(contract.departmentID == department.id && contract.startsOn == Day("2026-04-01"))

            let account = Account(
                id: "account-koseki", login: "koseki", displayName: "戸籍 審査",
                passwordHash: Bcrypt.hash(ServerFixture.password, cost: 4), createdAt: ServerFixture.now)
            try await fixture.store.createAccount(
                account,
                memberships: [
                    Membership(accountID: account.id, organizationID: DemoScenario.cityID, role: .cityReviewer, departmentID: department.id)
                ])
            var koseki = TestBrowser(client)
            let kosekiCSRF = try await koseki.signIn("koseki", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let list = try await koseki.get("/")
            #expect(list.body.contains("戸籍システム保守") && !list.body.contains("/contracts/\(ServerFixture.contractID)\""))
            #expect(try await koseki.get("/contracts/\(ServerFixture.contractID)").status == .notFound)
            #expect(try await koseki.get("/contracts/\(ServerFixture.contractID)/approvals").status == .notFound)
            #expect(try await koseki.get("/contracts/\(contract.id)").status == .ok)
            #expect(try await city.get("/").body.contains("/contracts/\(ServerFixture.contractID)\""), "a reviewer of no department sees every contract")
            let reversed = try await city.post(
                "/contracts/new",
                form: [
                    "_csrf": csrf, "counterpart": DemoScenario.contractorID, "title": "逆順", "starts_on": "2027-04-01", "ends_on": "2026-03-31",
                    "catalog": "nakano"
                ])
            #expect(reversed.status == .unprocessableContent && reversed.body.contains("契約期間の初日より前です") && !reversed.body.contains("starts_on より前"))
            // A reviewer of a department creates contracts of that department only.
            let elsewhere = try await koseki.post(
                "/contracts/new",
                form: [
                    "_csrf": kosekiCSRF, "counterpart": DemoScenario.contractorID, "title": "課なし", "starts_on": "2026-04-01", "ends_on": "2027-03-31",
                    "catalog": "nakano", "department": ""
                ])
            #expect(elsewhere.status == .unprocessableContent && elsewhere.body.contains("自分の課の契約だけ"))
            // The city's reviewer of no department gives the demo contract to the department; its reviewer then sees it.
            #expect(
                try await koseki.post("/contracts/\(ServerFixture.contractID)/department", form: ["_csrf": kosekiCSRF, "department": ""]).status
                    == .notFound, "a reviewer of a department does not reach another's contract")
            #expect(try await koseki.post("/contracts/\(contract.id)/department", form: ["_csrf": kosekiCSRF, "department": ""]).status == .forbidden)
            let moved = try await city.post("/contracts/\(ServerFixture.contractID)/department", form: ["_csrf": csrf, "department": department.id])
            let confirmed = try await city.get(moved.location ?? "/").body
            #expect(moved.location != nil && confirmed.contains("保存しました（担当課）"))
            #expect(try await koseki.get("/contracts/\(ServerFixture.contractID)").status == .ok)
            #expect(
                try await city.post("/contracts/\(ServerFixture.contractID)/department", form: ["_csrf": csrf, "department": "nothing"]).status
                    == .unprocessableContent)
            // The department a contract is with cannot be removed.
            var without = try #require(try await fixture.store.state().organizations[DemoScenario.cityID])
            without.departments = []
            await #expect(throws: StoreError.self) {
                try await fixture.store.execute(UpdateOrganization(organization: without), actor: "test", at: ServerFixture.now)
            }
        }
    }

    @Test func whatAnAttackerFoundIsRefused() async throws {
        let fixture = try await ServerFixture()
        try await Application(router: MamoriApp.router(fixture.environment)).test(.router) { client in
            var foreign = TestBrowser(client)
            let foreignCSRF = try await foreign.signIn("foreign-admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            // Another contractor's own entry for 中野区 uses the bundled annex, and does not take it from anyone.
            #expect(try await foreign.post("/organizations", form: ["_csrf": foreignCSRF, "name": "中野区"]).location != nil)
            let copy = try #require(try await fixture.store.state().organizations.values.first { $0.registeredBy == "other-contractor" })
            let first = try await foreign.post(
                "/contracts/new",
                form: [
                    "_csrf": foreignCSRF, "counterpart": copy.id, "title": "写しの区と", "starts_on": "2026-04-01",
                    "ends_on": "2027-03-31", "catalog": "nakano"
                ])
            #expect(first.location != nil)
            var admin = TestBrowser(client)
            let csrf = try await admin.signIn("admin", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            let second = try await admin.post(
                "/contracts/new",
                form: [
                    "_csrf": csrf, "counterpart": DemoScenario.cityID, "title": "本物の区と",
                    "starts_on": "2026-04-01", "ends_on": "2027-03-31", "catalog": "nakano"
                ])
            #expect(second.location != nil, "the real 中野区 still makes contracts on its annex: \(second.body.prefix(300))")
            #expect(try await admin.post("/organizations", form: ["_csrf": csrf, "name": "霞区"]).location != nil)
            let kasumi = try #require(try await fixture.store.state().organizations.values.first { $0.name == "霞区" })
            let other = try await admin.post(
                "/contracts/new",
                form: [
                    "_csrf": csrf, "counterpart": kasumi.id, "title": "霞区と", "starts_on": "2026-04-01",
                    "ends_on": "2027-03-31", "catalog": "nakano"
                ])
            // Named by the city's name, with the way to its own annex on the web (no ID, no command).
            #expect(other.status == .unprocessableContent && other.body.contains("同梱の遵守事項は中野区のものです") && other.body.contains("「遵守事項」のページ"))
            #expect(!other.body.contains("mamori catalog") && other.body.contains("霞区の契約には"), "\(other.body)")

            // Invitations sent at once make one account.
            let invites = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<8 {
                    var copy = admin
                    group.addTask {
                        let page = try await copy.post(
                            "/organizations/\(kasumi.id)/accounts",
                            form: [
                                "_csrf": csrf, "login": "race\(index)", "display_name": "競争", "password": "a long reviewer passphrase"
                            ])
                        #expect(page.status.code < 500)
                        return page.location != nil
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            let members = try await fixture.store.members(of: kasumi.id).count
            #expect(invites == 1 && members == 1)

            // Values the PCs and the documents would carry as they are.
            let settings = "/contracts/\(ServerFixture.contractID)/settings"
            for (parameter, value, unit) in [
                ("allowed_usb_devices", "zzzz:1234", ""), ("allowed_usb_devices", "0781:5581\n0411:1234\u{1B}[31m", ""),
                ("reminder_lead", "6 months", "week"), ("reminder_lead", "6", ""), ("backup_cycle", "0", "day")
            ] {
                let refused = try await admin.post(settings, form: ["_csrf": csrf, "parameter": parameter, "value": value, "unit": unit])
                #expect(refused.status == .unprocessableContent, "\(parameter) = \(value) \(unit)")
            }
            #expect(try await admin.post(settings, form: ["_csrf": csrf, "parameter": "allowed_usb_devices", "value": "0781:5581\n0411:1a2B"]).location != nil)
            var city = TestBrowser(client)
            let cityCSRF = try await city.signIn("city", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            #expect(try await city.post(settings, form: ["_csrf": cityCSRF, "parameter": "password_min_length", "value": "0"]).status == .unprocessableContent)
            #expect(
                try await city.post(settings, form: ["_csrf": cityCSRF, "parameter": "denied_software", "value": "a\u{07}b"]).status == .unprocessableContent)
            // A department's name once; a member of a department does not manage the city.
            #expect(try await city.post("/organizations/\(DemoScenario.cityID)/departments", form: ["_csrf": cityCSRF, "department": "税務課"]).location != nil)
            #expect(
                try await city.post("/organizations/\(DemoScenario.cityID)/departments", form: ["_csrf": cityCSRF, "department": "税務課"]).status
                    == .unprocessableContent)
            let department = try #require(try await fixture.store.state().organizations[DemoScenario.cityID]?.departments.first)
            let zei = Account(
                id: "account-zei", login: "zei", displayName: "税務 審査", passwordHash: Bcrypt.hash(ServerFixture.password, cost: 4),
                createdAt: ServerFixture.now)
            try await fixture.store.createAccount(
                zei,
                memberships: [
                    Membership(
                        accountID: zei.id, organizationID: DemoScenario.cityID, role: .cityReviewer,
                        departmentID: department.id)
                ])
            var reviewer = TestBrowser(client)
            let zeiCSRF = try await reviewer.signIn("zei", password: ServerFixture.password, store: fixture.store, at: ServerFixture.now)
            #expect(try await reviewer.post("/organizations", form: ["_csrf": zeiCSRF, "name": "傀儡株式会社"]).status == .forbidden)
            #expect(try await reviewer.post("/organizations/\(DemoScenario.cityID)", form: ["_csrf": zeiCSRF, "name": "乗っ取り区"]).status == .forbidden)
            #expect(try await reviewer.get("/contracts/new").status == .ok, "a contract of its own department it still makes")
        }
    }
}

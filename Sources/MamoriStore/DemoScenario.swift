import Foundation
import MamoriCore

/// A realistic sample: a contractor with a Nakano contract, a dozen people with photos, training, pledges, data assets
/// with their histories, an incident and approvals; some clauses met, some violated, some overdue — relative to `now`.
public struct DemoScenario: Sendable {
    public static let cityID = "nakano-city"
    public static let contractorID = "mirai-joho"
    public static let contractID = "nakano-2026-001"
    /// Who the journal says recorded the demo's records.
    public static let actor = "demo"

    let vault: Vault
    let now: Date

    /// A scenario whose dates are counted back from `now`.
    public init(vault: Vault, now: Date) {
        self.vault = vault
        self.now = now
    }

    /// The commands, in the order they are run, each with the moment it is recorded.
    public func commands() throws -> [(Date, any Command)] {
        let c = Self.contractID
        let today = Day(now)
        func day(_ offset: Int) -> Day { today.adding(days: offset) }
        func at(_ offset: Int, hour: Int = 10) -> Date { day(offset).start.addingTimeInterval(Double(hour) * 3600) }
        var list: [(Date, any Command)] = []
        // Recorded in the evening of the day it happened: nothing is recorded ahead of the moment it names.
        func add(_ offset: Int, _ command: any Command) { list.append((at(offset, hour: 20), command)) }

        add(
            -220,
            CreateOrganization(
                organization: Organization(
                    id: Self.cityID, kind: .city, name: "中野区",
                    address: "東京都中野区中野四丁目11番19号", representative: "中野区長")))
        add(
            -220,
            CreateOrganization(
                organization: Organization(
                    id: Self.contractorID, kind: .contractor, name: "株式会社みらい情報サービス",
                    address: "東京都中野区本町一丁目2番3号", representative: "代表取締役 高橋 誠")))
        add(
            -210,
            CreateContract(
                contract: Contract(
                    id: c, contractorID: Self.contractorID, cityID: Self.cityID, title: "住民税課税資料データ入力業務委託",
                    number: "中野区契約第2026-0417号", startsOn: day(-200), endsOn: day(165), catalogID: "nakano")))

        let names: [(String, Person.Role, String)] = [
            ("山田 太郎", .responsible, "個人情報の管理責任者"), ("佐藤 花子", .supervisor, "入力作業の監督"),
            ("鈴木 一郎", .staff, "データ入力"), ("高橋 美咲", .staff, "データ入力"), ("田中 健", .staff, "データ入力"),
            ("伊藤 さくら", .staff, "データ入力"), ("渡辺 大輔", .staff, "検証"), ("中村 優子", .staff, "検証"),
            ("小林 翔", .staff, "検証"), ("加藤 恵", .staff, "媒体管理"), ("吉田 拓也", .staff, "システム運用"),
            ("山本 彩", .staff, "データ入力")
        ]
        let photo = try vault.seal(Self.samplePhoto)
        for (index, (name, role, scope)) in names.enumerated() {
            let id = String(format: "P%02d", index + 1)
            // Everyone is recorded on the day they join or sign, never ahead of it.
            add(
                index == 11 ? -20 : -200,
                AddRecord(
                    Person(
                        id: id, contractID: c, name: name, role: role, scope: scope,
                        joinedOn: day(index == 11 ? -20 : -200), photo: photo)))
            add(index == 11 ? -20 : -199, AddRecord(Pledge(id: "PL-\(id)", contractID: c, personID: id, signedOn: day(index == 11 ? -20 : -199))))
        }
        add(-60, RecordPersonLeft(contractID: c, personID: "P09", leftOn: day(-60)))
        add(
            -150,
            AddRecord(
                IDCheck(
                    id: "IDC-01", contractID: c, personID: "P03", checkedBy: "中野区 税務課",
                    checkedOn: day(-150), documentType: try vault.seal("運転免許証"))))
        // One member missed the session (overdue); the newest joined after it (due soon).
        add(
            -190,
            AddRecord(
                TrainingSession(
                    id: "TR-01", contractID: c, heldOn: day(-190), title: "個人情報保護・情報セキュリティ研修",
                    content: "遵守事項の説明、事故時の連絡手順、持出し禁止", trainer: "山田 太郎", materials: ["研修資料2026.pdf"],
                    attendees: (1...10).map { String(format: "P%02d", $0) })))
        add(
            -199,
            AddRecord(
                ManagementStructure(
                    id: "MS-01", contractID: c, workLocation: "株式会社みらい情報サービス 本社 3階 データ入力室（東京都中野区中野四丁目）",
                    storageLocation: "データ入力室 施錠キャビネット A〜C（鍵は責任者が保管）",
                    emergencyContacts: [
                        EmergencyContact(name: "山田 太郎", position: "責任者", phone: "03-0000-1111"),
                        EmergencyContact(name: "佐藤 花子", position: "監督者", phone: "03-0000-2222")
                    ],
                    recordedOn: day(-199))))
        add(
            -199,
            AddRecord(
                SafeguardMeasure(
                    id: "SG-01", contractID: c, category: .physical, title: "入退室管理",
                    measure: "作業室は IC カードで入退室を記録する", reviewedOn: day(-199))))
        add(
            -199,
            AddRecord(
                SafeguardMeasure(
                    id: "SG-02", contractID: c, category: .technical, title: "端末の暗号化",
                    measure: "全端末のディスクを暗号化する", reviewedOn: day(-199))))
        add(
            -198,
            AddRecord(
                PolicyDocument(
                    id: "POL-1", contractID: c, title: "情報セキュリティ基本方針", version: "3.0",
                    adoptedOn: day(-230), submittedOn: day(-198))))

        // Data assets: one returned on time, one copied beyond its permit and taken out with approval, one due soon.
        add(
            -195,
            AddRecord(
                DataAsset(
                    id: "DA-01", contractID: c, name: "令和8年度 課税資料（第1回）", items: ["氏名", "住所", "所得額"],
                    medium: "暗号化 USB メモリ", recordCount: 12_000, permittedPurposes: ["課税資料のデータ入力"],
                    permittedCopies: 1, storageLocation: "作業室 施錠キャビネット A", receivedOn: day(-195), returnDue: day(-100))))
        add(
            -190,
            AddRecord(
                DataEvent(
                    id: "EV-01", contractID: c, assetID: "DA-01", kind: .use, occurredAt: at(-190), personID: "P03",
                    purpose: "課税資料のデータ入力")))
        add(-120, AddRecord(DataEvent(id: "EV-02", contractID: c, assetID: "DA-01", kind: .return, occurredAt: at(-120), personID: "P10")))
        add(
            -90,
            AddRecord(
                DataAsset(
                    id: "DA-02", contractID: c, name: "令和8年度 課税資料（第2回）", items: ["氏名", "住所", "所得額", "扶養親族"],
                    medium: "紙（帳票）", recordCount: 8_500, permittedPurposes: ["課税資料のデータ入力"],
                    permittedCopies: 1, storageLocation: "作業室 施錠キャビネット B", receivedOn: day(-90), returnDue: day(60))))
        add(-80, AddRecord(DataEvent(id: "EV-03", contractID: c, assetID: "DA-02", kind: .copy, occurredAt: at(-80), personID: "P04", copies: 1)))
        add(
            -40,
            AddRecord(
                DataEvent(
                    id: "EV-04", contractID: c, assetID: "DA-02", kind: .copy, occurredAt: at(-40), personID: "P05", copies: 2,
                    note: "検証用に追加で複写")))
        add(
            -35,
            AddRecord(
                Approval(
                    id: "AP-01", contractID: c, kind: "takeout", subject: "区役所での読合せのため帳票を持出し",
                    assetID: "DA-02", requestedAt: at(-35), requestedBy: "P02")))
        add(-34, DecideApproval(contractID: c, approvalID: "AP-01", granted: true, at: at(-34), decidedBy: "中野区 税務課長"))
        add(
            -30,
            AddRecord(
                DataEvent(
                    id: "EV-05", contractID: c, assetID: "DA-02", kind: .takeout, occurredAt: at(-30), personID: "P02",
                    purpose: "読合せ", approvalID: "AP-01", destination: "中野区役所 税務課")))
        add(
            -20,
            AddRecord(
                DataAsset(
                    id: "DA-03", contractID: c, name: "口座振替依頼書", items: ["氏名", "口座番号"], medium: "紙（帳票）",
                    recordCount: 300, permittedPurposes: ["口座情報の入力"], permittedCopies: 0,
                    storageLocation: "作業室 施錠キャビネット C", receivedOn: day(-20), returnDue: day(10))))
        add(
            -150,
            AddRecord(
                Approval(
                    id: "AP-02", contractID: c, kind: "carry-in", subject: "保守用ノート PC（型番 X1、S/N PF-2231）",
                    requestedAt: at(-150), requestedBy: "P11")))
        add(-148, DecideApproval(contractID: c, approvalID: "AP-02", granted: true, at: at(-148), decidedBy: "中野区 情報政策課"))
        add(
            -5,
            AddRecord(
                Approval(
                    id: "AP-03", contractID: c, kind: "repair-takeout", subject: "故障した入力端末（S/N PC-0042）の修理",
                    requestedAt: at(-5), requestedBy: "P11")))

        // A mis-sent e-mail: the city was told at once, but the written report is now late.
        list.append(
            (
                at(-9, hour: 14),
                AddRecord(
                    Incident(
                        id: "INC-01", contractID: c, kind: .misSending, discoveredAt: at(-9, hour: 14),
                        narrative: try vault.seal("入力結果の確認メールを誤った宛先（取引先担当者）に送信した。添付はパスワード付き。"),
                        appi: APPIFacts(affectedPeople: 12)))
            ))
        list.append((at(-9, hour: 15), AdvanceIncident(contractID: c, incidentID: "INC-01", step: .notify, at: at(-9, hour: 15))))
        add(
            -8,
            AdvanceIncident(
                contractID: c, incidentID: "INC-01", step: .instruct, at: at(-8),
                instruction: try vault.seal("受信者に削除を依頼し、削除の確認を書面で得ること")))

        add(
            -100,
            AddRecord(
                Attestation(
                    id: "AT-01", contractID: c, clauseID: "CS-1.10", personID: "P01", attestedOn: day(-100),
                    statement: "全端末にセキュリティワイヤーを取り付けた")))
        add(
            -100,
            AddRecord(
                Attestation(
                    id: "AT-02", contractID: c, clauseID: "PI-13", personID: "P01", attestedOn: day(-100),
                    statement: "個人情報に係る事務を再委託していない")))
        add(
            -3,
            AddRecord(
                BackupRun(
                    id: "BK-01", contractID: c, ranAt: at(-3, hour: 18), scope: "入力済みデータ", medium: "暗号化外付け HDD",
                    succeeded: true)))
        add(
            -60,
            AddRecord(
                SoftwareApproval(
                    id: "SW-01", contractID: c, name: "LibreOffice 24.2", allowed: true, decidedOn: day(-60),
                    decidedBy: "山田 太郎")))
        return list.sorted { $0.0 < $1.0 }
    }

    /// Runs the scenario into a store, each command at its own recorded moment.
    public func load(into store: Store) async throws {
        for (time, command) in try commands() {
            try await store.execute(command, actor: Self.actor, at: time)
        }
    }

    /// A small real PNG (a grey head-and-shoulders silhouette) used as every demo photo.
    public static let samplePhoto = Data(
        base64Encoded:
            "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAAAAAA6mKC9AAAAL0lEQVR42mO4gwYYcAlERaEKREXBRBjgfKgIsQIYZmDaguqOKDggWyAqClkEQwAAEyasRb2OFVUAAAAASUVORK5CYII=")!
}

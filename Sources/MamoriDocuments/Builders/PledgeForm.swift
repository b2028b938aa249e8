import MamoriCore

/// 誓約書, one per person on the roster: the pledge's terms, the day it was signed, and boxes to sign and seal
///. A person without a recorded pledge gets a form to sign.
enum PledgeForm {
    static let terms = [
        "1　業務上知り得た個人情報及び秘密を他に漏らし、又は不当な目的に使用しません。従事を離れた後も同様とします。",
        "2　提供された個人情報を契約の目的以外に利用せず、区の指示又は承諾なく複写・複製し、第三者に提供しません。",
        "3　区の許可なく個人情報及びこれを記録した媒体を作業場所から持ち出しません。",
        "4　個人情報の漏えい、紛失、盗難その他の事故又はそのおそれを知ったときは、直ちに責任者に報告します。",
        "5　受託者が実施する個人情報保護及び情報セキュリティの研修を受講し、定められた手順を守ります。"
    ]

    static func make(_ context: DocumentContext) -> SubmissionDocument {
        let pledges = Dictionary(grouping: context.state.pledges.values, by: \.personID)
        var records: [[DocumentCell]] = []
        let sheets = context.roster.map { person -> DocumentSheet in
            let signed = pledges[person.id]?.min { $0.signedOn < $1.signedOn }
            records.append([.text(person.id), .text(person.name), .text(person.role.label.ja), .text(signed?.signedOn.description ?? "")])
            let head = Letterhead(
                date: signed?.signedOn ?? context.today, addressee: context.catalog.addressee.ja,
                submitter: ["所属　\(context.contractor.name)", "氏名　\(person.name)"], seal: false)
            var blocks: [DocumentBlock] = [
                .letterhead(head), .heading("誓約書"),
                .paragraph("私は、「\(context.contract.title)」（\(context.contract.number)）に従事するにあたり、次の事項を遵守することを誓約します。")
            ]
            blocks += terms.map { .paragraph($0) }
            blocks.append(
                .fields([
                    DocumentField("区分・担当業務", "\(person.role.label.ja)　\(person.scope)"),
                    DocumentField("誓約日", signed.map { $0.signedOn.wareki } ?? "（未提出: 署名のうえ提出してください）")
                ]))
            blocks.append(.signatures(["署名", "印"]))
            return DocumentSheet(name: "誓約書 \(person.name)", blocks: blocks)
        }
        return SubmissionDocument(
            kind: .pledge, title: "誓約書", sheets: sheets,
            records: DocumentTable(columns: ["ID", "氏名", "区分", "誓約日"], rows: records))
    }
}

import Foundation
import MamoriCore

private func t(_ ja: String, _ en: String) -> LocalizedText { LocalizedText(ja: ja, en: en) }

/// Every kind of record members keep through forms and the API, in the order the records page lists them.
enum RecordKinds {
    static let all: [RecordKind] = [
        person, idCheck, training, pledge, asset, dataEvent, approval, incident, audit, instruction, attestation,
        safeguard, policy, structure, notification, subcontract, backup, disposal, software
    ]

    /// The kind with this slug.
    static func named(_ slug: String) -> RecordKind? { all.first { $0.slug == slug } }

    /// Where a catalog's record type is recorded.
    static func kind(for type: RecordType) -> RecordKind? {
        switch type {
        case .staffMember: person
        case .idCheck: idCheck
        case .trainingSession: training
        case .pledge: pledge
        case .safeguardMeasure: safeguard
        case .managementStructure: structure
        case .cityNotification: notification
        case .dataAsset: asset
        case .useEvent, .copyEvent, .transferEvent, .takeoutEvent, .returnEvent, .destructionEvent: dataEvent
        case .incident: incident
        case .approval: approval
        case .subcontract: subcontract
        case .policyDocument: policy
        case .audit: audit
        case .cityInstruction: instruction
        case .attestation: attestation
        case .backupRun: backup
        case .deviceDisposal: disposal
        case .softwareApproval: software
        }
    }

    /// The city's reviewer only: an instruction or an audit is the city's act, never one the contractor can write
    /// for it (the contractor answers and completes them).
    private static let cityReviewer: @Sendable (AccountRole) -> Bool = { $0.decidesApprovals }
    /// Every contractor role, staff included: their own work.
    private static let anyContractorRole: @Sendable (AccountRole) -> Bool = { $0.recordsContractRecords }
    private static let responsible: @Sendable (AccountRole) -> Bool = { $0.managesCompliance }

    static let person = RecordKind.of(
        Person.self, slug: "person", title: t("従事者", "People"),
        create: .record(
            Person.self, code: "P",
            fields: [
                FormField("name", t("氏名", "Name"), .text),
                // Staff first: most people added are staff (the form chose 責任者 for everyone).
                FormField("role", t("区分", "Role"), .choice(FormChoice.all(Person.Role.self, \.label).reversed())),
                FormField("scope", t("担当業務", "Scope"), .text, .blank),
                FormField("joined_on", t("従事開始日", "First day"), .day, .now),
                FormField("photo", t("写真（PNG または JPEG、1 MB まで）", "Photo (PNG or JPEG, up to 1 MB)"), .photo, .optional)
            ]),
        shown: [FormField("left_on", t("離任日", "Left on"), .day)],
        steps: [
            .step(
                RecordPersonLeft.self, on: Person.self, slug: "leave", title: t("離任", "Left"), recordKey: "person_id",
                fields: [FormField("left_on", t("離任日", "Left on"), .day, .now)]
            ) { $0.leftOn == nil }
        ],
        newestFirst: { $0.joinedOn > $1.joinedOn })

    static let idCheck = RecordKind.of(
        IDCheck.self, slug: "id-check", title: t("本人確認", "Identity checks"),
        create: .record(
            IDCheck.self, code: "IDC",
            fields: [
                FormField("person_id", t("対象者", "Person"), .person),
                FormField("document_type", t("確認書類（暗号化して保存）", "Document shown (sealed)"), .sealed),
                FormField("checked_by", t("確認者", "Checked by"), .text),
                FormField("checked_on", t("確認日", "Checked on"), .day, .now)
            ]),
        newestFirst: { $0.checkedOn > $1.checkedOn })

    static let training = RecordKind.of(
        TrainingSession.self, slug: "training", title: t("研修", "Training"),
        create: .record(
            TrainingSession.self, code: "TR",
            fields: [
                FormField("held_on", t("実施日", "Held on"), .day, .now),
                FormField("title", t("研修名", "Title"), .text),
                FormField("content", t("内容", "Content"), .longText, .blank),
                FormField("trainer", t("講師", "Trainer"), .text, .blank),
                FormField("materials", t("教材（1 行に 1 つ）", "Materials (one per line)"), .list, .blank),
                FormField("attendees", t("出席者", "Attendees"), .people)
            ]),
        newestFirst: { $0.heldOn > $1.heldOn })

    static let pledge = RecordKind.of(
        Pledge.self, slug: "pledge", title: t("誓約書", "Pledges"),
        create: .record(
            Pledge.self, code: "PL",
            fields: [
                FormField("person_id", t("誓約者", "Person"), .person),
                FormField("signed_on", t("署名日", "Signed on"), .day, .now)
            ]),
        newestFirst: { $0.signedOn > $1.signedOn })

    static let asset = RecordKind.of(
        DataAsset.self, slug: "asset", title: t("提供データの受領", "Data received"),
        create: .record(
            DataAsset.self, code: "D",
            fields: [
                FormField("name", t("名称", "Name"), .text),
                FormField("items", t("項目（1 行に 1 つ）", "Items (one per line)"), .list, .blank),
                FormField("medium", t("媒体", "Medium"), .text),
                FormField("record_count", t("件数", "Records"), .number(.recordCount)),
                FormField("permitted_purposes", t("許可された利用目的（1 行に 1 つ）", "Permitted purposes (one per line)"), .list),
                FormField("permitted_copies", t("許可された複写数", "Permitted copies"), .number(.permittedCopies)),
                FormField("storage_location", t("保管場所", "Stored at"), .text),
                FormField("received_on", t("受領日", "Received on"), .day, .now),
                FormField("return_due", t("返還期限", "Return due"), .day)
            ]),
        newestFirst: { $0.receivedOn > $1.receivedOn })

    static let dataEvent = RecordKind.of(
        DataEvent.self, slug: "data-event", title: t("提供データの利用・複写・返還・廃棄", "Data use, copies, returns, destruction"),
        create: .record(
            DataEvent.self, code: "event", numbered: false,
            fields: [
                FormField("asset_id", t("提供データ", "Data asset"), .asset),
                FormField("kind", t("区分", "Kind"), .choice(FormChoice.all(DataEvent.Kind.self, \.label))),
                FormField("occurred_at", t("日時（空欄は現在）", "When (empty: now)"), .time, .now),
                FormField("person_id", t("担当者", "Person"), .person),
                FormField("purpose", t("利用目的（利用のとき）", "Purpose (for a use)"), .text, .optional),
                FormField(
                    "copies", t("部数（複写: 複写した部数／返還・廃棄: 一緒に返還・廃棄した複写の部数）", "Copies (copy: made; return or destruction: returned or destroyed with the data)"),
                    .number(.copiesCarried), .optional),
                FormField("recipient", t("提供先（提供のとき・暗号化して保存）", "Recipient (for a transfer, sealed)"), .sealed, .optional),
                FormField("to_city", t("提供先は区（提供のとき）", "Recipient is the city (for a transfer)"), .flag, .optional, listed: false),
                FormField("destination", t("持出し先（持出しのとき）", "Destination (for a take-out)"), .text, .optional),
                FormField(
                    "approval_id", t("承認（持出し・承認を要する複写のとき）", "Approval (for a take-out, or a copy that needs one)"), .approval([.takeoutEvent, .copyEvent]),
                    .optional),
                FormField(
                    "protection",
                    t(
                        "運搬時の保護（提供・持出し・返還のとき。例: 暗号化媒体・施錠ケース・手渡し）",
                        "Protection on the way (transfer, take-out, return: encrypted medium, locked case, by hand)"), .text, .optional)
            ] + erasure(t("廃棄方法（廃棄のとき）", "Erasure method (for destruction)")) + [
                FormField("note", t("備考", "Note"), .text, .blank)
            ], permitted: anyContractorRole,
            requiredWhen: [
                .init(key: "kind", value: "use", required: ["purpose"]), .init(key: "kind", value: "copy", required: ["copies"]),
                .init(key: "kind", value: "transfer", required: ["recipient"]), .init(key: "kind", value: "takeout", required: ["destination"]),
                .init(key: "kind", value: "destruction", required: ["erasure.method", "erasure.operator_name"])
            ]),
        steps: [
            .step(
                VoidDataEvent.self, on: DataEvent.self, slug: "void", title: t("取消（誤って記録したとき）", "Void (recorded in error)"),
                // Staff record events; voiding one (which takes it out of every status) is for those who supervise
                // the records, and the people who answer for the data are told (``AlertKind/recordVoided``).
                recordKey: "event_id", fields: [FormField("reason", t("取消の理由", "Reason"), .longText)]
            ) { state, event in state.voids[event.id] == nil }
        ],
        newestFirst: { $0.occurredAt > $1.occurredAt },
        stored: { state, store, page in
            try await store.events(ofContract: state.contract.id, newest: RecordKind.pageSize, skipping: page * RecordKind.pageSize)
        },
        counted: { state, store in try await store.eventCount(ofContract: state.contract.id) },
        found: { state, store, id in try await store.event(id, ofContract: state.contract.id) },
        void: { state, event in state.voids[event.id] })

    /// How data or a device was erased (the 消去証明書's items), all optional: only destruction and disposal need them.
    private static func erasure(_ method: LocalizedText) -> [FormField] {
        [
            FormField("erasure.method", method, .choice(FormChoice.all(Erasure.Method.self, \.label)), .optional),
            FormField("erasure.passes", t("上書き回数", "Overwrite passes"), .number(.passes), .optional, listed: false),
            FormField("erasure.operator_name", t("作業者", "Operator"), .text, .optional, listed: false),
            FormField("erasure.witness", t("立会者", "Witness"), .text, .optional, listed: false),
            FormField(
                "erasure.media_serials", t("媒体の製造番号（1 行に 1 つ）", "Media serial numbers (one per line)"), .list, .optional,
                listed: false)
        ]
    }

    static let approval = RecordKind.of(
        Approval.self, slug: "approval", title: t("承認申請", "Approval requests"),
        create: .record(
            Approval.self, code: "AP",
            fields: [
                FormField("kind", t("種類", "Kind"), .approvalKind),
                FormField("subject", t("内容", "Subject"), .longText),
                FormField("asset_id", t("提供データ（複写・持出しのとき）", "Data asset (copy, take-out)"), .asset, .optional),
                FormField("copies", t("部数（追加複写のとき）", "Copies (extra copy)"), .number(.approvedCopies), .optional),
                FormField("requested_by", t("申請者", "Requested by"), .person),
                FormField("requested_at", t("申請日時（空欄は現在）", "Requested (empty: now)"), .time, .now)
            ], fixed: ["decision": .text(Approval.Decision.pending.rawValue), "note": .text("")]),
        shown: [
            FormField("decision", t("決定", "Decision"), .choice(FormChoice.all(Approval.Decision.self, \.label))),
            FormField("decided_at", t("決定日時", "Decided"), .time)
        ],
        newestFirst: { $0.requestedAt > $1.requestedAt })

    private static let findings: [FormField] = [
        FormField("findings.data_items", t("漏えい等した個人情報の項目（1 行に 1 つ）", "Personal data items concerned (one per line)"), .list, .blank),
        FormField("findings.cause", t("原因", "Cause"), .longText, .blank),
        FormField("findings.secondary_harm", t("二次被害の有無・内容", "Secondary harm"), .longText, .blank),
        FormField("findings.response_to_individuals", t("本人への対応", "Response to the people concerned"), .longText, .blank),
        FormField("findings.publication", t("公表の実施状況", "Publication"), .longText, .blank),
        FormField("findings.prevention", t("再発防止策", "Prevention"), .longText, .blank)
    ]

    private static func incidentStep(
        _ step: AdvanceIncident.Step, _ title: LocalizedText, fields: [FormField] = [],
        sealedGroups: [CommandForm.SealedGroup] = [],
        permitted: @escaping @Sendable (AccountRole) -> Bool = { $0.supervisesRecords },
        applies: @escaping @Sendable (Incident) -> Bool
    ) -> CommandForm {
        .step(
            AdvanceIncident.self, on: Incident.self, slug: step.rawValue, title: title, recordKey: "incident_id",
            fields: [FormField("at", t("日時（空欄は現在）", "When (empty: now)"), .time, .now)] + fields,
            fixed: ["step": .text(step.rawValue)], sealedGroups: sealedGroups, permitted: permitted
        ) { incident in incident.closedAt == nil && step.follows(on: incident).allSatisfy { $0.done != nil } && applies(incident) }
    }

    static let incident = RecordKind.of(
        Incident.self, slug: "incident", title: t("事故報告", "Incident reports"),
        create: .record(
            Incident.self, code: "INC",
            fields: [
                FormField("kind", t("種類", "Kind"), .choice(FormChoice.all(Incident.Kind.self, \.label))),
                FormField("discovered_at", t("発見日時（空欄は現在）", "Discovered (empty: now)"), .time, .now),
                FormField("narrative", t("概要（暗号化して保存）", "What happened (sealed)"), .sealed),
                FormField("appi.affected_people", t("本人の数", "People affected"), .number(.affectedPeople)),
                FormField("appi.sensitive_data", t("要配慮個人情報を含む", "Sensitive data involved"), .flag, listed: false),
                FormField("appi.financial_harm", t("財産的被害のおそれ", "Risk of financial harm"), .flag, listed: false),
                FormField("appi.malicious", t("不正の目的によるおそれ", "Possibly malicious"), .flag, listed: false)
            ], fixed: ["instructions": .emptyList], permitted: anyContractorRole),
        shown: [
            FormField("city_notified_at", t("区へ連絡", "City told"), .time), FormField("written_report_at", t("速報", "Preliminary"), .time),
            FormField("final_report_at", t("確報", "Final"), .time), FormField("closed_at", t("終結", "Closed"), .time)
        ],
        steps: [
            incidentStep(.notify, t("区へ連絡した", "City notified")) { $0.cityNotifiedAt == nil },
            incidentStep(
                .writtenReport, t("速報（書面）を提出した", "Preliminary written report"), fields: findings,
                sealedGroups: [.findings(at: "findings")]
            ) { $0.writtenReportAt == nil },
            {
                // The final report starts from what the preliminary one said: what is left as it was is reported again.
                var form = incidentStep(
                    .finalReport, t("確報を提出した", "Final report"), fields: findings,
                    sealedGroups: [.findings(at: "findings")]
                    // Offered where the APPI makes the incident reportable (the incidents tab says 不要 otherwise).
                ) { $0.finalReportAt == nil && $0.appi.reportable }
                form.prefilled = { record, vault in
                    guard let sealed = (record as? Incident)?.preliminaryFindings, let data = try? vault.open(sealed),
                        let said = try? JSONDecoder().decode(IncidentFindings.self, from: data)
                    else { return nil }
                    return FormInput(values: [
                        "findings.data_items": [said.dataItems.joined(separator: "\n")], "findings.cause": [said.cause],
                        "findings.secondary_harm": [said.secondaryHarm], "findings.response_to_individuals": [said.responseToIndividuals],
                        "findings.publication": [said.publication], "findings.prevention": [said.prevention]
                    ])
                }
                return form
            }(),
            incidentStep(
                .instruct, t("区からの指示", "City's instruction"),
                fields: [FormField("instruction", t("指示の内容（暗号化して保存）", "Instruction (sealed)"), .sealed)],
                permitted: cityReviewer
            ) { _ in true },
            incidentStep(.close, t("終結", "Close"), permitted: responsible) { _ in true }
        ],
        newestFirst: { $0.discoveredAt > $1.discoveredAt })

    private static func completion<R: NewRecord>(
        _ item: CompleteItem.Item, on type: R.Type, slug: String, title: LocalizedText,
        fields: [FormField] = [],
        permitted: @escaping @Sendable (AccountRole) -> Bool = { $0.supervisesRecords },
        applies: @escaping @Sendable (R) -> Bool
    ) -> CommandForm {
        .step(
            CompleteItem.self, on: type, slug: slug, title: title, recordKey: "id",
            fields: [FormField("on", t("日付", "On"), .day, .now)] + fields, fixed: ["item": .text(item.rawValue)],
            permitted: permitted, applies: applies)
    }

    static let audit = RecordKind.of(
        Audit.self, slug: "audit", title: t("監査・検査", "Audits"),
        create: .record(
            Audit.self, code: "AUD",
            fields: [
                FormField("kind", t("種類", "Kind"), .choice([FormChoice("audit", t("監査", "audit")), FormChoice("inspection", t("検査", "inspection"))])),
                FormField("held_on", t("実施日", "Held on"), .day, .now),
                FormField("auditor", t("監査人（暗号化して保存）", "Auditor (sealed)"), .sealed),
                FormField("request", t("区からの要求事項", "What the city asked for"), .longText),
                FormField("response_due", t("回答期限", "Response due"), .day, .optional)
            ], permitted: cityReviewer),
        shown: [FormField("response", t("回答", "Response"), .longText), FormField("responded_on", t("回答日", "Responded on"), .day)],
        steps: [
            completion(
                .auditResponse, on: Audit.self, slug: "respond", title: t("回答した", "Responded"),
                fields: [FormField("text", t("回答内容", "Response"), .longText)], permitted: responsible
            ) { $0.respondedOn == nil }
        ],
        newestFirst: { $0.heldOn > $1.heldOn })

    static let instruction = RecordKind.of(
        CityInstruction.self, slug: "instruction", title: t("区からの指示", "City instructions"),
        create: .record(
            CityInstruction.self, code: "INS",
            fields: [
                FormField("issued_on", t("指示日", "Issued on"), .day, .now),
                FormField("instruction", t("指示内容（暗号化して保存）", "Instruction (sealed)"), .sealed),
                FormField("due_on", t("期限", "Due"), .day, .optional)
            ], permitted: cityReviewer),
        shown: [FormField("completed_on", t("完了日", "Completed on"), .day)],
        steps: [
            completion(.instruction, on: CityInstruction.self, slug: "complete", title: t("完了した", "Completed"), permitted: responsible) {
                $0.completedOn == nil
            }
        ],
        newestFirst: { $0.issuedOn > $1.issuedOn })

    static let attestation = RecordKind.of(
        Attestation.self, slug: "attestation", title: t("確認書", "Attestations"),
        create: .record(
            Attestation.self, code: "AT",
            fields: [
                FormField("clause_id", t("条項", "Clause"), .clause),
                FormField("person_id", t("確認者", "Attested by"), .person),
                FormField("attested_on", t("確認日", "Attested on"), .day, .now),
                FormField("statement", t("確認内容", "Statement"), .longText),
                FormField("file_digest", t("添付ファイルの SHA-256（任意）", "SHA-256 of an attached file (optional)"), .text, .optional, listed: false)
            ]),
        newestFirst: { $0.attestedOn > $1.attestedOn })

    static let safeguard = RecordKind.of(
        SafeguardMeasure.self, slug: "safeguard", title: t("安全管理措置", "Safeguard measures"),
        create: .record(
            SafeguardMeasure.self, code: "SG",
            fields: [
                FormField("category", t("区分", "Category"), .choice(FormChoice.all(SafeguardMeasure.Category.self, \.label))),
                FormField("title", t("項目", "Title"), .text),
                FormField("measure", t("措置の内容", "Measure"), .longText),
                FormField("reviewed_on", t("見直し日", "Reviewed on"), .day, .now)
            ], permitted: responsible),
        newestFirst: { $0.reviewedOn > $1.reviewedOn })

    static let policy = RecordKind.of(
        PolicyDocument.self, slug: "policy", title: t("情報セキュリティ方針", "Security policy"),
        create: .record(
            PolicyDocument.self, code: "POL",
            fields: [
                FormField("title", t("名称", "Title"), .text),
                FormField("version", t("版", "Version"), .text),
                FormField("adopted_on", t("制定・改定日", "Adopted on"), .day, .now),
                FormField("file_digest", t("文書ファイルの SHA-256（任意）", "SHA-256 of the document file (optional)"), .text, .optional, listed: false)
            ], permitted: responsible),
        shown: [FormField("submitted_on", t("区へ提出", "Submitted"), .day)],
        steps: [
            completion(
                .policySubmission, on: PolicyDocument.self, slug: "submit", title: t("区へ提出した", "Submitted to the city"),
                permitted: responsible
            ) {
                $0.submittedOn == nil
            }
        ],
        newestFirst: { $0.adoptedOn > $1.adoptedOn })

    static let notification = RecordKind.of(
        CityNotification.self, slug: "notification", title: t("区への届出", "Notices to the city"),
        create: .record(
            CityNotification.self, code: "NT",
            fields: [
                FormField("subject", t("届出の内容", "Subject"), .choice(FormChoice.all(CityNotification.Subject.self, \.label))),
                FormField("person_id", t("対象の人員（人員の変更のとき）", "Person (for a personnel change)"), .person, .optional),
                FormField("notified_on", t("届出日", "Notified on"), .day, .now),
                FormField("content", t("届け出た内容・方法", "What was notified, and how"), .longText)
            ], permitted: responsible),
        newestFirst: { $0.notifiedOn > $1.notifiedOn })

    static let structure = RecordKind.of(
        ManagementStructure.self, slug: "structure", title: t("管理体制", "Management structure"),
        create: .record(
            ManagementStructure.self, code: "MS",
            fields: [
                FormField("work_location", t("作業場所", "Work location"), .text),
                FormField("storage_location", t("保管場所", "Storage location"), .text)
            ]
                + (0..<3).flatMap { index in
                    let number = index + 1
                    let presence: FormField.Presence = index == 0 ? .required : .optional
                    return [
                        FormField("emergency_contacts.\(index).name", t("緊急連絡先\(number) 氏名", "Emergency contact \(number): name"), .text, presence),
                        FormField(
                            "emergency_contacts.\(index).position", t("緊急連絡先\(number) 役職", "Emergency contact \(number): position"), .text,
                            index == 0 ? .blank : .optional, listed: false),
                        FormField(
                            "emergency_contacts.\(index).phone", t("緊急連絡先\(number) 電話", "Emergency contact \(number): phone"), .text,
                            presence, listed: false)
                    ]
                } + [FormField("recorded_on", t("記録日", "Recorded on"), .day, .now)], permitted: responsible),
        newestFirst: { $0.recordedOn > $1.recordedOn })

    static let subcontract = RecordKind.of(
        Subcontract.self, slug: "subcontract", title: t("再委託", "Subcontracts"),
        create: .record(
            Subcontract.self, code: "SUB",
            fields: [
                FormField("subcontractor", t("再委託先", "Subcontractor"), .text),
                FormField("scope", t("再委託する業務", "Scope"), .longText),
                FormField("touches_personal_data", t("個人情報を取り扱う", "Handles personal data"), .flag),
                FormField("starts_on", t("開始日", "Starts on"), .day),
                FormField("approval_id", t("区の承認（承認を得て再委託するとき）", "City's approval (where subcontracting needs one)"), .approval([.subcontract]), .optional),
                FormField("bound_by_obligations", t("再委託先に同じ義務を課した", "Subcontractor bound by the same obligations"), .flag, .optional)
            ], permitted: responsible),
        newestFirst: { $0.startsOn > $1.startsOn })

    static let backup = RecordKind.of(
        BackupRun.self, slug: "backup", title: t("バックアップ", "Backups"),
        create: .record(
            BackupRun.self, code: "BK",
            fields: [
                FormField("ran_at", t("実施日時（空欄は現在）", "Ran at (empty: now)"), .time, .now),
                FormField("scope", t("対象", "Scope"), .text),
                FormField("medium", t("媒体", "Medium"), .text),
                FormField("succeeded", t("成功した", "Succeeded"), .flag)
            ]),
        newestFirst: { $0.ranAt > $1.ranAt })

    static let disposal = RecordKind.of(
        DeviceDisposal.self, slug: "disposal", title: t("機器の修理・廃棄", "Device repair and disposal"),
        create: .record(
            DeviceDisposal.self, code: "DSP",
            fields: [
                FormField("kind", t("区分", "Kind"), .choice([FormChoice("repair", t("修理", "repair")), FormChoice("disposal", t("廃棄", "disposal"))])),
                FormField("device", t("機器", "Device"), .text),
                FormField("handled_on", t("実施日", "Handled on"), .day, .now)
            ] + erasure(t("消去方法", "Erasure method")) + [
                FormField("approval_id", t("承認（修理の持出し）", "Approval (repair take-out)"), .approval([.deviceDisposal]), .optional)
            ]),
        newestFirst: { $0.handledOn > $1.handledOn })

    static let software = RecordKind.of(
        SoftwareApproval.self, slug: "software", title: t("ソフトウェアの許可", "Software decisions"),
        create: .record(
            SoftwareApproval.self, code: "SW",
            fields: [
                FormField("name", t("ソフトウェア名", "Software"), .text),
                FormField("allowed", t("利用を許可する", "Allowed"), .flag),
                FormField("decided_on", t("決定日", "Decided on"), .day, .now),
                FormField("decided_by", t("決定者", "Decided by"), .text)
            ], permitted: responsible),
        newestFirst: { $0.decidedOn > $1.decidedOn })
}

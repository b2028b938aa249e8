import MamoriCore

/// Every label of the pages in one table, Japanese and English side by side: the words a page prints around the data
/// (headings, columns, buttons, hints). One idea keeps one word in each language; a test reads each label for
/// English in the Japanese and Japanese in the English. Messages that carry values (errors, counts, names) stay
/// with the code that knows the values, still as both languages.
enum Label: CaseIterable, Sendable {
    case aBase64Image
    case accountCount
    case accounts
    case aCorrectionIsKeptAs
    case actions
    case aDateThatExistsAs
    case aDateThatExistsAsYyyy
    case add
    case addACatalog
    case addADepartment
    case addAnAccount
    case addAPerson
    case addByURI
    case added
    case address
    case alert
    case alerts
    case alertsAlsoSentByMail
    case all
    case allClauses
    case allDocumentsSignedZip
    case allRecords
    case anArray
    case anArrayOfStrings
    case annex
    case aPhotoIsReplacedOnly
    case approvals
    case aSingleValue
    case aString
    case atOnce
    case attempts
    case attestationsDue
    case aWholeNumber
    case backToAlerts
    case blank
    case bundled
    case bundledVersion
    case cancelAndSignOut
    case cannotBeOpened
    case cannotBeRead
    case cannotBeReadItsText
    case catalog
    case catalogs
    case catalogYaml
    case category
    case change
    case changeTheDepartment
    case changeYourPassword
    case check
    case checkFailed
    case checkPassed
    case checkUnknown
    case chooseOneOfTheList
    case city
    case cityColumn
    case cityKind
    case cityTold
    case clause
    case clauseCatalog
    case clauseCatalogs
    case clauseCount
    case clauses
    case clocks
    case closed
    case code6Digits
    case commentOrConditionsOptional
    case compliance
    case content
    case contract
    case contractCreation
    case contractNumber
    case contractor
    case contractorKind
    case contractParameters
    case contractPeriod
    case contracts
    case contractSettings
    case contractTitle
    case copiesMade
    case copiesPermitted
    case correct
    case couldNotBeSealed
    case count
    case create
    case createAContract
    case created
    case createdWith
    case createTheContractAndCheck
    case createTheFirstAdministrator
    case currentPassword
    case decision
    case defaultValue
    case demoData
    case denied
    case deny
    case department
    case departmentName
    case departmentNoneEveryContract
    case departments
    case details
    case detailsCorrectionHistory
    case detailsHistory
    case discovered
    case documents
    case doesNotMatchTheNew
    case due
    case dueToday
    case eachContractCanBeGiven
    case eMailAddressLeaveEmpty
    case emptyToday
    case end
    case endAllButThisBrowser
    case enrollAPc
    case enrolled
    case enrollmentTokenShownOnceValid
    case enterAWholeNumberOf
    case enterYourAddressAndRepresentative
    case entityName
    case entry
    case evidenceRecords
    case expected
    case expires
    case export
    case failed
    case filter
    case final
    case fingerprintSha256
    case firstDay
    case firstRunSetup
    case giveTheInitialPasswordBy
    case grant
    case granted
    case historyJournalEntriesNamingThis
    case home
    case host
    case howIReceiveAlerts
    case howIReceiveAlertsTitle
    case id
    case iHaveReadTheRequest
    case incidentClocks
    case incidents
    case initialPassword
    case inScope
    case interruptedTheServerStoppedWhile
    case invite
    case issueAnEnrollmentToken
    case item
    case items
    case judgeByThisVersion
    case judgedBy
    case judgeThisContractByThis
    case kind
    case kindOfOrganization
    case lastDay
    case lastReport
    case latestResultsReEvaluatedBy
    case list
    case lock
    case lockedSomeAddresses
    case login
    case mail
    case mailIsOffOnThis
    case mailIsOffSetServe
    case markAllRead
    case medium
    case movedTo
    case moveToVersion
    case mustDifferFromTheCurrent
    case name
    case neverReported
    case newer
    case newerRecords
    case newPassword12CharactersOr
    case newPasswordAgain
    case newValue
    case nextSteps
    case no
    case noAddress
    case noAlerts
    case noAlertsYet
    case noContractMatches
    case noContractToShow
    case noDepartmentsYet
    case noneYet
    case noFittingApproval
    case notADepartmentOfThis
    case notADepartmentYouCan
    case nothingIsDueOrOverdue
    case notInScope
    case notOwed
    case notUsed
    case number
    case obligation
    case observed
    case older
    case olderRecords
    case openIncidents
    case organizationName
    case organizations
    case organizationsAddressRepresentativeTheOther
    case organizationsYouWorkWith
    case origin
    case os
    case outbox
    case passFailUnknown
    case password
    case pc
    case pcList
    case pcs
    case pendingApprovals
    case permittedCopies
    case permittedPurposes
    case person
    case photo
    case photoReplaced
    case photoTooLarge
    case pleaseCheck1Field
    case ppcReport
    case preliminary
    case present
    case providedData
    case qrCodeForYourAuthenticator
    case reasonForTheCorrection
    case reasons
    case received
    case receiveData
    case receivedDue
    case recordADeparture
    case recordAnAttestation
    case recordButton
    case recordCount
    case recorded
    case recordedBeforeSealing
    case recordedBy
    case records
    case recordsBehindIt
    case recordTheRosterTheProvided
    case recordVerb
    case register
    case registration
    case relatedRecord
    case report
    case reportAnIncident
    case reportHistory
    case representativeTitleAndName
    case requestAnApproval
    case requestedByAt
    case required
    case responsibleDepartment
    case responsibleDepartmentWord
    case result
    case role
    case roleCategory
    case roster
    case save
    case saved
    case scanTheQRCode
    case scope
    case searchContractNumberContractor
    case secondFactor
    case sendAnObject
    case sending
    case sent
    case servicePeriod
    case sessions
    case set
    case setBy
    case settings
    case signedIn
    case signIn
    case signOut
    case silentPCs
    case instructionsFromTheCity
    case clausesThisRecordIsEvidenceFor
    case thisRecordShowsAViolation
    case noPCsYet
    case noPCIsEnrolledYet
    case staffRoster
    case state
    case status
    case subject
    case theAddressAndRepresentativeAre
    case theCatalogCannotBeRead
    case theCatalogCannotBeUsed
    case theCatalogHasProblemsLine
    case theCitysDetailsAsIts
    case theCitysReviewerSetsThe
    case theContentCannotBeRead
    case thenEachSideChecksAnd
    case thePasswordMustDifferFrom
    case thePasswordMustNotContain
    case thePhotoMustBe1Mb
    case thePhotoMustBeA
    case theRecordCannotBeAssembled
    case thereIsNoSuchRecord
    case thisBrowser
    case thisCodeWasAlreadyUsed
    case thisContract
    case thisIsNotYourCurrent
    case thisLoginIsAlreadyTaken
    case thisPasswordIsTooCommon
    case thisPasswordWasChosenBy
    case thisValueIsNotValid
    case time
    case to
    case toDo
    case toOrganizations
    case twoFactorAuthentication
    case unit
    case validateAndAdd
    case verify
    case version
    case versionPerContract
    case versionWord
    case voided
    case whatProvesIt
    case when
    case whereThisAccountIsSigned
    case why
    case written
    case wrongCode
    case yes
    case youCanCreateContractsOf
    case yourName
    case yourOrganization
    case yourRole

    /// The label in both languages.
    var localized: LocalizedText {
        switch self {
        case .aBase64Image: LocalizedText(ja: "base64 の画像", en: "a base64 image")
        case .accountCount: LocalizedText(ja: "アカウント数", en: "Accounts")
        case .accounts: LocalizedText(ja: "アカウント", en: "Accounts")
        case .aCorrectionIsKeptAs:
            LocalizedText(ja: "訂正は新しい記録として残り、訂正前の内容も履歴に残ります。", en: "A correction is kept as a new entry; the version before it stays in the history.")
        case .actions: LocalizedText(ja: "操作", en: "Actions")
        case .aDateThatExistsAs: LocalizedText(ja: "実在する日付を YYYY-MM-DD で入力してください", en: "a date that exists, as YYYY-MM-DD")
        case .aDateThatExistsAsYyyy: LocalizedText(ja: "実在する YYYY-MM-DD の日付（1900〜2199 年）", en: "a date that exists, as YYYY-MM-DD (1900–2199)")
        case .add: LocalizedText(ja: "追加", en: "Add")
        case .addACatalog: LocalizedText(ja: "カタログの追加", en: "Add a catalog")
        case .addADepartment: LocalizedText(ja: "課を追加", en: "Add a department")
        case .addAnAccount: LocalizedText(ja: "アカウントの追加", en: "Add an account")
        case .addAPerson: LocalizedText(ja: "人員の追加", en: "Add a person")
        case .addByURI: LocalizedText(ja: "URI で登録する場合（一部の認証アプリ）", en: "To add it by URI (some authenticator apps)")
        case .added: LocalizedText(ja: "追加", en: "added")
        case .address: LocalizedText(ja: "所在地", en: "Address")
        case .alert: LocalizedText(ja: "内容", en: "Alert")
        case .alerts: LocalizedText(ja: "お知らせ", en: "Alerts")
        case .alertsAlsoSentByMail: LocalizedText(ja: "メールでも受け取るお知らせ（チェックを外すとアプリ内のみ）", en: "Alerts also sent by mail (unchecked: in the application only)")
        case .all: LocalizedText(ja: "すべて", en: "All")
        case .allClauses: LocalizedText(ja: "遵守状況の一覧へ", en: "All clauses")
        case .allDocumentsSignedZip: LocalizedText(ja: "書類一式（署名付き ZIP）", en: "All documents (signed ZIP)")
        case .allRecords: LocalizedText(ja: "記録の一覧へ", en: "All records")
        case .anArray: LocalizedText(ja: "配列", en: "an array")
        case .anArrayOfStrings: LocalizedText(ja: "文字列の配列", en: "an array of strings")
        case .annex: LocalizedText(ja: "遵守事項", en: "Annex")
        case .aPhotoIsReplacedOnly: LocalizedText(ja: "写真は新しいものを選んだときだけ差し替わります。", en: "A photo is replaced only when you choose a new one.")
        case .approvals: LocalizedText(ja: "承認", en: "Approvals")
        case .aSingleValue: LocalizedText(ja: "単一の値", en: "a single value")
        case .aString: LocalizedText(ja: "文字列", en: "a string")
        case .atOnce: LocalizedText(ja: "直ちに", en: "at once")
        case .attempts: LocalizedText(ja: "送信の試行", en: "Attempts")
        case .attestationsDue: LocalizedText(ja: "確認書の期限", en: "Attestations due")
        case .aWholeNumber: LocalizedText(ja: "整数", en: "a whole number")
        case .backToAlerts: LocalizedText(ja: "お知らせの一覧へ", en: "Back to alerts")
        case .blank: LocalizedText(ja: "—", en: "—")
        case .bundled: LocalizedText(ja: "同梱", en: "bundled")
        case .bundledVersion: LocalizedText(ja: "同梱版", en: "bundled")
        case .cancelAndSignOut: LocalizedText(ja: "やめてログアウト", en: "Cancel and sign out")
        case .cannotBeOpened: LocalizedText(ja: "（開けません）", en: "(cannot be opened)")
        case .cannotBeRead: LocalizedText(ja: "読めません", en: "cannot be read")
        case .cannotBeReadItsText:
            LocalizedText(
                ja: "読み込めません（内容が記録された SHA-256 と一致しません。mamori ledger verify で確かめてください）",
                en: "cannot be read (its text no longer matches its SHA-256; run mamori ledger verify)")
        case .catalog: LocalizedText(ja: "遵守事項", en: "Catalog")
        case .catalogs: LocalizedText(ja: "遵守事項", en: "Catalogs")
        case .catalogYaml: LocalizedText(ja: "カタログ（YAML）", en: "Catalog (YAML)")
        case .category: LocalizedText(ja: "区分", en: "Kind")
        case .change: LocalizedText(ja: "変更", en: "Change")
        case .changeTheDepartment: LocalizedText(ja: "担当課を変更", en: "Change the department")
        case .changeYourPassword: LocalizedText(ja: "パスワードの変更", en: "Change your password")
        case .check: LocalizedText(ja: "確認項目", en: "Check")
        case .checkFailed: LocalizedText(ja: "不適合", en: "fail")
        case .checkPassed: LocalizedText(ja: "適合", en: "pass")
        case .checkUnknown: LocalizedText(ja: "不明", en: "unknown")
        case .chooseOneOfTheList: LocalizedText(ja: "一覧から選んでください", en: "choose one of the list")
        case .city: LocalizedText(ja: "委託者", en: "City")
        case .cityColumn: LocalizedText(ja: "委託者（区）", en: "City")
        case .cityKind: LocalizedText(ja: "区（委託者）", en: "city")
        case .cityTold: LocalizedText(ja: "区へ連絡", en: "City told")
        case .clause: LocalizedText(ja: "条項", en: "Clause")
        case .clauseCatalog: LocalizedText(ja: "遵守事項（カタログ）", en: "Clause catalog")
        case .clauseCatalogs: LocalizedText(ja: "遵守事項のカタログ", en: "Clause catalogs")
        case .clauseCount: LocalizedText(ja: "条項数", en: "Clauses")
        case .clauses: LocalizedText(ja: "条項", en: "Clauses")
        case .clocks: LocalizedText(ja: "期限", en: "Clocks")
        case .closed: LocalizedText(ja: "終結", en: "Closed")
        case .code6Digits: LocalizedText(ja: "確認コード（6 桁）", en: "Code (6 digits)")
        case .commentOrConditionsOptional: LocalizedText(ja: "コメント・条件（任意）", en: "Comment or conditions (optional)")
        case .compliance: LocalizedText(ja: "遵守状況", en: "Compliance")
        case .content: LocalizedText(ja: "内容", en: "Subject")
        case .contract: LocalizedText(ja: "契約", en: "Contract")
        case .contractCreation: LocalizedText(ja: "契約の作成", en: "Create a contract")
        case .contractNumber: LocalizedText(ja: "契約番号", en: "Contract number")
        case .contractor: LocalizedText(ja: "受託者", en: "Contractor")
        case .contractorKind: LocalizedText(ja: "受託者", en: "contractor")
        case .contractParameters: LocalizedText(ja: "契約パラメータ", en: "Contract parameters")
        case .contractPeriod: LocalizedText(ja: "契約期間", en: "Period")
        case .contracts: LocalizedText(ja: "契約一覧", en: "Contracts")
        case .contractSettings: LocalizedText(ja: "契約の設定", en: "Contract settings")
        case .contractTitle: LocalizedText(ja: "契約名（業務名）", en: "Contract title")
        case .copiesMade: LocalizedText(ja: "複写した部数（返還・廃棄のときに部数を入力）", en: "Copies made (give their number with the return or destruction)")
        case .copiesPermitted: LocalizedText(ja: "複写 / 許可", en: "Copies / permitted")
        case .correct: LocalizedText(ja: "訂正する", en: "Correct")
        case .couldNotBeSealed: LocalizedText(ja: "暗号化できませんでした", en: "could not be sealed")
        case .count: LocalizedText(ja: "件数", en: "Count")
        case .create: LocalizedText(ja: "作成", en: "Create")
        case .createAContract: LocalizedText(ja: "契約を作成する", en: "Create a contract")
        case .created: LocalizedText(ja: "作成", en: "Created")
        case .createdWith: LocalizedText(ja: "作成時", en: "created with")
        case .createTheContractAndCheck: LocalizedText(ja: "契約を作成し、契約の設定でパラメータを確かめる", en: "Create the contract and check its parameters in its settings")
        case .createTheFirstAdministrator:
            LocalizedText(ja: "最初の管理者を作成します。既定のパスワードはありません。", en: "Create the first administrator. There is no default password.")
        case .currentPassword: LocalizedText(ja: "現在のパスワード", en: "Current password")
        case .decision: LocalizedText(ja: "決定", en: "Decision")
        case .defaultValue: LocalizedText(ja: "既定値", en: "Default")
        case .demoData: LocalizedText(ja: "デモデータ", en: "demo data")
        case .denied: LocalizedText(ja: "不承認", en: "denied")
        case .deny: LocalizedText(ja: "不承認", en: "Deny")
        case .department: LocalizedText(ja: "課", en: "Department")
        case .departmentName: LocalizedText(ja: "課の名称", en: "Department name")
        case .departmentNoneEveryContract: LocalizedText(ja: "課（空欄はすべての契約）", en: "Department (none: every contract)")
        case .departments: LocalizedText(ja: "課", en: "Departments")
        case .details: LocalizedText(ja: "内容", en: "Details")
        case .detailsCorrectionHistory: LocalizedText(ja: "詳細・訂正・履歴", en: "Details, correction, history")
        case .detailsHistory: LocalizedText(ja: "詳細・履歴", en: "Details, history")
        case .discovered: LocalizedText(ja: "発見日時", en: "Discovered")
        case .documents: LocalizedText(ja: "提出書類", en: "Documents")
        case .doesNotMatchTheNew: LocalizedText(ja: "新しいパスワードと一致しません", en: "does not match the new password")
        case .due: LocalizedText(ja: "期限", en: "Due")
        case .dueToday: LocalizedText(ja: "本日期限", en: "due today")
        case .eachContractCanBeGiven:
            LocalizedText(
                ja: "課を持つ区では、契約ごとに担当課を選び、課に属する審査担当者にはその課の契約だけが表示されます。",
                en: "Each contract can be given a department; a reviewer of a department sees its contracts only.")
        case .eMailAddressLeaveEmpty: LocalizedText(ja: "メールアドレス（空欄ならメールは送りません）", en: "E-mail address (leave empty for no mail)")
        case .emptyToday: LocalizedText(ja: "（空欄は今日）", en: "(empty: today)")
        case .end: LocalizedText(ja: "終了", en: "End")
        case .endAllButThisBrowser: LocalizedText(ja: "このブラウザ以外をすべて終了", en: "End all but this browser")
        case .enrollAPc: LocalizedText(ja: "端末の登録", en: "Enroll a PC")
        case .enrolled: LocalizedText(ja: "登録", en: "enrolled")
        case .enrollmentTokenShownOnceValid: LocalizedText(ja: "登録トークン（一度だけ表示、7 日間有効）", en: "Enrollment token (shown once, valid 7 days)")
        case .enterAWholeNumberOf: LocalizedText(ja: "1 以上の整数で入力してください", en: "enter a whole number of at least 1")
        case .enterYourAddressAndRepresentative:
            LocalizedText(
                ja: "自組織の所在地と代表者を入力し、相手方の組織を登録して最初のアカウントを招待する",
                en: "Enter your address and representative, register the other side and invite its first account")
        case .entityName: LocalizedText(ja: "名称", en: "Name")
        case .entry: LocalizedText(ja: "内容", en: "Entry")
        case .evidenceRecords: LocalizedText(ja: "根拠記録", en: "Records")
        case .expected: LocalizedText(ja: "基準", en: "Expected")
        case .expires: LocalizedText(ja: "有効期限", en: "Expires")
        case .export: LocalizedText(ja: "書き出し", en: "Export")
        case .failed: LocalizedText(ja: "失敗", en: "failed")
        case .filter: LocalizedText(ja: "絞り込む", en: "Filter")
        case .final: LocalizedText(ja: "確報", en: "Final")
        case .fingerprintSha256: LocalizedText(ja: "内容の指紋（SHA-256）", en: "Fingerprint (SHA-256)")
        case .firstDay: LocalizedText(ja: "契約期間の初日", en: "First day")
        case .firstRunSetup: LocalizedText(ja: "初期設定", en: "First-run setup")
        case .giveTheInitialPasswordBy:
            LocalizedText(
                ja: "初期パスワードは本人に別の経路（電話・手渡し）で伝えてください。初回ログイン時に二要素認証を設定します。",
                en: "Give the initial password by another channel (phone, in person); the second factor is set up at the first sign-in.")
        case .grant: LocalizedText(ja: "承認", en: "Grant")
        case .granted: LocalizedText(ja: "承認", en: "granted")
        case .historyJournalEntriesNamingThis: LocalizedText(ja: "履歴（この記録を記した仕訳）", en: "History (journal entries naming this record)")
        case .home: LocalizedText(ja: "トップへ", en: "Home")
        case .host: LocalizedText(ja: "ホスト名", en: "Host")
        case .howIReceiveAlerts: LocalizedText(ja: "受け取り方の設定", en: "How I receive alerts")
        case .howIReceiveAlertsTitle: LocalizedText(ja: "お知らせの受け取り方", en: "How I receive alerts")
        case .id: LocalizedText(ja: "ID", en: "ID")
        case .iHaveReadTheRequest: LocalizedText(ja: "申請内容を確認しました", en: "I have read the request")
        case .incidentClocks: LocalizedText(ja: "事故の期限", en: "Incident clocks")
        case .incidents: LocalizedText(ja: "事故", en: "Incidents")
        case .initialPassword: LocalizedText(ja: "初期パスワード", en: "Initial password")
        case .inScope: LocalizedText(ja: "対象", en: "yes")
        case .interruptedTheServerStoppedWhile: LocalizedText(ja: "中断（送信中にサーバーが停止）", en: "interrupted (the server stopped while sending)")
        case .invite: LocalizedText(ja: "招待", en: "Invite")
        case .issueAnEnrollmentToken: LocalizedText(ja: "登録トークンを発行", en: "Issue an enrollment token")
        case .item: LocalizedText(ja: "項目", en: "Item")
        case .items: LocalizedText(ja: "項目", en: "Items")
        case .judgeByThisVersion: LocalizedText(ja: "この版で判定する", en: "Judge by this version")
        case .judgedBy: LocalizedText(ja: "判定に使う版", en: "Judged by")
        case .judgeThisContractByThis: LocalizedText(ja: "この契約の判定をこの版に切り替えます", en: "Judge this contract by this version from now on")
        case .kind: LocalizedText(ja: "種類", en: "Kind")
        case .kindOfOrganization: LocalizedText(ja: "組織の種類", en: "Kind of organization")
        case .lastDay: LocalizedText(ja: "契約期間の末日", en: "Last day")
        case .lastReport: LocalizedText(ja: "最終報告", en: "Last report")
        case .latestResultsReEvaluatedBy: LocalizedText(ja: "最新の結果（サーバーで再評価）", en: "Latest results (re-evaluated by the server)")
        case .list: LocalizedText(ja: "一覧", en: "list")
        case .lock: LocalizedText(ja: "ロック", en: "Lock")
        case .lockedSomeAddresses: LocalizedText(ja: "ロック中（一部の接続元）", en: "locked (some addresses)")
        case .login: LocalizedText(ja: "ログイン名", en: "Login")
        case .mail: LocalizedText(ja: "メール", en: "Mail")
        case .mailIsOffOnThis:
            LocalizedText(ja: "このサーバーではメール送信がオフです。お知らせはこの画面の 🔔 にだけ届きます。", en: "Mail is off on this server: alerts reach only the 🔔 in this application.")
        case .mailIsOffSetServe:
            LocalizedText(
                ja: "メール送信はオフです。お知らせはアプリ内にだけ届きます（サーバーの管理者がメールサーバーを設定すると、メールでも届きます）。",
                en: "Mail is off: alerts reach the application only (they go by mail too once the server's operator sets a mail server, serve --smtp).")
        case .markAllRead: LocalizedText(ja: "すべて既読にする", en: "Mark all read")
        case .medium: LocalizedText(ja: "媒体", en: "Medium")
        case .movedTo: LocalizedText(ja: "移行", en: "moved to")
        case .moveToVersion: LocalizedText(ja: "移行先の版", en: "Move to version")
        case .mustDifferFromTheCurrent: LocalizedText(ja: "現在のパスワードと違うものにしてください", en: "must differ from the current one")
        case .name: LocalizedText(ja: "氏名", en: "Name")
        case .neverReported: LocalizedText(ja: "報告なし", en: "never reported")
        case .newer: LocalizedText(ja: "← 新しいもの", en: "← Newer")
        case .newerRecords: LocalizedText(ja: "← 新しい記録", en: "← Newer")
        case .newPassword12CharactersOr: LocalizedText(ja: "新しいパスワード（12 文字以上）", en: "New password (12 characters or more)")
        case .newPasswordAgain: LocalizedText(ja: "新しいパスワード（確認）", en: "New password again")
        case .newValue: LocalizedText(ja: "新しい値", en: "new value")
        case .nextSteps: LocalizedText(ja: "この記録の次の手続", en: "Next steps on this record")
        case .no: LocalizedText(ja: "いいえ", en: "no")
        case .noAddress: LocalizedText(ja: "（アドレス未登録）", en: "(no address)")
        case .noAlerts: LocalizedText(ja: "お知らせはありません。", en: "No alerts.")
        case .noAlertsYet: LocalizedText(ja: "まだお知らせはありません。", en: "No alerts yet.")
        case .noContractMatches: LocalizedText(ja: "条件に合う契約はありません", en: "no contract matches")
        case .noContractToShow: LocalizedText(ja: "閲覧できる契約はありません", en: "no contract to show")
        case .noDepartmentsYet: LocalizedText(ja: "課はまだありません", en: "no departments yet")
        case .noneYet: LocalizedText(ja: "まだありません", en: "none yet")
        case .noFittingApproval: LocalizedText(ja: "（該当する承認済みの申請はありません）", en: "(no granted approval fits)")
        case .notADepartmentOfThis: LocalizedText(ja: "この区の課ではありません", en: "not a department of this city")
        case .notADepartmentYouCan: LocalizedText(ja: "選べる課ではありません", en: "not a department you can choose")
        case .nothingIsDueOrOverdue: LocalizedText(ja: "期限の近いもの・過ぎたものはありません。", en: "Nothing is due or overdue.")
        case .notInScope: LocalizedText(ja: "対象外", en: "no")
        case .notOwed: LocalizedText(ja: "不要", en: "not owed")
        case .notUsed: LocalizedText(ja: "不要", en: "not used")
        case .number: LocalizedText(ja: "契約番号", en: "Number")
        case .obligation: LocalizedText(ja: "遵守事項", en: "Obligation")
        case .observed: LocalizedText(ja: "実測", en: "Observed")
        case .older: LocalizedText(ja: "古いもの →", en: "Older →")
        case .olderRecords: LocalizedText(ja: "古い記録 →", en: "Older →")
        case .openIncidents: LocalizedText(ja: "未了の事故", en: "Open incidents")
        case .organizationName: LocalizedText(ja: "組織名", en: "Organization name")
        case .organizations: LocalizedText(ja: "組織", en: "Organizations")
        case .organizationsAddressRepresentativeTheOther: LocalizedText(ja: "組織（所在地・代表者・相手方）", en: "Organizations (address, representative, the other side)")
        case .organizationsYouWorkWith: LocalizedText(ja: "相手方の組織", en: "Organizations you work with")
        case .origin: LocalizedText(ja: "由来", en: "Origin")
        case .os: LocalizedText(ja: "OS", en: "OS")
        case .outbox: LocalizedText(ja: "送信記録", en: "Outbox")
        case .passFailUnknown: LocalizedText(ja: "適合 / 不適合 / 不明", en: "Pass / fail / unknown")
        case .password: LocalizedText(ja: "パスワード", en: "Password")
        case .pc: LocalizedText(ja: "端末", en: "PC")
        case .pcList: LocalizedText(ja: "端末の一覧", en: "PCs")
        case .pcs: LocalizedText(ja: "端末", en: "PCs")
        case .pendingApprovals: LocalizedText(ja: "承認待ち", en: "Pending approvals")
        case .permittedCopies: LocalizedText(ja: "許可された複写数", en: "Permitted copies")
        case .permittedPurposes: LocalizedText(ja: "許可された目的", en: "Permitted purposes")
        case .person: LocalizedText(ja: "担当者", en: "Person")
        case .photo: LocalizedText(ja: "写真", en: "Photo")
        case .photoReplaced: LocalizedText(ja: "写真を差し替え", en: "photo replaced")
        case .photoTooLarge: LocalizedText(ja: "写真は 1 MB までです。小さくしてから選んでください", en: "the photo must be 1 MB or less; make it smaller first")
        case .pleaseCheck1Field: LocalizedText(ja: "入力内容を確認してください（1 件）", en: "Please check 1 field")
        case .ppcReport: LocalizedText(ja: "個人情報保護委員会報告", en: "PPC report")
        case .preliminary: LocalizedText(ja: "速報", en: "Preliminary")
        case .present: LocalizedText(ja: "あり", en: "yes")
        case .providedData: LocalizedText(ja: "提供データ", en: "Provided data")
        case .qrCodeForYourAuthenticator: LocalizedText(ja: "認証アプリで読み取る QR コード", en: "QR code for your authenticator app")
        case .reasonForTheCorrection: LocalizedText(ja: "訂正の理由", en: "Reason for the correction")
        case .reasons: LocalizedText(ja: "理由", en: "Reasons")
        case .received: LocalizedText(ja: "受信", en: "Received")
        case .receiveData: LocalizedText(ja: "提供データを受領する", en: "Receive data")
        case .receivedDue: LocalizedText(ja: "受領日 / 返還期限", en: "Received / due")
        case .recordADeparture: LocalizedText(ja: "離任の記録", en: "Record a departure")
        case .recordAnAttestation: LocalizedText(ja: "確認書を登録する", en: "Record an attestation")
        case .recordButton: LocalizedText(ja: "記録する", en: "Record")
        case .recordCount: LocalizedText(ja: "件数", en: "Records")
        case .recorded: LocalizedText(ja: "登録", en: "recorded")
        case .recordedBeforeSealing: LocalizedText(ja: "（暗号化前の記録）", en: "(recorded before sealing)")
        case .recordedBy: LocalizedText(ja: "記録者", en: "Recorded by")
        case .records: LocalizedText(ja: "記録", en: "Records")
        case .recordsBehindIt: LocalizedText(ja: "根拠記録", en: "Records behind it")
        case .recordTheRosterTheProvided: LocalizedText(ja: "名簿・提供データ・端末を記録する", en: "Record the roster, the provided data and the PCs")
        case .recordVerb: LocalizedText(ja: "記録する", en: "record")
        case .register: LocalizedText(ja: "登録", en: "Register")
        case .registration: LocalizedText(ja: "登録", en: "Record")
        case .relatedRecord: LocalizedText(ja: "関連する記録", en: "related record")
        case .report: LocalizedText(ja: "報告書", en: "Report")
        case .reportAnIncident: LocalizedText(ja: "事故を報告する", en: "Report an incident")
        case .reportHistory: LocalizedText(ja: "報告の履歴", en: "Report history")
        case .representativeTitleAndName: LocalizedText(ja: "代表者（役職・氏名）", en: "Representative (title and name)")
        case .requestAnApproval: LocalizedText(ja: "承認を申請する", en: "Request an approval")
        case .requestedByAt: LocalizedText(ja: "申請者・申請日時", en: "Requested by, at")
        case .required: LocalizedText(ja: "入力してください", en: "required")
        case .responsibleDepartment: LocalizedText(ja: "担当課", en: "Department")
        case .responsibleDepartmentWord: LocalizedText(ja: "担当課", en: "department")
        case .result: LocalizedText(ja: "結果", en: "Result")
        case .role: LocalizedText(ja: "役割", en: "Role")
        case .roleCategory: LocalizedText(ja: "区分", en: "Role")
        case .roster: LocalizedText(ja: "名簿", en: "Roster")
        case .save: LocalizedText(ja: "保存", en: "Save")
        case .saved: LocalizedText(ja: "保存しました", en: "Saved")
        case .scanTheQRCode:
            LocalizedText(
                ja: "認証アプリで QR コードを読み取るか、次の鍵を登録し、表示された 6 桁のコードを入力してください。",
                en: "Scan the QR code with your authenticator app, or add this key, then enter the 6-digit code it shows.")
        case .scope: LocalizedText(ja: "担当業務", en: "Scope")
        case .searchContractNumberContractor: LocalizedText(ja: "検索（契約名・番号・受託者）", en: "Search (contract, number, contractor)")
        case .secondFactor: LocalizedText(ja: "二要素", en: "Second factor")
        case .sendAnObject: LocalizedText(ja: "オブジェクトで入力してください", en: "send an object")
        case .sending: LocalizedText(ja: "送信中", en: "sending")
        case .sent: LocalizedText(ja: "送信済み", en: "sent")
        case .servicePeriod: LocalizedText(ja: "従事期間", en: "Period")
        case .sessions: LocalizedText(ja: "ログイン中の端末", en: "Sessions")
        case .set: LocalizedText(ja: "設定", en: "Set")
        case .setBy: LocalizedText(ja: "定める側", en: "Set by")
        case .settings: LocalizedText(ja: "契約の設定", en: "Settings")
        case .signedIn: LocalizedText(ja: "ログイン日時", en: "Signed in")
        case .signIn: LocalizedText(ja: "ログイン", en: "Sign in")
        case .signOut: LocalizedText(ja: "ログアウト", en: "Sign out")
        case .noPCIsEnrolledYet:
            LocalizedText(ja: "まだ登録された端末はありません（登録は受託者の管理者が行います）。", en: "No PC is enrolled yet (the contractor's administrator enrolls them).")
        case .noPCsYet:
            LocalizedText(
                ja: "まだ登録された端末はありません。下の「登録トークンを発行」で作ったコマンドを、各端末で管理者として実行してください。",
                en: "No PC is enrolled yet. Issue an enrollment token below and run the command it gives on each PC as an administrator.")
        case .clausesThisRecordIsEvidenceFor: LocalizedText(ja: "この記録が証跡となる条項", en: "Clauses this record is evidence for")
        case .thisRecordShowsAViolation:
            LocalizedText(
                ja: "この記録により違反・期限超過となっている条項があります。条項の理由を確かめ、必要な対応（期限のある手続き、承認の申請、訂正など）をしてください。",
                en:
                    "This record makes a clause violated or overdue. Read the clause's reasons and act on them (a step with a deadline, an approval request, a correction)."
            )
        case .instructionsFromTheCity: LocalizedText(ja: "区からの指示", en: "Instructions from the city")
        case .silentPCs: LocalizedText(ja: "報告途絶の端末", en: "Silent PCs")
        case .staffRoster: LocalizedText(ja: "従事者名簿", en: "Roster")
        case .state: LocalizedText(ja: "状態", en: "State")
        case .status: LocalizedText(ja: "状況", en: "Status")
        case .subject: LocalizedText(ja: "件名", en: "Subject")
        case .theAddressAndRepresentativeAre:
            LocalizedText(ja: "所在地と代表者は、区へ提出する書類の差出人欄に印刷されます。", en: "The address and representative are printed as the sender of every document for the city.")
        case .theCatalogCannotBeRead: LocalizedText(ja: "カタログを読めません", en: "the catalog cannot be read")
        case .theCatalogCannotBeUsed: LocalizedText(ja: "カタログを使えません", en: "the catalog cannot be used")
        case .theCatalogHasProblemsLine: LocalizedText(ja: "カタログに問題があります（行:桁）", en: "The catalog has problems (line:column)")
        case .theCitysDetailsAsIts: LocalizedText(ja: "受託者と共有する区の情報です。", en: "The city's details, as its contractors see them.")
        case .theCitysReviewerSetsThe:
            LocalizedText(
                ja: "区が定める項目は区の審査担当者が、受託者が定める項目は受託者の管理者・責任者が設定します。太字は既定値から変えた値です。",
                en:
                    "The city's reviewer sets the city's items; the contractor's administrator or responsible person sets the contractor's. Values in bold differ from the default."
            )
        case .theContentCannotBeRead: LocalizedText(ja: "内容を読み取れません", en: "the content cannot be read")
        case .thenEachSideChecksAnd:
            LocalizedText(
                ja: "作成後、契約の設定で区と受託者がそれぞれ契約パラメータ（パスワードの長さ、事故の報告期限など）を確かめ、必要なら変更します。",
                en: "Then each side checks, and if need be changes, the contract's parameters (password length, incident deadlines…) on its settings page.")
        case .thePasswordMustDifferFrom: LocalizedText(ja: "ログイン名と同じパスワードは使えません", en: "the password must differ from the login")
        case .thePasswordMustNotContain: LocalizedText(ja: "パスワードに制御文字は使えません", en: "the password must not contain control characters")
        case .thePhotoMustBe1Mb: LocalizedText(ja: "写真は 1 MB までです", en: "the photo must be 1 MB or less")
        case .thePhotoMustBeA:
            LocalizedText(ja: "写真は PNG か JPEG の画像にしてください（内容が画像ではありません）", en: "the photo must be a PNG or JPEG image (its content is not one)")
        case .theRecordCannotBeAssembled: LocalizedText(ja: "内容を組み立てられません", en: "the record cannot be assembled")
        case .thereIsNoSuchRecord: LocalizedText(ja: "訂正する記録がありません", en: "there is no such record to correct")
        case .thisBrowser: LocalizedText(ja: "このブラウザ", en: "this browser")
        case .thisCodeWasAlreadyUsed: LocalizedText(ja: "この確認コードは使用済みです。次のコードが表示されたら入力してください", en: "this code was already used; enter the next one")
        case .thisContract: LocalizedText(ja: "この契約の値", en: "This contract")
        case .thisIsNotYourCurrent: LocalizedText(ja: "現在のパスワードが違います", en: "this is not your current password")
        case .thisLoginIsAlreadyTaken: LocalizedText(ja: "このログイン名は既に使われています", en: "this login is already taken")
        case .thisPasswordIsTooCommon:
            LocalizedText(
                ja: "よく使われるパスワードです。推測されにくいものにしてください（長い文を使うのが簡単です）",
                en: "this password is too common; choose one that is hard to guess (a long phrase is easiest)")
        case .thisPasswordWasChosenBy:
            LocalizedText(
                ja: "このパスワードは招待した人が決めたものです。ご自身のパスワードに変更してください。変更すると、元のパスワードは使えなくなります。",
                en: "This password was chosen by whoever invited you: choose your own. The old one then stops working.")
        case .thisValueIsNotValid: LocalizedText(ja: "値が正しくありません", en: "this value is not valid")
        case .time: LocalizedText(ja: "日時", en: "Time")
        case .to: LocalizedText(ja: "宛先", en: "To")
        case .toDo: LocalizedText(ja: "やること", en: "To do")
        case .toOrganizations: LocalizedText(ja: "組織のページへ", en: "Organizations")
        case .twoFactorAuthentication: LocalizedText(ja: "二要素認証", en: "Second factor")
        case .unit: LocalizedText(ja: "単位", en: "unit")
        case .validateAndAdd: LocalizedText(ja: "検証して追加", en: "Validate and add")
        case .verify: LocalizedText(ja: "確認", en: "Verify")
        case .version: LocalizedText(ja: "版", en: "Version")
        case .versionPerContract: LocalizedText(ja: "契約ごとの版", en: "Version per contract")
        case .versionWord: LocalizedText(ja: "版", en: "version")
        case .voided: LocalizedText(ja: "取消", en: "Voided")
        case .whatProvesIt: LocalizedText(ja: "記録するもの", en: "What proves it")
        case .when: LocalizedText(ja: "日時", en: "When")
        case .whereThisAccountIsSigned:
            LocalizedText(ja: "このアカウントでログインしている端末です。心当たりのないものは終了してください。", en: "Where this account is signed in. End any you do not recognize.")
        case .why: LocalizedText(ja: "理由", en: "Why")
        case .written: LocalizedText(ja: "作成", en: "Written")
        case .wrongCode: LocalizedText(ja: "確認コードが違います。認証アプリに表示されている最新の 6 桁を入力してください", en: "wrong code; enter the 6 digits your authenticator app shows now")
        case .yes: LocalizedText(ja: "はい", en: "yes")
        case .youCanCreateContractsOf: LocalizedText(ja: "自分の課の契約だけを作成できます", en: "you can create contracts of your own department only")
        case .yourName: LocalizedText(ja: "氏名", en: "Your name")
        case .yourOrganization: LocalizedText(ja: "自組織の情報", en: "Your organization")
        case .yourRole: LocalizedText(ja: "あなたの役割", en: "Your role")
        }
    }

    /// The label in `language`.
    func text(_ language: Language) -> String { localized.text(language) }

    /// The label after text it qualifies: a space before it in English, none in Japanese.
    func suffix(_ language: Language) -> String { language == .ja ? ja : " " + en }

    /// The Japanese label.
    var ja: String { localized.ja }

    /// The English label.
    var en: String { localized.en }
}

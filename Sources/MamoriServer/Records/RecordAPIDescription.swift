import Foundation
import OpenAPIKit

/// The API description's record paths, built from ``RecordKinds`` — the same fields the forms use — so that it cannot
/// drift from what the API accepts: each kind's list (its records typed by the fields they were recorded with), the
/// form that adds one and every step.
enum RecordAPIDescription {
    /// Each kind's list and every step on a record of it.
    static var paths: [(String, OpenAPI.PathItem)] {
        RecordKinds.all.flatMap { kind -> [(String, OpenAPI.PathItem)] in
            let base = "/contracts/{contract}/records/\(kind.slug)"
            let list = OpenAPI.Operation(
                summary:
                    "\(kind.title.en): the contract's records, newest first, 500 a page (`?page=2` for the next; sealed values opened, photos as true)",
                operationId: "list-\(kind.slug)", parameters: [APIDocument.contractParameter, pageParameter, APIDocument.langParameter],
                responses: APIDocument.responses(
                    [(200, APIDocument.json(kind.title.en, .array(items: .reference(.component(named: schemaName(kind))))))],
                    problems: [400, 401, 404]))
            let create = kind.create.map { operation($0, id: "record-\(kind.slug)", parameters: [APIDocument.contractParameter]) }
            let steps = kind.steps.map { step in
                (
                    "\(base)/{record}/\(step.slug)",
                    OpenAPI.PathItem(
                        post: operation(step, id: "\(kind.slug)-\(step.slug)", parameters: [APIDocument.contractParameter, recordParameter]))
                )
            }
            return [(base, OpenAPI.PathItem(get: list, post: create))] + steps
        }
    }

    /// Each kind's record as the list answers with it, named by ``schemaName(_:)``.
    static var recordSchemas: OpenAPI.ComponentDictionary<JSONSchema> {
        var schemas: OpenAPI.ComponentDictionary<JSONSchema> = [:]
        for kind in RecordKinds.all { schemas[OpenAPI.ComponentKey(rawValue: schemaName(kind))!] = record(kind) }
        return schemas
    }

    /// `incident` → `IncidentRecord`, `id-check` → `IdCheckRecord`.
    static func schemaName(_ kind: RecordKind) -> String {
        kind.slug.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + "Record"
    }

    /// RFC 3339 as the API reads it (``Timestamp``): years 1900–2199, seconds 00–59.
    static let timePattern =
        "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}[Tt]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"

    private static let pageParameter: Either<OpenAPI.Reference<OpenAPI.Parameter>, OpenAPI.Parameter> = .parameter(
        .query(
            name: "page", required: false,
            schema: .integer(maximum: (RecordKind.pageLimit, exclusive: false), minimum: (1, exclusive: false), defaultValue: 1),
            description: "1 is the newest 500; a page past the last is empty"))
    private static let recordParameter: Either<OpenAPI.Reference<OpenAPI.Parameter>, OpenAPI.Parameter> =
        .parameter(.path(name: "record", schema: .string))
    private static let csrfParameter: Either<OpenAPI.Reference<OpenAPI.Parameter>, OpenAPI.Parameter> =
        .parameter(.header(name: "X-CSRF-Token", required: true, schema: .string))

    private static func operation(_ form: CommandForm, id: String, parameters: OpenAPI.Parameter.Array) -> OpenAPI.Operation {
        OpenAPI.Operation(
            summary: form.title.en, operationId: id, parameters: parameters + [csrfParameter, APIDocument.langParameter],
            requestBody: OpenAPI.Request(content: [.json: .content(OpenAPI.Content(schema: schema(form)))], required: true),
            responses: APIDocument.responses(
                [(201, APIDocument.json("Recorded and journaled", .reference(.component(named: "Recorded"))))],
                problems: [400, 401, 403, 404, 413, 415, 422]))
    }

    // MARK: Requests

    /// A form's body: its fields, and what a choice makes necessary. "If `key` is `value`, these are required" is said
    /// as "`key` is not `value`, or these are given" (`anyOf` with `not`), JSON Schema's reading of `if`/`then`.
    static func schema(_ form: CommandForm) -> JSONSchema {
        let body = schema(form.fields)
        guard !form.requiredWhen.isEmpty else { return body }
        let rules = form.requiredWhen.map { rule -> JSONSchema in
            let groups = Dictionary(grouping: rule.required) { String($0.prefix { $0 != "." }) }
            var given: OrderedDictionary<String, JSONSchema> = [:]
            for group in groups.keys.sorted() {
                let inner = groups[group, default: []].compactMap { $0.contains(".") ? String($0.drop { $0 != "." }.dropFirst()) : nil }
                var members: OrderedDictionary<String, JSONSchema> = [:]
                for name in inner.sorted() { members[name] = .fragment }
                given[group] = inner.isEmpty ? nonEmpty(form.fields.first { $0.key == group }) : .object(properties: members)
            }
            let then = JSONSchema.object(properties: given)
            let chosen = JSONSchema.object(properties: [rule.key: .string(allowedValues: [AnyCodable(rule.value)])])
            return .any(of: [.not(chosen), then])
        }
        return .all(of: [body] + rules)
    }

    /// What a required value must be beyond being there: a string with something in it, a list with an entry.
    private static func nonEmpty(_ field: FormField?) -> JSONSchema {
        switch field?.input {
        case .list?, .people?: .array(minItems: 1)
        case .number?, .flag?, .photo?, .day?, .time?, nil: .fragment
        default: .string(minLength: 1, pattern: "\\S")
        }
    }

    /// An object schema for fields whose keys may be dotted (`appi.affected_people`, `emergency_contacts.0.name`):
    /// nothing else accepted.
    static func schema(_ fields: [FormField]) -> JSONSchema {
        object(fields, closed: true, leaf: schema(of:))
    }

    /// The fields as one object: a dotted group is an object, a numbered one an array of objects; a group none of
    /// whose fields is required may be null (left out).
    private static func object(
        _ fields: [FormField], closed: Bool, required: Bool = true, nullable: Bool = false, leaf: (FormField) -> JSONSchema
    ) -> JSONSchema {
        var properties: OrderedDictionary<String, JSONSchema> = [:]
        let groups = Dictionary(grouping: fields) { String($0.key.prefix { $0 != "." }) }
        for name in groups.keys.sorted() {
            let members = groups[name, default: []]
            if members.count == 1, members[0].key == name {
                properties[name] = leaf(members[0])
                continue
            }
            let inner = members.map { field in
                var copy = field
                copy.key = String(field.key.dropFirst(name.count + 1))
                return copy
            }
            let needed = members.contains { $0.presence == .required }
            if inner.allSatisfy({ $0.key.first?.isNumber == true }) {
                let items = inner.filter { $0.key.hasPrefix("0.") }.map { field in
                    var copy = field
                    copy.key = String(field.key.dropFirst(2))
                    return copy
                }
                properties[name] = .array(required: needed, nullable: !needed, items: object(items, closed: closed, leaf: leaf))
            } else {
                properties[name] = object(inner, closed: closed, required: needed, nullable: !needed, leaf: leaf)
            }
        }
        return .object(required: required, nullable: nullable, properties: properties, additionalProperties: closed ? .a(false) : nil)
    }

    /// One field's value as a body gives it: an optional one may also be null, the same as leaving it out.
    private static func schema(of field: FormField) -> JSONSchema {
        let required = field.presence == .required
        let title = field.label.en
        let now = field.presence == .now ? "absent: the current \(field.input.isDay ? "day" : "time")" : nil
        func text(
            _ description: String? = nil, format: JSONTypeFormat.StringFormat = .unspecified, pattern: String? = nil,
            encoding: OpenAPI.ContentEncoding? = nil, values: [String]? = nil
        ) -> JSONSchema {
            let free = values == nil && pattern == nil && encoding == nil
            let nonEmpty = required && (values != nil || free)
            // Free text: no character a record refuses (``FormField/isRefused(_:)``), no line break unless it may run
            // over several lines, and something besides spaces where it is required.
            let refused = field.isMultiLine ? FormField.refusedCharacters : FormField.refusedInOneLine
            let textPattern = required ? "^[^\(refused)]*[^\\s\(refused)][^\(refused)]*$" : "^[^\(refused)]*$"
            return .string(
                format: format, required: required, nullable: !required, title: title, description: now ?? description,
                minLength: nonEmpty ? 1 : nil, maxLength: encoding == nil ? field.characterLimit : FormField.photoBase64Limit,
                pattern: free ? textPattern : nonEmpty ? "\\S" : pattern, contentEncoding: encoding,
                allowedValues: values.map { $0.map { AnyCodable($0) } + (required ? [] : [AnyCodable(nil as String?)]) })
        }
        switch field.input {
        case .text, .longText: return text()
        case .number(let limit):
            return .integer(
                required: required, nullable: !required, title: title, description: now,
                maximum: (limit.range.upperBound, exclusive: false), minimum: (limit.range.lowerBound, exclusive: false))
        case .flag: return .boolean(required: required, nullable: !required, title: title, description: now)
        case .day: return text("a day that exists, from 1900-01-01 to 2199-12-31", format: .date, pattern: "^(19|20|21)[0-9]{2}-")
        case .time:
            return text("RFC 3339 with its offset (Z or ±HH:MM), days from 1900 to 2199, no leap second", format: .dateTime, pattern: timePattern)
        case .list, .people:
            return .array(
                required: required, nullable: !required, title: title, description: now, minItems: required ? 1 : nil,
                maxItems: FormField.listLimit, items: .string(maxLength: FormField.textLimit, pattern: "^[^\(FormField.refusedInOneLine)]*$"))
        case .sealed: return text("personal data, sealed at rest")
        case .photo: return text("PNG or JPEG, at most 1 MB", encoding: .base64)
        case .choice(let choices): return text(values: choices.map(\.value))
        case .person: return text("a person's ID on this contract")
        case .asset: return text("a provided data asset's ID")
        case .approval: return text("an approval's ID")
        case .approvalKind:
            return text("an approval kind the contract's catalog declares (Nakano: carry-in, repair-takeout, takeout, extra-copy)")
        case .clause: return text("a clause ID of the annex")
        }
    }

    // MARK: Responses

    /// A record as the list gives it: its ID and contract, and each field it was recorded with, as stored (a sealed
    /// value opened, a photo as `true`). Other properties (a step's dates, the city's decision) may follow.
    private static func record(_ kind: RecordKind) -> JSONSchema {
        let fields = (kind.create?.fields ?? []) + kind.columns
        var seen = Set<String>()
        let recorded = object(fields.filter { seen.insert($0.key).inserted }, closed: false, leaf: stored(_:))
        guard case .object(let core, let context) = recorded.value else { return recorded }
        var properties = context.properties.mapValues { $0.optionalSchemaObject() }
        properties["id"] = .string
        properties["contract_id"] = .string
        if kind.step("void") != nil {
            properties["voided"] = .object(
                required: false, description: "present when the record was voided as recorded in error: no status counts it",
                properties: ["reason": .string, "voided_at": .string(format: .dateTime)])
        }
        return .object(core, .init(properties: properties, additionalProperties: nil))
    }

    /// One field's value as a record stores it.
    private static func stored(_ field: FormField) -> JSONSchema {
        let title = field.label.en
        switch field.input {
        case .number: return .integer(required: false, title: title)
        case .flag: return .boolean(required: false, title: title)
        case .photo: return .boolean(required: false, title: title, description: "true: a photo is held (GET the page for it)")
        case .day: return .string(format: .date, required: false, title: title)
        case .time: return .string(format: .dateTime, required: false, title: title)
        case .list, .people: return .array(required: false, title: title, items: .string)
        case .text, .longText, .sealed, .choice, .person, .asset, .approval, .approvalKind, .clause: return .string(required: false, title: title)
        }
    }
}

extension FormField.Input {
    var isDay: Bool { if case .day = self { true } else { false } }
    var isTime: Bool { if case .time = self { true } else { false } }
}

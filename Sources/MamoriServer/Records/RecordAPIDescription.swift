import Foundation

/// The OpenAPI paths of ``RecordKinds``, generated from the same fields the forms use so that the description cannot
/// drift from what the API accepts. Written as YAML flow mappings (JSON), appended under the document's `paths:`.
enum RecordAPIDescription {
    /// The path entries, two spaces in, one line each.
    static func paths() -> String {
        RecordKinds.all.flatMap { kind -> [String] in
            let base = "/contracts/{contract}/records/\(kind.slug)"
            var list: [String: Any] = [
                "get": [
                    "summary":
                        "\(kind.title.en): the contract's records, newest first, 500 a page (`?page=2` for the next; sealed values opened, photos as true)",
                    "operationId": "list-\(kind.slug)",
                    "parameters": [contractParameter, pageParameter, langParameter],
                    "responses": [
                        "200": [
                            "description": kind.title.en,
                            "content": [
                                "application/json": [
                                    "schema": [
                                        "type": "array", "items": ["type": "object"]
                                    ]
                                ]
                            ]
                        ],
                        "400": problem, "401": problem, "404": problem
                    ]
                ]
            ]
            if let create = kind.create { list["post"] = operation(create, id: "record-\(kind.slug)", parameters: [contractParameter]) }
            let steps = kind.steps.map { step in
                line(
                    "\(base)/{record}/\(step.slug)",
                    [
                        "post": operation(
                            step, id: "\(kind.slug)-\(step.slug)",
                            parameters: [contractParameter, recordParameter])
                    ])
            }
            return [line(base, list)] + steps
        }.joined()
    }

    private static func line(_ path: String, _ item: [String: Any]) -> String {
        let json = (try? JSONSerialization.data(withJSONObject: item, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return "  \(path): \(String(decoding: json, as: UTF8.self))\n"
    }

    /// RFC 3339 as the API reads it (``Timestamp``): years 1900–2199, seconds 00–59.
    static let timePattern =
        "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}[Tt]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"

    private static var contractParameter: [String: Any] { ["name": "contract", "in": "path", "required": true, "schema": ["type": "string"]] }
    private static var pageParameter: [String: Any] {
        [
            "name": "page", "in": "query", "required": false, "description": "1 is the newest 500; a page past the last is empty",
            "schema": ["type": "integer", "minimum": 1, "maximum": RecordKind.pageLimit, "default": 1]
        ]
    }
    private static var langParameter: [String: Any] { ["$ref": "#/components/parameters/Lang"] }
    private static var recordParameter: [String: Any] { ["name": "record", "in": "path", "required": true, "schema": ["type": "string"]] }
    private static var csrfParameter: [String: Any] { ["name": "X-CSRF-Token", "in": "header", "required": true, "schema": ["type": "string"]] }
    private static var problem: [String: Any] { ["$ref": "#/components/responses/Problem"] }

    private static func operation(_ form: CommandForm, id: String, parameters: [[String: Any]]) -> [String: Any] {
        [
            "summary": form.title.en, "operationId": id, "parameters": parameters + [csrfParameter, langParameter],
            "requestBody": ["required": true, "content": ["application/json": ["schema": schema(form)]]],
            "responses": [
                "201": [
                    "description": "Recorded and journaled",
                    "content": [
                        "application/json": [
                            "schema": [
                                "$ref": "#/components/schemas/Recorded"
                            ]
                        ]
                    ]
                ],
                "400": problem, "401": problem, "403": problem, "404": problem, "413": problem, "415": problem, "422": problem
            ]
        ]
    }

    /// A form's body: its fields, and what a choice makes necessary (`if`/`then`, JSON Schema 2020-12).
    static func schema(_ form: CommandForm) -> [String: Any] {
        var body = schema(form.fields)
        guard !form.requiredWhen.isEmpty else { return body }
        body["allOf"] = form.requiredWhen.map { rule -> [String: Any] in
            var then: [String: Any] = [:]
            let groups = Dictionary(grouping: rule.required) { String($0.prefix { $0 != "." }) }
            then["required"] = groups.keys.sorted()
            var properties: [String: Any] = [:]
            for (group, paths) in groups {
                let inner = paths.compactMap { $0.contains(".") ? String($0.drop { $0 != "." }.dropFirst()) : nil }
                properties[group] = inner.isEmpty ? nonEmpty(form.fields.first { $0.key == group }) : ["required": inner.sorted()]
            }
            then["properties"] = properties
            return ["if": ["properties": [rule.key: ["const": rule.value]], "required": [rule.key]], "then": then]
        }
        return body
    }

    /// What a required value must be beyond its type: a string with something in it, a list with an entry.
    private static func nonEmpty(_ field: FormField?) -> [String: Any] {
        switch field?.input {
        case .list?, .people?: ["minItems": 1]
        case .number?, .flag?, .photo?, .day?, .time?, nil: [:]
        default: ["minLength": 1, "pattern": "\\S"]
        }
    }

    /// An object schema for fields whose keys may be dotted (`appi.affected_people`, `emergency_contacts.0.name`).
    static func schema(_ fields: [FormField]) -> [String: Any] {
        var properties: [String: Any] = [:]
        var required: [String] = []
        let groups = Dictionary(grouping: fields) { String($0.key.prefix { $0 != "." }) }
        for (name, members) in groups {
            if members.count == 1, members[0].key == name {
                properties[name] = schema(of: members[0])
                if members[0].presence == .required { required.append(name) }
                continue
            }
            let inner = members.map { field in
                var copy = field
                copy.key = String(field.key.dropFirst(name.count + 1))
                return copy
            }
            if inner.allSatisfy({ $0.key.first?.isNumber == true }) {
                let items = inner.filter { $0.key.hasPrefix("0.") }.map { field in
                    var copy = field
                    copy.key = String(field.key.dropFirst(2))
                    return copy
                }
                // Like an optional value, a list none of whose fields is required may be sent as null (left out).
                let optional = !members.contains(where: { $0.presence == .required })
                properties[name] = ["type": optional ? ["array", "null"] as Any : "array", "items": schema(items)]
            } else {
                var group = schema(inner)
                if !members.contains(where: { $0.presence == .required }) { group["type"] = ["object", "null"] }
                properties[name] = group
            }
            if members.contains(where: { $0.presence == .required }) { required.append(name) }
        }
        return ["type": "object", "additionalProperties": false, "properties": properties, "required": required.sorted()]
    }

    private static func schema(of field: FormField) -> [String: Any] {
        var schema: [String: Any] =
            switch field.input {
            case .text, .longText: ["type": "string"]
            case .number(let limit): ["type": "integer", "minimum": limit.range.lowerBound, "maximum": limit.range.upperBound]
            case .flag: ["type": "boolean"]
            case .day:
                ["type": "string", "format": "date", "pattern": "^(19|20|21)[0-9]{2}-", "description": "a day that exists, from 1900-01-01 to 2199-12-31"]
            case .time:
                [
                    "type": "string", "format": "date-time", "pattern": timePattern,
                    "description": "RFC 3339 with its offset (Z or ±HH:MM), days from 1900 to 2199, no leap second"
                ]
            case .list, .people: ["type": "array", "items": ["type": "string", "maxLength": FormField.textLimit], "maxItems": FormField.listLimit]
            case .sealed: ["type": "string", "description": "personal data, sealed at rest"]
            case .photo: ["type": "string", "contentEncoding": "base64", "description": "PNG or JPEG, at most 1 MB"]
            case .choice(let choices): ["type": "string", "enum": choices.map(\.value)]
            case .person: ["type": "string", "description": "a person's ID on this contract"]
            case .asset: ["type": "string", "description": "a provided data asset's ID"]
            case .approval: ["type": "string", "description": "an approval's ID"]
            case .approvalKind:
                ["type": "string", "description": "an approval kind the contract's catalog declares (Nakano: carry-in, repair-takeout, takeout, extra-copy)"]
            case .clause: ["type": "string", "description": "a clause ID of the annex"]
            }
        if let limit = field.characterLimit, schema["type"] as? String == "string" { schema["maxLength"] = limit }
        if field.presence == .required {
            schema.merge(nonEmpty(field)) { $1 }
        } else if let type = schema["type"] as? String {
            // An optional value may be null: the same as leaving it out (a choice's list of values says so too).
            schema["type"] = [type, "null"]
            if let values = schema["enum"] as? [String] { schema["enum"] = values.map { $0 as Any } + [NSNull()] }
        }
        schema["title"] = field.label.en
        if field.presence == .now { schema["description"] = "absent: the current \(field.input.isDay ? "day" : "time")" }
        return schema
    }
}

extension FormField.Input {
    var isDay: Bool { if case .day = self { true } else { false } }
}

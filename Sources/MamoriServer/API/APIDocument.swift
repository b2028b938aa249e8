import Foundation
import MamoriCore
import OpenAPIKit
import Yams

/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/openapi.yaml`: built with OpenAPIKit from the types the
/// API reads and answers with — the record forms' fields (``RecordAPIDescription``), the problem every refusal is
/// (``Problem``), the agent's check-in — so that a request or a response the description allows is one the
/// server handles, which schemathesis checks in CI with every check.
enum APIDocument {
    /// The description as JSON, encoded once.
    static let json: Result<String, any Error> = Result {
        let encoder = JSONEncoder()
        // Sorted, so that every server and every start serves the same bytes.
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    /// The description as YAML, encoded once. Yams writes a key such as `on` or `200` plain, which a YAML 1.1 reader
    /// (PyYAML, schemathesis) takes for a boolean or a number: every key that would not read back as a string is
    /// quoted.
    static let yaml: Result<String, any Error> = Result {
        let encoder = YAMLEncoder()
        encoder.options.width = -1
        encoder.options.allowUnicode = true
        guard let node = try Yams.compose(yaml: try encoder.encode(document)) else { throw CocoaError(.coderInvalidValue) }
        return try Yams.serialize(node: quotingKeys(node), width: -1, allowUnicode: true)
    }

    private static func quotingKeys(_ node: Node) -> Node {
        switch node {
        case .mapping(let mapping):
            let pairs = mapping.map { key, value -> (Node, Node) in
                guard case .scalar(let scalar) = key, Resolver.default.resolveTag(of: Node.scalar(Node.Scalar(scalar.string))) != .str else {
                    return (key, quotingKeys(value))
                }
                return (.scalar(Node.Scalar(scalar.string, Tag(.str), .doubleQuoted)), quotingKeys(value))
            }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style))
        case .sequence(let sequence): return .sequence(Node.Sequence(sequence.map(quotingKeys), sequence.tag, sequence.style))
        case .scalar, .alias: return node
        }
    }

    /// The description, built once.
    static let document: OpenAPI.Document = {
        var paths: OpenAPI.PathItem.Map = [
            "/contracts": .pathItem(OpenAPI.PathItem(get: contracts)),
            "/contracts/{contract}/evaluation": .pathItem(OpenAPI.PathItem(get: evaluation))
        ]
        for (path, item) in AgentAPIDescription.paths + RecordAPIDescription.paths {
            paths[OpenAPI.Path(rawValue: path)] = .pathItem(item)
        }
        return OpenAPI.Document(
            openAPIVersion: .v3_1_0,
            info: OpenAPI.Document.Info(title: "Mamori API", description: summary, version: "1"),
            servers: [OpenAPI.Server(urlTemplate: URLTemplate(rawValue: "/api/v1")!)],
            paths: paths, components: components,
            security: [[.component(named: "session"): []]])
    }()

    /// The raw values of a type's cases, as a schema's allowed values.
    static func values<T: CaseIterable & RawRepresentable>(of type: T.Type) -> [AnyCodable] where T.RawValue == String {
        type.allCases.map { AnyCodable($0.rawValue) }
    }

    private static let summary = """
        The contractor's and the city's records of a personal-data outsourcing contract, clause by clause. \
        Sign in at /login; the session cookie authenticates API calls, and a state-changing call carries the \
        session's CSRF token in X-CSRF-Token. Errors are application/problem+json with `detail` (English) and \
        `detail_ja` (Japanese), and for a refused body `errors` names each field at fault.

        Records: /contracts/{contract}/records/{kind} lists and adds records of each kind (fields in snake_case, days as \
        YYYY-MM-DD, times as ISO 8601 with an offset, personal data in clear text and sealed by the server), and \
        /contracts/{contract}/records/{kind}/{record}/{step} moves one on; the paths and the records' schemas are built \
        from the same fields as the web forms. The same description as JSON: /api/openapi.json.
        """

    // MARK: Shared parts

    /// The problem every refusal answers with, by reference.
    static let problem: Either<OpenAPI.Reference<OpenAPI.Response>, OpenAPI.Response> = .reference(.component(named: "Problem"))

    /// A response map: `success` first, then the problem for each of `problems`.
    static func responses(
        _ success: [(OpenAPI.Response.StatusCode, OpenAPI.Response)], problems: [Int]
    ) -> OpenAPI.Response.Map {
        var map: OpenAPI.Response.Map = [:]
        for (code, response) in success { map[code] = .response(response) }
        for code in problems { map[OpenAPI.Response.StatusCode(integerLiteral: code)] = problem }
        return map
    }

    /// A JSON response of `schema`.
    static func json(_ description: String, _ schema: JSONSchema) -> OpenAPI.Response {
        OpenAPI.Response(description: description, content: [.json: .content(OpenAPI.Content(schema: schema))])
    }

    /// The parameter naming the contract in a path.
    static let contractParameter: Either<OpenAPI.Reference<OpenAPI.Parameter>, OpenAPI.Parameter> =
        .parameter(.path(name: "contract", schema: .string))
    /// The language of messages, by reference.
    static let langParameter: Either<OpenAPI.Reference<OpenAPI.Parameter>, OpenAPI.Parameter> = .reference(.component(named: "Lang"))

    /// An object of required string properties.
    static func strings(_ names: String...) -> JSONSchema {
        var properties: OrderedDictionary<String, JSONSchema> = [:]
        for name in names { properties[name] = .string }
        return .object(properties: properties)
    }

    // MARK: Components

    private static var components: OpenAPI.Components {
        var schemas: OpenAPI.ComponentDictionary<JSONSchema> = [
            "Problem": problemSchema,
            "Contract": .object(properties: [
                "id": .string, "title": .string, "number": .string, "contractor_id": .string, "city_id": .string,
                "starts_on": .string(format: .date), "ends_on": .string(format: .date),
                "role": .string(allowedValues: values(of: AccountRole.self))
            ]),
            "LocalizedText": strings("ja", "en"),
            "ClauseResult": .object(properties: [
                "clause_id": .string,
                "status": .string(allowedValues: values(of: ClauseStatus.self)),
                "reasons": .array(items: .reference(.component(named: "LocalizedText"))),
                "evidence": .array(items: .string)
            ]),
            "Recorded": .object(properties: ["id": .string, "journal_seq": .integer, "journal_hash": .string])
        ]
        for (name, schema) in RecordAPIDescription.recordSchemas { schemas[name] = schema }
        return OpenAPI.Components(
            schemas: schemas,
            responses: [
                "Problem": .response(
                    OpenAPI.Response(
                        description: "The request was refused; the problem names what is wrong.",
                        content: [
                            OpenAPI.ContentType(rawValue: "application/problem+json")!: .content(
                                OpenAPI.Content(schema: .reference(.component(named: "Problem"))))
                        ]
                    ))
            ],
            parameters: [
                "Lang": .parameter(
                    .query(
                        name: "lang", required: false, schema: .string(allowedValues: values(of: Language.self)),
                        description: "the language of messages (problem details): ja (default) or en")),
                "MamoriDevice": .parameter(.header(name: "Mamori-Device", required: true, schema: .string, description: "the enrolled PC's device ID")),
                "MamoriSignature": .parameter(
                    .header(
                        name: "Mamori-Signature", required: true, schema: .string,
                        description: "Ed25519 signature of the exact body bytes by the PC's enrolled key, base64"))
            ],
            securitySchemes: ["session": .securityScheme(.apiKey(name: "mamori_session", location: .cookie))]
        )
    }

    /// ``Problem`` as it is encoded.
    private static var problemSchema: JSONSchema {
        .object(properties: [
            "type": .string, "title": .string, "status": .integer, "detail": .string, "detail_ja": .string,
            "errors": .array(
                required: false, description: "each field at fault in a refused body",
                items: .object(properties: [
                    "field": .string(description: "the field's snake_case path, e.g. appi.affected_people"), "detail": .string,
                    "detail_ja": .string
                ])),
            "missing_parts": .array(
                required: false, description: "the parts a refused check-in names that the server does not hold (409)", items: .string)
        ])
    }

    // MARK: Contracts

    private static var contracts: OpenAPI.Operation {
        OpenAPI.Operation(
            summary: "The contracts the signed-in member has a role on", operationId: "listContracts", parameters: [langParameter],
            responses: responses([(200, json("Contracts", .array(items: .reference(.component(named: "Contract")))))], problems: [400, 401]))
    }

    private static var evaluation: OpenAPI.Operation {
        OpenAPI.Operation(
            summary: "Every clause's status with reasons and the records behind it", operationId: "evaluateContract",
            parameters: [contractParameter, langParameter],
            responses: responses(
                [(200, json("One result per clause, in catalog order", .array(items: .reference(.component(named: "ClauseResult")))))],
                problems: [400, 401, 404]))
    }
}

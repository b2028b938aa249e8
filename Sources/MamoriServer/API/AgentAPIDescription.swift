import MamoriAgentKit
import OpenAPIKit

/// The agent's paths of the API description: enrollment, check-ins and the parts they name. No session: a PC signs
/// what it sends with its enrolled key.
enum AgentAPIDescription {
    /// Each path with its operations.
    static var paths: [(String, OpenAPI.PathItem)] {
        [
            ("/agent/enroll", OpenAPI.PathItem(post: enroll)),
            ("/agent/reports", OpenAPI.PathItem(post: reports)),
            ("/agent/parts/{digest}", OpenAPI.PathItem(put: parts))
        ]
    }

    private static let signed: OpenAPI.Parameter.Array = [
        .reference(.component(named: "MamoriDevice")), .reference(.component(named: "MamoriSignature")), APIDocument.langParameter
    ]

    private static var enroll: OpenAPI.Operation {
        OpenAPI.Operation(
            summary: "Register a PC's Ed25519 key with a one-time enrollment token (no session)", operationId: "enrollDevice",
            parameters: [APIDocument.langParameter],
            requestBody: OpenAPI.Request(
                content: [
                    .json: .content(
                        OpenAPI.Content(
                            schema: .object(properties: [
                                "token": .string(description: "issued by a contractor administrator on the PCs page"),
                                "device_id": .string(description: "dev- and the first 8 bytes of the key's SHA-256, hex"),
                                "public_key": .string(description: "raw Ed25519 public key, base64"),
                                "signature": .string(
                                    description: "the key's Ed25519 signature of \"mamori-enroll\\n\" + token + \"\\n\" + device_id (UTF-8), base64"),
                                "hostname": .string
                            ])))
                ], required: true),
            responses: APIDocument.responses(
                [(201, APIDocument.json("Enrolled", APIDocument.strings("device_id", "organization_id")))], problems: [400, 401, 409, 415]),
            security: [])
    }

    private static var reports: OpenAPI.Operation {
        OpenAPI.Operation(
            summary:
                "Post a check-in (a report whose long lists are named by digest); the server evaluates its facts with the contract's parameters",
            description: """
                The body is the check-in's canonical JSON exactly as signed. Long lists (a PC's installed software) are named by \
                the SHA-256 of their JSON (`{"key": …, "part": digest}`, `inventory.software_part`) and must be held by the \
                server: send them first with PUT /agent/parts/{digest}. A check-in naming a part the server does not hold is \
                refused with 409 and the digests in `missing_parts`; nothing is stored then. A check-in the server already \
                holds (the same signed body again) is refused with 409 too: an old report replayed never becomes the PC's \
                current result.
                """,
            operationId: "submitReport", parameters: signed,
            requestBody: OpenAPI.Request(content: [.json: .content(OpenAPI.Content(schema: checkIn))], required: true),
            responses: APIDocument.responses(
                [
                    (
                        202,
                        APIDocument.json(
                            "Received; the server's own counts",
                            .object(properties: ["device_id": .string, "passed": .integer, "failed": .integer, "unknown": .integer]))
                    )
                ], problems: [400, 401, 409, 413, 415]),
            security: [])
    }

    /// A check-in as the agent signs it (``CheckIn``).
    private static var checkIn: JSONSchema {
        .object(properties: [
            "device": APIDocument.strings("id", "hostname"),
            "generated_at": .string(description: "ISO 8601, UTC"),
            "platform": .string(allowedValues: RuleBook.platforms.sorted().map { AnyCodable($0) }),
            "parameters": .object(description: "the parameters the agent checked with (the server uses the contract's)"),
            "facts": .array(
                items: .object(
                    description: "exactly one of value and part",
                    properties: [
                        "key": .string,
                        "value": .object(
                            required: false,
                            description:
                                #"one of {"bool"}, {"int"}, {"text"}, {"list"}, {"unknown"} (not observed, with why), {"never"} (off or never, with what was seen)"#
                        ),
                        "part": .string(required: false, description: "SHA-256 (hex) of the part holding the list")
                    ])),
            "inventory": .object(properties: [
                "fields": .object(
                    description: "hostname, os, kernel, hardware, cpu, memoryMB, interfaces, software, accounts, administrators, settings"),
                "software_part": .string(required: false, description: "the part holding the software list (fields.software is then empty)")
            ]),
            "inventory_diff": .object(required: false)
        ])
    }

    private static var parts: OpenAPI.Operation {
        let digest = JSONSchema.object(properties: ["digest": .string])
        return OpenAPI.Operation(
            summary: "Send a part a check-in names (a JSON array of strings whose SHA-256 is the digest); kept for the PC's organization",
            operationId: "sendPart",
            parameters: [.parameter(.path(name: "digest", schema: .string(pattern: "^[0-9a-f]{64}$")))] + signed,
            requestBody: OpenAPI.Request(content: [.json: .content(OpenAPI.Content(schema: .array(items: .string)))], required: true),
            responses: APIDocument.responses(
                [(201, APIDocument.json("Kept", digest)), (200, APIDocument.json("Held already", digest))], problems: [400, 401, 413, 415]),
            security: [])
    }
}

import Foundation

/// The entries of a submitted web form, URL-encoded or multipart.
struct FormInput: Sendable {
    var values: [String: [String]] = [:]
    var files: [String: Data] = [:]

    /// All entries of a name (several for checkboxes).
    func texts(_ name: String) -> [String] { values[name] ?? [] }

    /// The first entry of a name, trimmed.
    subscript(_ name: String) -> String { values[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }
}

extension FormInput {
    /// The entries of a URL-encoded form.
    init(_ form: FormData) {
        values = form.all
    }

    /// The entries of a multipart form: files by name, the other parts as text.
    init(_ form: MultipartForm) {
        for (name, parts) in form.all {
            for part in parts {
                if part.filename != nil {
                    // The first file of a name, as the first text of a name is the one read: a second part never
                    // replaces what the form sent first.
                    if files[name] == nil { files[name] = part.data }
                } else {
                    values[name, default: []].append(String(decoding: part.data, as: UTF8.self))
                }
            }
        }
    }
}

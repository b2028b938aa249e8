import MamoriCore

/// Form fields of the pages outside the record forms (setup, accounts, organizations, contracts): each with its error
/// next to it and the value kept after a refused submit, and an ID (`field-NAME`, or `field-SCOPE-NAME` where a page
/// holds several forms) the error summary links to.
enum Field {
    static func text(
        _ name: String, _ label: String, _ values: FormData, _ errors: [String: String], type: String = "text",
        required: Bool = false, scope: String? = nil
    ) -> HTML {
        let attributes: HTML = HTML(raw: required ? " required" : "")
        return
            "<label>\(label)<input id=\"\(id(name, scope))\" name=\"\(name)\" type=\"\(type)\" value=\"\(values[name])\"\(attributes)>\(error(name, errors))</label>"
    }

    static func password(_ name: String, _ label: String, _ errors: [String: String], scope: String? = nil) -> HTML {
        "<label>\(label)<input id=\"\(id(name, scope))\" name=\"\(name)\" type=\"password\" autocomplete=\"new-password\">\(error(name, errors))</label>"
    }

    /// A drop-down of `choices` (value, label), the posted or given value selected.
    static func select(
        _ name: String, _ label: String, _ choices: [(value: String, label: String)], _ values: FormData,
        _ errors: [String: String], scope: String? = nil
    ) -> HTML {
        let options: [HTML] = choices.map { choice in
            "<option value=\"\(choice.value)\"\(HTML(raw: values[name] == choice.value ? " selected" : ""))>\(choice.label)</option>"
        }
        return "<label>\(label)<select id=\"\(id(name, scope))\" name=\"\(name)\">\(options)</select>\(error(name, errors))</label>"
    }

    /// Every problem once more above the form, each linking to its field, in the order the form shows them.
    static func summary(_ errors: [String: String], labels: [(name: String, label: String)], _ l: Language, scope: String? = nil) -> HTML {
        let items: [HTML] = labels.compactMap { field in
            errors[field.name].map { "<li><a href=\"#\(id(field.name, scope))\">\(field.label)：\($0)</a></li>" }
        }
        guard !items.isEmpty else { return "" }
        return """
            <div class="error-summary" role="alert"><p>\(LocalizedText(ja: "入力内容を確認してください（\(items.count) 件）",
                                                                       en: "Please check \(items.count) field\(items.count == 1 ? "" : "s")").text(l))</p>\
            <ul>\(items)</ul></div>
            """
    }

    private static func id(_ name: String, _ scope: String?) -> String {
        scope.map { "field-\($0)-\(name)" } ?? "field-\(name)"
    }

    private static func error(_ name: String, _ errors: [String: String]) -> HTML {
        errors[name].map { "<span class=\"field-error\" role=\"alert\">\($0)</span>" } ?? ""
    }
}

/// What the Windows scan's one PowerShell process printed (``WindowsScanScript``): each section's text, and why a section
/// failed.
struct WindowsScanDocument {
    private var sections: [String: String] = [:]
    private var errors: [String: String] = [:]
    /// Why there are no sections at all (the process did not run, or printed no JSON object).
    private var failure: String?

    /// Reads the process's output, or takes why it did not run.
    init(_ output: CommandRunner.Output) {
        switch output {
        case .failure(let failure):
            self.failure = failure.reason
        case .success(let text):
            guard case .object(let members)? = PrintedJSON.parse(text) else {
                failure = "the scan script printed no JSON object"
                return
            }
            for (name, value) in members {
                if name == "errors" {
                    for case (let section, .string(let message)) in value.objectMembers { errors[section] = message }
                } else if case .string(let text) = value {
                    sections[name] = text
                }
            }
        }
    }

    /// A section's text, or why there is none.
    func text(_ section: String) -> Result<String, ReadFailure> {
        if let text = sections[section] { return .success(text) }
        return .failure(ReadFailure(failure ?? errors[section].map { "\(section): \($0)" } ?? "\(section): not in the scan output"))
    }

    /// The facts a section gives; when it failed, every one of them is unknown with the reason.
    func facts(_ section: String, _ parse: (String) -> [Fact]) -> [Fact] {
        text(section).facts(parse)
    }
}

extension PrintedJSON {
    /// The members of an object, or none.
    var objectMembers: [(String, PrintedJSON)] {
        if case .object(let members) = self { members.map { ($0.key, $0.value) } } else { [] }
    }
}

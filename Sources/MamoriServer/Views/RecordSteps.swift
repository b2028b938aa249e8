import MamoriCore

/// The steps that still apply to a record and that the member may take (an incident's notice to the city, a person's
/// leaving, a data event's void), each a form that opens in place: on the kind's list and on the record's own page.
struct RecordSteps {
    /// A step sent and refused: its slug, what was entered and what is wrong.
    typealias Refusal = (slug: String, input: FormInput, problems: FormProblems)

    var kind: RecordKind
    var access: ContractAccess
    var scene: FormContext

    /// The record's steps (not its correction, which its page shows whole), the refused one open with its problems;
    /// `returnTo` is where a saved step comes back to (the list by default).
    func forms(for record: any ContractRecord, refused: Refusal?, returnTo: String? = nil) -> (html: [HTML], showsRefusal: Bool) {
        let base = "/contracts/\(access.contract.id)/records/\(kind.slug)"
        var shown = false
        let forms: [HTML] = kind.steps.filter { step in
            step.permitted(access.role) && step.applies(access.state, record) && step.slug != CommandForm.correctionSlug
        }.map { step in
            let mine = refused?.slug == step.slug ? refused : nil
            if mine != nil { shown = true }
            let form = scene.form(
                step, action: "\(base)/\(record.id)/\(step.slug)", input: mine?.input ?? step.prefilled(record, scene.vault), problems: mine?.problems,
                returnTo: returnTo, inline: true)
            return "<details\(HTML(raw: mine == nil ? "" : " open"))><summary>\(step.title.text(scene.language))</summary>\(form)</details>"
        }
        return (forms, shown)
    }
}

import MamoriCore

/// A page that could not be given: what went wrong as its title, the status, and the way home.
struct ErrorView: PageView {
    let language: Language
    var message: LocalizedText
    var status: Int

    var title: LocalizedText { message }

    var body: HTML {
        "<p class=\"error\">HTTP \(status)</p><p><a href=\"/\">\(Label.home.text(language))</a></p>"
    }
}

import Foundation
import Hummingbird
import MamoriCore

/// A page's content as a value: what its handler read, in the member's language, and the HTML it makes. Handlers read
/// and decide; views only write markup, with the labels of ``Label``.
protocol PageView {
    /// The page's title (its heading and the window's).
    var title: LocalizedText { get }
    /// The language the page is written in.
    var language: Language { get }
    /// The content under the heading.
    var body: HTML { get }
}

extension PageLayout {
    /// `view` in the frame of every page.
    static func response(_ view: some PageView, status: HTTPResponse.Status = .ok, member: SignedIn?, headers: HTTPFields = [:]) -> Response {
        response(status: status, title: view.title, language: view.language, member: member, body: view.body, headers: headers)
    }
}

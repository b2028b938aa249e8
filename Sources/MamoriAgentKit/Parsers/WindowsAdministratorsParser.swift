/// Reads the members of the local Administrators group (SID S-1-5-32-544).
///
/// Local accounts are listed by bare name (`taro`), others as `DOMAIN\name`, in both input forms.
public enum WindowsAdministratorsParser {
    private static let key = "windows.administrators.members"

    /// Facts from `Get-LocalGroupMember -SID S-1-5-32-544 | ConvertTo-Json` (one object or an array).
    public static func localGroupMember(json: String) -> [Fact] {
        guard let value = PrintedJSON.parse(json) else { return [Fact(key, .unknown("Get-LocalGroupMember output is not JSON"))] }
        let members = value.objects.compactMap { object -> String? in
            guard let name = object["Name"]?.scalarText else { return nil }
            let source = object["PrincipalSource"]?.scalarText?.lowercased()
            let isLocal = source == "1" || source == "local"
            guard isLocal, let slash = name.lastIndex(of: "\\") else { return name }
            return String(name[name.index(after: slash)...])
        }
        return [Fact(key, .list(members))]
    }

    /// Facts from `net localgroup administrators`, English or Japanese.
    public static func netLocalGroup(_ text: String) -> [Fact] {
        var phase = 0  // 0: before "Members", 1: before the rule, 2: listing
        var members: [String] = []
        var finished = false
        for line in ConsoleText.lines(text) {
            let body = ConsoleText.trimmed(line)
            switch phase {
            case 0: if ConsoleLabels.matches(body, ConsoleLabels.localGroupMembers) { phase = 1 }
            case 1: if ConsoleText.isRule(body) { phase = 2 }
            default:
                guard !finished, !body.isEmpty else { continue }
                if ConsoleLabels.matches(body, ConsoleLabels.netCompleted) { finished = true } else { members.append(body) }
            }
        }
        guard phase == 2 else { return [Fact(key, .unknown("no member list in net localgroup output"))] }
        if !finished, let last = members.last, last.contains(" "), last.hasSuffix(".") || last.hasSuffix("。") {
            members.removeLast()  // a completion line in a language the table lacks
        }
        return [Fact(key, .list(members))]
    }
}

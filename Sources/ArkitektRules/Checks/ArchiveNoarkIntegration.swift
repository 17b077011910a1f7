import ArkitektModel

/// `archive-noark-integration`: a system that produces records under the duty to archive is a
/// Noark 5 archive itself, or sends to one through an Integration (directly or `via` a system
/// such as Fiks Arkiv).
struct ArchiveNoarkIntegrationCheck: CheckFunction {
    static let options: [String] = []
    /// The Integrations from the system are its referrers; the archive they reach is what those refer to.
    static let scope: RuleScope = [.referrers, .referrersReferenced]

    static func matters(_ referrer: Element, to target: Ref) -> Bool { referrer.kind == .integration }

    static func isArchive(_ ref: Ref?, _ context: RuleContext) -> Bool {
        context.system(ref)?.archive.noark5?.value == true
    }

    static func run(_ context: RuleContext, selected: [Element], options: [String: String]) -> [Hit] {
        selected.compactMap { element in
            guard let system = element.system, let obligation = system.archive.obligation, obligation.value,
                  system.archive.noark5?.value != true else { return nil }
            let archived = context.landscape.referrers(of: element.ref).contains { referrer in
                guard let integration = context.landscape[referrer]?.integration,
                      integration.from?.value == element.ref else { return false }
                return isArchive(integration.to?.value, context)
            }
            return archived ? nil : Hit(element: element.ref, location: obligation.location)
        }
    }
}

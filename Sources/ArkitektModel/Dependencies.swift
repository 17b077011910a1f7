extension Element {
    /// The refs this element depends on: every reference it makes (`references`) and the refs
    /// its Transition conditions name. A change to one of them can change what the rules say
    /// about this element; the landscape indexes them backwards (`Landscape.referrers(of:)`).
    public var dependencies: [Ref] {
        if case .transition(let t) = spec { return t.conditions.map(\.ref) }
        return references.map(\.ref.value)
    }
}

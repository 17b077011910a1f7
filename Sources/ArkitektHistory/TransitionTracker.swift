import ArkitektGit
import ArkitektModel
import ArkitektRules

/// A transition's progress over history: its status now, and for each condition the commit
/// where it was first met and the commits where it stopped holding (drift).
public struct TransitionProgress: Sendable {
    public struct Condition: Sendable {
        public let condition: TransitionCondition
        public let holds: Bool
        public let firstMet: CommitInfo?
        /// Commits where the condition went from holding to not holding.
        public let regressions: [CommitInfo]
    }
    public let element: Element
    public let state: TransitionEvaluator.State
    public let conditions: [Condition]
    /// The commit where every condition first held together (nil when never).
    public let achievedAt: CommitInfo?
}

/// How transitions moved at one commit.
public struct TransitionChange: Sendable {
    public let element: Element
    public let before: TransitionEvaluator.State
    public let after: TransitionEvaluator.State
    /// Conditions (by index) that held before the commit and not after it: drift.
    public let regressed: [Int]
    /// The transition was added by this commit.
    public let isNew: Bool
}

public enum TransitionTracker {
    /// Follows the conditions of the final snapshot's transitions over a walk, step by step: the
    /// final definitions are evaluated against every earlier landscape. Only conditions on refs
    /// a step touched are evaluated again.
    public final class Progress {
        struct Tracked {
            let element: Element
            let transition: TransitionSpec
            var firstMet: [CommitInfo?]
            var regressions: [[CommitInfo]]
            var holds: [Bool]
            var achievedAt: CommitInfo?
        }
        var tracked: [Tracked]

        /// - Parameter final: the landscape whose transitions are followed.
        public init(final: Landscape) {
            tracked = final.elements(of: .transition).compactMap { element in
                guard let transition = element.transition else { return nil }
                let n = transition.conditions.count
                return Tracked(element: element, transition: transition, firstMet: Array(repeating: nil, count: n),
                               regressions: Array(repeating: [], count: n), holds: Array(repeating: false, count: n))
            }
        }

        /// False until every condition has been evaluated on a whole landscape.
        var primed = false

        /// Takes in one step of the walk (in order, each of them).
        public func observe(_ step: HistoryStep, _ landscapes: StepLandscapes?) {
            guard step.touched, let landscapes else {
                // A shallow boundary replaces the landscape without touching it.
                if landscapes != nil { primed = false }
                return
            }
            let touched = primed ? landscapes.touched : nil
            primed = true
            for t in tracked.indices {
                var entry = tracked[t]
                for (i, condition) in entry.transition.conditions.enumerated() where touched?.contains(condition.ref) ?? true {
                    let holds = TransitionEvaluator.holdsCondition(condition, in: landscapes.after)
                    if holds && entry.firstMet[i] == nil { entry.firstMet[i] = step.commit }
                    if entry.holds[i] && !holds { entry.regressions[i].append(step.commit) }
                    entry.holds[i] = holds
                }
                if entry.achievedAt == nil, entry.holds.allSatisfy({ $0 }) { entry.achievedAt = step.commit }
                tracked[t] = entry
            }
        }

        /// The progress of each transition, its status as of `today` in `final`.
        public func finish(final: Landscape, commit: CommitInfo?, today: Day) -> [TransitionProgress] {
            tracked.map { entry in
                let state = TransitionEvaluator.evaluate(entry.transition, in: final, today: today)
                let conditions = entry.transition.conditions.enumerated().map { i, c in
                    TransitionProgress.Condition(condition: c, holds: state.holds[i], firstMet: entry.firstMet[i], regressions: entry.regressions[i])
                }
                return TransitionProgress(element: entry.element, state: state, conditions: conditions,
                                          achievedAt: state.status == .achieved ? (entry.achievedAt ?? commit) : nil)
            }
        }
    }

    /// Transitions whose progress or status changed at a step, with the conditions that regressed.
    /// Only transitions the step reached (touched, or naming a touched ref) can have changed.
    public static func changes(at step: HistoryStep, _ landscapes: StepLandscapes) -> [TransitionChange] {
        let candidates: [Element]
        if let reached = landscapes.reached {
            candidates = reached.filter { $0.kind == .transition }.sorted().compactMap { landscapes.after[$0] }
        } else {
            candidates = landscapes.after.elements(of: .transition)
        }
        return candidates.compactMap { element in
            guard let transition = element.transition else { return nil }
            let before = TransitionEvaluator.evaluate(transition, in: landscapes.before, today: landscapes.today)
            let after = TransitionEvaluator.evaluate(transition, in: landscapes.after, today: landscapes.today)
            let existedBefore = landscapes.before.contains(element.ref)
            let regressed = zip(before.holds, after.holds).enumerated().filter { $0.element.0 && !$0.element.1 }.map(\.offset)
            guard before != after || !existedBefore else { return nil }
            return TransitionChange(element: element, before: before, after: after, regressed: existedBefore ? regressed : [], isNew: !existedBefore)
        }
    }
}

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
    /// The progress of every transition of the final snapshot, its conditions traced over the
    /// steps (oldest first). The final definitions are evaluated against every earlier landscape.
    public static func progress(steps: [HistoryStep], final: Snapshot) -> [TransitionProgress] {
        let touched = steps.filter(\.touched)
        return final.landscape.elements(of: .transition).compactMap { element in
            guard let transition = element.transition else { return nil }
            var firstMet = [CommitInfo?](repeating: nil, count: transition.conditions.count)
            var regressions = [[CommitInfo]](repeating: [], count: transition.conditions.count)
            var previous = [Bool](repeating: false, count: transition.conditions.count)
            var achievedAt: CommitInfo?
            for step in touched {
                let holds = transition.conditions.map { TransitionEvaluator.holdsCondition($0, in: step.after.landscape) }
                for (i, h) in holds.enumerated() {
                    if h && firstMet[i] == nil { firstMet[i] = step.commit }
                    if previous[i] && !h { regressions[i].append(step.commit) }
                }
                if achievedAt == nil, holds.allSatisfy({ $0 }) { achievedAt = step.commit }
                previous = holds
            }
            let state = TransitionEvaluator.evaluate(transition, in: final.landscape, today: final.today)
            let conditions = transition.conditions.enumerated().map { i, c in
                TransitionProgress.Condition(condition: c, holds: state.holds[i], firstMet: firstMet[i], regressions: regressions[i])
            }
            return TransitionProgress(element: element, state: state, conditions: conditions,
                                      achievedAt: state.status == .achieved ? (achievedAt ?? final.commit) : nil)
        }
    }

    /// Transitions whose progress or status changed at a step, with the conditions that regressed.
    public static func changes(at step: HistoryStep) -> [TransitionChange] {
        step.after.landscape.elements(of: .transition).compactMap { element in
            guard let transition = element.transition else { return nil }
            let before = TransitionEvaluator.evaluate(transition, in: step.before.landscape, today: step.after.today)
            let after = TransitionEvaluator.evaluate(transition, in: step.after.landscape, today: step.after.today)
            let existedBefore = step.before.landscape.contains(element.ref)
            let regressed = zip(before.holds, after.holds).enumerated().filter { $0.element.0 && !$0.element.1 }.map(\.offset)
            guard before != after || !existedBefore else { return nil }
            return TransitionChange(element: element, before: before, after: after, regressed: existedBefore ? regressed : [], isNew: !existedBefore)
        }
    }
}

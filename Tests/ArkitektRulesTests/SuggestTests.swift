import ArkitektModel
import Testing

/// Did-you-mean takes shortcuts (ASCII bytes, lengths, rows that cannot get better); it must
/// still pick what the plain definition picks.
@Suite struct SuggestTests {
    /// Optimal string alignment distance over lowercased scalars, the textbook way.
    static func reference(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
        var d = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { d[i][0] = i }
        for j in 0...y.count { d[0][j] = j }
        for i in stride(from: 1, through: x.count, by: 1) {
            for j in stride(from: 1, through: y.count, by: 1) {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[x.count][y.count]
    }

    static func referenceClosest(_ word: String, _ candidates: [String]) -> String? {
        let limit = min(3, max(1, word.unicodeScalars.count / 3))
        var best: (String, Int)?
        for c in candidates.sorted(by: ByteOrder.less) where c != word {
            let d = reference(word, c)
            if d <= limit, best.map({ d < $0.1 }) ?? true { best = (c, d) }
        }
        return best?.0
    }

    @Test func closestAgreesWithThePlainDefinition() {
        let alphabet = Array("abcdeABCDE-æøÅé1")
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        func word() -> String { String((0..<(1 + next(9))).map { _ in alphabet[next(alphabet.count)] }) }
        var suggested = 0
        for _ in 0..<400 {
            let candidates = (0..<30).map { _ in word() }
            let target = next(2) == 0 ? word() : candidates[next(30)] + String(alphabet[next(alphabet.count)])
            let got = Suggest.closest(to: target, in: candidates)
            #expect(got == Self.referenceClosest(target, candidates), "\(target) in \(candidates)")
            if got != nil { suggested += 1 }
        }
        #expect(suggested > 100)
        #expect(Suggest.distance("Folkeregisteret", "folkeregistret") == 1)
        #expect(Suggest.distance("ab", "ba") == 1)
    }
}

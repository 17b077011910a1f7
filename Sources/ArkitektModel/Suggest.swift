/// Did-you-mean: the closest candidate within a small edit distance.
public enum Suggest {
    /// The candidate nearest to `word` (Damerau-Levenshtein over Unicode scalars), if it is close:
    /// at most a third of the word's length, and at most 3 edits. Ties go to the first in byte order.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let limit = min(3, max(1, word.unicodeScalars.count / 3))
        var best: (String, Int)?
        for candidate in candidates.sorted(by: ByteOrder.less) where candidate != word {
            let d = distance(word, candidate)
            if d <= limit, best.map({ d < $0.1 }) ?? true {
                best = (candidate, d)
            }
        }
        return best?.0
    }

    /// Optimal string alignment distance (adjacent transpositions count as one edit).
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev2 = [Int](repeating: 0, count: y.count + 1)
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    v = min(v, prev2[j - 2] + 1)
                }
                cur[j] = v
            }
            prev2 = prev
            prev = cur
        }
        return prev[y.count]
    }
}

/// Did-you-mean: the closest candidate within a small edit distance.
public enum Suggest {
    /// The candidate nearest to `word` (Damerau-Levenshtein over Unicode scalars), if it is close:
    /// at most a third of the word's length, and at most 3 edits. Ties go to the first in byte order.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let limit = min(3, max(1, word.unicodeScalars.count / 3))
        let ascii = word.utf8.allSatisfy { $0 < 0x80 }
        let x = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        for candidate in candidates where candidate != word {
            // Between ASCII words the distance is at least the difference in length.
            if ascii, abs(candidate.utf8.count - word.utf8.count) > limit, candidate.utf8.allSatisfy({ $0 < 0x80 }) { continue }
            guard let d = distance(x, Array(candidate.lowercased().unicodeScalars), atMost: limit) else { continue }
            if let (b, bd) = best, bd < d || (bd == d && !ByteOrder.less(candidate, b)) { continue }
            best = (candidate, d)
        }
        return best?.0
    }

    /// Optimal string alignment distance (adjacent transpositions count as one edit).
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
        return distance(x, y, atMost: Int.max) ?? Int.max
    }

    /// The distance of two scalar sequences, or nil as soon as it is sure to exceed `limit`.
    static func distance(_ x: [Unicode.Scalar], _ y: [Unicode.Scalar], atMost limit: Int) -> Int? {
        if x.isEmpty { return y.count <= limit ? y.count : nil }
        if y.isEmpty { return x.count <= limit ? x.count : nil }
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
            // Every later row is at least the smallest value of this one and the one before.
            if let smallest = cur.min(), smallest > limit, let before = prev.min(), before > limit { return nil }
            prev2 = prev
            prev = cur
        }
        return prev[y.count] <= limit ? prev[y.count] : nil
    }
}

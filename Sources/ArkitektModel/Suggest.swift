/// Did-you-mean: the closest candidate within a small edit distance.
public enum Suggest {
    /// The candidate nearest to `word` (Damerau-Levenshtein over Unicode scalars, ignoring case),
    /// if it is close: at most a third of the word's length, and at most 3 edits. Ties go to the
    /// first in byte order.
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let limit = min(3, max(1, word.unicodeScalars.count / 3))
        let scalars = Array(word.lowercased().unicodeScalars)
        // ASCII words are compared byte by byte, without making lowercase copies.
        let ascii: [UInt8]? = word.utf8.allSatisfy { $0 < 0x80 } ? word.utf8.map(lowerASCII) : nil
        let wordBytes = ascii.map { presence($0) } ?? 0
        var rows = Rows()
        var best: (String, Int)?
        for candidate in candidates where candidate != word {
            let d: Int?
            if let ascii, candidate.utf8.allSatisfy({ $0 < 0x80 }) {
                // Between ASCII words the distance is at least the difference in length.
                if abs(candidate.utf8.count - ascii.count) > limit { continue }
                // One edit adds or removes at most two of the bytes present, so words that differ
                // in more than twice the limit cannot be close.
                if (presence(candidate.utf8.lazy.map(lowerASCII)) ^ wordBytes).nonzeroBitCount > 2 * limit { continue }
                if let inPlace = candidate.utf8.withContiguousStorageIfAvailable({ rows.distance(ascii, $0, atMost: limit) { $0 == lowerASCII($1) } }) {
                    d = inPlace
                } else {
                    d = rows.distance(ascii, Array(candidate.utf8), atMost: limit) { $0 == lowerASCII($1) }
                }
            } else {
                d = rows.distance(scalars, Array(candidate.lowercased().unicodeScalars), atMost: limit, equal: ==)
            }
            guard let d else { continue }
            if let (b, bd) = best, bd < d || (bd == d && !ByteOrder.less(candidate, b)) { continue }
            best = (candidate, d)
        }
        return best?.0
    }

    /// Whether `candidate` is near enough to `word` for `closest` to consider it.
    public static func isNear(_ candidate: String, to word: String) -> Bool {
        closest(to: word, in: [candidate]) != nil
    }

    /// Which bytes occur (folded onto 64 bits, which keeps the bound: folding can only hide a
    /// difference, never make one).
    static func presence(_ bytes: some Sequence<UInt8>) -> UInt64 {
        bytes.reduce(0) { $0 | (1 << UInt64($1 & 63)) }
    }

    static func lowerASCII(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }

    /// Optimal string alignment distance (adjacent transpositions count as one edit).
    public static func distance(_ a: String, _ b: String) -> Int {
        var rows = Rows()
        let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
        return rows.distance(x, y, atMost: Int.max - 1, equal: ==) ?? Int.max
    }

    /// The three rows of the distance table, kept between comparisons.
    struct Rows {
        var previous2: [Int] = []
        var previous: [Int] = []
        var current: [Int] = []

        /// The distance of `x` and `y`, or nil as soon as it is sure to exceed `limit`. Only the
        /// band of cells within `limit` of the diagonal is computed: a cell further out is more
        /// than `limit` already (it takes that many insertions or deletions to get there). The
        /// rows keep their storage from one comparison to the next.
        mutating func distance<X: RandomAccessCollection, Y: RandomAccessCollection>(
            _ x: X, _ y: Y, atMost limit: Int, equal: (X.Element, Y.Element) -> Bool
        ) -> Int? where X.Index == Int, Y.Index == Int {
            let n = x.count, m = y.count
            if n == 0 { return m <= limit ? m : nil }
            if m == 0 { return n <= limit ? n : nil }
            if abs(n - m) > limit { return nil }
            // No distance exceeds the longer length: a larger limit is that length.
            let limit = min(limit, max(n, m))
            // Anything above the limit is as good as infinite.
            let beyond = limit + 1
            func reset(_ row: inout [Int]) {
                row.removeAll(keepingCapacity: true)
                row.append(contentsOf: repeatElement(beyond, count: m + 1))
            }
            reset(&previous2)
            reset(&previous)
            reset(&current)
            for j in 0...min(m, limit) { previous[j] = j }
            let x0 = x.startIndex, y0 = y.startIndex
            for i in 1...n {
                let low = max(1, i - limit), high = min(m, i + limit)
                // The cells this row does not compute are beyond the limit.
                current[low - 1] = low == 1 ? (i <= limit ? i : beyond) : beyond
                if high < m { current[high + 1] = beyond }
                var smallest = current[low - 1]
                if low <= high {
                    for j in low...high {
                        let cost = equal(x[x0 + i - 1], y[y0 + j - 1]) ? 0 : 1
                        var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                        if i > 1, j > 1, equal(x[x0 + i - 1], y[y0 + j - 2]), equal(x[x0 + i - 2], y[y0 + j - 1]) {
                            v = min(v, previous2[j - 2] + 1)
                        }
                        current[j] = min(v, beyond)
                        smallest = min(smallest, current[j])
                    }
                }
                // Every later row is at least the smallest value of this one and the one before.
                if smallest > limit, previous.min() ?? 0 > limit { return nil }
                swap(&previous2, &previous)
                swap(&previous, &current)
            }
            return previous[m] <= limit ? previous[m] : nil
        }
    }
}

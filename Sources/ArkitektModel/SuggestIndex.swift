/// Did-you-mean over one set of names, asked many times: the answers of `Suggest.closest`, found
/// by comparing the word in full with only the few names that two cheap bounds leave.
///
/// Names are kept by length, lowercased, with two summaries made once: which scalars they hold
/// and how many of each, both folded onto 32 or 64 places. An edit (an insertion, a deletion, a
/// substitution) changes the counts by at most 2 in all and the set of scalars held by at most two;
/// an adjacent transposition changes neither. So a name within k edits of the word has a length
/// within k of the word's, a set that differs in at most 2k places and counts that differ by at
/// most 2k in all. Folding only merges places, which can make a difference smaller, never larger:
/// the bounds stay bounds and the answers stay exact. Names that share long stems (a
/// municipality's name before every system's) pass the first test and fail the second.
public final class SuggestIndex: @unchecked Sendable {
    private let names: [String]
    /// The names lowercased, as `closest` compares them.
    private let lowered: [[Unicode.Scalar]]
    private let presence: [UInt64]
    private let counts: [Counts]
    /// The ids of the names of each length (index: length).
    private let byLength: [[Int32]]

    /// How many of each scalar a name holds, folded onto 32 places (saturating at 255).
    struct Counts {
        var bins = SIMD32<UInt8>(repeating: 0)

        init(_ scalars: [Unicode.Scalar]) {
            for s in scalars {
                let i = Int(s.value & 31)
                if bins[i] < 255 { bins[i] += 1 }
            }
        }

        /// The sum of the differences, place by place.
        func difference(_ other: Counts) -> Int {
            let high = bins.replacing(with: other.bins, where: other.bins .> bins)
            let low = bins.replacing(with: other.bins, where: other.bins .< bins)
            let diff = SIMD32<UInt16>(truncatingIfNeeded: high &- low)
            return Int(diff.wrappedSum())
        }
    }

    /// From how many questions over one set of names the index is worth building.
    public static let worthFrom = 8

    public init(_ candidates: [String]) {
        // Each name once, in byte order: the first found at the least distance is the answer.
        var unique = Array(Set(candidates))
        unique.sort(by: ByteOrder.less)
        names = unique
        lowered = unique.map { Array($0.lowercased().unicodeScalars) }
        presence = lowered.map(Self.presence)
        counts = lowered.map(Counts.init)
        var byLength: [[Int32]] = Array(repeating: [], count: (lowered.map(\.count).max() ?? 0) + 1)
        for (id, name) in lowered.enumerated() { byLength[name.count].append(Int32(id)) }
        self.byLength = byLength
    }

    static func presence(_ scalars: [Unicode.Scalar]) -> UInt64 {
        scalars.reduce(0) { $0 | (1 << UInt64($1.value & 63)) }
    }

    /// `Suggest.closest(to: word, in: candidates)`.
    public func closest(to word: String) -> String? {
        let limit = min(3, max(1, word.unicodeScalars.count / 3))
        let w = Array(word.lowercased().unicodeScalars)
        let n = w.count
        let wordPresence = Self.presence(w)
        let wordCounts = Counts(w)
        var rows = Suggest.Rows()
        var best: (id: Int, distance: Int)?
        for length in max(0, n - limit)...(n + limit) where length < byLength.count {
            for id in byLength[length] {
                let index = Int(id)
                // Nothing further than the best so far can win; as far, only a name before it.
                let bound = best?.distance ?? limit
                guard (presence[index] ^ wordPresence).nonzeroBitCount <= 2 * bound,
                      counts[index].difference(wordCounts) <= 2 * bound, names[index] != word,
                      let d = rows.distance(w, lowered[index], atMost: bound, equal: ==) else { continue }
                if let b = best, b.distance < d || (b.distance == d && b.id < index) { continue }
                best = (index, d)
            }
        }
        return best.map { names[$0.id] }
    }
}

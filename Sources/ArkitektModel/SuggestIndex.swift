/// Did-you-mean over one set of names, asked many times: the answers of `Suggest.closest`, found
/// by comparing the word in full with only the few names that an index and two cheap bounds leave.
///
/// The index is prefix filtering over pairs of scalars (bigrams). An edit changes at most three of
/// a word's bigrams (a transposition: the pair it swaps and the two around it; anything else at
/// most two), so a name within k edits of a word shares all but 3k of the word's bigrams, counted
/// with their repeats. Put every bigram in one order, the rarest among the names first: two
/// sets that share all but 3k of the smaller one's members share one of their first 3k + 1. Each
/// name is filed under its first 10 bigrams (3k + 1 for the largest k, 3), and a word looks up only
/// its own first 3k + 1, which are the rarest it has: a stem that many names share (a
/// municipality's name before every system's) sits at the end of that order and is never looked
/// up. Words too short for the bound (where 3k is all their bigrams) are compared with the names
/// of lengths within k of theirs.
///
/// The names found are then tested with two bounds before the full comparison. An edit changes
/// the counts of the scalars by at most 2 in all and the set of scalars held by at most two; an
/// adjacent transposition changes neither. Both are folded onto 32 or 64 places: folding only
/// merges places, which can make a difference smaller, never larger, so the bounds stay bounds and
/// the answers stay exact.
public final class SuggestIndex: @unchecked Sendable {
    private let names: [String]
    /// The names lowercased, as `closest` compares them.
    private let lowered: [[Unicode.Scalar]]
    private let presence: [UInt64]
    private let counts: [Counts]
    /// The ids of the names of each length (index: length).
    private let byLength: [[Int32]]
    /// In how many names each bigram (with its repeat number) occurs: the order of rarity.
    private let frequency: [UInt64: Int32]
    /// The names filed under each bigram among their first `filed` in that order.
    private let postings: [UInt64: [Int32]]

    /// The most edits `closest` allows, and how many of a name's bigrams it is filed under.
    static let maxEdits = 3
    static let filed = 3 * maxEdits + 1

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
        let grams = lowered.map(Self.bigrams)
        var frequency: [UInt64: Int32] = [:]
        for name in grams {
            for gram in name { frequency[gram, default: 0] += 1 }
        }
        var postings: [UInt64: [Int32]] = [:]
        for (id, name) in grams.enumerated() {
            for gram in Self.rarestFirst(name, frequency).prefix(Self.filed) { postings[gram, default: []].append(Int32(id)) }
        }
        self.frequency = frequency
        self.postings = postings
    }

    /// The bigrams of a lowered name, each with its repeat number (the second "ab" of a name is
    /// another member than the first): scalars are below 2^21, repeats below 2^22.
    static func bigrams(_ scalars: [Unicode.Scalar]) -> [UInt64] {
        guard scalars.count >= 2 else { return [] }
        var grams: [UInt64] = []
        grams.reserveCapacity(scalars.count - 1)
        for i in 0..<(scalars.count - 1) {
            let pair = UInt64(scalars[i].value) << 21 | UInt64(scalars[i + 1].value)
            let repeats = UInt64(grams.lazy.filter { $0 & (1 << 42 - 1) == pair }.count)
            grams.append(pair | repeats << 42)
        }
        return grams
    }

    /// The bigrams in the index's order: the rarest first (one no name has before all), equally
    /// rare ones by value.
    static func rarestFirst(_ grams: [UInt64], _ frequency: [UInt64: Int32]) -> [UInt64] {
        grams.map { (frequency[$0] ?? 0, $0) }.sorted { $0 < $1 }.map(\.1)
    }

    static func presence(_ scalars: [Unicode.Scalar]) -> UInt64 {
        scalars.reduce(0) { $0 | (1 << UInt64($1.value & 63)) }
    }

    /// What one thread's questions to an index reuse: which names the current question has met
    /// (a number per name, the question's when met), and the rows of the distance table.
    public struct Search {
        var met: [UInt32]
        var question: UInt32 = 0
        var rows = Suggest.Rows()

        public init(_ index: SuggestIndex) { met = Array(repeating: 0, count: index.names.count) }

        /// The next question: no name met yet.
        mutating func next() -> UInt32 {
            if question == .max {
                for i in met.indices { met[i] = 0 }
                question = 0
            }
            question += 1
            return question
        }
    }

    /// `Suggest.closest(to: word, in: candidates)`.
    public func closest(to word: String) -> String? {
        var search = Search(self)
        return closest(to: word, &search)
    }

    /// The same, reusing `search` (one per thread).
    public func closest(to word: String, _ search: inout Search) -> String? {
        let limit = min(3, max(1, word.unicodeScalars.count / 3))
        let w = Array(word.lowercased().unicodeScalars)
        let n = w.count
        let wordPresence = Self.presence(w)
        let wordCounts = Counts(w)
        var best: (id: Int, distance: Int)?
        func consider(_ index: Int, _ rows: inout Suggest.Rows) {
            // Nothing further than the best so far can win; as far, only a name before it.
            let bound = best?.distance ?? limit
            guard abs(lowered[index].count - n) <= bound, (presence[index] ^ wordPresence).nonzeroBitCount <= 2 * bound,
                  counts[index].difference(wordCounts) <= 2 * bound, names[index] != word,
                  let d = rows.distance(w, lowered[index], atMost: bound, equal: ==) else { return }
            if let b = best, b.distance < d || (b.distance == d && b.id < index) { return }
            best = (index, d)
        }
        let grams = Self.bigrams(w)
        if grams.count > 3 * limit {
            // Every name within the limit shares one of the word's 3k + 1 rarest bigrams.
            let question = search.next()
            for gram in Self.rarestFirst(grams, frequency).prefix(3 * limit + 1) {
                for id in postings[gram] ?? [] where search.met[Int(id)] != question {
                    search.met[Int(id)] = question
                    consider(Int(id), &search.rows)
                }
            }
        } else {
            for length in max(0, n - limit)...(n + limit) where length < byLength.count {
                for id in byLength[length] { consider(Int(id), &search.rows) }
            }
        }
        return best.map { names[$0.id] }
    }
}

/// Did-you-mean over one set of names, asked many times: the answers of `Suggest.closest`, found
/// without comparing the word with every name.
///
/// The filter is the partition (pigeonhole) lemma of edit-distance joins: split a name into
/// τ + 1 segments; a word within τ edits of it holds one segment unchanged, at most τ places from
/// where it stands in the name. `closest` allows k ≤ 3 edits where an adjacent transposition is
/// one; as plain edits a transposition is two, so τ = 2k covers every answer. A word is looked up
/// by the segments of every name length within k of its own, at every place they can stand, and
/// only the names found are compared in full. Each name is indexed for τ = 2, 4 and 6 (k = 1, 2, 3).
public final class SuggestIndex: @unchecked Sendable {
    private let names: [String]
    /// The names lowercased, as `closest` compares them.
    private let lowered: [[Unicode.Scalar]]
    /// Which scalars each lowered name has, folded onto 64 bits (`Suggest.presence`): one edit
    /// changes at most two, so a name whose set differs from the word's in more than twice the
    /// limit is not compared in full.
    private let presence: [UInt64]
    /// A hash of (τ, name length, segment number, segment) to the names that have it. Two
    /// segments with one hash only make more names compared in full: the answers stay exact.
    private var segments: [UInt64: [Int32]] = [:]

    /// FNV-1a over the key's parts, without making the segment's text.
    static func key(tau: Int, length: Int, segment: Int, _ text: ArraySlice<Unicode.Scalar>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ v: UInt64) { h = (h ^ v) &* 0x0000_0100_0000_01b3 }
        mix(UInt64(tau))
        mix(UInt64(length))
        mix(UInt64(segment))
        for s in text { mix(UInt64(s.value)) }
        return h
    }

    static let taus = [2, 4, 6]

    public init(_ candidates: [String]) {
        // Each name once, in byte order: the first found at the least distance is the answer.
        var unique = Array(Set(candidates))
        unique.sort(by: ByteOrder.less)
        names = unique
        lowered = unique.map { Array($0.lowercased().unicodeScalars) }
        presence = lowered.map(Self.presence)
        for (id, name) in lowered.enumerated() {
            for tau in Self.taus {
                for (i, range) in Self.partition(length: name.count, tau: tau).enumerated() {
                    segments[Self.key(tau: tau, length: name.count, segment: i, name[range]), default: []].append(Int32(id))
                }
            }
        }
    }

    static func presence(_ scalars: [Unicode.Scalar]) -> UInt64 {
        scalars.reduce(0) { $0 | (1 << UInt64($1.value & 63)) }
    }

    /// The τ + 1 segments of a name of `length`: the first ones a scalar shorter when it does not
    /// divide evenly.
    static func partition(length: Int, tau: Int) -> [Range<Int>] {
        let count = tau + 1
        let short = length / count, longer = length % count
        var start = 0
        return (0..<count).map { i in
            let size = short + (i >= count - longer ? 1 : 0)
            defer { start += size }
            return start..<(start + size)
        }
    }

    /// `Suggest.closest(to: word, in: candidates)`.
    public func closest(to word: String) -> String? {
        let limit = min(3, max(1, word.unicodeScalars.count / 3))
        let w = Array(word.lowercased().unicodeScalars)
        let tau = 2 * limit
        let n = w.count
        var seen = Set<Int32>()
        var rows = Suggest.Rows()
        var best: (id: Int, distance: Int)?
        let wordPresence = Self.presence(w)
        for length in max(0, n - limit)...(n + limit) {
            for (i, range) in Self.partition(length: length, tau: tau).enumerated() {
                let size = range.count
                // Where the segment can stand in the word: at most τ from its place in the name.
                let first = max(0, range.lowerBound - tau), last = min(n - size, range.lowerBound + tau)
                guard first <= last else { continue }
                for start in first...last {
                    guard let ids = segments[Self.key(tau: tau, length: length, segment: i, w[start..<(start + size)])] else { continue }
                    for id in ids where seen.insert(id).inserted {
                        let index = Int(id)
                        guard (presence[index] ^ wordPresence).nonzeroBitCount <= 2 * limit, names[index] != word else { continue }
                        guard let d = rows.distance(w, lowered[index], atMost: limit, equal: ==) else { continue }
                        if let b = best, b.distance < d || (b.distance == d && b.id < index) { continue }
                        best = (index, d)
                    }
                }
            }
        }
        return best.map { names[$0.id] }
    }
}

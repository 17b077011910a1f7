import ArkitektKit
import ArkitektModel
import ArkitektTestSupport
import Foundation
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
        // The banded table gives the whole distance too, at every length.
        var shuffler = SplitMix64(seed: 99)
        for _ in 0..<300 {
            let a = String((0..<next(26)).map { _ in alphabet[next(alphabet.count)] })
            let b = next(2) == 0 ? String(a.shuffled(using: &shuffler)) : String((0..<next(26)).map { _ in alphabet[next(alphabet.count)] })
            #expect(Suggest.distance(a, b) == Self.reference(a, b), "\(a) \(b)")
        }
        #expect(Suggest.distance("ab", "ba") == 1)
    }

    /// The index gives what `closest` gives, on random names and on words one to four edits
    /// from them (insertions, deletions, substitutions, transpositions, a change of case), of
    /// every length the limit of edits depends on.
    @Test func theIndexAgreesWithClosest() {
        var random = SplitMix64(seed: 2026_12_06)
        let alphabet = Array("abcdefghij-0123ABCæøå")
        func name(_ length: Int) -> String { String((0..<length).map { _ in alphabet[random.next(alphabet.count)] }) }
        func mutate(_ word: String) -> String {
            var s = Array(word)
            for _ in 0..<(1 + random.next(4)) {
                let at = random.next(max(1, s.count))
                switch random.next(5) {
                case 0: s.insert(alphabet[random.next(alphabet.count)], at: min(at, s.count))
                case 1: if !s.isEmpty { s.remove(at: at) }
                case 2: if !s.isEmpty { s[at] = alphabet[random.next(alphabet.count)] }
                case 3: if at + 1 < s.count { s.swapAt(at, at + 1) }
                default: if !s.isEmpty { s[at] = Character(String(s[at]).uppercased()) }
                }
            }
            return String(s)
        }
        var answered = 0, asked = 0
        for round in 0..<30 {
            // Names share stems, as generated landscapes and real ones do.
            // Every other round long names, whose words the index looks up by their rarest bigrams.
            let long = round % 2 == 1
            let stems = (0..<(1 + random.next(6))).map { _ in name(2 + random.next(long ? 16 : 8)) }
            let names = (0..<(round * 6 + random.next(20))).map { _ in stems[random.next(stems.count)] + name(random.next(long ? 14 : 8)) }
            let index = SuggestIndex(names)
            for _ in 0..<60 {
                let word = names.isEmpty || random.next(5) == 0 ? name(1 + random.next(20)) : mutate(names[random.next(names.count)])
                let expected = Suggest.closest(to: word, in: names)
                #expect(index.closest(to: word) == expected, "\(word) in \(names)")
                asked += 1
                if expected != nil { answered += 1 }
            }
            // A name asked for itself is not its own suggestion, as with `closest`.
            if let first = names.first { #expect(index.closest(to: first) == Suggest.closest(to: first, in: names)) }
        }
        #expect(asked == 1800 && answered > 600, "\(answered) of \(asked) found a suggestion")
    }

    /// Many references to nothing over many names: `ref-resolves` asks the index, and suggests
    /// what `closest` would.
    @Test func refResolvesSuggestsWhatClosestWould() throws {
        var random = SplitMix64(seed: 21)
        let stems = ["okonomi", "helse", "oppvekst", "teknisk", "kultur", "dokumentsenteret", "it"]
        // Enough questions that the index answers them (`SuggestIndex.worthFrom`).
        let groups = (0..<2500).map { "\(stems[$0 % stems.count])-\($0)" }
        var yaml = groups.map { "apiVersion: arkitekt/v1\nkind: Group\nmetadata: {name: \($0)}\n" }.joined(separator: "---\n")
        var owners: [String] = []
        for i in 0..<120 {
            var owner = Array(groups[random.next(groups.count)])
            // One or two edits: a swap, a lost letter or another letter.
            for _ in 0..<(1 + random.next(2)) {
                let at = random.next(owner.count - 1)
                switch random.next(3) {
                case 0: owner.swapAt(at, at + 1)
                case 1: owner.remove(at: at)
                default: owner[at] = "x"
                }
            }
            owners.append(String(owner))
            yaml += "---\napiVersion: arkitekt/v1\nkind: System\nmetadata: {name: s\(i)}\nspec: {owner: \(String(owner))}\n"
        }
        let dir = try TempDirectory()
        try dir.write("architecture/landscape.yaml", yaml)
        var options = CheckOptions()
        options.path = dir.path
        options.format = .json
        options.language = .en
        let output = try Kit.check(options)
        let json = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
        let findings = (json?["findings"] as? [[String: Any]] ?? []).filter { $0["rule"] as? String == "ref-resolves" }
        let dangling = owners.filter { !groups.contains($0) }
        #expect(findings.count == dangling.count && dangling.count > 100)
        var suggested = 0
        for finding in findings {
            let message = finding["message"] as? String ?? ""
            let owner = try #require(dangling.first { message.hasPrefix("'group:\($0)' ") }, "\(message)")
            if let expected = Suggest.closest(to: owner, in: groups) {
                #expect(message.contains("Did you mean 'group:\(expected)'?"), "\(message)")
                suggested += 1
            } else {
                #expect(!message.contains("Did you mean"), "\(message)")
            }
        }
        #expect(suggested > 60)
    }
}

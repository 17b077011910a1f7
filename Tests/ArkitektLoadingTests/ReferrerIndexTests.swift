import ArkitektLoading
@testable import ArkitektModel
import Testing

/// `Landscape.referrers(of:)` stays equal to a scan of every element's refs while files are
/// replaced one at a time, also for an element with far more referrers than a short list holds
/// (where removals switch to counts) and for duplicates that refer alike.
@Suite struct ReferrerIndexTests {
    struct Rng {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// A file holding one system named `name` that refers to the groups in `owners` (owner and
    /// authentication-less `uses` would need systems; the owner and capabilities are enough).
    static func file(_ path: String, _ name: String, owner: String, capabilities: [String]) -> LoadedFile {
        var text = "apiVersion: arkitekt/v1\nkind: System\nmetadata:\n  name: \(name)\nspec:\n  owner: \(owner)\n"
        if !capabilities.isEmpty { text += "  capabilities: [\(capabilities.joined(separator: ", "))]\n" }
        return LandscapeLoader.load(path: path, bytes: Array(text.utf8), limits: Limits())
    }

    static func scan(_ files: [String: LoadedFile], _ target: Ref) -> Set<Ref> {
        var made = Set<Ref>()
        for file in files.values {
            for element in file.elements where element.dependencies.contains(target) { made.insert(element.ref) }
        }
        return made
    }

    @Test func referrersFollowEveryReplacement() throws {
        var rng = Rng(state: 7)
        var files: [String: LoadedFile] = [:]
        // 120 systems, most owned by one popular group; some share a name (duplicates).
        for i in 0..<120 {
            let name = i % 10 == 9 ? "dup-\(i % 3)" : "s\(i)"
            files["architecture/s\(i).yaml"] = Self.file("architecture/s\(i).yaml", name, owner: i % 4 == 0 ? "rare" : "popular",
                                                          capabilities: i % 2 == 0 ? ["cap-a", "cap-a"] : ["cap-b"])
        }
        var landscape = Landscape(elements: files.keys.sorted().flatMap { files[$0]?.elements ?? [] }, fileCount: files.count)
        let targets = [Ref(.group, "popular"), Ref(.group, "rare"), Ref(.capability, "cap-a"), Ref(.capability, "cap-b")]
        for step in 0..<400 {
            let i = rng.next(140)
            let path = "architecture/s\(i).yaml"
            if rng.next(4) == 0 {
                files[path] = nil
                landscape.replace(file: path, with: [])
            } else {
                let name = rng.next(5) == 0 ? "dup-\(rng.next(3))" : "s\(i)"
                let owner = ["popular", "rare", "other"][rng.next(3)]
                let capabilities = [[], ["cap-a"], ["cap-a", "cap-a"], ["cap-b", "cap-a"]][rng.next(4)]
                let file = Self.file(path, name, owner: owner, capabilities: capabilities)
                files[path] = file
                landscape.replace(file: path, with: file.elements)
            }
            for target in targets {
                #expect(Set(landscape.referrers(of: target)) == Self.scan(files, target), "step \(step), \(target)")
            }
        }
        // The popular group did reach the long-list form and shrank again.
        #expect(Self.scan(files, Ref(.group, "popular")).count > 1)
    }

    /// A landscape answers its first few questions about referrers by going through its elements
    /// while the index is still being built: both ways give the same refs, as often and in the
    /// same order, for every ref of the sample (and for one nobody refers to); and so does the
    /// landscape, asked at once, then again after a change has made it keep its own index.
    @Test func scanningAnswersAsTheIndexDoes() throws {
        let files = try BinaryCodecTests.sampleFiles()
        let elements = files.flatMap(\.elements)
        try #require(elements.count > 50)
        var refs = Set(elements.flatMap(\.dependencies))
        refs.insert(Ref(.group, "no-such-group"))
        var referred = 0
        for ref in refs {
            let scanned = Landscape.scanReferrers(elements, of: ref)
            #expect(scanned == Landscape.indexedReferrers(elements, of: ref), "\(ref)")
            if !scanned.isEmpty { referred += 1 }
        }
        #expect(referred > 20)
        let fresh = Landscape(elements: elements, fileCount: files.count)
        let asked = refs.sorted().map { fresh.referrers(of: $0).sorted() }
        var changed = fresh
        changed.replace(file: "no/such/file.yaml", with: [])
        #expect(refs.sorted().map { changed.referrers(of: $0).sorted() } == asked)
        #expect(refs.sorted().map { Landscape.scanReferrers(elements, of: $0).sorted() } == asked)
    }
}

import ArkitektModel
import Dispatch
import Synchronization

/// One file to read: its repository-relative path and its bytes.
public struct LandscapeInput: Sendable {
    public let path: String
    public let bytes: [UInt8]
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// A fixed-size buffer that many threads fill, each writing only its own slots. The memory is
/// allocated once, so the writers never touch a shared Swift array (which would be an access to
/// one variable from several threads).
final class SlotBuffer<T: Sendable>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
        slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// Safe because every index is written by exactly one thread (one iteration of
    /// `concurrentPerform`, one chunk of `Ahead`), and read only after all writers are done.
    func set(_ index: Int, _ value: T) { slots[index] = value }
    var values: [T?] { Array(slots) }
}

/// Work on many independent items, spread over all cores.
public enum Parallel {
    /// `body(i)` for every `i` in `0..<count`, in parallel; the results in index order (nil only
    /// for an index the body was never run for, which `concurrentPerform` does not allow).
    public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T?] {
        let buffer = SlotBuffer<T>(count: count)
        // Chunks of several items keep scheduling overhead low for many small ones.
        let chunk = max(1, min(64, count / 64))
        let chunks = (count + chunk - 1) / chunk
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in (c * chunk)..<min(count, (c + 1) * chunk) {
                buffer.set(i, body(i))
            }
        }
        return buffer.values
    }
}

/// `body(i)` for every `i` in `0..<count`, begun at once on another thread; `finish()` lends the
/// calling thread to whatever is left and hands over the results in index order. For work whose
/// results the caller will want later, and that can start before the caller is ready for them
/// (the parse cache's records are decoded while the index is read).
public final class Ahead<T: Sendable>: Sendable {
    private let count: Int
    private let body: @Sendable (Int) -> T
    private let buffer: SlotBuffer<T>
    /// The next index no thread has taken yet; each thread takes a chunk at a time.
    private let next = Atomic<Int>(0)
    private let group = DispatchGroup()
    private static var chunk: Int { 32 }

    public init(_ count: Int, _ body: @escaping @Sendable (Int) -> T) {
        self.count = count
        self.body = body
        buffer = SlotBuffer(count: count)
        DispatchQueue.global().async(group: group) { [self] in work() }
    }

    /// Runs chunks until none is left. Every index is taken by exactly one thread, and read only
    /// after `finish()` has waited for the other one.
    private func work() {
        while true {
            let start = next.add(Self.chunk, ordering: .relaxed).oldValue
            guard start < count else { return }
            for i in start..<min(count, start + Self.chunk) { buffer.set(i, body(i)) }
        }
    }

    /// Every result, once all are made (the calling thread helps).
    public func finish() -> [T?] {
        work()
        group.wait()
        return buffer.values
    }
}

extension LandscapeLoader {
    /// Reads every file, in parallel on all cores (files are independent), and returns the
    /// landscape in file order with the findings of reading it.
    public static func loadAll(_ inputs: [LandscapeInput], limits: Limits = Limits()) -> (landscape: Landscape, findings: [Finding]) {
        let results = loadFiles(inputs, limits: limits)
        return assemble(results, fileCount: inputs.count, limits: limits)
    }

    /// Reads files in parallel; results in the order of `inputs`.
    public static func loadFiles(_ inputs: [LandscapeInput], limits: Limits = Limits()) -> [LoadedFile] {
        Parallel.map(inputs.count) { load(path: inputs[$0].path, bytes: inputs[$0].bytes, limits: limits) }
            .enumerated().map { i, file in file ?? LoadedFile(path: inputs[i].path, elements: [], findings: []) }
    }

    /// Puts loaded files together in path order, enforcing the element limit.
    /// Files outside the landscape paths without a Backstage descriptor are left out, and count
    /// for nothing; Backstage descriptors are decoded with the whole catalog in view.
    /// `linked`: the caller has linked them already.
    public static func assemble(_ all: [LoadedFile], fileCount: Int, limits: Limits = Limits(), linked: Bool = false) -> (landscape: Landscape, findings: [Finding]) {
        let kept = all.filter { !$0.ignored }
        let files = linked ? kept : CatalogLinker.link(kept, limits: limits)
        let fileCount = fileCount - (all.count - kept.count)
        let inOrder = zip(files, files.dropFirst()).allSatisfy { ByteOrder.compare($0.path, $1.path) <= 0 }
        let ordered = inOrder ? files : files.sorted { ByteOrder.less($0.path, $1.path) }
        var elements: [Element] = []
        var findings: [Finding] = []
        var limited = false
        for file in ordered {
            findings.append(contentsOf: file.findings)
            guard !limited else { continue }
            if elements.count + file.elements.count > limits.maxElements {
                let location = file.elements.first?.location ?? SourceLocation(file: file.path, line: 1, column: 1)
                findings.append(elementLimitFinding(at: location, limit: limits.maxElements))
                limited = true
                continue
            }
            elements.append(contentsOf: file.elements)
        }
        return (Landscape(elements: elements, fileCount: fileCount), findings)
    }
}

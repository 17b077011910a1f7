import CGraphviz
import Foundation

/// Lays diagrams out with Graphviz's library (`dot`'s layout, in this process) and renders SVG.
///
/// Graphviz keeps global state and is not safe to call from two threads at once: every call goes
/// through one lock. Its plugins are taken as built-ins from the folder beside libgvc (the `core`
/// renderers and the `dot` layout) rather than loaded as its configuration file lists them: no
/// text-layout plugin (pango) is then loaded, text is measured with Graphviz's own font metrics,
/// and the same DOT gives the same SVG on every machine, whatever fonts it has.
public enum Graphviz {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    nonisolated(unsafe) static var context: OpaquePointer?
    nonisolated(unsafe) static var contextFailure: String?
    nonisolated(unsafe) static var started = false
    nonisolated(unsafe) static var lastError = ""
    static let lock = NSLock()

    /// The version of Graphviz's library ("2.43.0"), or "none" when it did not start.
    public static var version: String {
        lock.lock()
        defer { lock.unlock() }
        guard let gvc = try? start(), let text = gvcVersion(gvc) else { return "none" }
        return String(cString: text)
    }

    /// The SVG of a DOT text, as Graphviz writes it (with its XML prolog).
    public static func svg(dot: String) throws(Failure) -> String {
        try render(dot: dot, format: "svg")
    }

    /// Where `dot` places each node of a DOT text, in points from the top left (x, y of the
    /// corner, width, height): for tools that draw the nodes themselves.
    public static func layout(dot: String) throws(Failure) -> [String: (x: Double, y: Double, w: Double, h: Double)] {
        let plain = try render(dot: dot, format: "plain")
        var height = 0.0
        var boxes: [String: (x: Double, y: Double, w: Double, h: Double)] = [:]
        for line in plain.split(separator: "\n") {
            // `graph scale width height` and `node name x y width height ...`, in inches, y upwards.
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            if words.first == "graph", words.count >= 4, let h = Double(words[3]) {
                height = h
            } else if words.first == "node", words.count >= 6, let x = Double(words[2]), let y = Double(words[3]),
                      let w = Double(words[4]), let h = Double(words[5]) {
                boxes[String(words[1])] = (x: (x - w / 2) * 72, y: (height - y - h / 2) * 72, w: w * 72, h: h * 72)
            }
        }
        return boxes
    }

    static func render(dot: String, format: String) throws(Failure) -> String {
        lock.lock()
        defer { lock.unlock() }
        guard let gvc = try start() else { throw Failure(description: contextFailure ?? "Graphviz did not start") }
        lastError = ""
        var text = dot
        guard let graph = text.withUTF8({ bytes in
            bytes.withMemoryRebound(to: CChar.self) { arkitekt_read_graph($0.baseAddress, $0.count) }
        }) else {
            throw Failure(description: "Graphviz could not read the diagram: \(lastError.isEmpty ? "syntax error" : lastError)")
        }
        defer { agclose(graph) }
        guard gvLayout(gvc, graph, "dot") == 0 else {
            throw Failure(description: "Graphviz could not lay the diagram out: \(lastError)")
        }
        defer { gvFreeLayout(gvc, graph) }
        var data: UnsafeMutablePointer<CChar>?
        var length: UInt32 = 0
        guard gvRenderData(gvc, graph, format, &data, &length) == 0, let data else {
            throw Failure(description: "Graphviz could not render the diagram: \(lastError)")
        }
        defer { gvFreeRenderData(data) }
        return data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
            String(decoding: UnsafeBufferPointer(start: $0, count: Int(length)), as: UTF8.self)
        }
    }

    /// Where Graphviz keeps its plugins: the folder `graphviz` beside the libgvc this process
    /// loaded (as the maps of the process show it), then the usual places.
    static func pluginFolders() -> [String] {
        var folders: [String] = []
        if let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) {
            for line in maps.split(separator: "\n") {
                guard let slash = line.firstIndex(of: "/"), line.contains("/libgvc.so") else { continue }
                let library = String(line[slash...])
                folders.append((library as NSString).deletingLastPathComponent + "/graphviz")
                break
            }
        }
        for base in ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/lib", "/opt/homebrew/lib"] {
            let folder = base + "/graphviz"
            if !folders.contains(folder) { folders.append(folder) }
        }
        return folders
    }

    /// The context, made once: nil (and `contextFailure`) when the plugins are not there.
    static func start() throws(Failure) -> OpaquePointer? {
        if started { return context }
        started = true
        // Graphviz's messages are kept for the error, never printed.
        agseterr(AGMAX)
        agseterrf { message in
            if let message { Graphviz.lastError += String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines) }
            return 0
        }
        let folders = pluginFolders()
        var symbols: [(String, UnsafeMutableRawPointer)] = []
        for plugin in ["core", "dot_layout"] {
            let symbol = "gvplugin_\(plugin)_LTX_library"
            let candidates = folders.flatMap { folder in
                ["\(folder)/libgvplugin_\(plugin).so.6", "\(folder)/libgvplugin_\(plugin).so", "\(folder)/libgvplugin_\(plugin).dylib"]
            }
            guard let handle = candidates.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first,
                  let address = dlsym(handle, symbol) else {
                contextFailure = "Graphviz's plugin '\(plugin)' is in none of \(folders.joined(separator: ", ")) (install libgvc6 / libgraphviz-dev)"
                return nil
            }
            symbols.append((symbol, address))
        }
        // The list lives as long as the process: Graphviz keeps pointers into it.
        let list = UnsafeMutablePointer<lt_symlist_t>.allocate(capacity: symbols.count + 1)
        for (i, (name, address)) in symbols.enumerated() {
            list[i] = lt_symlist_t(name: strdup(name), address: address)
        }
        list[symbols.count] = lt_symlist_t(name: nil, address: nil)
        context = gvContextPlugins(list, 0)
        if context == nil { contextFailure = "Graphviz did not start" }
        return context
    }
}

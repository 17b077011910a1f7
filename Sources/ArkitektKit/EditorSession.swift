import ArkitektLoading
import ArkitektModel
import ArkitektRules

/// What the language server asks of the kit: the landscape of a folder's work tree as `check`
/// reads it, with an editor's unsaved buffers in place of the files on disk, and its findings.
public final class EditorSession {
    /// The folder the editor opened.
    public let folder: String
    /// The libraries read so far: a library at one pin is parsed once per session, not again
    /// for every change of an open file.
    let libraries = LibraryStore(directory: nil)

    public init(folder: String) {
        self.folder = folder
    }

    /// One analysis: the landscape, every finding (of reading it and of the rules), and where
    /// the files are.
    public struct Result: Sendable {
        public let landscape: Landscape
        public let findings: [Finding]
        public let language: Language?
        /// The folder that findings' paths are relative to (the repository's work tree, or the
        /// landscape's folder outside git).
        public let root: String
    }

    /// The landscape with `buffers` (absolute path to content) read in place of the files on
    /// disk. Files the buffers add under the landscape paths are read too; buffers outside the
    /// work tree are left out. An empty landscape is no error here: the editor may be starting one.
    public func analyse(buffers: [String: [UInt8]], today: Day = Kit.today()) throws(KitError) -> Result {
        let workspace = try Workspace(path: folder, selection: .workTree)
        var overlay: [String: [UInt8]] = [:]
        for (path, content) in buffers {
            if let relative = workspace.repositoryPath(ofFile: path) { overlay[relative] = content }
        }
        workspace.overlay = overlay
        workspace.libraryStore = libraries
        let analysis = try Kit.analyse(workspace, today: today, allowEmpty: true)
        return Result(landscape: analysis.landscape, findings: analysis.result.findings, language: analysis.config.language,
                      root: workspace.root)
    }
}

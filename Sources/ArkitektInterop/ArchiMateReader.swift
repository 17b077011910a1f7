import ArkitektModel
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An ArchiMate model as read from a file, in either format: the Open Group exchange format (3.0
/// and 3.1) or Archi's own `.archimate` file.
public struct ArchiMateModel: Sendable {
    public struct Element: Sendable {
        public var identifier: String
        /// The ArchiMate type without prefix or suffix: `ApplicationComponent`, `BusinessActor`.
        public var type: String
        public var name: String
        public var documentation: String
        /// Property name -> value, in the order written.
        public var properties: [(String, String)]
        /// Where it starts in the file (line), for messages.
        public var line: Int
    }

    public struct Relationship: Sendable {
        public var identifier: String
        /// `Assignment`, `Access`, `Flow`, ... (without Archi's `Relationship` suffix).
        public var type: String
        public var source: String
        public var target: String
        public var name: String
        /// `read`, `write`, `readwrite` or `access` for Access relationships.
        public var accessType: String?
        public var line: Int
        public var documentation = ""
        /// Property name -> value, in the order written.
        public var properties: [(String, String)] = []
    }

    public var name = ""
    public var format: Format = .exchange
    public var elements: [Element] = []
    public var relationships: [Relationship] = []
    public var views: Int = 0

    public enum Format: String, Sendable {
        case exchange = "Open Group exchange format"
        case archi = "Archi"
    }
}

/// Why a file could not be read as an ArchiMate model: where, and what.
public struct ArchiMateError: Error, Sendable {
    public let line: Int
    public let column: Int
    public let message: LocalizedText
}

/// Reads ArchiMate files with a streaming parser (libxml2, through FoundationXML's XMLParser):
/// the model is built as the file is read, never held as a tree. Entities are refused outright:
/// no exchange or Archi file declares any, and an entity is how a file reaches outside itself
/// (XXE) or grows without bound.
public enum ArchiMateReader {
    static let exchangeNamespace = "http://www.opengroup.org/xsd/archimate/3.0/"
    static let archiNamespace = "http://www.archimatetool.com/archimate"

    public static func read(path: String) throws(ArchiMateError) -> ArchiMateModel {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ArchiMateError(line: 0, column: 0, message: LocalizedText(nb: "filen kan ikke åpnes", en: "cannot open the file"))
        }
        let head = (try? handle.read(upToCount: 65_536)) ?? Data()
        try? handle.close()
        try refuseDocumentType(head)
        guard let stream = InputStream(fileAtPath: path) else {
            throw ArchiMateError(line: 0, column: 0, message: LocalizedText(nb: "filen kan ikke åpnes", en: "cannot open the file"))
        }
        return try read(XMLParser(stream: stream))
    }

    public static func read(data: Data) throws(ArchiMateError) -> ArchiMateModel {
        try refuseDocumentType(data.prefix(65_536))
        return try read(XMLParser(data: data))
    }

    /// A document type declaration is where entities are declared, which no exchange or Archi
    /// file has: one before the root element is refused before the parser sees it (the parser's
    /// own handling of entities is not relied on: an external one reads files or the network,
    /// an internal one can grow without bound).
    static func refuseDocumentType(_ head: Data) throws(ArchiMateError) {
        let bytes = [UInt8](head)
        var i = 0, line = 1, column = 1
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "<"), i + 1 < bytes.count {
                let next = bytes[i + 1]
                if next == UInt8(ascii: "!"), bytes[i...].starts(with: Array("<!DOCTYPE".utf8)) {
                    throw ArchiMateError(line: line, column: column,
                                         message: LocalizedText(nb: "filen har en dokumenttypedeklarasjon (<!DOCTYPE), der entiteter deklareres; ingen ArchiMate-fil trenger det, og entiteter leses ikke",
                                                                en: "the file has a document type declaration (<!DOCTYPE), where entities are declared; no ArchiMate file needs one, and entities are not read"))
                }
                // The root element: nothing before it declared anything.
                if next != UInt8(ascii: "?") && next != UInt8(ascii: "!") { return }
            }
            if bytes[i] == 0x0A { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
    }

    static func read(_ parser: XMLParser) throws(ArchiMateError) -> ArchiMateModel {
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        let delegate = Delegate(parser)
        parser.delegate = delegate
        let ok = parser.parse()
        if let failure = delegate.failure { throw failure }
        guard ok else {
            let error = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "not well-formed XML"
            throw ArchiMateError(line: parser.lineNumber, column: parser.columnNumber, message: LocalizedText(nb: "ikke velformet XML (\(error))", en: "not well-formed XML (\(error))"))
        }
        guard delegate.sawRoot else {
            throw ArchiMateError(line: 1, column: 1, message: LocalizedText(nb: "filen har ingen ArchiMate-modell", en: "no ArchiMate model in the file"))
        }
        return delegate.model
    }

    final class Delegate: NSObject, XMLParserDelegate {
        let parser: XMLParser
        var model = ArchiMateModel()
        var failure: ArchiMateError?
        var sawRoot = false
        /// The open elements, by local name.
        var stack: [String] = []
        var text = ""
        var element: ArchiMateModel.Element?
        var relationship: ArchiMateModel.Relationship?
        var propertyName: String?
        var propertyReference: String?
        var propertyDefinitions: [String: String] = [:]
        var definitionID: String?
        /// How deep inside a view (a diagram) the parser is: nothing there is part of the model.
        var inView = 0

        init(_ parser: XMLParser) { self.parser = parser }

        func fail(nb: String, en: String) {
            guard failure == nil else { return }
            failure = ArchiMateError(line: parser.lineNumber, column: parser.columnNumber, message: LocalizedText(nb: nb, en: en))
            parser.abortParsing()
        }

        func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
            fail(nb: "filen deklarerer entiteten «\(name)»: entiteter leses ikke (ingen ArchiMate-fil trenger dem)", en: "the file declares the entity '\(name)': entities are not read (no ArchiMate file needs one)")
        }

        func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
            fail(nb: "filen deklarerer den eksterne entiteten «\(name)»: entiteter leses ikke (ingen ArchiMate-fil trenger dem)", en: "the file declares the external entity '\(name)': entities are not read (no ArchiMate file needs one)")
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            defer { stack.append(name); text = "" }
            if stack.isEmpty {
                guard name == "model" else { return fail(nb: "rotelementet er <\(qualifiedName ?? name)>, ikke en ArchiMate-<model>", en: "the root element is <\(qualifiedName ?? name)>, not an ArchiMate <model>") }
                switch namespaceURI {
                case ArchiMateReader.exchangeNamespace?: model.format = .exchange
                case ArchiMateReader.archiNamespace?: model.format = .archi
                default:
                    return fail(nb: "modellens navnerom er «\(namespaceURI ?? "ingen")», verken utvekslingsformatets (\(ArchiMateReader.exchangeNamespace)) eller Archis (\(ArchiMateReader.archiNamespace))",
                                en: "the model's namespace is '\(namespaceURI ?? "none")', neither the exchange format's (\(ArchiMateReader.exchangeNamespace)) nor Archi's (\(ArchiMateReader.archiNamespace))")
                }
                sawRoot = true
                if model.format == .archi { model.name = attributes["name"] ?? "" }
                return
            }
            let type = attributes["xsi:type"] ?? attributes["type"]
            switch model.format {
            case .exchange: startExchange(name, type: type, attributes)
            case .archi: startArchi(name, type: type, attributes)
            }
        }

        func startExchange(_ name: String, type: String?, _ attributes: [String: String]) {
            let parent = stack.last
            if inView > 0 { inView += 1; return }
            switch (name, parent) {
            case ("element", "elements"?):
                guard let id = attributes["identifier"], let type else { return fail(nb: "et element uten identifier eller xsi:type", en: "an element without identifier or xsi:type") }
                element = .init(identifier: id, type: local(type), name: "", documentation: "", properties: [], line: parser.lineNumber)
            case ("relationship", "relationships"?):
                guard let id = attributes["identifier"], let type, let source = attributes["source"], let target = attributes["target"] else {
                    return fail(nb: "en relasjon uten identifier, xsi:type, source eller target", en: "a relationship without identifier, xsi:type, source or target")
                }
                relationship = .init(identifier: id, type: local(type), source: source, target: target, name: "",
                                     accessType: attributes["accessType"].map { $0.lowercased() }, line: parser.lineNumber)
            case ("view", _):
                model.views += 1
                inView = 1
            case ("property", _):
                propertyReference = attributes["propertyDefinitionRef"]
            case ("propertyDefinition", _):
                definitionID = attributes["identifier"]
            default: break
            }
        }

        func startArchi(_ name: String, type: String?, _ attributes: [String: String]) {
            if inView > 0 { inView += 1; return }
            switch name {
            case "element":
                guard let type else { return fail(nb: "et element uten xsi:type", en: "an element without xsi:type") }
                let kind = local(type)
                if kind.hasSuffix("DiagramModel") || kind == "SketchModel" || kind.hasPrefix("Canvas") {
                    model.views += 1
                    inView = 1
                    return
                }
                guard let id = attributes["id"] else { return fail(nb: "et element uten id", en: "an element without id") }
                if kind.hasSuffix("Relationship") {
                    guard let source = attributes["source"], let target = attributes["target"] else {
                        return fail(nb: "en relasjon uten source eller target", en: "a relationship without source or target")
                    }
                    // Archi writes the access type as a number, and leaves out its default (write).
                    let access: String? = kind == "AccessRelationship"
                        ? ["0": "write", "1": "read", "2": "access", "3": "readwrite"][attributes["accessType"] ?? "0"] ?? "access" : nil
                    relationship = .init(identifier: id, type: String(kind.dropLast("Relationship".count)), source: source, target: target,
                                         name: attributes["name"] ?? "", accessType: access, line: parser.lineNumber)
                } else {
                    element = .init(identifier: id, type: kind, name: attributes["name"] ?? "", documentation: "", properties: [], line: parser.lineNumber)
                }
            case "property":
                if let key = attributes["key"] {
                    if element != nil { element?.properties.append((key, attributes["value"] ?? "")) }
                    else if relationship != nil { relationship?.properties.append((key, attributes["value"] ?? "")) }
                }
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
            // Documentation keeps its spaces and line breaks (the schema says they are the text's);
            // names and values do not.
            let value = name == "documentation" ? text : text.trimmingCharacters(in: .whitespacesAndNewlines)
            text = ""
            if inView > 0 {
                inView -= 1
                return
            }
            switch (model.format, name) {
            case (.exchange, "name"):
                if relationship != nil, relationship?.name.isEmpty == true { relationship?.name = value }
                else if element != nil, element?.name.isEmpty == true { element?.name = value }
                else if let definitionID { propertyDefinitions[definitionID] = value }
                else if stack.count == 1, model.name.isEmpty { model.name = value }
            case (.exchange, "documentation"), (.archi, "documentation"):
                if relationship != nil { if relationship?.documentation.isEmpty == true { relationship?.documentation = value } }
                else if element != nil, element?.documentation.isEmpty == true { element?.documentation = value }
            case (.exchange, "value"):
                if let reference = propertyReference {
                    if element != nil { element?.properties.append((reference, value)) }
                    else if relationship != nil { relationship?.properties.append((reference, value)) }
                    propertyReference = nil
                }
            case (.exchange, "propertyDefinition"):
                definitionID = nil
            case (.exchange, "element"), (.archi, "element"):
                if let done = element {
                    model.elements.append(done)
                    element = nil
                } else if let done = relationship {
                    model.relationships.append(done)
                    relationship = nil
                }
            case (.exchange, "relationship"):
                if let done = relationship {
                    model.relationships.append(done)
                    relationship = nil
                }
            default: break
            }
        }

        func parserDidEndDocument(_ parser: XMLParser) {
            // Exchange files name properties by a definition that comes after the elements.
            guard model.format == .exchange else { return }
            for i in model.elements.indices {
                model.elements[i].properties = model.elements[i].properties.map { (propertyDefinitions[$0.0] ?? $0.0, $0.1) }
            }
            for i in model.relationships.indices {
                model.relationships[i].properties = model.relationships[i].properties.map { (propertyDefinitions[$0.0] ?? $0.0, $0.1) }
            }
        }

        /// `archimate:BusinessActor` -> `BusinessActor`.
        func local(_ type: String) -> String {
            type.split(separator: ":").last.map(String.init) ?? type
        }
    }
}

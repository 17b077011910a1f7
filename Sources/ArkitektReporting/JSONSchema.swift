import ArkitektLoading
import ArkitektModel

/// The JSON Schema (draft-07, what yaml-language-server reads) of format v1, made from
/// `FormatSchema`, the table the decoder takes its fields from. One schema serves every
/// document: it dispatches on `kind`. Descriptions are in the run's language.
public enum JSONSchema {
    public static let draft = "http://json-schema.org/draft-07/schema#"

    /// The schema of every kind of document, or with `only` of that one kind.
    public static func document(only: FormatSchema.DocumentKind? = nil, language: Language) -> JSON {
        let head: [(String, JSON)] = [("$schema", .string(draft)), ("$comment", .string(comment.text(language)))]
        if let only {
            return .object(head + definition(only, language))
        }
        let kinds = FormatSchema.all
        let about = LocalizedText(nb: "Et dokument i arkitekts landskapsformat (arkitekt/v1): et element eller .arkitekt.yaml.",
                                  en: "A document in arkitekt's landscape format (arkitekt/v1): an element or .arkitekt.yaml.")
        return .object(head + [
            ("title", .string(currentAPIVersion)),
            ("description", .string(about.text(language))),
            ("type", .string("object")),
            // A Backstage descriptor beside arkitekt's documents is checked by Backstage's own
            // schema, not this one.
            ("if", .object([
                ("properties", .object([("apiVersion", .object([("type", .string("string")), ("pattern", .string("^backstage\\.io/"))]))])),
                ("required", .array([.string("apiVersion")])),
            ])),
            ("then", .object([])),
            ("else", .object(dispatch(kinds, language))),
            ("definitions", .object(kinds.map { ($0.name, .object(definition($0, language))) })),
        ])
    }

    /// The checks of an arkitekt document: its envelope, then its kind's definition.
    static func dispatch(_ kinds: [FormatSchema.DocumentKind], _ language: Language) -> [(String, JSON)] {
        [
            ("required", .array([.string("apiVersion"), .string("kind")])),
            ("properties", .object([
                ("apiVersion", property(FormatSchema.apiVersion, language)),
                ("kind", .object([
                    ("description", .string(LocalizedText(nb: "Dokumentets type.", en: "The document's kind.").text(language))),
                    ("enum", .array(kinds.map { .string($0.name) })),
                ])),
            ])),
            ("allOf", .array(kinds.map { kind in
                .object([
                    ("if", .object([
                        ("properties", .object([("kind", .object([("const", .string(kind.name))]))])),
                        ("required", .array([.string("kind")])),
                    ])),
                    ("then", .object([("$ref", .string("#/definitions/" + kind.name))])),
                ])
            })),
        ]
    }

    /// What marks a file as one `arkitekt schema` wrote (and may write again).
    public static let marker = "arkitekt schema"
    static let comment = LocalizedText(nb: "Skrevet av \(marker); kjør kommandoen igjen for å oppdatere.",
                                       en: "Written by \(marker); run the command again to update it.")

    /// A document kind as the members of a schema object.
    static func definition(_ kind: FormatSchema.DocumentKind, _ language: Language) -> [(String, JSON)] {
        [("title", .string(kind.name)), ("description", .string(kind.about.text(language)))]
            + object(kind.fields, oneOf: [], nullable: false, language)
    }

    static func property(_ field: FormatSchema.Field, _ language: Language) -> JSON {
        var members = [("description", JSON.string(field.about.text(language)))] + members(field.shape, nullable: !field.required, language)
        if field.required {
            // Blank is absent to the decoder: a required field needs something in it.
            switch field.shape {
            case .text: members.append(("pattern", .string("\\S")))
            case .list: members.append(("minItems", .int(1)))
            default: break
            }
        }
        return .object(members)
    }

    static func object(_ fields: [FormatSchema.Field], oneOf: [[String]], nullable: Bool, _ language: Language) -> [(String, JSON)] {
        var result: [(String, JSON)] = [
            ("type", types(["object"], nullable)),
            ("additionalProperties", .bool(false)),
            ("properties", .object(fields.map { ($0.name, property($0, language)) })),
        ]
        // An object whose fields include required ones is itself required (an Integration's spec).
        let required = fields.filter { $0.required || hasRequired($0.shape) }.map { JSON.string($0.name) }
        if !required.isEmpty { result.append(("required", .array(required))) }
        let needs = fields.filter { !$0.needs.isEmpty }
        if !needs.isEmpty {
            result.append(("dependencies", .object(needs.map { ($0.name, .array($0.needs.map(JSON.string))) })))
        }
        if !oneOf.isEmpty {
            result.append(("oneOf", .array(oneOf.map { .object([("required", .array($0.map(JSON.string)))]) })))
        }
        return result
    }

    static func hasRequired(_ shape: FormatSchema.Shape) -> Bool {
        if case .object(let fields, _) = shape { return fields.contains(where: \.required) }
        return false
    }

    static func types(_ names: [String], _ nullable: Bool) -> JSON {
        let all = names + (nullable ? ["null"] : [])
        return all.count == 1 ? .string(all[0]) : .array(all.map(JSON.string))
    }

    /// A scalar the decoder reads as text: YAML may have typed it as a number or a boolean.
    static func text(_ nullable: Bool) -> [(String, JSON)] { [("type", types(["string", "number", "boolean"], nullable))] }

    /// A text checked by a pattern; an optional one may also be blank (absent to the decoder).
    static func pattern(_ regex: String, _ nullable: Bool) -> [(String, JSON)] {
        [("type", types(["string"], nullable)), ("pattern", .string(nullable ? Patterns.blank + "|" + regex : regex))]
    }

    /// The schema members of a shape.
    static func members(_ shape: FormatSchema.Shape, nullable: Bool, _ language: Language) -> [(String, JSON)] {
        switch shape {
        case .text:
            return text(nullable)
        case .name:
            return pattern(Patterns.name, false)
        case .texts:
            return [("anyOf", .array([.object(text(nullable)), .object([("type", .string("array")), ("items", .object(text(false)))])]))]
        case .bool:
            return [("anyOf", .array([.object([("type", types(["boolean"], nullable))]), .object(pattern(Patterns.bool, nullable))]))]
        case .date:
            return pattern(Patterns.date, nullable)
        case .retention:
            return pattern(Patterns.retention, nullable)
        case .percentage:
            return pattern(Patterns.percentage, nullable)
        case .orgNumber:
            return [("anyOf", .array([
                .object([("type", .string("integer")), ("minimum", .int(100_000_000)), ("maximum", .int(999_999_999))]),
                .object(pattern(Patterns.orgNumber, nullable)),
            ]))]
        case .choice(let values):
            let choice: [(String, JSON)] = [("enum", .array(values.map(JSON.string) + (nullable ? [.null] : [])))]
            guard nullable else { return choice }
            return [("anyOf", .array([.object(choice), .object([("type", .string("string")), ("pattern", .string(Patterns.blank))])]))]
        case .ref(let kind):
            return pattern(Patterns.ref(kind), nullable)
        case .list(let item):
            // The decoder skips an item that is absent; an item that is an object is not.
            let itemIsObject: Bool
            if case .object = item { itemIsObject = true } else { itemIsObject = false }
            return [("type", types(["array"], nullable)), ("items", .object(members(item, nullable: !itemIsObject, language)))]
        case .object(let fields, let oneOf):
            return object(fields, oneOf: oneOf, nullable: nullable, language)
        case .map(let value):
            return [("type", types(["object"], nullable)), ("additionalProperties", .object(members(value, nullable: true, language)))]
        case .definition:
            return [("anyOf", .array([
                .object(text(nullable)),
                .object([("type", .string("object")), ("additionalProperties", .object(text(true)))]),
            ]))]
        case .any:
            return []
        }
    }

    /// The regular expressions (ECMA 262, as JSON Schema uses) of the values the decoder checks
    /// by their text.
    public enum Patterns {
        public static let name = "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$"
        /// Nothing but spaces: absent, to the decoder.
        public static let blank = "^\\s*$"
        public static let bool = "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy][Ee][Ss]|[Nn][Oo]|[Oo][Nn]|[Oo][Ff][Ff])$"
        public static let date = "^\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ].*)?\\s*$"
        public static let retention = "^\\s*(permanent|P(?=[0-9])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?)\\s*$"
        public static let percentage = "^\\s*[0-9]+([.,][0-9]+)?[ \\u00a0\\u202f]*%\\s*$"
        public static let orgNumber = "^([ \\u00a0]*[0-9]){9}[ \\u00a0]*$"

        /// A reference: with a kind, `kind:name` of that kind or a bare name; without, `kind:name`
        /// of any kind.
        public static func ref(_ kind: Kind?) -> String {
            if let kind { return "^\\s*(\(kind.refPrefix):.+|[^:\\s][^:]*)$" }
            let prefixes = Kind.allCases.map(\.refPrefix).sorted().joined(separator: "|")
            return "^\\s*(\(prefixes)):.+$"
        }
    }
}

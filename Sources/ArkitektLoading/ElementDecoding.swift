import ArkitektModel

/// The format's version that this release reads.
public let currentAPIVersion = "arkitekt/v1"

extension DocumentDecoder {
    /// Reads the document's element, or nil when it cannot be loaded (no kind, unknown kind,
    /// missing or malformed name, not a mapping, or a document of another format).
    mutating func decodeElement() -> Element? {
        guard let root = doc.root, !isAbsent(root) else { return nil }
        guard doc.node(root).kind == .mapping else {
            schema(root, LoaderMessages.notAMapping, detail: "document")
            return nil
        }
        let apiNode = doc.value(root, "apiVersion")
        let apiVersion = apiNode.flatMap { doc.scalar($0) }?.trimmingSpaces

        // Identity before anything else, so that every later finding names the element.
        guard let kindNode = doc.value(root, "kind"), let kindText = text(kindNode, "kind") else {
            schema(root, LoaderMessages.missingKind, detail: "kind")
            _ = fieldMap(root, path: "", allowed: Self.envelopeKeys)
            return nil
        }
        guard let kind = Kind(rawValue: kindText.value.trimmingSpaces) else {
            schema(kindNode, LoaderMessages.unknownKind(kindText.value, Suggest.closest(to: kindText.value, in: Kind.allCases.map(\.rawValue))), detail: "kind")
            return nil
        }
        let metadataNode = doc.value(root, "metadata")
        let nameNode = metadataNode.flatMap { doc.node($0).kind == .mapping ? doc.value($0, "name") : nil }
        guard let nameNode, let name = text(nameNode, "metadata.name") else {
            schema(metadataNode ?? root, LoaderMessages.missingName, detail: "metadata.name")
            return nil
        }
        guard ElementName.isValid(name.value) else {
            schema(nameNode, LoaderMessages.badName(name.value), detail: "metadata.name")
            return nil
        }
        element = Ref(kind, name.value)

        guard let top = fieldMap(root, path: "", allowed: Self.envelopeKeys) else { return nil }
        if let apiNode = top["apiVersion"], !isAbsent(apiNode) {
            if let apiVersion, apiVersion != currentAPIVersion {
                schema(apiNode, LoaderMessages.unknownAPIVersion(apiVersion), detail: "apiVersion")
            } else if apiVersion == nil {
                schema(apiNode, LoaderMessages.wrongShape("apiVersion", expected: .text), detail: "apiVersion")
            }
        } else {
            schema(root, LoaderMessages.missing("apiVersion"), detail: "apiVersion")
        }
        let metadata = decodeMetadata(metadataNode, name: name)
        let specFields = fieldMap(top["spec"], path: "spec", allowed: Self.specKeys(kind)) ?? FieldMap()
        let spec: Spec
        switch kind {
        case .group: spec = .group(decodeGroup(specFields))
        case .capability: spec = .capability(decodeCapability(specFields))
        case .process: spec = .process(decodeProcess(specFields))
        case .dataEntity: spec = .dataEntity(decodeDataEntity(specFields))
        case .system: spec = .system(decodeSystem(specFields))
        case .integration: spec = .integration(decodeIntegration(specFields, root: top["spec"] ?? root))
        case .platform: spec = .platform(decodePlatform(specFields))
        case .exemption: spec = .exemption(decodeExemption(specFields, root: top["spec"] ?? root))
        case .transition: spec = .transition(decodeTransition(specFields))
        case .contract: spec = .contract(decodeContract(specFields))
        }
        return Element(kind: kind, metadata: metadata, spec: spec, location: location(root), documentIndex: doc.index)
    }

    static let envelopeKeys = FormatSchema.keys(.group, "")
    static let metadataKeys = FormatSchema.keys(.group, "metadata")
    static let linkKeys = FormatSchema.keys(.group, "metadata.links")
    static let classificationKeys = FormatSchema.keys(.dataEntity, "spec.classification")
    static let dataUseKeys = FormatSchema.keys(.system, "spec.data")
    static let archiveKeys = FormatSchema.keys(.system, "spec.archive")
    static let securityKeys = FormatSchema.keys(.system, "spec.security")
    static let privacyKeys = FormatSchema.keys(.system, "spec.privacy")
    static let subProcessorKeys = FormatSchema.keys(.system, "spec.privacy.subProcessors")
    static let conditionKeys = FormatSchema.keys(.transition, "spec.conditions")
    private static let specKeysByKind = Kind.allCases.map { FormatSchema.keys($0, "spec") }

    /// The fields each kind's `spec` defines (FormatSchema).
    static func specKeys(_ kind: Kind) -> [String] {
        specKeysByKind[Kind.allCases.firstIndex(of: kind) ?? 0]
    }

    mutating func decodeMetadata(_ node: Int32?, name: Located<String>) -> Metadata {
        let f = fieldMap(node, path: "metadata", allowed: Self.metadataKeys) ?? FieldMap()
        var metadata = Metadata(name: name)
        metadata.origin = origin
        metadata.title = text(f["title"], "metadata.title")
        metadata.description = text(f["description"], "metadata.description")
        if let labels = f["labels"], !isAbsent(labels) {
            if doc.node(labels).kind == .mapping {
                for (key, v) in uniquePairs(labels, "metadata.labels") {
                    if let value = text(v, "metadata.labels.\(key)") { metadata.labels[key] = value.value }
                }
            } else {
                schema(labels, LoaderMessages.wrongShape("metadata.labels", expected: .map), detail: "metadata.labels")
            }
        }
        for (i, item) in list(f["links"], "metadata.links") {
            let path = "metadata.links[\(i)]"
            let lf = fieldMap(item, path: path, allowed: Self.linkKeys) ?? FieldMap()
            metadata.links.append(Link(url: text(lf["url"], path + ".url")?.value, title: text(lf["title"], path + ".title")?.value))
        }
        return metadata
    }

    mutating func decodeGroup(_ f: FieldMap) -> GroupSpec {
        let s = GroupSpec()
        s.type = enumValue(f["type"], "spec.type", GroupType.self)
        s.parent = ref(f["parent"], "spec.parent", .group)
        s.email = text(f["email"], "spec.email")
        return s
    }

    mutating func decodeCapability(_ f: FieldMap) -> CapabilitySpec {
        let s = CapabilitySpec()
        s.parent = ref(f["parent"], "spec.parent", .capability)
        s.los = text(f["los"], "spec.los")
        s.eid = bool(f["eid"], "spec.eid")
        return s
    }

    mutating func decodeProcess(_ f: FieldMap) -> ProcessSpec {
        let s = ProcessSpec()
        s.owner = ref(f["owner"], "spec.owner", .group)
        s.capabilities = refs(f["capabilities"], "spec.capabilities", .capability)
        s.users = enumList(f["users"], "spec.users", ProcessUser.self)
        s.data = refs(f["data"], "spec.data", .dataEntity)
        s.legalBasis = texts(f["legalBasis"], "spec.legalBasis")
        s.exercisesAuthority = bool(f["exercisesAuthority"], "spec.exercisesAuthority")
        return s
    }

    mutating func decodeDataEntity(_ f: FieldMap) -> DataEntitySpec {
        let s = DataEntitySpec()
        s.owner = ref(f["owner"], "spec.owner", .group)
        if let node = f["definition"], !isAbsent(node) {
            switch doc.node(node).kind {
            case .scalar:
                if let t = text(node, "spec.definition") { s.definition = Located(Definition(texts: ["nb": t.value]), at: t.location) }
            case .mapping:
                var texts: [String: String] = [:]
                for (lang, v) in uniquePairs(node, "spec.definition") {
                    if let t = text(v, "spec.definition.\(lang)") { texts[lang] = t.value }
                }
                s.definition = Located(Definition(texts: texts), at: location(node))
            case .sequence:
                schema(node, LoaderMessages.wrongShape("spec.definition", expected: .text), detail: "spec.definition")
            }
        }
        s.concept = text(f["concept"], "spec.concept")
        let c = fieldMap(f["classification"], path: "spec.classification",
                         allowed: Self.classificationKeys) ?? FieldMap()
        s.classification.personal = enumValue(c["personal"], "spec.classification.personal", PersonalClass.self)
        s.classification.confidentiality = enumValue(c["confidentiality"], "spec.classification.confidentiality", Confidentiality.self)
        s.classification.dutyOfConfidentiality = bool(c["dutyOfConfidentiality"], "spec.classification.dutyOfConfidentiality")
        s.authoritativeSource = ref(f["authoritativeSource"], "spec.authoritativeSource", .system)
        s.legalBasis = texts(f["legalBasis"], "spec.legalBasis")
        s.retention = text(f["retention"], "spec.retention")
        if let retention = s.retention, !Retention.isValid(retention.value), let node = f["retention"] {
            // Free text is no retention period: reported, and counts as none (personal-data-retention).
            schema(node, LoaderMessages.wrongShape("spec.retention", expected: .retention), detail: "spec.retention")
            s.retention = nil
        }
        s.retentionNote = text(f["retentionNote"], "spec.retentionNote")
        return s
    }

    mutating func decodeSystem(_ f: FieldMap) -> SystemSpec {
        let s = SystemSpec()
        s.owner = ref(f["owner"], "spec.owner", .group)
        s.vendor = text(f["vendor"], "spec.vendor")
        s.scope = enumValue(f["scope"], "spec.scope", Scope.self)
        s.lifecycle = enumValue(f["lifecycle"], "spec.lifecycle", Lifecycle.self)
        s.capabilities = refs(f["capabilities"], "spec.capabilities", .capability)
        s.processes = refs(f["processes"], "spec.processes", .process)
        for (i, item) in list(f["data"], "spec.data") {
            // The item's paths are built only for a finding.
            func path() -> String { "spec.data[\(i)]" }
            var use = DataUse(location: location(item))
            if let d = fieldMap(item, path: path(), allowed: Self.dataUseKeys) {
                // An entry names the data it is about; without it, it says nothing.
                if isAbsent(d["entity"]) { schema(item, LoaderMessages.missing(path() + ".entity"), detail: path() + ".entity") }
                use.entity = refItem(d["entity"], .dataEntity, { path() + ".entity" })
                use.access = enumItem(d["access"], Access.self, { path() + ".access" })
                use.source = refItem(d["source"], .system, { path() + ".source" })
            }
            s.data.append(use)
        }
        s.uses = refs(f["uses"], "spec.uses", .system)
        s.hosting = ref(f["hosting"], "spec.hosting", .platform)
        s.audience = enumList(f["audience"], "spec.audience", Audience.self)
        s.channel = enumValue(f["channel"], "spec.channel", Channel.self)
        s.userFacing = bool(f["userFacing"], "spec.userFacing")
        if s.userFacing != nil, let node = f["userFacing"] {
            report("deprecated-field", node, LoaderMessages.userFacingReplaced, detail: "spec.userFacing")
        }
        s.accessibility = text(f["accessibility"], "spec.accessibility")
        s.accessibilityStatement = text(f["accessibilityStatement"], "spec.accessibilityStatement")
        s.availability = availability(f["availability"])
        s.endOfSupport = date(f["endOfSupport"], "spec.endOfSupport")
        let archive = fieldMap(f["archive"], path: "spec.archive", allowed: Self.archiveKeys) ?? FieldMap()
        s.archive.obligation = bool(archive["obligation"], "spec.archive.obligation")
        s.archive.noark5 = bool(archive["noark5"], "spec.archive.noark5")
        let sec = fieldMap(f["security"], path: "spec.security",
                           allowed: Self.securityKeys) ?? FieldMap()
        s.security.confidentiality = enumValue(sec["confidentiality"], "spec.security.confidentiality", Level.self)
        s.security.integrity = enumValue(sec["integrity"], "spec.security.integrity", Level.self)
        s.security.availability = enumValue(sec["availability"], "spec.security.availability", Level.self)
        s.security.authentication = ref(sec["authentication"], "spec.security.authentication", .system)
        s.security.riskAssessment = date(sec["riskAssessment"], "spec.security.riskAssessment")
        let p = fieldMap(f["privacy"], path: "spec.privacy",
                         allowed: Self.privacyKeys) ?? FieldMap()
        s.privacy.dpia = text(p["dpia"], "spec.privacy.dpia")
        s.privacy.dpiaDate = date(p["dpiaDate"], "spec.privacy.dpiaDate")
        s.privacy.dpoConsulted = date(p["dpoConsulted"], "spec.privacy.dpoConsulted")
        s.privacy.transferBasis = enumValue(p["transferBasis"], "spec.privacy.transferBasis", TransferBasis.self)
        s.privacy.transferImpactAssessment = date(p["transferImpactAssessment"], "spec.privacy.transferImpactAssessment")
        s.privacy.dataProcessingAgreement = text(p["dataProcessingAgreement"], "spec.privacy.dataProcessingAgreement")
        for (i, item) in list(p["subProcessors"], "spec.privacy.subProcessors") {
            let path = "spec.privacy.subProcessors[\(i)]"
            var sub = SubProcessor(location: location(item))
            if let d = fieldMap(item, path: path, allowed: Self.subProcessorKeys) {
                sub.name = text(d["name"], path + ".name")
                sub.country = enumValue(d["location"], path + ".location", PlatformLocation.self)
                if isAbsent(d["name"]) { schema(item, LoaderMessages.missing(path + ".name"), detail: path + ".name") }
            }
            s.privacy.subProcessors.append(sub)
        }
        return s
    }

    mutating func decodeIntegration(_ f: FieldMap, root: Int32) -> IntegrationSpec {
        let s = IntegrationSpec()
        s.from = ref(f["from"], "spec.from", .system)
        s.to = ref(f["to"], "spec.to", .system)
        if isAbsent(f["from"]) { schema(root, LoaderMessages.missing("spec.from"), detail: "spec.from") }
        if isAbsent(f["to"]) { schema(root, LoaderMessages.missing("spec.to"), detail: "spec.to") }
        s.data = refs(f["data"], "spec.data", .dataEntity)
        s.via = ref(f["via"], "spec.via", .system)
        s.protocol = text(f["protocol"], "spec.protocol")
        s.authentication = enumValue(f["authentication"], "spec.authentication", AuthenticationMethod.self)
        s.encryption = enumValue(f["encryption"], "spec.encryption", Encryption.self)
        s.purpose = text(f["purpose"], "spec.purpose")
        s.legalBasis = texts(f["legalBasis"], "spec.legalBasis")
        return s
    }

    mutating func decodePlatform(_ f: FieldMap) -> PlatformSpec {
        let s = PlatformSpec()
        s.type = enumValue(f["type"], "spec.type", PlatformType.self)
        s.vendor = text(f["vendor"], "spec.vendor")
        s.location = enumValue(f["location"], "spec.location", PlatformLocation.self)
        s.lifecycle = enumValue(f["lifecycle"], "spec.lifecycle", Lifecycle.self)
        s.availability = availability(f["availability"])
        s.endOfSupport = date(f["endOfSupport"], "spec.endOfSupport")
        return s
    }

    /// `spec.availability` of a System or Platform: a percentage. Anything else is reported and
    /// counts as undeclared (RULES.md, availability-dependency).
    mutating func availability(_ node: Int32?) -> Located<String>? {
        guard let value = text(node, "spec.availability"), let node else { return nil }
        guard SystemSpec.percentage(value.value) != nil else {
            schema(node, LoaderMessages.wrongShape("spec.availability", expected: .availability), detail: "spec.availability")
            return nil
        }
        return value
    }

    mutating func decodeContract(_ f: FieldMap) -> ContractSpec {
        let s = ContractSpec()
        s.vendor = text(f["vendor"], "spec.vendor")
        s.orgNumber = text(f["orgNumber"], "spec.orgNumber")
        if let number = s.orgNumber, !OrganisationNumber.isValid(number.value), let node = f["orgNumber"] {
            schema(node, LoaderMessages.wrongShape("spec.orgNumber", expected: .orgNumber), detail: "spec.orgNumber")
            s.orgNumber = nil
        }
        s.systems = refs(f["systems"], "spec.systems", .system)
        s.ends = date(f["ends"], "spec.ends")
        s.exitPlan = text(f["exitPlan"], "spec.exitPlan")
        s.dataProcessingAgreement = bool(f["dataProcessingAgreement"], "spec.dataProcessingAgreement")
        return s
    }

    mutating func decodeExemption(_ f: FieldMap, root: Int32) -> ExemptionSpec {
        let s = ExemptionSpec()
        s.rule = text(f["rule"], "spec.rule")
        s.targets = list(f["targets"], "spec.targets").compactMap { anyRef($0.node, "spec.targets[\($0.index)]") }
        s.reason = text(f["reason"], "spec.reason")
        s.approvedBy = ref(f["approvedBy"], "spec.approvedBy", .group)
        s.expires = date(f["expires"], "spec.expires")
        for key in ["rule", "targets", "reason", "expires"] where isAbsent(f[key]) {
            schema(root, LoaderMessages.missing("spec." + key), detail: "spec." + key)
        }
        return s
    }

    mutating func decodeTransition(_ f: FieldMap) -> TransitionSpec {
        let s = TransitionSpec()
        s.title = text(f["title"], "spec.title")
        s.description = text(f["description"], "spec.description")
        s.due = date(f["due"], "spec.due")
        for (i, item) in list(f["conditions"], "spec.conditions") {
            let path = "spec.conditions[\(i)]"
            guard let c = fieldMap(item, path: path, allowed: Self.conditionKeys) else { continue }
            guard let ref = anyRef(c["ref"], path + ".ref") else {
                if isAbsent(c["ref"]) { schema(item, LoaderMessages.badCondition(path), detail: path) }
                continue
            }
            let tests = ["exists", "equals", "contains"].filter { c[$0] != nil }
            guard tests.count == 1 else {
                schema(item, LoaderMessages.badCondition(path), detail: path)
                continue
            }
            let test: TransitionCondition.Test
            if let exists = c["exists"] {
                guard let value = bool(exists, path + ".exists") else { continue }
                test = .exists(value.value)
            } else {
                guard let p = text(c["path"], path + ".path") else {
                    schema(item, LoaderMessages.badCondition(path), detail: path)
                    continue
                }
                if let equals = c["equals"] {
                    test = .equals(path: p.value, value: conditionValue(equals))
                } else if let contains = c["contains"] {
                    test = .contains(path: p.value, value: conditionValue(contains))
                } else {
                    continue
                }
            }
            s.conditions.append(TransitionCondition(location: location(item), ref: ref.value, test: test))
        }
        return s
    }
}

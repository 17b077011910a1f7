import ArkitektModel

/// Messages of the loader, in Bokmål and English. Each says what is wrong and what to do.
enum LoaderMessages {
    static func syntax(_ problem: String) -> LocalizedText {
        let said = plainWords(problem)
        return LocalizedText(nb: "YAML-feil: \(said.nb). Rett syntaksen; ingen elementer i filen er lest.",
                             en: "YAML error: \(said.en). Fix the syntax; no element of this file was read.")
    }

    /// libyaml's problems in plain words, in both languages; a problem not listed here is quoted
    /// as libyaml wrote it.
    static func plainWords(_ problem: String) -> (nb: String, en: String) {
        let table: [(String, String, String)] = [
            ("could not find expected ':'",
             "fant ikke kolonet etter en nøkkel (en linje uten «nøkkel: verdi», eller en linje rykket inn feil)",
             "a key has no colon after it (a line that is not 'key: value', or a line indented wrongly)"),
            ("mapping values are not allowed",
             "et kolon står der en verdi ikke kan ha det (sett verdien i anførselstegn når den inneholder «: »)",
             "a colon stands where a value cannot have one (quote the value when it contains ': ')"),
            ("did not find expected key",
             "innrykket stemmer ikke med linjene over: en nøkkel var ventet",
             "the indentation does not match the lines above: a key was expected"),
            ("did not find expected '-' indicator",
             "innrykket stemmer ikke med listen over: en linje med «- » var ventet",
             "the indentation does not match the list above: a line with '- ' was expected"),
            ("did not find expected ',' or ']'",
             "en liste i [ ] er ikke lukket, eller mangler komma mellom verdiene",
             "a list in [ ] is not closed, or lacks a comma between its values"),
            ("did not find expected ',' or '}'",
             "et kart i { } er ikke lukket, eller mangler komma mellom parene",
             "a map in { } is not closed, or lacks a comma between its pairs"),
            ("found unexpected end of stream",
             "filen slutter før et anførselstegn eller en klamme er lukket",
             "the file ends before a quote or a bracket is closed"),
            ("did not find expected node content",
             "en verdi mangler der den var ventet",
             "a value is missing where one was expected"),
            ("found character that cannot start any token",
             "et tegn som ikke kan begynne en verdi (som @ eller `); sett verdien i anførselstegn",
             "a character that cannot begin a value (such as @ or `); put the value in quotes"),
            ("found unknown escape character",
             "en ukjent escape-sekvens med \\ i en tekst i doble anførselstegn; bruk enkle anførselstegn eller skriv \\\\",
             "an unknown escape with \\ in a double-quoted text; use single quotes, or write \\\\"),
            ("found duplicate anchor",
             "samme anker (&navn) er definert to ganger",
             "the same anchor (&name) is defined twice"),
            ("did not find the expected '>'",
             "en tag med <...> er ikke lukket",
             "a tag in <...> is not closed"),
        ]
        for (key, nb, en) in table where problem.contains(key) {
            return (nb, en)
        }
        return ("libyaml sier «\(problem)»", "libyaml says '\(problem)'")
    }

    static let tabIndentation = LocalizedText(
        nb: "YAML-feil: YAML rykker inn med mellomrom, ikke tabulator, og denne linjen har en tabulator i innrykket. Bytt den ut med mellomrom; ingen elementer i filen er lest.",
        en: "YAML error: YAML indents with spaces, not tabs, and this line has a tab in its indentation. Replace it with spaces; no element of this file was read.")

    static func aliasAcrossDocuments(_ name: String) -> LocalizedText {
        LocalizedText(nb: "YAML-feil: aliaset *\(name) viser til et anker i et tidligere dokument i filen, men ankre gjelder bare innenfor sitt eget dokument (mellom to «---»). Gjenta verdien, eller flytt ankeret inn i dette dokumentet; ingen elementer i filen er lest.",
                      en: "YAML error: the alias *\(name) refers to an anchor in an earlier document of the file, but anchors hold only within their own document (between two '---'). Repeat the value, or move the anchor into this document; no element of this file was read.")
    }

    static func undefinedAlias(_ name: String) -> LocalizedText {
        LocalizedText(nb: "YAML-feil: aliaset *\(name) viser til et anker (&\(name)) som ikke finnes. Definer ankeret før aliaset, eller rett navnet; ingen elementer i filen er lest.",
                      en: "YAML error: the alias *\(name) refers to an anchor (&\(name)) that does not exist. Define the anchor before the alias, or correct the name; no element of this file was read.")
    }

    static let mergeConflict = LocalizedText(
        nb: "Uløst flettekonflikt: filen har fortsatt gits konfliktmarkører (<<<<<<<, =======, >>>>>>>). Velg hvilke linjer som skal stå, fjern markørene og kjør «git add» på filen; ingen elementer i filen er lest.",
        en: "Unresolved merge conflict: the file still holds git's conflict markers (<<<<<<<, =======, >>>>>>>). Choose the lines to keep, remove the markers and 'git add' the file; no element of this file was read.")

    static let notUTF8 = LocalizedText(
        nb: "Filen er ikke gyldig UTF-8. Lagre den som UTF-8; ingen elementer i filen er lest.",
        en: "The file is not valid UTF-8. Save it as UTF-8; no element of this file was read.")

    static func limit(_ limit: ResourceLimit, _ value: Int) -> LocalizedText {
        switch limit {
        case .fileSize:
            return LocalizedText(nb: "Filen er større enn grensen på \(value) byte og er ikke lest. Del den opp i flere filer.",
                                 en: "The file is larger than the limit of \(value) bytes and was not read. Split it into several files.")
        case .aliasExpansion:
            return LocalizedText(nb: "Dokumentet ville hatt over \(value) noder med alle alias foldet ut (for stort, eller en «alias-bombe»). Filen er ikke lest; del det opp eller bruk færre alias.",
                                 en: "The document would have more than \(value) nodes with every alias expanded (too large, or an \"alias bomb\"). The file was not read; split it up or use fewer aliases.")
        case .nestingDepth:
            return LocalizedText(nb: "Dokumentet er nøstet dypere enn \(value) nivåer. Filen er ikke lest; gjør strukturen flatere.",
                                 en: "The document is nested deeper than \(value) levels. The file was not read; flatten the structure.")
        case .documents:
            return LocalizedText(nb: "Filen har flere enn \(value) dokumenter. Filen er ikke lest; del den opp.",
                                 en: "The file has more than \(value) documents. It was not read; split it up.")
        case .elements:
            return LocalizedText(nb: "Landskapet har flere enn \(value) elementer; resten er ikke lest.",
                                 en: "The landscape has more than \(value) elements; the rest were not read.")
        }
    }

    static let lfsPointer = LocalizedText(
        nb: "Filen er en Git LFS-peker, ikke YAML. Arkitekturfiler skal ikke lagres i LFS; fjern mønsteret fra .gitattributes og sjekk inn filen på nytt.",
        en: "The file is a Git LFS pointer, not YAML. Keep architecture files out of LFS: remove the pattern from .gitattributes and commit the file again.")

    static func didYouMean(_ suggestion: String?) -> (nb: String, en: String) {
        guard let suggestion else { return ("", "") }
        return (" Mente du «\(suggestion)»?", " Did you mean '\(suggestion)'?")
    }

    static func unknownField(_ path: String, _ suggestion: String?) -> LocalizedText {
        let dym = didYouMean(suggestion)
        return LocalizedText(nb: "Ukjent felt «\(path)»; formatet definerer det ikke, så det blir ikke lest.\(dym.nb)",
                             en: "Unknown field '\(path)': the format does not define it, so it is ignored.\(dym.en)")
    }

    static func wrongShape(_ path: String, expected: Shape) -> LocalizedText {
        LocalizedText(nb: "Feltet «\(path)» skal være \(expected.nb).", en: "Field '\(path)' must be \(expected.en).")
    }

    enum Shape {
        case text, list, map, date, bool, ref(Kind), anyRef, listOrText, availability, retention, orgNumber
        var nb: String {
            switch self {
            case .text: return "en tekst"
            case .list: return "en liste"
            case .map: return "et kart (nøkkel: verdi)"
            case .date: return "en dato på formen ÅÅÅÅ-MM-DD"
            case .bool: return "true eller false"
            case .ref(let kind): return "en referanse til \(kind.displayName.nb.lowercased()) (navn eller \(kind.refPrefix):navn)"
            case .anyRef: return "en referanse på formen type:navn, f.eks. system:sak-arkiv"
            case .listOrText: return "en tekst eller en liste med tekster"
            case .availability: return "en prosentandel som «99.5%»"
            case .retention: return "en varighet etter ISO 8601 som «P10Y» (10 år) eller «P6M» (6 måneder), eller «permanent»; skriv forklaringer i «retentionNote»"
            case .orgNumber: return "et organisasjonsnummer med ni sifre, f.eks. «974 760 673» (kontrollsifferet stemmer ikke, eller det er ikke ni sifre)"
            }
        }
        var en: String {
            switch self {
            case .text: return "a text"
            case .list: return "a list"
            case .map: return "a map (key: value)"
            case .date: return "a date written YYYY-MM-DD"
            case .bool: return "true or false"
            case .ref(let kind): return "a reference to a \(kind.displayName.en.lowercased()) (name or \(kind.refPrefix):name)"
            case .anyRef: return "a reference written kind:name, e.g. system:sak-arkiv"
            case .listOrText: return "a text or a list of texts"
            case .availability: return "a percentage such as '99.5%'"
            case .retention: return "an ISO 8601 duration such as 'P10Y' (10 years) or 'P6M' (6 months), or 'permanent'; put explanations in 'retentionNote'"
            case .orgNumber: return "an organisation number of nine digits, e.g. '974 760 673' (the check digit does not match, or it is not nine digits)"
            }
        }
    }

    static func unknownValue(_ path: String, _ value: String, allowed: [String], suggestion: String?) -> LocalizedText {
        let dym = didYouMean(suggestion)
        let list = allowed.joined(separator: ", ")
        return LocalizedText(nb: "«\(value)» er ikke en gyldig verdi for «\(path)». Gyldige verdier: \(list).\(dym.nb)",
                             en: "'\(value)' is not a valid value of '\(path)'. Valid values: \(list).\(dym.en)")
    }

    static func missing(_ path: String) -> LocalizedText {
        LocalizedText(nb: "Det påkrevde feltet «\(path)» mangler.", en: "The required field '\(path)' is missing.")
    }

    static func refKindMismatch(_ path: String, _ ref: String, expected: Kind) -> LocalizedText {
        LocalizedText(nb: "«\(path)» skal peke på \(expected.displayName.nb.lowercased()) (\(expected.refPrefix):…), men peker på «\(ref)».",
                      en: "'\(path)' must refer to a \(expected.displayName.en.lowercased()) (\(expected.refPrefix):…), but refers to '\(ref)'.")
    }

    static let notAMapping = LocalizedText(
        nb: "Dokumentet er ikke et kart med apiVersion, kind, metadata og spec, og er ikke lest.",
        en: "The document is not a map with apiVersion, kind, metadata and spec, and was not read.")

    static func unknownAPIVersion(_ value: String) -> LocalizedText {
        LocalizedText(nb: "Ukjent apiVersion «\(value)». Denne versjonen av arkitekt leser «arkitekt/v1» og Backstage-beskrivelser («backstage.io/v1alpha1»).",
                      en: "Unknown apiVersion '\(value)'. This version of arkitekt reads 'arkitekt/v1' and Backstage descriptors ('backstage.io/v1alpha1').")
    }

    static func unknownKind(_ value: String, _ suggestion: String?) -> LocalizedText {
        let dym = didYouMean(suggestion)
        let kinds = Kind.allCases.map(\.rawValue).joined(separator: ", ")
        return LocalizedText(nb: "Ukjent kind «\(value)»; elementet er ikke lest. Kjente typer: \(kinds).\(dym.nb)",
                             en: "Unknown kind '\(value)'; the element was not read. Known kinds: \(kinds).\(dym.en)")
    }

    static let missingKind = LocalizedText(nb: "Dokumentet mangler «kind» og er ikke lest. Angi en type, f.eks. «kind: System».",
                                           en: "The document has no 'kind' and was not read. Give one, e.g. 'kind: System'.")
    static let missingName = LocalizedText(nb: "Elementet mangler «metadata.name» og er ikke lest.",
                                           en: "The element has no 'metadata.name' and was not read.")

    static func badName(_ name: String) -> LocalizedText {
        LocalizedText(nb: "Navnet «\(name)» er ugyldig og elementet er ikke lest. Bruk små bokstaver a-z, sifre og bindestrek (ikke først eller sist), høyst 63 tegn, f.eks. «sak-arkiv».",
                      en: "The name '\(name)' is malformed and the element was not read. Use lower-case a-z, digits and hyphens (not first or last), at most 63 characters, e.g. 'sak-arkiv'.")
    }

    static func duplicateKey(_ path: String) -> LocalizedText {
        LocalizedText(nb: "Nøkkelen «\(path)» står to ganger; bare den første er lest. Fjern den ene.",
                      en: "The key '\(path)' appears twice; only the first is read. Remove one of them.")
    }

    static func unknownBackstageKind(_ value: String, _ suggestion: String?) -> LocalizedText {
        let dym = didYouMean(suggestion)
        return LocalizedText(
            nb: "Backstage-typen «\(value)» leses ikke; dokumentet er hoppet over. Typene som leses: Component, System, API, Resource, Group, User, Domain og Location.\(dym.nb)",
            en: "The Backstage kind '\(value)' is not read; the document was skipped. The kinds read: Component, System, API, Resource, Group, User, Domain and Location.\(dym.en)")
    }

    static func badEntityRef(_ path: String, _ text: String, needsKind: Bool) -> LocalizedText {
        LocalizedText(
            nb: "«\(path)»: «\(text)» er ingen gyldig Backstage-referanse. Skriv [type:][navnerom/]navn\(needsKind ? " med typen, f.eks. «component:default/sak»" : ", f.eks. «team-a» eller «group:default/team-a»").",
            en: "'\(path)': '\(text)' is not a valid Backstage entity reference. Write [kind:][namespace/]name\(needsKind ? " with the kind, e.g. 'component:default/sak'" : ", e.g. 'team-a' or 'group:default/team-a'").")
    }

    static func entityRefKind(_ path: String, _ text: String, allowed: [String]) -> LocalizedText {
        LocalizedText(nb: "«\(path)»: «\(text)» peker på en type som ikke hører hjemme her; bruk \(allowed.joined(separator: " eller ")).",
                      en: "'\(path)': '\(text)' names a kind that does not belong here; use \(allowed.joined(separator: " or ")).")
    }

    static func unknownAPI(_ path: String, _ text: String) -> LocalizedText {
        LocalizedText(nb: "«\(path)» nevner API-et «\(text)», som ingen beskrivelse definerer (kind: API). Legg det til, eller rett navnet.",
                      en: "'\(path)' names the API '\(text)', which no descriptor defines (kind: API). Add it, or correct the name.")
    }

    static func apiWithoutProvider(_ api: String, _ consumers: [String]) -> LocalizedText {
        let list = consumers.sorted().joined(separator: ", ")
        return LocalizedText(
            nb: "Ingen komponent tilbyr API-et «\(api)» (providesApis), men \(list) bruker det; integrasjonene kan ikke tegnes. Nevn API-et i providesApis hos komponenten som tilbyr det.",
            en: "No component provides the API '\(api)' (providesApis), but \(list) consume it; the integrations cannot be drawn. Name the API in providesApis of the component that provides it.")
    }

    static let userFacingReplaced = LocalizedText(
        nb: "«spec.userFacing» er erstattet av «spec.audience» (hvem systemet er for: citizens, businesses, employees, partners) og «spec.channel» (web, app, intranet, extranet, fagsystem, kiosk, other). «userFacing: true» leses som «audience: [citizens]» uten kanal, altså en nettløsning for innbyggere; skriv de nye feltene så kravene om universell utforming treffer riktig.",
        en: "'spec.userFacing' is replaced by 'spec.audience' (who the system is for: citizens, businesses, employees, partners) and 'spec.channel' (web, app, intranet, extranet, fagsystem, kiosk, other). 'userFacing: true' reads as 'audience: [citizens]' without a channel, that is a web solution for citizens; write the new fields so that the universal design requirements apply where they should.")

    static func badCondition(_ path: String) -> LocalizedText {
        LocalizedText(nb: "Betingelsen «\(path)» må ha «ref» og nøyaktig én av «exists», «equals» eller «contains» (de to siste med «path»).",
                      en: "Condition '\(path)' needs 'ref' and exactly one of 'exists', 'equals' or 'contains' (the last two with 'path').")
    }
}

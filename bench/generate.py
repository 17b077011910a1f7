#!/usr/bin/env python3
"""Generate a synthetic but realistic arkitekt landscape as a git repository.

    python3 bench/generate.py --files 10000 --commits 1000 --seed 1 OUT

OUT becomes a (non-bare) git repository whose HEAD holds exactly --files element files under
architecture/ (one element per file, about 1 KB each) plus .arkitekt.yaml and README.md, and
whose first-parent history is one initial import followed by --commits commits that each
touch 1-5 files: a field is modified, an element is added, a system is retired, a file is
moved, or a finding is introduced and fixed again a few commits later. Everything is written
with one `git fast-import` run and then checked out, so the work tree and the index equal HEAD.

The landscape is that of an invented inter-municipal IT co-operation ("IKT Vestfjord") whose
member municipalities each keep their own elements under architecture/<municipality>/<domain>/,
next to the shared national solutions, platforms and the co-operation's organisation. Every
reference resolves and every element satisfies the rules, except a handful of deliberate
findings (listed in the metadata file, see --meta) and the findings that exemptions suppress.

With --shape adoption (the default is --shape tidy, the landscape above) the same kinds of
elements are laid out as a portfolio imported from a spreadsheet: one flat folder per kind
(architecture/systemer/, architecture/data/, architecture/integrasjoner/, ...; some files still
named after their spreadsheet row), with findings planted on about 40 % of the elements (each a
defect that triggers one known rule on one known element, graph rules included, and about 11 %
of the files a reference that is a near miss of a real name), and a history of --commits commits
in those folders: edits, renames and moves (delete and add of the same bytes), fixes of what the
import left, planted findings fixed and brought back, findings introduced and fixed again. The
metadata then holds `planted_by_rule`, which bench/verify-planted.py compares with what
`arkitekt check --rev HEAD` reports.

Only the standard library is used; the same arguments give the same bytes and commit ids.
"""

import argparse
import copy
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

# ---------------------------------------------------------------------------------------------
# Vocabulary

MUNICIPALITIES = [
    ("fjordvik", "Fjordvik"), ("nordstrand", "Nordstrand"), ("lia", "Lia"), ("breivik", "Breivik"),
    ("solhaug", "Solhaug"), ("elvdal", "Elvdal"), ("havnes", "Havnes"), ("furuli", "Furuli"),
    ("kvitberg", "Kvitberg"), ("storvatn", "Storvatn"), ("nesbyen", "Nesbyen"), ("askvik", "Askvik"),
    ("moldnes", "Moldnes"), ("ostfjell", "Østfjell"), ("vikoy", "Vikøy"), ("sandli", "Sandli"),
    ("bergnes", "Bergnes"), ("tindvik", "Tindvik"), ("dalsnes", "Dalsnes"), ("ramvik", "Ramvik"),
]

# key, folder, title, department title, system stems, data stems, process stems, capability stems
DOMAINS = [
    ("helse", "helse-og-omsorg", "Helse og omsorg", "Helse- og omsorgstjenesten",
     ["epj", "legevakt", "hjemmetjeneste", "sykehjem", "trygghetsalarm", "medisinering", "helsestasjon",
      "fysioterapi", "ergoterapi", "tildeling", "rus-psykiatri", "velferdsteknologi", "kjokken", "turnus"],
     ["pasientjournal", "vedtak-helse", "tiltaksplan", "legemiddelliste", "avvik-helse", "besok",
      "brukerplan", "hjelpemiddel", "matbestilling", "vaktliste"],
     ["helsehjelp", "tildeling-tjenester", "legemiddelhandtering", "hjemmebesok", "innleggelse",
      "utskriving", "avviksbehandling-helse"],
     ["helsetjenester", "omsorgstjenester", "rehabilitering", "folkehelse", "legevaktdrift"]),
    ("oppvekst", "oppvekst", "Oppvekst", "Oppvekst og utdanning",
     ["skoleadm", "barnehageadm", "laeringsplattform", "sfo", "ppt", "barnevern", "skyss-elev",
      "foreldreportal", "timeplan", "vurdering", "kulturskole"],
     ["elev", "barnehageplass", "foresatt", "karakter", "fravaer", "sakkyndig-vurdering",
      "barnevernssak", "sfo-plass", "skyssvedtak", "timeplan-data"],
     ["skoleinntak", "opptak-barnehage", "spesialundervisning", "barnevernsundersokelse",
      "skoleskyss", "vurdering-elev"],
     ["grunnskole", "barnehage", "barnevern", "spesialpedagogikk", "skolefritid"]),
    ("teknisk", "teknisk", "Teknisk", "Teknisk drift og eiendom",
     ["fdv", "kartlosning", "byggesak", "vann-avlop", "renovasjon", "veglys", "brann", "parkering",
      "energi", "driftsovervaking", "arbeidsordre"],
     ["bygning", "byggesoknad", "kumlokk", "vannmaler", "avfallsabonnement", "arbeidsordre-data",
      "energimaling", "parkeringstillatelse", "tilsynsrapport"],
     ["byggesaksbehandling", "vedlikehold", "avfallshenting", "maleravlesning", "tilsyn",
      "beredskap"],
     ["eiendomsforvaltning", "vann-og-avlop", "renovasjon", "samferdsel", "brannvern"]),
    ("okonomi", "okonomi", "Økonomi", "Økonomiavdelingen",
     ["okonomi", "faktura", "innfordring", "eiendomsskatt", "budsjett", "innkjop", "lonn",
      "reiseregning", "kasse", "avtale"],
     ["faktura-data", "leverandor", "kunde", "budsjettlinje", "kontrakt", "lonnsslipp", "reise",
      "skattegrunnlag", "betaling"],
     ["fakturering", "innkreving", "budsjettering", "anskaffelse", "lonnskjoring", "regnskap"],
     ["okonomistyring", "innkjop", "lonn", "skatt-og-avgift", "regnskapsforing"]),
    ("stab", "stab", "Stab", "Stab og styring",
     ["sak-arkiv", "intranett", "politisk-mote", "hr", "kvalitet", "rekruttering", "tilgangsstyring",
      "kompetanse", "avvik", "postmottak", "innsyn"],
     ["saksdokument", "ansatt", "motebok", "stilling", "kvalitetsavvik", "tilgang", "kurs",
      "postjournal", "innsynskrav"],
     ["journalforing", "politisk-behandling", "rekruttere", "avviksbehandling", "innsynsbehandling",
      "tilgangsstyring-prosess"],
     ["arkivering", "styring", "personal", "internkontroll", "dokumentforvaltning"]),
    ("kultur", "kultur", "Kultur", "Kultur og fritid",
     ["bibliotek", "booking", "kulturkalender", "idrettsanlegg", "frivilligsentral", "museum",
      "kino", "ungdomsklubb"],
     ["lanetaker", "utlan", "lokale", "arrangement", "tilskudd", "frivillig", "medlem"],
     ["utleie-lokaler", "utlan-media", "tilskuddsbehandling", "arrangementsplanlegging"],
     ["bibliotektjenester", "utleie", "fritid", "kulturformidling"]),
    ("nav", "nav", "NAV kommune", "NAV-kontoret",
     ["sosialhjelp", "bolig", "introduksjon", "flyktning", "gjeldsradgivning", "kvalifisering"],
     ["stonad", "boligsoknad", "deltaker", "husstand", "okonomisk-radgivning"],
     ["sosialhjelpssak", "bosetting", "tildeling-bolig", "kvalifiseringsprogram"],
     ["sosiale-tjenester", "bosetting", "boligsosialt-arbeid"]),
    ("plan", "plan-og-naering", "Plan og næring", "Plan, miljø og næring",
     ["arealplan", "landbruk", "miljo", "naering", "skjenkebevilling", "matrikkelforing",
      "oppmaling", "planregister"],
     ["reguleringsplan", "landbrukseiendom", "utslippstillatelse", "bevilling", "naeringsaktor",
      "oppmalingssak"],
     ["planbehandling", "bevillingsbehandling", "oppmalingsforretning", "miljotilsyn"],
     ["arealplanlegging", "landbruk", "naeringsutvikling", "miljoforvaltning"]),
]

SYSTEM_QUALIFIERS = ["", "", "", "-portal", "-mobil", "-rapport", "-arkiv", "-kobling", "-api",
                     "-analyse", "-admin", "-app"]
VENDORS = ["Nordarkiv AS", "Omsorgsdata AS", "Skolesys AS", "Kommunedata Nord AS", "Fjellsoft AS",
           "Vestnett AS", "Kartverk Digital AS", "Økonomipartner AS", "Kulturverk AB", "Byggdata AS",
           "Helsesys Norge AS", "Tieto Kommune AS", "Visma Enterprise AS", "Evry Offentlig AS",
           "Norsk Fagsystem AS", "Datasmia AS", "Systemhuset Vest AS", "Polar Software AS"]
PLATFORM_VENDORS = ["Nordlys Sky AS", "Vestfjord IKT (egen drift)", "Europa Cloud SE",
                    "Fjellhall Datasenter AS", "Polar Database AS", "Nettverksdrift Vest AS"]
PROTOCOLS = ["REST", "REST", "REST", "SOAP", "SFTP", "AMQP", "GraphQL", "Fiks IO"]
AUTHS = ["maskinporten", "oauth2", "mtls", "maskinporten", "apikey"]
ENCRYPTIONS = ["tls", "tls", "tls", "mtls", "message"]
PEOPLE = [("Ingrid Solberg", "ingrid.solberg"), ("Lars Haugen", "lars.haugen"),
          ("Kari Nilsen", "kari.nilsen"), ("Ola Berg", "ola.berg"), ("Siri Dahl", "siri.dahl"),
          ("Amir Hassan", "amir.hassan"), ("Marte Lie", "marte.lie"), ("Jonas Strand", "jonas.strand")]
LAWS = ["personvernforordningen art. 6 nr. 1 bokstav e", "forvaltningsloven", "kommuneloven",
        "arkivlova", "helse- og omsorgstjenesteloven", "pasientjournalloven", "opplæringslova",
        "barnehageloven", "barnevernsloven", "sosialtjenesteloven", "plan- og bygningsloven",
        "matrikkellova", "eigedomsskattelova", "forurensningsloven", "alkoholloven",
        "bokføringsloven", "arbeidsmiljøloven", "introduksjonsloven", "folkebibliotekloven"]
SENTENCES = [
    "Løsningen brukes daglig av saksbehandlere og ledere i tjenesten.",
    "Data hentes fra de nasjonale registrene der det er mulig, slik at innbyggeren slipper å oppgi det samme flere ganger.",
    "Leverandøren har ansvar for drift og oppdateringer etter avtalen fra siste anskaffelse.",
    "Tjenesten er sentral for at kommunen skal kunne oppfylle lovpålagte oppgaver.",
    "Opplysningene deles bare med dem som har tjenstlig behov for dem.",
    "Avtalen løper til neste anskaffelse, og behovet vurderes på nytt i forbindelse med den.",
    "Brukerne logger inn med kommunens felles pålogging, og tilgangene styres fra HR-systemet.",
    "Det er etablert rutiner for sikkerhetskopi, gjenoppretting og avvikshåndtering.",
    "Endringer i løsningen meldes til arkitekturrådet før de settes i produksjon.",
    "Integrasjonene mot andre fagsystemer går via kommunens integrasjonsplattform.",
    "Løsningen er felles for flere kommuner i samarbeidet og forvaltes av IKT Vestfjord.",
    "Innbyggerne får svar og varsler digitalt gjennom Digipost, e-Boks eller Altinn.",
    "Opplysningene er grunnlag for statistikk som rapporteres til staten hvert år.",
    "Historiske opplysninger avleveres til det interkommunale arkivet når de ikke lenger er i bruk.",
    "Fagansvarlig i tjenesten godkjenner nye brukere og gjennomgår tilgangene to ganger i året.",
    "Løsningen skal erstattes når dagens avtale utløper, se overgangsplanen.",
    "Tjenesten ble gjennomgått i forbindelse med kommunesammenslåingen, og ansvaret ble da flyttet til den enheten som eier prosessen i dag.",
    "Ved driftsavbrudd gjelder beredskapsplanen for tjenesteområdet, og brukerne varsles på intranettet og med SMS til vaktansvarlig.",
    "Tilgang gis etter søknad fra nærmeste leder, og alle oppslag i personopplysninger logges og kontrolleres stikkprøvevis hvert kvartal.",
    "Løsningen er tilpasset universell utforming og testes mot kravene i forskrift om universell utforming av IKT-løsninger før hver større versjon.",
    "Databehandleravtalen med leverandøren ble fornyet etter at personvernombudet gjennomgikk underleverandørene og lagringsstedet for dataene.",
    "Opplysningene brukes også i styringsinformasjonen som rapporteres til kommunestyret i tertialrapportene og i årsmeldingen.",
    "Fagsystemet har en egen testinstans der nye versjoner prøves med syntetiske data før de tas i bruk.",
    "Eksport til arkiv skjer etter Noark-standarden, og uttrekk kontrolleres av det interkommunale arkivet før de godkjennes.",
]
DEFINITION_SENTENCES = [
    "Opplysningen registreres når saken opprettes, og oppdateres når vedtaket fattes.",
    "Hver forekomst har en entydig identifikator som brukes på tvers av fagsystemene.",
    "Begrepet følger den nasjonale definisjonen i Felles datakatalog der en slik finnes.",
    "Opplysningene kan bare rettes av den enheten som eier dem.",
    "Registreringen omfatter både aktive og avsluttede forhold.",
]
DOMAIN_FOLDERS = {d[1] for d in DOMAINS}
UNIT_NAMES = ["forvaltning", "drift", "fag", "service", "utvikling", "tildeling", "radgivning",
              "veiledning", "tilsyn", "planlegging"]


class Names:
    """Unique names per kind (lower case, digits, inner hyphens, at most 63 characters)."""

    def __init__(self):
        self.used = {}

    def make(self, kind, base):
        base = re.sub(r"[^a-z0-9-]+", "-", base.lower()).strip("-")[:56].strip("-")
        used = self.used.setdefault(kind, set())
        name, i = base, 2
        while name in used:
            name = f"{base}-{i}"
            i += 1
        used.add(name)
        return name


# ---------------------------------------------------------------------------------------------
# YAML rendering (the way people write these files: flow lists, flow maps for data uses,
# folded text for long descriptions)

PLAIN_RE = re.compile(r"^[A-Za-zÆØÅæøåÉé0-9][^:#\n\"']*$")
RESERVED_RE = re.compile(r"^(?:true|false|yes|no|on|off|null|~|y|n|[-+]?[0-9][0-9_.:e+-]*|\d{4}-\d{2}-\d{2})$",
                         re.IGNORECASE)


def q(s, flow=False):
    """A scalar as it would be written: plain where YAML allows it, else double-quoted."""
    if isinstance(s, bool):
        return "true" if s else "false"
    s = str(s)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return s  # dates are written unquoted, as people do
    plain = (PLAIN_RE.match(s) and not RESERVED_RE.match(s) and not s.endswith(" ")
             and ": " not in s and " #" not in s)
    if plain and flow and any(c in s for c in ",[]{}"):
        plain = False
    if plain:
        return s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrap(text, width, indent):
    words, lines, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    if line:
        lines.append(line)
    return "\n".join(" " * indent + l for l in lines)


def text_field(key, value, indent):
    pad = " " * indent
    if len(value) + len(key) + indent > 96:
        return f"{pad}{key}: >-\n{wrap(value, 78, indent + 2)}\n"
    return f"{pad}{key}: {q(value)}\n"


def flow_map(d):
    return "{" + ", ".join(f"{k}: {q(v, flow=True)}" for k, v in d.items()) + "}"


def render_value(key, value, indent):
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return f"{pad}{key}: {{}}\n"
        out = f"{pad}{key}:\n"
        for k, v in value.items():
            out += render_value(k, v, indent + 2)
        return out
    if isinstance(value, list):
        if all(isinstance(v, dict) for v in value):
            return f"{pad}{key}:\n" + "".join(f"{pad}  - {flow_map(v)}\n" for v in value)
        items = [q(v, flow=True) for v in value]
        if sum(len(i) + 2 for i in items) + indent + len(key) < 90 and all(" " not in v for v in value):
            return f"{pad}{key}: [{', '.join(items)}]\n"
        return f"{pad}{key}:\n" + "".join(f"{pad}  - {q(v)}\n" for v in value)
    if isinstance(value, str):
        return text_field(key, value, indent)
    return f"{pad}{key}: {q(value)}\n"


def render(el):
    out = ""
    if el.get("comment"):
        out += "".join(f"# {line}\n" for line in el["comment"])
    out += "apiVersion: arkitekt/v1\n"
    out += f"kind: {el['kind']}\n"
    out += "metadata:\n"
    out += f"  name: {el['name']}\n"
    if el.get("title"):
        out += text_field("title", el["title"], 2)
    if el.get("description"):
        out += text_field("description", el["description"], 2)
    if el.get("labels"):
        out += f"  labels: {flow_map(el['labels'])}\n"
    if el.get("links"):
        out += "  links:\n"
        for link in el["links"]:
            out += f"    - url: {q(link['url'])}\n      title: {q(link['title'])}\n"
    spec = el["spec"]
    if not spec:
        out += "spec: {}\n"
    else:
        out += "spec:\n"
        for k, v in spec.items():
            out += render_value(k, v, 2)
    return out


# ---------------------------------------------------------------------------------------------
# The model


class Landscape:
    # the share of each kind in what is left after the shared elements
    KIND_WEIGHTS = [("Group", 5), ("Capability", 6), ("Process", 10), ("DataEntity", 20),
                    ("System", 28), ("Integration", 25), ("Exemption", 3), ("Transition", 3)]

    def __init__(self, files, seed):
        self.rng = random.Random(seed)
        self.target = files
        self.names = Names()
        self.elements = []          # every element, in creation order
        self.by_ref = {}            # "system:x" -> element
        self.deliberate = []        # (ref, rule, why)

    # --- helpers ---
    def add(self, kind, name, path, title, description, spec, **extra):
        el = {"kind": kind, "name": name, "path": path, "title": title, "description": description,
              "spec": spec}
        if self.rng.random() < 0.35:
            el["comment"] = [self.rng.choice([
                "Forvaltes av fagansvarlig i enheten; endringer meldes til arkitekturrådet.",
                "Gjennomgått i årlig revisjon av arkitekturlandskapet.",
                "Se også overgangsplanen for tjenesteområdet.",
                "Opplysningene er kontrollert mot avtalen og databehandleravtalen.",
                "Oppdateres av systemeier når leverandør, drift eller dataflyt endres."])]
        el.update(extra)
        self.elements.append(el)
        self.by_ref[ref(kind, name)] = el
        return el

    def sentences(self, n, pool=SENTENCES):
        return " ".join(self.rng.sample(pool, n))

    # --- build ---
    def build(self):
        rng = self.rng
        N = self.target
        self.n_muni = min(len(MUNICIPALITIES), max(2, round(N / 500)))
        self.munis = MUNICIPALITIES[: self.n_muni]
        self.shared_org()
        self.shared_systems()
        self.platforms(max(6, N // 60))
        fixed = len(self.elements)
        per_kind_weights = self.KIND_WEIGHTS
        total_w = sum(w for _, w in per_kind_weights)
        budget = N - fixed
        counts = {k: budget * w // total_w for k, w in per_kind_weights}
        counts["Integration"] += budget - sum(counts.values())
        # distribute every kind over municipalities and domains
        self.local = {}  # (muni, domain) -> dict of lists
        for mi, (mkey, mtitle) in enumerate(self.munis):
            self.municipality_root(mkey, mtitle)
        cells = [(m, d) for m in self.munis for d in DOMAINS]
        for cell in cells:
            self.local[(cell[0][0], cell[1][0])] = {"groups": [], "caps": [], "procs": [], "data": [],
                                                    "systems": []}

        def split(n):
            base = [n // len(cells)] * len(cells)
            for i in range(n - sum(base)):
                base[i] += 1
            return base

        self.depts = {}
        for (m, d), n in zip(cells, split(counts["Group"] - self.n_muni)):
            self.groups(m, d, max(n, 0))
        for (m, d), n in zip(cells, split(counts["Capability"])):
            self.capabilities(m, d, n)
        for (m, d), n in zip(cells, split(counts["DataEntity"])):
            self.data_entities(m, d, n)
        for (m, d), n in zip(cells, split(counts["Process"])):
            self.processes(m, d, n)
        for (m, d), n in zip(cells, split(counts["System"])):
            self.systems(m, d, n)
        self.link_systems()
        for (m, d), n in zip(cells, split(counts["Integration"])):
            self.integrations(m, d, n)
        self.exemptions(counts["Exemption"])
        self.transitions(counts["Transition"])
        self.deliberate_findings()
        # pad or trim to exactly N files (trimming only removes integrations nobody references)
        for _ in range(100 * N):
            if len(self.elements) >= N:
                break
            cell = cells[rng.randrange(len(cells))]
            self.integrations(cell[0], cell[1], 1)
        while len(self.elements) > N:
            for i in range(len(self.elements) - 1, -1, -1):
                el = self.elements[i]
                if el["kind"] == "Integration" and not el.get("deliberate"):
                    del self.elements[i]
                    del self.by_ref[ref("Integration", el["name"])]
                    break
        return self

    def shared_org(self):
        self.root = self.add("Group", self.names.make("group", "ikt-vestfjord"),
                             "architecture/felles/organisasjon/ikt-vestfjord.yaml",
                             "IKT Vestfjord",
                             "Interkommunalt IT-samarbeid som drifter og forvalter fellesløsningene for "
                             f"{len(self.munis)} kommuner på Vestlandet. " + self.sentences(1),
                             {"type": "department", "email": "post@iktvestfjord.no"},
                             links=[{"url": "https://www.iktvestfjord.no", "title": "Samarbeidets nettsted"}])
        self.arch_board = self.add("Group", self.names.make("group", "arkitekturradet"),
                                   "architecture/felles/organisasjon/arkitekturradet.yaml",
                                   "Arkitekturrådet",
                                   "Tverrfaglig råd som forvalter arkitekturprinsippene og vedtar tidsbegrensede "
                                   "dispensasjoner fra dem.",
                                   {"type": "team", "parent": self.root["name"],
                                    "email": "arkitektur@iktvestfjord.no"})
        self.ext = {}
        for key, title in [("digdir", "Digitaliseringsdirektoratet"), ("skatteetaten", "Skatteetaten"),
                           ("brreg", "Brønnøysundregistrene"), ("kartverket", "Kartverket"),
                           ("ks", "KS"), ("nhn", "Norsk helsenett")]:
            self.ext[key] = self.add("Group", self.names.make("group", key),
                                     f"architecture/felles/organisasjon/eksterne/{key}.yaml", title,
                                     f"{title}, ekstern eier av nasjonale fellesløsninger og registre.",
                                     {"type": "external"})
        self.shared_caps = {}
        top = self.add("Capability", self.names.make("capability", "fellestjenester"),
                       "architecture/felles/kapabiliteter/fellestjenester.yaml", "Felles støttetjenester",
                       "Kapabiliteter som alle tjenesteområder trenger, og som dekkes av nasjonale fellesløsninger.",
                       {})
        for key, title in [("autentisering", "Innlogging og identitetskontroll"),
                           ("registeroppslag", "Oppslag i grunndata"),
                           ("digital-forsendelse", "Digital utsending av brev og vedtak"),
                           ("meldingsutveksling", "Sikker meldingsutveksling"),
                           ("digitale-skjema", "Digitale skjema og innsending"),
                           ("helsenett", "Sikker samhandling i helsesektoren")]:
            self.shared_caps[key] = self.add("Capability", self.names.make("capability", key),
                                             f"architecture/felles/kapabiliteter/{key}.yaml", title,
                                             f"{title}, dekket av en nasjonal fellesløsning som alle skal bruke.",
                                             {"parent": top["name"], "eid": True} if key == "autentisering" else {"parent": top["name"]})

    def shared_systems(self):
        d = [
            ("id-porten", "ID-porten", "digdir", "autentisering", "Felles innloggingsløsning for offentlige tjenester på nett."),
            ("maskinporten", "Maskinporten", "digdir", "autentisering", "Tilgangsstyring mellom virksomheter for API-er."),
            ("altinn", "Altinn", "digdir", "digitale-skjema", "Felles plattform for skjema og meldinger mellom næringsliv og det offentlige."),
            ("folkeregisteret", "Folkeregisteret", "skatteetaten", "registeroppslag", "Det nasjonale registeret over alle som bor eller har bodd i Norge."),
            ("enhetsregisteret", "Enhetsregisteret", "brreg", "registeroppslag", "Register over alle enheter med organisasjonsnummer."),
            ("matrikkelen", "Matrikkelen", "kartverket", "registeroppslag", "Norges offisielle register over eiendommer, bygninger og adresser."),
            ("krr", "Kontakt- og reservasjonsregisteret (KRR)", "digdir", "registeroppslag", "Register over innbyggernes e-post, mobilnummer og reservasjon mot digital post."),
            ("svarut", "KS-Fiks SvarUt", "ks", "digital-forsendelse", "Digital utsending av brev fra kommunens fagsystemer."),
            ("fiks-io", "KS-Fiks IO", "ks", "meldingsutveksling", "Sikker meldingsutveksling mellom fagsystemer i ulike virksomheter."),
            ("fiks-folkeregister", "KS-Fiks Folkeregister", "ks", "registeroppslag", "Kommunenes tilgang til Folkeregisteret gjennom KS-Fiks."),
            ("helsenettet", "Helsenettet", "nhn", "helsenett", "Det nasjonale helsenettet for sikker samhandling."),
        ]
        self.shared = {}
        for key, title, owner, cap, desc in d:
            spec = {"owner": self.ext[owner]["name"], "scope": "national",
                    "capabilities": [self.shared_caps[cap]["name"]], "availability": "99.9%"}
            self.shared[key] = self.add("System", self.names.make("system", key),
                                        f"architecture/felles/fellesloesninger/{key}.yaml", title,
                                        desc + " " + self.sentences(1), spec, shared=True, lifecycle="production",
                                        links=[{"url": f"https://docs.example.no/{key}/", "title": f"Dokumentasjon for {title}"}])
        # national data entities with an authoritative source
        self.national_data = {}
        for key, title, owner, source, personal in [
                ("person", "Person", "skatteetaten", "folkeregisteret", "personal"),
                ("virksomhet", "Virksomhet", "brreg", "enhetsregisteret", "none"),
                ("eiendom", "Eiendom", "kartverket", "matrikkelen", "none"),
                ("kontaktinformasjon", "Kontaktinformasjon", "digdir", "krr", "personal")]:
            spec = {"owner": self.ext[owner]["name"],
                    "definition": {"nb": f"{title} slik den er registrert i det nasjonale registeret. "
                                         + self.sentences(1, DEFINITION_SENTENCES),
                                   "en": f"A {key} as registered in the national register."},
                    "concept": f"https://data.norge.no/concepts/{key}",
                    "classification": {"personal": personal, "confidentiality": "confidential" if personal != "none" else "open"},
                    "authoritativeSource": self.shared[source]["name"]}
            if personal != "none":
                spec["legalBasis"] = [LAWS[0], "forvaltningsloven § 13"]
                spec["retention"] = "P2Y"
                spec["retentionNote"] = "Lagres lokalt bare så lenge saken krever det; oppdateres fra registeret ved hver bruk."
            self.national_data[key] = self.add("DataEntity", self.names.make("data", key),
                                               f"architecture/felles/grunndata/{key}.yaml", title,
                                               f"Grunndata: {title.lower()}.", spec, personal=personal)
            self.shared[source]["spec"]["data"] = [{"entity": key, "access": "master"}]

    def platforms(self, n):
        rng = self.rng
        kinds = [("cloud", "norway", "Skyplattform med datasentre i Norge"),
                 ("on-premises", "norway", "Eget datasenter i samarbeidets lokaler"),
                 ("saas", "eu-eea", "Programvare levert som tjeneste fra leverandør i EU/EØS"),
                 ("database", "norway", "Felles databaseplattform"),
                 ("runtime", "norway", "Kjøremiljø for containere"),
                 ("network", "norway", "Kommunenes felles nettverk"),
                 ("saas", "third-country", "Programvare levert som tjeneste fra leverandør utenfor EU/EØS")]
        self.platform_list = []
        for i in range(n):
            ptype, loc, desc = kinds[i % len(kinds)]
            name = self.names.make("platform", f"{ptype}-{loc}-{i // len(kinds) + 1}")
            spec = {"type": ptype, "vendor": rng.choice(PLATFORM_VENDORS), "location": loc}
            if i == n - 1:
                spec["lifecycle"] = "retired"
            el = self.add("Platform", name, f"architecture/felles/plattformer/{name}.yaml",
                          f"{desc} ({i + 1})", desc + ". " + self.sentences(2), spec, location=loc)
            self.platform_list.append(el)
        self.retired_platform = self.platform_list[-1]
        self.active_platforms = self.platform_list[:-1]

    def municipality_root(self, mkey, mtitle):
        el = self.add("Group", self.names.make("group", f"{mkey}-kommune"),
                      f"architecture/{mkey}/organisasjon/{mkey}-kommune.yaml", f"{mtitle} kommune",
                      f"{mtitle} kommune, medlem av IKT Vestfjord. Kommunedirektøren er øverste administrative "
                      "leder og eier kommunens del av arkitekturlandskapet.",
                      {"type": "municipality", "parent": self.root["name"],
                       "email": f"postmottak@{mkey}.kommune.no"},
                      links=[{"url": f"https://www.{mkey}.kommune.no", "title": "Kommunens nettsted"}])
        setattr(self, f"root_{mkey}", el)

    def dir(self, m, d, kind_folder):
        return f"architecture/{m[0]}/{d[1]}/{kind_folder}"

    def groups(self, m, d, n):
        mkey, mtitle = m
        cell = self.local[(mkey, d[0])]
        dept = self.add("Group", self.names.make("group", f"{mkey}-{d[0]}"),
                        f"architecture/{mkey}/organisasjon/{mkey}-{d[0]}.yaml", f"{d[3]}, {mtitle}",
                        f"{d[3]} i {mtitle} kommune. " + self.sentences(1),
                        {"type": "department", "parent": getattr(self, f"root_{mkey}")["name"],
                         "email": f"{d[0]}@{mkey}.kommune.no"})
        cell["groups"].append(dept)
        for i in range(n - 1):
            unit = UNIT_NAMES[i % len(UNIT_NAMES)]
            name = self.names.make("group", f"{mkey}-{d[0]}-{unit}")
            gtype = "unit" if i < len(UNIT_NAMES) else "team"
            parent = dept if gtype == "unit" else cell["groups"][1 + i % len(UNIT_NAMES)]
            el = self.add("Group", name, f"architecture/{mkey}/organisasjon/{d[1]}/{name}.yaml",
                          f"{unit.capitalize()}, {d[2].lower()} ({mtitle})",
                          f"Enheten for {unit} i {d[2].lower()}. " + self.sentences(3),
                          {"type": gtype, "parent": parent["name"], "email": f"{name}@{mkey}.kommune.no"})
            cell["groups"].append(el)

    def owner(self, m, d):
        groups = self.local[(m[0], d[0])]["groups"]
        return self.rng.choice(groups)["name"]

    def capabilities(self, m, d, n):
        mkey, mtitle = m
        cell = self.local[(mkey, d[0])]
        if n <= 0:
            return
        top = self.add("Capability", self.names.make("capability", f"{mkey}-{d[0]}"),
                       f"{self.dir(m, d, 'kapabiliteter')}/{mkey}-{d[0]}.yaml", f"{d[2]} ({mtitle})",
                       f"Kapabilitetene innen {d[2].lower()} i {mtitle} kommune. " + self.sentences(1),
                       {"los": f"https://psi.norge.no/los/tema/{d[1]}"})
        cell["caps_top"] = top
        for i in range(n - 1):
            stem = d[7][i % len(d[7])]
            name = self.names.make("capability", f"{mkey}-{stem}")
            el = self.add("Capability", name, f"{self.dir(m, d, 'kapabiliteter')}/{name}.yaml",
                          f"{stem.replace('-', ' ').capitalize()} ({mtitle})",
                          f"Evnen til å levere {stem.replace('-', ' ')} til innbyggerne. " + self.sentences(3),
                          {"parent": top["name"]})
            cell["caps"].append(el)

    def data_entities(self, m, d, n):
        rng = self.rng
        mkey, mtitle = m
        cell = self.local[(mkey, d[0])]
        for i in range(n):
            stem = d[5][i % len(d[5])]
            name = self.names.make("data", f"{mkey}-{stem}")
            personal = rng.choices(["none", "personal", "special"], [40, 45, 15])[0]
            if d[0] == "helse" and personal == "personal":
                personal = "special"
            title = f"{stem.replace('-', ' ').capitalize()} ({mtitle})"
            definition = (f"{stem.replace('-', ' ').capitalize()} slik begrepet brukes i {d[2].lower()}. "
                          + self.sentences(3, DEFINITION_SENTENCES))
            spec = {"owner": self.owner(m, d),
                    "definition": definition if rng.random() < 0.7 else {
                        "nb": definition, "en": f"The {stem.replace('-', ' ')} as used in {d[0]}."},
                    "concept": f"https://begrep.{mkey}.kommune.no/begrep/{stem}",
                    "classification": {"personal": personal,
                                       "confidentiality": {"none": rng.choice(["open", "internal"]),
                                                           "personal": "confidential",
                                                           "special": "strictly-confidential"}[personal]}}
            if personal != "none":
                laws = rng.sample(LAWS, rng.choice([1, 2, 3]))
                spec["legalBasis"] = laws[0] if len(laws) == 1 else laws
                spec["retention"], spec["retentionNote"] = rng.choice([
                    ("permanent", "Bevares og avleveres til interkommunalt arkiv etter arkivplanen."),
                    ("P5Y", "Slettes fem år etter at saken er avsluttet."),
                    ("P10Y", "Slettes når formålet er oppfylt, senest ti år etter siste registrering."),
                    ("permanent", "Bevares for all tid etter bevarings- og kassasjonsplanen.")])
            el = self.add("DataEntity", name, f"{self.dir(m, d, 'data')}/{name}.yaml", title,
                          f"{title} i {mtitle} kommune. " + self.sentences(3), spec,
                          personal=personal, labels={"domene": d[0], "kommune": mkey})
            cell["data"].append(el)

    def processes(self, m, d, n):
        rng = self.rng
        mkey, mtitle = m
        cell = self.local[(mkey, d[0])]
        for i in range(n):
            stem = d[6][i % len(d[6])]
            name = self.names.make("process", f"{mkey}-{stem}")
            data = rng.sample(cell["data"], min(len(cell["data"]), rng.choice([1, 2, 3]))) if cell["data"] else []
            if rng.random() < 0.4:
                data.append(self.national_data["person"])
            spec = {"owner": self.owner(m, d)}
            caps = cell["caps"] or ([cell["caps_top"]] if cell.get("caps_top") else [])
            if caps:
                spec["capabilities"] = [c["name"] for c in rng.sample(caps, min(len(caps), rng.choice([1, 2])))]
            spec["users"] = rng.sample(["citizen", "business", "volunteer", "employee"], rng.choice([1, 2]))
            if data:
                spec["data"] = [e["name"] for e in data]
            if any(e["personal"] != "none" for e in data):
                laws = rng.sample(LAWS, rng.choice([1, 2]))
                spec["legalBasis"] = laws[0] if len(laws) == 1 else laws
            el = self.add("Process", name, f"{self.dir(m, d, 'prosesser')}/{name}.yaml",
                          f"{stem.replace('-', ' ').capitalize()} ({mtitle})",
                          f"Prosessen fra henvendelse til avsluttet sak for {stem.replace('-', ' ')}. "
                          + self.sentences(3), spec, labels={"domene": d[0]})
            cell["procs"].append(el)

    def systems(self, m, d, n):
        rng = self.rng
        mkey, mtitle = m
        cell = self.local[(mkey, d[0])]
        free_caps = list(cell["caps"])
        rng.shuffle(free_caps)
        masters = list(cell["data"])
        rng.shuffle(masters)
        for i in range(n):
            stem = d[4][i % len(d[4])] + SYSTEM_QUALIFIERS[(i // len(d[4])) % len(SYSTEM_QUALIFIERS)]
            name = self.names.make("system", f"{mkey}-{stem}")
            lifecycle = rng.choices(["production", "development", "planned", "phasing-out", "retired"],
                                    [86, 6, 4, 2, 2])[0]
            active = lifecycle in ("production", "development")
            spec = {"owner": self.owner(m, d), "vendor": rng.choice(VENDORS)}
            if lifecycle != "production":
                spec["lifecycle"] = lifecycle
            if free_caps and active and rng.random() < 0.6:
                spec["capabilities"] = [free_caps.pop()["name"]]
            if cell["procs"]:
                spec["processes"] = [p["name"] for p in rng.sample(cell["procs"], min(len(cell["procs"]), rng.choice([1, 1, 2, 3])))]
            data = []
            for _ in range(rng.choice([0, 1, 1, 2])):
                if masters:
                    data.append({"entity": masters.pop()["name"], "access": "master"})
            readable = [e for e in cell["data"] if all(e["name"] != u["entity"] for u in data)]
            for e in rng.sample(readable, min(len(readable), rng.choice([0, 1, 2, 3]))):
                data.append({"entity": e["name"], "access": rng.choice(["read", "read", "write"])})
            if rng.random() < 0.5:
                data.append({"entity": "person", "access": "read", "source": self.shared["folkeregisteret"]["name"]})
            if rng.random() < 0.2:
                data.append({"entity": "virksomhet", "access": "read", "source": self.shared["enhetsregisteret"]["name"]})
            if rng.random() < 0.15:
                data.append({"entity": "kontaktinformasjon", "access": "read", "source": self.shared["krr"]["name"]})
            if data:
                spec["data"] = data
            uses = []
            if rng.random() < 0.5:
                uses.append(self.shared["svarut"]["name"])
            if rng.random() < 0.3:
                uses.append(self.shared["fiks-io"]["name"])
            if any(u["entity"] in ("person",) for u in data) and rng.random() < 0.5:
                uses.append(self.shared["fiks-folkeregister"]["name"])
            if uses:
                spec["uses"] = uses
            platform = self.retired_platform if lifecycle == "retired" else rng.choice(self.active_platforms)
            spec["hosting"] = platform["name"]
            user_facing = active and rng.random() < 0.25
            if user_facing:
                spec["audience"] = ["citizens"]
                spec["channel"] = "web"
                spec["accessibility"] = rng.choice(["WCAG 2.1 AA", "WCAG 2.2 AA", "WCAG 2.1 AA"])
                spec["accessibilityStatement"] = f"https://uustatus.no/nb/erklaringar/publisert/{mkey}-{stem}"
            avail = None
            if user_facing or rng.random() < 0.4:
                avail = rng.choice(["99.0%", "99.5%"])
                spec["availability"] = avail
            spec["security"] = {"confidentiality": rng.choice(["medium", "medium", "high"]),
                                "integrity": rng.choice(["medium", "high"]),
                                "availability": rng.choice(["low", "medium", "high"]),
                                # a risk assessment within 24 months of the day the bench judges on (2026-12-31)
                                "riskAssessment": f"{rng.choice([2025, 2025, 2026])}-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}"}
            if user_facing:
                spec["security"]["authentication"] = self.shared["id-porten"]["name"]
                spec.setdefault("uses", []).append(self.shared["id-porten"]["name"])
            el = self.add("System", name, f"{self.dir(m, d, 'systemer')}/{name}.yaml",
                          f"{stem.replace('-', ' ').capitalize()} ({mtitle})",
                          f"Fagsystem for {stem.replace('-', ' ')} i {d[2].lower()}. " + self.sentences(4),
                          spec, labels={"domene": d[0], "kommune": mkey}, lifecycle=lifecycle,
                          avail=avail, muni=mkey, domain=d[0])
            if rng.random() < 0.5:
                el["links"] = [{"url": f"https://wiki.{mkey}.kommune.no/systemer/{name}", "title": "Systemdokumentasjon"}]
            cell["systems"].append(el)
        # entities mastered by a system of this cell may name it as authoritative source
        for s in cell["systems"]:
            for u in s["spec"].get("data", []):
                if u["access"] == "master" and s["lifecycle"] == "production" and rng.random() < 0.3:
                    self.by_ref[ref("DataEntity", u["entity"])]["spec"]["authoritativeSource"] = s["name"]

    def link_systems(self):
        """Local `uses`, privacy fields and the sources of reads, once every system exists."""
        rng = self.rng
        for (mkey, dkey), cell in self.local.items():
            active = [s for s in cell["systems"] if s["lifecycle"] in ("production", "development")]
            for s in cell["systems"]:
                spec = s["spec"]
                if s["lifecycle"] in ("production", "development") and active and rng.random() < 0.3:
                    # only what is at least as available, so no availability-dependency finding
                    cands = [o for o in active if o is not s and
                             (s["avail"] is None or o["avail"] is None or o["avail"] >= s["avail"])]
                    for o in rng.sample(cands, min(len(cands), rng.choice([1, 2]))):
                        if o["name"] not in spec.get("uses", []):
                            spec.setdefault("uses", []).append(o["name"])
                            o["used"] = True
                handled = [self.by_ref[ref("DataEntity", u["entity"])] for u in spec.get("data", [])]
                for u in spec.get("data", []):
                    auth = self.by_ref[ref("DataEntity", u["entity"])]["spec"].get("authoritativeSource")
                    if u["access"] in ("read", "write") and auth and auth != s["name"]:
                        u["access"] = "read"
                        u["source"] = auth
                privacy = {}
                if any(e["personal"] == "special" for e in handled):
                    privacy["dpia"] = f"DPIA {rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}: {s['title']} (arkivsak {rng.randint(19, 25)}/{rng.randint(100, 9999):05d})"
                if any(e["personal"] != "none" for e in handled):
                    privacy["dpoConsulted"] = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                platform = self.by_ref[ref("Platform", spec["hosting"])]
                if platform["location"] == "third-country":
                    privacy["transferBasis"] = "dpf"
                if platform["spec"]["type"] in ("saas", "cloud") and any(e["personal"] != "none" for e in handled):
                    privacy["dataProcessingAgreement"] = f"Databehandleravtale med {platform['spec']['vendor']}"
                if privacy:
                    spec["privacy"] = privacy
                # keep field order as people write it
                order = ["owner", "vendor", "scope", "lifecycle", "capabilities", "processes", "data", "uses",
                         "hosting", "audience", "channel", "accessibility", "accessibilityStatement", "availability",
                         "security", "privacy"]
                s["spec"] = {k: spec[k] for k in order if k in spec}

    def integrations(self, m, d, n):
        rng = self.rng
        mkey, mtitle = m
        cell = self.local[(mkey, d[0])]
        systems = [s for s in cell["systems"] if s["lifecycle"] in ("production", "development")]
        if len(systems) < 1:
            return
        registers = [self.shared[k] for k in ("folkeregisteret", "enhetsregisteret", "matrikkelen", "krr")]
        for i in range(n):
            if rng.random() < 0.2:
                src = rng.choice(registers)
                dst = rng.choice(systems)
                data = [src["spec"]["data"][0]["entity"]]
            else:
                if len(systems) < 2:
                    src, dst = systems[0], self.shared["svarut"]
                else:
                    src, dst = rng.sample(systems, 2)
                handled = [u["entity"] for u in src["spec"].get("data", [])]
                data = rng.sample(handled, min(len(handled), rng.choice([1, 2]))) if handled else []
            # Only personal data the receiver says it uses (integration-data-minimisation).
            if not dst.get("shared"):
                declared = {u["entity"] for u in dst["spec"].get("data", [])}
                data = [e for e in data if e in declared or self.by_ref[ref("DataEntity", e)]["personal"] == "none"]
            short = lambda s: s["name"][len(mkey) + 1:] if s["name"].startswith(mkey + "-") else s["name"]
            name = self.names.make("integration", f"{mkey}-{short(src)}-til-{short(dst)}")
            personal = any(self.by_ref[ref("DataEntity", e)]["personal"] != "none" for e in data)
            spec = {"from": src["name"], "to": dst["name"]}
            if rng.random() < 0.25:
                spec["via"] = self.shared["fiks-io"]["name"]
            if data:
                spec["data"] = data
            spec["protocol"] = rng.choice(PROTOCOLS)
            strict = any(self.by_ref[ref("DataEntity", e)]["personal"] == "special" for e in data)
            spec["authentication"] = rng.choice([a for a in AUTHS if a != "apikey"] if strict else AUTHS)
            spec["encryption"] = rng.choice(ENCRYPTIONS)
            spec["purpose"] = (f"{dst['title']} trenger opplysningene fra {src['title']} for å behandle saker "
                               "uten at innbyggeren må oppgi dem på nytt.")
            if personal:
                laws = rng.sample(LAWS, rng.choice([1, 2]))
                spec["legalBasis"] = laws[0] if len(laws) == 1 else laws
            self.add("Integration", name, f"{self.dir(m, d, 'integrasjoner')}/{name}.yaml",
                     f"{src['title']} til {dst['title']}",
                     f"Overføring fra {src['title']} til {dst['title']}. " + self.sentences(4), spec,
                     labels={"domene": d[0]},
                     links=[{"url": f"https://api.{mkey}.kommune.no/docs/{name}", "title": "API-beskrivelse"}]
                     if rng.random() < 0.5 else None)

    def exemptions(self, n):
        """Each exemption suppresses a real finding: a field left out on purpose."""
        rng = self.rng
        local_active = [s for s in self.elements if s["kind"] == "System" and not s.get("shared")
                        and s["lifecycle"] == "production"]
        integrations = [e for e in self.elements if e["kind"] == "Integration"]
        entities = [e for e in self.elements if e["kind"] == "DataEntity" and e["spec"].get("owner") and
                    not e["name"] in self.national_data]
        self.exempted = set()
        for i in range(n):
            choice = i % 3
            if choice == 0 and integrations:
                target = integrations.pop(rng.randrange(len(integrations)))
                target["spec"].pop("protocol", None)
                rule, why = "integration-protocol", "Protokollen er ikke avklart med leverandøren ennå."
            elif choice == 1 and entities:
                target = entities.pop(rng.randrange(len(entities)))
                target["spec"].pop("concept", None)
                rule, why = "data-concept-reference", "Begrepet er under arbeid i begrepskatalogen."
            else:
                target = local_active.pop(rng.randrange(len(local_active)))
                if target["spec"].get("audience"):
                    target["spec"].pop("availability", None)
                    rule, why = "availability-declared", "Tjenestenivåavtalen er ikke ferdigforhandlet."
                else:
                    # the classification is left out; the risk assessment stays
                    target["spec"]["security"] = {k: v for k, v in target["spec"]["security"].items() if k == "riskAssessment"}
                    rule, why = "security-classification-required", "Risikovurderingen er ikke ferdig."
            tref = ref(target["kind"], target["name"])
            self.exempted.add(tref)
            target["exempted"] = True
            name = self.names.make("exemption", f"{target['name'][:40].rstrip('-')}-{rule.split('-')[0]}")
            year = rng.choice([2028, 2029, 2030, 2031])
            self.add("Exemption", name, f"architecture/felles/dispensasjoner/{year}/{name}.yaml",
                     f"Dispensasjon: {rule} for {target['name']}",
                     f"Vedtatt i arkitekturrådet (sak {rng.randint(2023, 2026)}/{rng.randint(1, 99)}).",
                     {"rule": rule, "targets": [tref], "reason": why + " " + self.sentences(1),
                      "approvedBy": self.arch_board["name"], "expires": f"{year}-{rng.choice(['03-31', '06-30', '12-31'])}"})

    def transitions(self, n):
        rng = self.rng
        systems = [s for s in self.elements if s["kind"] == "System" and not s.get("shared")]
        integrations = [e for e in self.elements if e["kind"] == "Integration"]
        for i in range(n):
            s = rng.choice(systems)
            conds = []
            if rng.random() < 0.5:
                conds.append({"ref": ref("System", s["name"]), "path": "spec.lifecycle", "equals": "retired"})
            else:
                conds.append({"ref": ref("System", s["name"]), "path": "spec.hosting",
                              "equals": "platform:" + rng.choice(self.active_platforms)["name"]})
            if integrations and rng.random() < 0.5:
                conds.append({"ref": ref("Integration", rng.choice(integrations)["name"]), "exists": True})
            if rng.random() < 0.4:
                conds.append({"ref": f"system:{s['name']}-ny", "exists": True})
            if rng.random() < 0.3:
                conds.append({"ref": ref("System", s["name"]), "path": "spec.uses", "contains": "svarut"})
            name = self.names.make("transition", f"{s['name']}-{rng.choice(['modernisering', 'sky', 'utfasing', 'ny-losning'])}")
            self.add("Transition", name, f"architecture/{s['muni']}/overgang/{name}.yaml",
                     f"Overgang for {s['title']}",
                     f"Plan for {s['title']}: {self.sentences(1).lower()}",
                     {"due": f"{rng.choice([2027, 2028, 2029, 2030])}-{rng.choice(['06-30', '12-31'])}",
                      "conditions": conds})

    def deliberate_findings(self):
        """A handful of findings on purpose; listed in the metadata."""
        rng = self.rng
        cands = [s for s in self.elements if s["kind"] == "System" and not s.get("shared")
                 and s["lifecycle"] == "production" and not s.get("exempted") and not s.get("used")]
        picks = rng.sample(cands, 6)
        note = self.deliberate.append

        def mark(el):
            el["deliberate"] = True
            return el

        # 1-2: a system with `onwer:` instead of `owner:`, and one with no owner at all
        s = mark(picks[0])
        s["spec"] = {("onwer" if k == "owner" else k): v for k, v in s["spec"].items()}
        note((ref("System", s["name"]), "unknown-field", "spec.onwer is a misspelling of owner"))
        note((ref("System", s["name"]), "system-owner-required", "follows from the misspelling"))
        s = mark(picks[1])
        s["spec"].pop("owner")
        note((ref("System", s["name"]), "system-owner-required", "no spec.owner"))
        # 3: a data entity with no owner, 4: personal data with no legal basis
        ents = [e for e in self.elements if e["kind"] == "DataEntity" and e["name"] not in self.national_data
                and not e.get("exempted")]
        e = mark(rng.choice([x for x in ents if x["personal"] == "none"]))
        e["spec"].pop("owner")
        note((ref("DataEntity", e["name"]), "data-owner-required", "no spec.owner"))
        e = mark(rng.choice([x for x in ents if x["personal"] == "personal" and not x.get("deliberate")]))
        e["spec"].pop("legalBasis")
        note((ref("DataEntity", e["name"]), "personal-data-legal-basis", "personal data without spec.legalBasis"))
        # 5: a reference that does not resolve
        s = mark(picks[2])
        s["spec"].setdefault("uses", []).append("sak-arkiv-gammel")
        note((ref("System", s["name"]), "ref-resolves", "uses system:sak-arkiv-gammel, which does not exist"))
        # 6: depends on a retired system
        retired = [x for x in self.elements if x["kind"] == "System" and x.get("lifecycle") == "retired"]
        s = mark(picks[3])
        if retired:
            s["spec"].setdefault("uses", []).append(retired[0]["name"])
            retired[0]["deliberate"] = True
            note((ref("System", s["name"]), "depends-on-retired", f"uses the retired system {retired[0]['name']}"))
        # 7: two masters of the same entity
        s = mark(picks[4])
        other = mark(next(c for c in [picks[5]] + cands if not (c.get("deliberate") and c is not picks[5])
                          and any(u["access"] == "master" for u in c["spec"].get("data", []))))
        mastered = [u for u in other["spec"]["data"] if u["access"] == "master"]
        entity = mastered[0]["entity"]
        self.by_ref[ref("DataEntity", entity)]["spec"].pop("authoritativeSource", None)
        self.by_ref[ref("DataEntity", entity)]["deliberate"] = True
        s["spec"]["data"] = [u for u in s["spec"].get("data", []) if u["entity"] != entity] + [{"entity": entity, "access": "master"}]
        ent_el = self.by_ref[ref("DataEntity", entity)]
        if ent_el["personal"] != "none":
            s["spec"].setdefault("privacy", {}).setdefault("dpoConsulted", "2024-05-02")
            if ent_el["personal"] == "special":
                s["spec"]["privacy"].setdefault("dpia", "DPIA 2024-05: felles vurdering")
        note((ref("DataEntity", entity), "single-master", f"mastered by {s['name']} and {other['name']}"))
        # 8: an integration carrying personal data without a purpose
        pers = [x for x in self.elements if x["kind"] == "Integration" and x["spec"].get("legalBasis")
                and not x.get("exempted") and x["spec"].get("protocol")]
        x = mark(rng.choice(pers))
        x["spec"].pop("purpose")
        note((ref("Integration", x["name"]), "integration-purpose", "personal data without spec.purpose"))
        # 9: an overdue transition, 10: an expired exemption (its target fixed since)
        t = mark(next(e for e in self.elements if e["kind"] == "Transition"))
        t["spec"]["due"] = "2025-06-30"
        keep = mark(rng.choice([c for c in cands if not c.get("deliberate")]))
        t["spec"]["conditions"] = [{"ref": ref("System", keep["name"]), "path": "spec.lifecycle", "equals": "retired"}]
        note((ref("Transition", t["name"]), "transition-overdue", "due 2025-06-30, not achieved"))
        ex = mark(next(e for e in self.elements if e["kind"] == "Exemption"))
        ex["spec"]["expires"] = "2026-03-31"
        target = self.by_ref[ex["spec"]["targets"][0]]
        mark(target)
        rule = ex["spec"]["rule"]
        if rule == "integration-protocol":
            target["spec"]["protocol"] = "REST"
        elif rule == "data-concept-reference":
            target["spec"]["concept"] = f"https://begrep.example.no/begrep/{target['name']}"
        elif rule == "availability-declared":
            target["spec"]["availability"] = "99.5%"
        else:
            target["spec"]["security"] = {"confidentiality": "medium", "integrity": "medium", "availability": "medium",
                                          **{k: v for k, v in target["spec"].get("security", {}).items() if k == "riskAssessment"}}
        note((ref("Exemption", ex["name"]), "exemption-expired", "expired 2026-03-31"))
        # 11: a file that is not valid YAML (a tab where indentation belongs; see blob_text).
        # A transition, because nothing refers to transitions.
        x = mark(rng.choice([e for e in self.elements if e["kind"] == "Transition" and not e.get("deliberate")]))
        x["broken"] = True
        note((ref("Transition", x["name"]), "yaml-syntax", "a tab character used for indentation"))
        # A system being phased out has a plan: a transition with a due date names it
        # (phasing-out-without-transition).
        plans = [e for e in self.elements if e["kind"] == "Transition" and not e.get("deliberate")
                 and not e.get("broken") and e["spec"].get("due")]
        for system in self.elements:
            if system["kind"] != "System" or system.get("shared") or system.get("lifecycle") != "phasing-out":
                continue
            named = ref("System", system["name"])
            if not any(c["ref"] == named for t in plans for c in t["spec"]["conditions"]):
                plans[len(system["name"]) % len(plans)]["spec"]["conditions"].append(
                    {"ref": named, "path": "spec.lifecycle", "equals": "retired"})


def ref(kind, name):
    prefix = {"DataEntity": "data"}.get(kind, kind.lower())
    return f"{prefix}:{name}"


def refs_of(el):
    """Every reference an element makes (bare names qualified by their field's kind)."""
    s = el["spec"]
    out = []
    k = el["kind"]

    def add(kind, v):
        if v:
            out.append(v if ":" in v else ref(kind, v))

    add("Group", s.get("owner"))
    if k == "Group":
        add("Group", s.get("parent"))
    if k == "Capability":
        add("Capability", s.get("parent"))
    for c in s.get("capabilities", []):
        add("Capability", c)
    for p in s.get("processes", []):
        add("Process", p)
    data = s.get("data", [])
    for u in data:
        if isinstance(u, dict):
            add("DataEntity", u["entity"])
            add("System", u.get("source"))
        else:
            add("DataEntity", u)
    for u in s.get("uses", []):
        add("System", u)
    add("Platform", s.get("hosting") if k == "System" else None)
    add("System", s.get("authoritativeSource"))
    for key in ("from", "to", "via"):
        if k == "Integration":
            add("System", s.get(key))
    for t in s.get("targets", []):
        add("System", t)
    add("Group", s.get("approvedBy"))
    sec = s.get("security") or {}
    add("System", sec.get("authentication") if isinstance(sec, dict) else None)
    return out


# ---------------------------------------------------------------------------------------------
# History


class History:
    def __init__(self, land, commits, seed):
        self.land = land
        self.rng = random.Random(seed * 7919 + 17)
        self.n_commits = commits

    def plan(self):
        """Choose the elements that appear during the history and the kind of every commit."""
        land, rng = self.land, self.rng
        referenced = {}
        for el in land.elements:
            for r in refs_of(el):
                referenced.setdefault(r, []).append(el)
        n_late = min(400, max(20, land.target // 10))
        # systems referenced only by integrations can come late, with their integrations after them
        late_systems = []
        for el in land.elements:
            if el["kind"] != "System" or el.get("shared") or el.get("deliberate") or el.get("exempted"):
                continue
            refs = referenced.get(ref("System", el["name"]), [])
            if all(r["kind"] == "Integration" and not r.get("deliberate") and not r.get("exempted") for r in refs):
                late_systems.append(el)
        rng.shuffle(late_systems)
        late_systems = late_systems[: n_late // 6]
        late = []
        late_set = set()
        for s in late_systems:
            late.append(s)
            late_set.add(id(s))
            for r in referenced.get(ref("System", s["name"]), []):
                if id(r) not in late_set:
                    late.append(r)
                    late_set.add(id(r))
        others = [el for el in land.elements if el["kind"] in ("Integration", "Exemption", "Transition")
                  and id(el) not in late_set and not el.get("deliberate")
                  and not (el["kind"] == "Integration" and el.get("exempted"))]
        rng.shuffle(others)
        for el in others:
            if len(late) >= n_late:
                break
            if el["kind"] == "Integration":
                # both ends must exist before it: they are early, or late and placed before it
                ends = [land.by_ref.get(ref("System", el["spec"][k])) for k in ("from", "to")]
                if any(e is not None and id(e) in late_set for e in ends):
                    continue
            late.append(el)
            late_set.add(id(el))
        self.late = late
        self.late_set = late_set
        # kinds of commits
        kinds = []
        adds_left = len(late)
        add_share = min(0.5, len(late) / 1.75 / max(1, self.n_commits) * 1.3)
        for c in range(self.n_commits):
            r = rng.random()
            remaining = self.n_commits - c
            if adds_left and (r < add_share or adds_left >= remaining * 2):
                k = min(adds_left, rng.choice([1, 1, 2, 3]))
                adds_left -= k
                kinds.append(("add", k))
            elif r < add_share:
                kinds.append(("modify", rng.choice([1, 2, 3])))
            elif r < add_share + 0.04:
                kinds.append(("retire", 1))
            elif r < add_share + 0.09:
                kinds.append(("move", rng.choice([1, 1, 2])))
            elif r < add_share + 0.14 and remaining > 40:
                kinds.append(("break", 1))
            else:
                kinds.append(("modify", rng.choice([1, 1, 2, 2, 3, 4, 5])))
        if adds_left:  # fold what is left into the last add commits
            for i in range(len(kinds) - 1, -1, -1):
                if kinds[i][0] == "add":
                    kinds[i] = ("add", kinds[i][1] + adds_left)
                    break
        self.kinds = kinds

    # --- mutations (all keep HEAD's findings as designed) ---
    def modify(self, el):
        rng = self.rng
        s = el["spec"]
        k = el["kind"]
        options = ["description"]
        if k == "System":
            options += ["vendor", "accessibility", "security", "lifecycle", "dpo"]
        elif k == "DataEntity":
            options += ["retention", "confidentiality"]
        elif k == "Integration":
            options += ["protocol", "auth", "purpose"]
        elif k == "Group":
            options += ["email"]
        elif k == "Platform":
            options += ["pvendor"]
        elif k == "Process":
            options += ["users"]
        what = rng.choice(options)
        if what == "vendor" and "vendor" in s:
            s["vendor"] = rng.choice([v for v in VENDORS if v != s["vendor"]])
            return f"Ny leverandør for {el['name']}"
        if what == "accessibility" and "accessibility" in s:
            s["accessibility"] = "WCAG 2.2 AA" if s["accessibility"] != "WCAG 2.2 AA" else "WCAG 2.2 AAA"
            return f"Oppdatert tilgjengelighetserklæring for {el['name']}"
        if what == "security" and isinstance(s.get("security"), dict) and "availability" in s["security"]:
            s["security"]["availability"] = rng.choice([v for v in ("low", "medium", "high") if v != s["security"]["availability"]])
            return f"Ny risikovurdering av {el['name']}"
        if what == "lifecycle" and s.get("lifecycle") == "development":
            del s["lifecycle"]
            el["lifecycle"] = "production"
            return f"{el['name']} er satt i produksjon"
        if what == "dpo" and isinstance(s.get("privacy"), dict) and "dpoConsulted" in s["privacy"]:
            s["privacy"]["dpoConsulted"] = f"{rng.randint(2024, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            return f"Personvernombudet har vurdert {el['name']} på nytt"
        if what == "retention" and "retention" in s:
            s["retention"], s["retentionNote"] = rng.choice([
                ("P3Y", "Slettes tre år etter at saken er avsluttet."),
                ("permanent", "Bevares og avleveres til interkommunalt arkiv etter arkivplanen."),
                ("P5Y", "Slettes når formålet er oppfylt, senest fem år etter siste registrering.")])
            return f"Endret lagringstid for {el['name']}"
        if what == "confidentiality" and el["personal"] == "none":
            c = s["classification"]
            c["confidentiality"] = "internal" if c["confidentiality"] == "open" else "open"
            return f"Ny konfidensialitet for {el['name']}"
        if what == "protocol" and "protocol" in s:
            s["protocol"] = rng.choice([p for p in PROTOCOLS if p != s["protocol"]])
            return f"{el['name']} går over til {s['protocol']}"
        if what == "auth" and "authentication" in s:
            s["authentication"] = rng.choice([a for a in AUTHS if a != s["authentication"]])
            return f"Ny autentisering for {el['name']}"
        if what == "purpose" and "purpose" in s:
            s["purpose"] = s["purpose"].rstrip(".") + ", og for å kunne dokumentere behandlingen."
            if len(s["purpose"]) > 400:
                s["purpose"] = s["purpose"][:120].rstrip(" ,") + "."
            return f"Presisert formål for {el['name']}"
        if what == "email" and "email" in s:
            local, domain = s["email"].split("@", 1)
            s["email"] = (local[:-5] if local.endswith("-post") else local + "-post") + "@" + domain
            return f"Ny e-postadresse for {el['name']}"
        if what == "pvendor":
            s["vendor"] = rng.choice(PLATFORM_VENDORS)
            return f"Ny leverandør av {el['name']}"
        if what == "users" and "users" in s:
            extra = [u for u in ("citizen", "business", "volunteer", "employee") if u not in s["users"]]
            if extra:
                s["users"] = s["users"] + [rng.choice(extra)]
                return f"Flere brukergrupper for {el['name']}"
        # default: rewrite the description
        base = el["description"].split(". ")[0].rstrip(".")
        el["description"] = base + ". " + self.land.sentences(rng.choice([1, 2]))
        return f"Oppdatert beskrivelse av {el['name']}"

    def run(self):
        """Yields (message, author_index, ops) per commit; ops are ('M', el) / ('D', path)."""
        land, rng = self.land, self.rng
        present = [el for el in land.elements if id(el) not in self.late_set]
        late = list(self.late)
        touchable = lambda el: not el.get("deliberate") and not el.get("broken_now")
        used_by_active = set()
        for el in land.elements:
            if el["kind"] == "System":
                for u in el["spec"].get("uses", []):
                    used_by_active.add(u)
        pending_fixes = {}  # commit index -> element
        broken = set()
        carry = 0  # additions displaced by a fix commit
        for c, (kind, k) in enumerate(self.kinds):
            ops = []
            msg = None
            if c in pending_fixes and kind == "add":
                carry += k
            elif carry and c not in pending_fixes:
                kind, k = ("add", k + carry) if kind == "add" else ("add", carry)
                carry = 0
            if c in pending_fixes:
                el, field, value = pending_fixes.pop(c)
                el["spec"][field] = value
                el["spec"] = {kk: el["spec"][kk] for kk in el["spec_order"] if kk in el["spec"]}
                broken.discard(id(el))
                el["broken_now"] = False
                yield (f"Retter manglende {field} på {el['name']}", ops + [("M", el)])
                continue
            if kind == "add":
                added = [late.pop(0) for _ in range(min(k, len(late)))]
                present.extend(added)
                ops += [("M", el) for el in added]
                msg = ("Nytt element: " if len(added) == 1 else "Nye elementer: ") + ", ".join(e["name"] for e in added)
            elif kind == "retire":
                cands = [el for el in present if el["kind"] == "System" and not el.get("shared")
                         and el["lifecycle"] in ("production", "phasing-out") and touchable(el)
                         and not el.get("exempted") and el["name"] not in used_by_active
                         and id(el) not in broken and not el.get("authority")]
                if cands:
                    el = rng.choice(cands)
                    el["spec"]["lifecycle"] = "retired"
                    el["lifecycle"] = "retired"
                    el["spec"] = {kk: el["spec"][kk] for kk in ["owner", "vendor", "scope", "lifecycle"] + list(el["spec"]) if kk in el["spec"]}
                    ops.append(("M", el))
                    msg = f"{el['name']} er avviklet"
            elif kind == "move":
                names = []
                for _ in range(k):
                    el = rng.choice([e for e in present if e["path"].split("/")[2] in DOMAIN_FOLDERS and touchable(e)])
                    parts = el["path"].split("/")
                    # reorganisation: into another domain folder of the same municipality
                    folders = [d[1] for d in DOMAINS if d[1] != parts[2]]
                    new = "/".join(parts[:2] + [rng.choice(folders)] + parts[3:])
                    if any(e["path"] == new for e in present):
                        continue
                    ops.append(("D", el["path"]))
                    el["path"] = new
                    ops.append(("M", el))
                    names.append(el["name"])
                msg = "Flytter " + ", ".join(names) + " etter omorganisering" if names else None
            elif kind == "break":
                cands = [el for el in present if touchable(el) and id(el) not in broken and (
                    (el["kind"] == "System" and not el.get("shared") and "owner" in el["spec"]
                     and el["lifecycle"] == "production") or
                    (el["kind"] == "Integration" and el["spec"].get("legalBasis") and "purpose" in el["spec"]) or
                    (el["kind"] == "DataEntity" and "retention" in el["spec"]))]
                if cands:
                    el = rng.choice(cands)
                    field = {"System": "owner", "Integration": "purpose", "DataEntity": "retention"}[el["kind"]]
                    el["spec_order"] = list(el["spec"])
                    value = el["spec"].pop(field)
                    broken.add(id(el))
                    el["broken_now"] = True
                    fix_at = c + rng.randint(3, 30)
                    while fix_at in pending_fixes:
                        fix_at += 1
                    pending_fixes[fix_at] = (el, field, value)
                    ops.append(("M", el))
                    msg = f"Oppdaterer {el['name']}"
            if not ops:  # modify (also the fallback)
                chosen = rng.sample([e for e in present if touchable(e) and id(e) not in broken], k)
                msgs = [self.modify(el) for el in chosen]
                ops += [("M", el) for el in chosen]
                msg = msgs[0] if len(msgs) == 1 else msgs[0] + f" (og {len(msgs) - 1} til)"
            yield (msg, ops)
        assert not pending_fixes, "a finding introduced in the history was not fixed before HEAD"
        assert not late and not carry, "not every element was added before HEAD"
        self.present = present


# ---------------------------------------------------------------------------------------------
# The adoption shape (--shape adoption): a portfolio imported from a spreadsheet


ADOPTION_FOLDERS = {"Group": "organisasjon", "Capability": "kapabiliteter", "Process": "prosesser",
                    "DataEntity": "data", "System": "systemer", "Integration": "integrasjoner",
                    "Platform": "plattformer", "Exemption": "dispensasjoner", "Transition": "overganger"}
# the folders the history works in (the large ones)
ADOPTION_LARGE = ("System", "DataEntity", "Integration", "Process")
DOMAIN_FOLDER = {d[0]: d[1] for d in DOMAINS}
VALID_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LETTERS = "abcdefghijklmnoprstuv"


def near_miss(rng, name, taken):
    """A misspelling of `name` one or two edits away (a swapped pair of letters, a dropped or a
    changed letter) that names nothing in `taken`; None when no attempt gives one."""
    for _ in range(60):
        s = list(name)
        for _ in range(1 if rng.random() < 0.75 else 2):
            op = rng.choice(["swap", "drop", "change"])
            letters = [i for i, c in enumerate(s) if c.isalpha()]
            if op == "swap":
                pairs = [i for i in range(len(s) - 1) if s[i].isalpha() and s[i + 1].isalpha() and s[i] != s[i + 1]]
                if pairs:
                    i = rng.choice(pairs)
                    s[i], s[i + 1] = s[i + 1], s[i]
            elif op == "drop" and len(letters) > 3:
                del s[rng.choice(letters)]
            elif letters:
                i = rng.choice(letters)
                s[i] = rng.choice([c for c in LETTERS if c != s[i]])
        cand = "".join(s)
        if cand != name and cand not in taken and VALID_NAME.fullmatch(cand) and len(cand) <= 63:
            return cand
    return None


class AdoptionLandscape(Landscape):
    """The same kinds of elements as the tidy landscape, as a municipal IT co-operation has them
    after importing its portfolio from a spreadsheet: one flat folder per kind (some files still
    named after their spreadsheet row), and many findings planted on purpose, each a defect that
    triggers one known rule on one known element (self.planted: (ref, rule, why))."""

    KIND_WEIGHTS = [("Group", 4), ("Capability", 5), ("Process", 10), ("DataEntity", 23),
                    ("System", 28), ("Integration", 25), ("Exemption", 2), ("Transition", 3)]

    # findings planted per 10,000 files, per rule (scaled with --files)
    PER_10K = {
        "schema": 40, "special-category-dpia": 40, "personal-data-dpo-consulted": 120,
        "availability-declared": 40, "accessibility-statement": 30, "system-supports-process": 80,
        "depends-on-retired": 60, "read-from-authoritative-source": 150,
        "security-classification-required": 200, "unknown-field": 100, "system-owner-required": 300,
        "system-description": 200,
        "single-master": 40, "personal-data-legal-basis": 150, "personal-data-retention": 150,
        "data-definition-norwegian": 80, "data-concept-reference": 80, "data-owner-required": 250,
        "integration-encryption": 120, "integration-authentication": 120, "integration-purpose": 100,
        "integration-protocol": 250,
        "process-legal-basis": 80, "process-users": 150,
        "ref-resolves": 1100,
    }

    def __init__(self, files, seed):
        super().__init__(files, seed)
        self.prng = random.Random(seed * 104729 + 3)

    def build(self):
        super().build()
        self.flatten()
        self.plant()
        return self

    def flatten(self):
        rng = self.prng
        for row, el in enumerate(self.elements, start=2):
            folder = f"architecture/{ADOPTION_FOLDERS[el['kind']]}"
            if el["kind"] in ADOPTION_LARGE and rng.random() < 0.15:
                el["path"] = f"{folder}/rad-{row:05d}.yaml"  # named after its row in the spreadsheet
            else:
                el["path"] = f"{folder}/{el['name']}.yaml"

    def scaled(self, rule):
        return max(1, round(self.PER_10K[rule] * self.target / 10000))

    def plant(self):
        rng = self.prng
        self.planted = []
        self.damaged = set()
        national = {id(e) for e in self.national_data.values()}
        self.retired_systems = [e for e in self.elements if e["kind"] == "System" and e["lifecycle"] == "retired"]
        for e in self.retired_systems:
            self.damaged.add(id(e))  # their users are what depends-on-retired reports

        def free(el):
            return not (el.get("deliberate") or el.get("exempted") or el.get("shared") or id(el) in national
                        or id(el) in self.damaged)

        def of(kind, test=lambda e: True):
            return [e for e in self.elements if e["kind"] == kind and free(e) and test(e)]

        def plant(rule, pool, mutate, why, toggle=True):
            pool = [e for e in pool if free(e)]
            n = min(self.scaled(rule), len(pool))
            for el in rng.sample(pool, n):
                if not free(el):
                    continue
                clean = copy.deepcopy({k: v for k, v in el.items() if k != "path"})
                mutate(el)
                self.damaged.add(id(el))
                el["planted"] = rule
                el["clean"] = clean
                el["toggle"] = toggle
                self.planted.append((ref(el["kind"], el["name"]), rule, why))

        def entity(name):
            return self.by_ref.get(ref("DataEntity", name))

        def sensitive(e):
            ent = entity(e)
            return ent is not None and (ent["personal"] != "none" or
                                        ent["spec"]["classification"].get("confidentiality") in ("confidential", "strictly-confidential"))

        active = lambda e: e["lifecycle"] in ("production", "development")
        privacy = lambda e: e["spec"].get("privacy") or {}

        def drop_privacy(key):
            def mutate(el):
                el["spec"]["privacy"].pop(key)
                if not el["spec"]["privacy"]:
                    el["spec"].pop("privacy")
            return mutate

        def reorder(el, first):
            el["spec"] = {k: el["spec"][k] for k in first + list(el["spec"]) if k in el["spec"]}

        # --- systems: the rules whose pool is narrowest first
        def lifecycle_text(el):
            el["spec"]["lifecycle"] = "i drift"  # the spreadsheet's word for production
            reorder(el, ["owner", "vendor", "scope", "lifecycle"])
        plant("schema", of("System", lambda e: e["lifecycle"] == "production"), lifecycle_text,
              "spec.lifecycle is 'i drift', not one of the format's words")
        plant("special-category-dpia", of("System", lambda e: "dpia" in privacy(e)), drop_privacy("dpia"),
              "special category data without spec.privacy.dpia")
        plant("personal-data-dpo-consulted", of("System", lambda e: "dpoConsulted" in privacy(e) and "dpia" not in privacy(e)),
              drop_privacy("dpoConsulted"), "personal data without spec.privacy.dpoConsulted")
        plant("availability-declared", of("System", lambda e: active(e) and e["spec"].get("audience") and "availability" in e["spec"]),
              lambda el: el["spec"].pop("availability"), "a solution for citizens without spec.availability")
        plant("accessibility-statement", of("System", lambda e: active(e) and e["spec"].get("accessibilityStatement")),
              lambda el: el["spec"].pop("accessibilityStatement"), "a web solution for citizens without spec.accessibilityStatement")

        def no_process(el):
            el["spec"].pop("processes", None)
            el["spec"].pop("capabilities", None)
        plant("system-supports-process", of("System", lambda e: active(e) and (e["spec"].get("processes") or e["spec"].get("capabilities"))),
              no_process, "neither spec.processes nor spec.capabilities")

        def uses_retired(el):
            r = self.retired_systems[rng.randrange(len(self.retired_systems))]
            el["spec"].setdefault("uses", []).append(r["name"])
            reorder(el, ["owner", "vendor", "scope", "lifecycle", "capabilities", "processes", "data", "uses"])
            el["why"] = r["name"]
        if self.retired_systems:
            plant("depends-on-retired", of("System", lambda e: active(e) and e["avail"] is None),
                  uses_retired, "uses a retired system", toggle=False)

        def unsourced(el):
            uses = [u for u in el["spec"]["data"] if u.get("source") and u["access"] == "read"]
            uses[rng.randrange(len(uses))].pop("source")
        plant("read-from-authoritative-source",
              of("System", lambda e: any(u.get("source") and u["access"] == "read" for u in e["spec"].get("data", []))),
              unsourced, "reads data that has an authoritative source without spec.data[].source", toggle=False)

        def unclassified(el):
            el["spec"]["security"] = {k: v for k, v in el["spec"]["security"].items() if k in ("riskAssessment", "authentication")}
        plant("security-classification-required",
              of("System", lambda e: active(e) and "confidentiality" in e["spec"].get("security", {})),
              unclassified, "spec.security without confidentiality, integrity and availability")

        def cost_centre(el):
            el["spec"]["kostnadssted"] = str(rng.randint(1000, 9999))  # a spreadsheet column the format lacks
        plant("unknown-field", of("System"), cost_centre, "spec.kostnadssted is not a field of the format")
        plant("system-owner-required", of("System", lambda e: "owner" in e["spec"]),
              lambda el: el["spec"].pop("owner"), "no spec.owner")

        def no_description(el):
            el["description"] = None
        plant("system-description", of("System", lambda e: e.get("description")), no_description, "no metadata.description")

        # --- data entities
        masters = {}
        for s in self.elements:
            if s["kind"] == "System":
                for u in s["spec"].get("data", []):
                    if u["access"] == "master":
                        masters.setdefault(u["entity"], []).append(s)

        def second_master(el):
            cands = [s for s in self.elements if s["kind"] == "System" and free(s) and active(s) and s not in masters[el["name"]]
                     and all(u["entity"] != el["name"] for u in s["spec"].get("data", []))]
            s = cands[rng.randrange(len(cands))]
            s["spec"].setdefault("data", []).append({"entity": el["name"], "access": "master"})
            reorder(s, ["owner", "vendor", "scope", "lifecycle", "capabilities", "processes", "data"])
            self.damaged.add(id(s))
            s["second_master"] = True
        plant("single-master", of("DataEntity", lambda e: e["personal"] == "none" and not e["spec"].get("authoritativeSource")
                                  and len(masters.get(e["name"], [])) == 1),
              second_master, "mastered by two systems", toggle=False)
        plant("personal-data-legal-basis", of("DataEntity", lambda e: e["personal"] != "none" and e["spec"].get("legalBasis")),
              lambda el: el["spec"].pop("legalBasis"), "personal data without spec.legalBasis")

        def no_retention(el):
            el["spec"].pop("retention")
            el["spec"].pop("retentionNote", None)
        plant("personal-data-retention", of("DataEntity", lambda e: e["personal"] != "none" and e["spec"].get("retention")),
              no_retention, "personal data without spec.retention")

        def english_only(el):
            el["spec"]["definition"] = {"en": f"The {el['name']} as the spreadsheet describes it."}
        plant("data-definition-norwegian", of("DataEntity"), english_only, "a definition in English only")
        plant("data-concept-reference", of("DataEntity", lambda e: e["spec"].get("concept")),
              lambda el: el["spec"].pop("concept"), "no spec.concept")
        plant("data-owner-required", of("DataEntity", lambda e: e["spec"].get("owner")),
              lambda el: el["spec"].pop("owner"), "no spec.owner")

        # --- integrations
        carries = lambda test: (lambda e: any(test(d) for d in e["spec"].get("data", [])))
        personal = lambda d: entity(d) is not None and entity(d)["personal"] != "none"

        def set_field(key, value):
            def mutate(el):
                el["spec"][key] = value
            return mutate
        plant("integration-encryption", of("Integration", carries(sensitive)), set_field("encryption", "none"),
              "sensitive data with spec.encryption none")
        plant("integration-authentication", of("Integration", carries(sensitive)), set_field("authentication", "none"),
              "sensitive data with spec.authentication none")
        plant("integration-purpose", of("Integration", lambda e: carries(personal)(e) and e["spec"].get("purpose")),
              lambda el: el["spec"].pop("purpose"), "personal data without spec.purpose")
        plant("integration-protocol", of("Integration", lambda e: e["spec"].get("protocol")),
              lambda el: el["spec"].pop("protocol"), "no spec.protocol")

        # --- processes
        plant("process-legal-basis", of("Process", lambda e: e["spec"].get("legalBasis")),
              lambda el: el["spec"].pop("legalBasis"), "personal data without spec.legalBasis")
        plant("process-users", of("Process", lambda e: e["spec"].get("users")),
              lambda el: el["spec"].pop("users"), "no spec.users")

        # --- references that resolve to nothing, each a near miss of a real name of its kind
        names = {}
        for e in self.elements:
            names.setdefault(e["kind"], []).append(e["name"])
        taken = {k: set(v) for k, v in names.items()}
        self.near_misses = []
        total = self.scaled("ref-resolves")
        spots = [  # (share, kind, field, target kind, can the element take it)
            (0.18, "System", "processes", "Process", lambda e: True),
            (0.12, "System", "uses", "System", lambda e: True),
            (0.10, "Process", "capabilities", "Capability", lambda e: True),
            (0.10, "Process", "data", "DataEntity", lambda e: True),
            (0.20, "DataEntity", "owner", "Group", lambda e: e["spec"].get("owner")),
            (0.20, "Integration", "via", "System", lambda e: "via" not in e["spec"]),
            (0.05, "Capability", "parent", "Capability", lambda e: e["spec"].get("parent")),
            (0.05, "Group", "parent", "Group", lambda e: e["spec"].get("parent") and e["spec"].get("type") in ("unit", "team")),
        ]
        wanted = [round(share * total) for share, *_ in spots]
        wanted[0] += total - sum(wanted)
        for (share, kind, field, tkind, test), n in zip(spots, wanted):
            pool = of(kind, test)
            for el in rng.sample(pool, min(n, len(pool))):
                real = names[tkind][rng.randrange(len(names[tkind]))]
                miss = near_miss(rng, real, taken[tkind])
                if miss is None:
                    continue
                clean = copy.deepcopy({k: v for k, v in el.items() if k != "path"})
                spec = el["spec"]
                if field in ("owner", "parent", "via"):
                    spec[field] = miss
                else:
                    spec[field] = list(spec.get(field, [])) + [miss]
                if field == "via":
                    reorder(el, ["from", "to", "via"])
                elif field in ("processes", "uses"):
                    reorder(el, ["owner", "vendor", "scope", "lifecycle", "capabilities", "processes", "data", "uses"])
                elif kind == "Process":
                    reorder(el, ["owner", "capabilities", "users", "data"])
                self.damaged.add(id(el))
                el["planted"] = "ref-resolves"
                el["clean"] = clean
                el["toggle"] = not (kind == "System" and field == "uses")  # risk-assessment-current watches uses
                self.near_misses.append((ref(el["kind"], el["name"]), field, miss, ref(tkind, real)))
                self.planted.append((ref(el["kind"], el["name"]), "ref-resolves",
                                     f"spec.{field} names {ref(tkind, miss)}, a misspelling of {ref(tkind, real)}"))

        # Interactions, counted rather than avoided: a system that uses a retired system (the
        # tidy shape's deliberate finding too) also promises more availability than it, when both
        # declare one and its own is higher (availability-dependency).
        pct = lambda el: float(el["spec"]["availability"].rstrip("%")) if el["spec"].get("availability") else None
        users = sorted({r for r, rule, _ in self.deliberate + self.planted if rule == "depends-on-retired"})
        for r in users:
            user = self.by_ref[r]
            for u in user["spec"].get("uses", []):
                used = self.by_ref.get(ref("System", u))
                if (used is not None and used["lifecycle"] == "retired" and pct(user) is not None
                        and pct(used) is not None and pct(user) > pct(used)):
                    self.planted.append((r, "availability-dependency",
                                         f"follows from depends-on-retired: {ref('System', u)} declares less availability"))

    def planted_by_rule(self):
        counts = {}
        for _, rule, _ in [(r, rule, w) for r, rule, w in self.deliberate] + self.planted:
            counts[rule] = counts.get(rule, 0) + 1
        return dict(sorted(counts.items()))


class AdoptionHistory:
    """The commits after the import, in the large folders: edits, files renamed from their
    spreadsheet row to the element's name and moved into domain folders (delete and add of the
    same bytes), findings left by the import fixed, planted findings fixed and brought back by a
    later re-import, and findings introduced and fixed a few commits later. HEAD ends with exactly
    the landscape's planted findings."""

    def __init__(self, land, commits, seed):
        self.land = land
        self.rng = random.Random(seed * 7919 + 29)
        self.n_commits = commits
        self.late_set = set()
        self.stats = {"renames": 0, "moves": 0, "import_fixes": 0, "fixed_then_reintroduced": 0,
                      "introduced_then_fixed": 0, "edits": 0}

    # --- the states of an element: "head" (what HEAD holds) or "alt" (el["alt"], for a while)
    def text(self, el):
        if el.get("state") == "alt":
            return blob_text(dict(el["alt"], path=el["path"]))
        return blob_text(el)

    def damaged_copy(self, el):
        """A copy of a clean element with one defect that no history rule watches; None if none fits."""
        alt = copy.deepcopy({k: v for k, v in el.items() if k != "path"})
        s = alt["spec"]
        k = el["kind"]
        if k == "System" and "owner" in s and not el.get("shared"):
            s.pop("owner")
        elif k == "System":
            s["kostnadssted"] = str(self.rng.randint(1000, 9999))
        elif k == "DataEntity" and s.get("owner"):
            s.pop("owner")
        elif k == "Integration" and s.get("protocol"):
            s.pop("protocol")
        elif k == "Process" and s.get("users"):
            s.pop("users")
        else:
            return None
        return alt

    def plan(self):
        land, rng = self.land, self.rng
        self.large = [el for el in land.elements if el["kind"] in ADOPTION_LARGE and not el.get("deliberate")]
        self.clean = [el for el in self.large if not el.get("planted") and not el.get("second_master")
                      and not el.get("exempted") and not el.get("shared") and el["name"] not in land.national_data
                            and el.get("lifecycle") != "retired"]
        kinds = []
        for c in range(self.n_commits - 1):
            r = rng.random()
            if r < 0.30:
                kinds.append("edit")
            elif r < 0.42:
                kinds.append("rename")
            elif r < 0.50:
                kinds.append("move")
            elif r < 0.62:
                kinds.append("fix-planted")
            elif r < 0.72:
                kinds.append("break")
            else:
                kinds.append("import-fix")
        if self.n_commits:
            kinds.append("import-fix")  # the last commit fixes what the import left and is still there
        self.kinds = kinds
        # findings the import left that the history fixes
        n_fix = sum(1 for k in kinds if k == "import-fix") * 2
        pool = list(self.clean)
        rng.shuffle(pool)
        self.import_defects = []
        for el in pool:
            if len(self.import_defects) >= n_fix:
                break
            alt = self.damaged_copy(el)
            if alt is not None:
                el["alt"], el["state"] = alt, "alt"
                self.import_defects.append(el)

    def initial_ops(self):
        return [("M", el["path"], self.text(el)) for el in self.land.elements]

    def run(self):
        land, rng, stats = self.land, self.rng, self.stats
        pending = {}  # commit -> [(el, state)]
        n = self.n_commits
        busy = lambda el: el.get("state") == "alt" or el.get("busy")

        def schedule(c, el, state):
            at = c + rng.randint(3, 40)
            if at >= n - 1:
                return False
            pending.setdefault(at, []).append((el, state))
            el["busy"] = True
            return True

        def label(el):
            return el["name"]

        for c, kind in enumerate(self.kinds):
            ops = []
            if c in pending:
                msgs = []
                for el, state in pending.pop(c):
                    el["busy"] = False
                    if state == "head" and el.get("planted"):
                        msgs.append(f"Ny import fra regnearket skriver over {label(el)}")
                    else:
                        msgs.append(f"Retter {label(el)}")
                    el["state"] = state
                    ops.append(("M", el["path"], self.text(el)))
                yield ("; ".join(msgs), ops)
                continue
            msg = None
            if kind == "rename":
                cands = [el for el in self.large if os.path.basename(el["path"]).startswith("rad-")]
                picked = rng.sample(cands, min(len(cands), rng.choice([1, 2, 3, 4])))
                for el in picked:
                    data = self.text(el)
                    ops.append(("D", el["path"]))
                    el["path"] = f"{os.path.dirname(el['path'])}/{el['name']}.yaml"
                    ops.append(("M", el["path"], data))
                    stats["renames"] += 1
                if picked:
                    msg = "Gir filene navn etter elementene: " + ", ".join(label(e) for e in picked)
            elif kind == "move":
                cands = [el for el in self.large if el["path"].count("/") == 2 and (el.get("labels") or {}).get("domene")]
                picked = rng.sample(cands, min(len(cands), rng.choice([1, 1, 2, 3])))
                for el in picked:
                    data = self.text(el)
                    ops.append(("D", el["path"]))
                    parts = el["path"].split("/")
                    el["path"] = "/".join(parts[:2] + [DOMAIN_FOLDER[el["labels"]["domene"]], parts[2]])
                    ops.append(("M", el["path"], data))
                    stats["moves"] += 1
                if picked:
                    msg = "Flytter " + ", ".join(label(e) for e in picked) + " til mappen for tjenesteområdet"
            elif kind == "fix-planted":
                cands = [el for el in land.elements if el.get("planted") and el.get("toggle") and not busy(el)]
                if cands:
                    el = cands[rng.randrange(len(cands))]
                    if schedule(c, el, "head"):
                        el["alt"], el["state"] = el["clean"], "alt"
                        ops.append(("M", el["path"], self.text(el)))
                        stats["fixed_then_reintroduced"] += 1
                        msg = f"Retter {label(el)} ({el['planted']})"
            elif kind == "break":
                cands = [el for el in self.clean if not busy(el)]
                el = cands[rng.randrange(len(cands))]
                alt = self.damaged_copy(el)
                if alt is not None and schedule(c, el, "head"):
                    el["alt"], el["state"] = alt, "alt"
                    ops.append(("M", el["path"], self.text(el)))
                    stats["introduced_then_fixed"] += 1
                    msg = f"Oppdaterer {label(el)}"
            elif kind == "import-fix":
                cands = [el for el in self.import_defects if el.get("state") == "alt" and not el.get("busy")]
                picked = cands if c == n - 1 else cands[: rng.choice([1, 2, 3])]
                for el in picked:
                    el["state"] = "head"
                    ops.append(("M", el["path"], self.text(el)))
                    stats["import_fixes"] += 1
                if picked:
                    msg = "Rydder etter importen: " + ", ".join(label(e) for e in picked)
            if not ops:  # an edit (also the fallback)
                cands = [el for el in self.clean if not busy(el)]
                picked = rng.sample(cands, rng.choice([1, 1, 2, 3, 4]))
                for el in picked:
                    base = (el.get("description") or el["title"]).split(". ")[0].rstrip(".")
                    el["description"] = base + ". " + land.sentences(rng.choice([1, 2]))
                    ops.append(("M", el["path"], self.text(el)))
                    stats["edits"] += 1
                msg = f"Oppdatert beskrivelse av {label(picked[0])}" + (f" (og {len(picked) - 1} til)" if len(picked) > 1 else "")
            yield (msg, ops)
        assert not pending, "a change planned in the history did not happen before HEAD"
        assert all(el.get("state") != "alt" for el in land.elements), "a temporary state reached HEAD"
        self.present = land.elements


# ---------------------------------------------------------------------------------------------
# fast-import


def blob_text(el):
    text = render(el)
    if el.get("broken"):
        # a tab where indentation belongs: libyaml refuses it ("found character that cannot start any token")
        text = text.replace("\n  due:", "\n\tdue:", 1)
    return text.encode("utf-8")


CONFIG = """# Oppsett for arkitekt i IKT Vestfjords arkitekturlager (syntetisk benchmark-landskap).
apiVersion: arkitekt/v1
kind: Config
spec:
  paths: [architecture]
  rulePacks: [ks]
  language: nb
"""

README = """# Arkitekturlandskapet til IKT Vestfjord

Syntetisk landskap laget av `bench/generate.py` i arkitekt-prosjektet for ytelsesmålinger.
Hver kommune i samarbeidet har sine elementer under `architecture/<kommune>/`, og de nasjonale
fellesløsningene, plattformene og dispensasjonene ligger under `architecture/felles/`.
"""

README_ADOPTION = """# Arkitekturlandskapet til IKT Vestfjord (importert fra regneark)

Syntetisk landskap laget av `bench/generate.py --shape adoption` i arkitekt-prosjektet for
ytelsesmålinger. Porteføljen ble importert fra et regneark: én mappe per type element under
`architecture/` (noen filer har fortsatt navn etter raden i regnearket), og mange funn som ennå
ikke er rettet.
"""


def adoption_meta(land, hist, final):
    """What the adoption shape adds to the metadata: the planted findings per rule (the counts
    `arkitekt check --rev HEAD` must report, see bench/verify-planted.py), the largest folders, the
    near-miss references and what the history did."""
    folders = {}
    for el in final:
        d = os.path.dirname(el["path"])
        folders[d] = folders.get(d, 0) + 1
    planted_elements = {r for r, _, _ in land.planted} | {r for r, _, _ in land.deliberate}
    return {
        "shape": "adoption",
        "planted_by_rule": land.planted_by_rule(),
        "planted_findings": sum(land.planted_by_rule().values()),
        "elements_with_planted_findings": len(planted_elements),
        "largest_folders": dict(sorted(folders.items(), key=lambda kv: (-kv[1], kv[0]))[:10]),
        "near_miss_references": len(land.near_misses),
        "near_miss_examples": [{"element": e, "field": f, "written": m, "meant": r} for e, f, m, r in land.near_misses[:10]],
        "history": dict(hist.stats),
        "planted": [{"element": r, "rule": rule, "why": why} for r, rule, why in land.planted],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="directory for the repository (must not exist or be empty)")
    ap.add_argument("--files", type=int, default=1000, help="element files at HEAD (default 1000)")
    ap.add_argument("--commits", type=int, default=1000, help="commits after the initial import (default 1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--meta", help="where to write the metadata JSON (default OUT.meta.json)")
    ap.add_argument("--shape", choices=["tidy", "adoption"], default="tidy",
                    help="tidy (default): folders per municipality and domain, a handful of findings; "
                         "adoption: a portfolio imported from a spreadsheet, flat folders, many findings")
    args = ap.parse_args()
    if args.files < 200:
        ap.error("--files must be at least 200")

    out = os.path.abspath(args.out)
    if os.path.exists(out) and (not os.path.isdir(out) or os.listdir(out)):
        sys.exit(f"generate.py: {out} exists and is not an empty directory")
    meta_path = args.meta or out.rstrip("/") + ".meta.json"

    adoption = args.shape == "adoption"
    if adoption:
        land = AdoptionLandscape(args.files, args.seed).build()
        hist = AdoptionHistory(land, args.commits, args.seed)
    else:
        land = Landscape(args.files, args.seed).build()
        hist = History(land, args.commits, args.seed)
    hist.plan()
    for el in land.elements:
        if el["kind"] == "DataEntity" and el["spec"].get("authoritativeSource"):
            src = land.by_ref.get(ref("System", el["spec"]["authoritativeSource"]))
            if src:
                src["authority"] = True

    env = dict(os.environ)
    tmp_home = tempfile.mkdtemp()
    env.update({"HOME": tmp_home, "XDG_CONFIG_HOME": tmp_home, "GIT_CONFIG_NOSYSTEM": "1",
                "GIT_CONFIG_GLOBAL": "/dev/null", "LC_ALL": "C", "TZ": "UTC"})
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"):
        env.pop(k, None)
    os.makedirs(out, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True, env=env)
    for k, v in [("core.autocrlf", "false"), ("commit.gpgsign", "false"), ("gc.auto", "0")]:
        subprocess.run(["git", "-C", out, "config", k, v], check=True, env=env)

    fi = subprocess.Popen(["git", "-C", out, "fast-import", "--quiet", "--date-format=raw"],
                          stdin=subprocess.PIPE, env=env)
    w = fi.stdin
    ts = 1672650000  # 2023-01-02
    mark = 0
    author = 0
    tags = []

    def commit(msg, ops, first=False):
        nonlocal mark, ts, author
        mark += 1
        name, login = PEOPLE[author % len(PEOPLE)]
        stamp = f"{ts} +0100"
        head = (f"commit refs/heads/main\nmark :{mark}\n"
                f"author {name} <{login}@iktvestfjord.no> {stamp}\n"
                f"committer {name} <{login}@iktvestfjord.no> {stamp}\n").encode()
        m = msg.encode("utf-8") + b"\n"
        w.write(head + b"data %d\n" % len(m) + m)
        if not first:
            w.write(b"from :%d\n" % (mark - 1))
        for op in ops:
            if op[0] == "D":
                w.write(f"D {op[1]}\n".encode("utf-8"))
            else:
                path, data = op[1], op[2]
                w.write(f"M 100644 inline {path}\n".encode("utf-8") + b"data %d\n" % len(data) + data + b"\n")
        w.write(b"\n")

    initial = [("M", ".arkitekt.yaml", CONFIG.encode()), ("M", "README.md", (README_ADOPTION if adoption else README).encode())]
    if adoption:
        initial += hist.initial_ops()
        commit("Importerer porteføljen fra regnearket (portefolje-2022.xlsx)", initial, first=True)
    else:
        initial += [("M", el["path"], blob_text(el)) for el in land.elements if id(el) not in hist.late_set]
        commit("Første import av arkitekturlandskapet for IKT Vestfjord", initial, first=True)
    tag_every = max(1, args.commits // 10)
    changed_files = 0
    for c, (msg, ops) in enumerate(hist.run(), start=1):
        ts += hist.rng.randint(1800, 2 * 24 * 3600) if c % 7 else 3 * 24 * 3600
        author = hist.rng.randrange(len(PEOPLE))
        real = []
        for op in ops:
            if op[0] == "D" or len(op) == 3:  # the adoption history gives its blobs itself
                real.append(op)
            else:
                real.append(("M", op[1]["path"], blob_text(op[1])))
        changed_files += len({op[1] for op in real})
        commit(msg, real)
        if c % tag_every == 0:
            year = 1970 + ts // 31557600
            tag = f"v{year}.{sum(1 for t in tags if t.startswith(f'v{year}.')) + 1}"
            tags.append(tag)
            w.write(f"reset refs/tags/{tag}\nfrom :{mark}\n\n".encode())
    w.close()
    if fi.wait() != 0:
        sys.exit("generate.py: git fast-import failed")
    subprocess.run(["git", "-C", out, "reset", "--hard", "-q", "main"], check=True, env=env)
    shutil.rmtree(tmp_home, ignore_errors=True)

    head = subprocess.run(["git", "-C", out, "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True, env=env).stdout.strip()
    final = hist.present
    by_kind = {}
    size = 0
    for el in final:
        by_kind[el["kind"]] = by_kind.get(el["kind"], 0) + 1
        size += len(blob_text(el))
    # the file the kit changes for `check --staged`: an ordinary production system with a vendor
    staged = next(el for el in final if el["kind"] == "System" and not el.get("shared") and not el.get("deliberate")
                  and not el.get("planted") and not el.get("second_master")
                  and "vendor" in el["spec"] and el["lifecycle"] == "production" and not el.get("broken_now"))
    meta = {
        "generator": "bench/generate.py", "seed": args.seed, "files": len(final), "commits": args.commits + 1,
        "history_changes": changed_files, "elements_by_kind": dict(sorted(by_kind.items())),
        "landscape_bytes": size, "average_file_bytes": round(size / len(final)), "head": head, "tags": tags,
        "municipalities": land.n_muni, "staged_file": staged["path"],
        "exemptions_suppressing": len(land.exempted),
        "deliberate_findings": [{"element": r, "rule": rule, "why": why} for r, rule, why in land.deliberate],
    }
    if adoption:
        meta.update(adoption_meta(land, hist, final))
    with open(meta_path, "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"generate.py: {out}: {len(final)} files, {size / 1e6:.1f} MB, {args.commits + 1} commits, HEAD {head[:12]}"
          + (f"; adoption shape, {sum(meta['planted_by_rule'].values())} findings planted" if adoption else ""))


if __name__ == "__main__":
    main()

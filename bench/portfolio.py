#!/usr/bin/env python3
"""Generate a sector-sized portfolio for `arkitekt portfolio`: a shared catalog and many
municipalities' landscapes, each a git repository of its own.

    python3 bench/portfolio.py --landscapes 356 --elements 100000 --seed 1 OUT

OUT/felles is the shared catalog (the library): the national shared solutions (ID-porten,
Folkeregisteret, KS-Fiks SvarUt, ...) with the groups that own them, the national data with its
authoritative source, and the capabilities of the municipal sector. OUT/kommune-NNN are the
municipalities. Each imports the catalog at its tag v1 (`.arkitekt.yaml` and a `.arkitekt.lock`
with the catalog's commit id) and describes its own organisation, platforms, systems, data,
integrations and processes; their sizes differ as municipalities do (a few large, many small),
and together they hold about --elements elements. OUT/portfolio.yaml lists them all.

Each municipality reuses each shared solution with a probability of its own; where it does not,
some of its systems do the same work locally (a look-alike, which `reuse-shared-solution` finds).
Systems lack a security classification now and then, integrations a protocol: the scorecard has
something to count. Every reference resolves.

Each repository is written with one `git fast-import` run, so generating the sector takes about a
minute. The same arguments give the same bytes and the same commit ids.
"""

import argparse
import os
import random
import subprocess
import sys

SHARED = [
    # name, title, owner, capability, authoritative for
    ("id-porten", "ID-porten", "digdir", "innlogging", None),
    ("maskinporten", "Maskinporten", "digdir", "tilgangsstyring", None),
    ("altinn", "Altinn", "digdir", "digitale-skjema", None),
    ("folkeregisteret", "Folkeregisteret", "skatteetaten", "registeroppslag", "person"),
    ("enhetsregisteret", "Enhetsregisteret", "brreg", "virksomhetsoppslag", "virksomhet"),
    ("matrikkelen", "Matrikkelen", "kartverket", "eiendomsoppslag", "eiendom"),
    ("krr", "Kontakt- og reservasjonsregisteret", "digdir", "kontaktoppslag", "kontaktinformasjon"),
    ("svarut", "KS-Fiks SvarUt", "ks", "digital-utsending", None),
    ("fiks-io", "KS-Fiks IO", "ks", "meldingsutveksling", None),
    ("fiks-arkiv", "KS-Fiks Arkiv", "ks", "arkivutveksling", None),
    ("digipost", "Digital postkasse til innbyggere", "digdir", "digital-post", None),
    ("helsenettet", "Helsenettet", "nhn", "helsesamhandling", None),
]
OWNERS = [("digdir", "Digitaliseringsdirektoratet"), ("skatteetaten", "Skatteetaten"), ("brreg", "Brønnøysundregistrene"),
          ("kartverket", "Kartverket"), ("ks", "KS"), ("nhn", "Norsk helsenett")]
# The sector's domains, each with the capabilities its systems realise.
DOMAINS = [
    ("oppvekst", "Oppvekst og utdanning", ["barnehageopptak", "elevadministrasjon", "skoleskyss", "pp-tjeneste", "barnevern"]),
    ("helse", "Helse og omsorg", ["pasientjournal", "hjemmetjeneste", "legevakt", "tildeling-av-tjenester", "velferdsteknologi"]),
    ("teknisk", "Plan, bygg og eiendom", ["byggesak", "arealplan", "eiendomsforvaltning", "vann-og-avlop", "renovasjon"]),
    ("kultur", "Kultur og fritid", ["bibliotek", "kulturskole", "booking-av-lokaler", "tilskudd"]),
    ("styring", "Styring og administrasjon", ["saksbehandling", "arkivering", "okonomi", "lonn-og-personal", "innkjop"]),
]
SHARED_CAPABILITIES = [(s[3], s[1]) for s in SHARED]
PLATFORMS = [("kommune-dc", "Kommunens datasenter", "on-premises", "norway"),
             ("sky-norge", "Skyplattform i Norge", "cloud", "norway"),
             ("leverandor-saas", "Leverandørens SaaS", "saas", "eu-eea")]
VENDORS = ["Visma", "Tieto", "Acos", "Sikri", "Evry", "Norkart", "Geomatikk", "CGM", "DIPS", "Ephorte", "Framsikt", "Innovasjon AS"]
PROTOCOLS = ["REST", "SOAP", "file", "message"]


def q(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def element(kind, name, title, description, spec_lines):
    lines = ["apiVersion: arkitekt/v1", f"kind: {kind}", "metadata:", f"  name: {name}", f"  title: {q(title)}",
             f"  description: {q(description)}", "spec:"]
    lines += ["  " + line for line in spec_lines] or ["  {}"]
    return "\n".join(lines) + "\n"


def fast_import(repo, files, message, tag=None):
    """One commit holding `files` (path -> text) on main, written with git fast-import."""
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    stream = []
    stream.append("commit refs/heads/main\nmark :1\n")
    stream.append("author Bench <bench@example.invalid> 1767225600 +0100\n")
    stream.append("committer Bench <bench@example.invalid> 1767225600 +0100\n")
    data = message.encode()
    stream.append(f"data {len(data)}\n{message}\n")
    body = "".join(stream).encode()
    parts = [body]
    for path in sorted(files):
        content = files[path].encode()
        parts.append(f"M 100644 inline {path}\ndata {len(content)}\n".encode() + content + b"\n")
    if tag:
        parts.append(f"reset refs/tags/{tag}\nfrom :1\n".encode())
    parts.append(b"done\n")
    subprocess.run(["git", "fast-import", "--quiet", "--done"], input=b"".join(parts), cwd=repo, check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True)
    return subprocess.run(["git", "rev-parse", "main"], cwd=repo, check=True, capture_output=True, text=True).stdout.strip()


def catalog():
    files = {}
    for key, title in OWNERS:
        files[f"architecture/eiere/{key}.yaml"] = element("Group", key, title, f"{title}, som eier nasjonale fellesløsninger.", ["type: external"])
    for key, title in SHARED_CAPABILITIES:
        files[f"architecture/kapabiliteter/{key}.yaml"] = element("Capability", key, title, f"{title}, dekket av en nasjonal fellesløsning.", [])
    for domain, title, capabilities in DOMAINS:
        files[f"architecture/kapabiliteter/{domain}.yaml"] = element("Capability", domain, title, f"Tjenesteområdet {title.lower()}.", [])
        for capability in capabilities:
            files[f"architecture/kapabiliteter/{domain}/{capability}.yaml"] = element(
                "Capability", capability, capability.replace("-", " ").capitalize(), f"Kommunal kapabilitet i {title.lower()}.", [f"parent: {domain}"])
    for name, title, owner, capability, master in SHARED:
        files[f"architecture/fellesloesninger/{name}.yaml"] = element(
            "System", name, title, f"{title}, en nasjonal fellesløsning.",
            [f"owner: {owner}", "scope: national", f"capabilities: [{capability}]", "availability: 99.9%",
             "security:", "  confidentiality: high", "  integrity: high", "  availability: high"])
        if master:
            files[f"architecture/data/{master}.yaml"] = element(
                "DataEntity", master, master.capitalize(), f"{master.capitalize()} slik det nasjonale registeret har den.",
                [f"owner: {owner}", f"definition: {{nb: {q(master.capitalize() + ' slik registeret har den.')}, en: {q('A ' + master + ' as the register has it.')}}}",
                 "classification: {personal: " + ("personal" if master in ("person", "kontaktinformasjon") else "none") + ", confidentiality: internal}",
                 f"authoritativeSource: {name}"])
    files["README.md"] = "# Felles katalog\n\nDe nasjonale fellesløsningene, til bruk i kommunenes landskap.\n"
    return files


def municipality(rng, index, size):
    """The landscape of one municipality of about `size` elements."""
    name = f"kommune-{index:03d}"
    files = {}
    adopt = {s[0]: rng.random() < rng.uniform(0.5, 0.98) for s in SHARED}

    def add(path, kind, element_name, title, description, spec):
        files[f"architecture/{path}.yaml"] = element(kind, element_name, title, description, spec)

    add("organisasjon/kommunen", "Group", "kommunen", f"Kommune {index}", "Kommunen som helhet.", ["type: municipality"])
    for domain, title, _ in DOMAINS:
        add(f"organisasjon/{domain}", "Group", domain + "-avd", title, f"Avdelingen for {title.lower()}.", ["type: department", "parent: kommunen"])
    for key, title, kind, location in PLATFORMS:
        add(f"plattformer/{key}", "Platform", key, title, f"{title}.", [f"type: {kind}", f"location: {location}"])
    n_systems = max(8, int(size * 0.45))
    n_data = max(4, int(size * 0.2))
    n_processes = max(2, int(size * 0.05))
    n_integrations = max(2, size - n_systems - n_data - n_processes - 1 - len(DOMAINS) - len(PLATFORMS))
    systems = []
    for i in range(n_systems):
        domain, dtitle, capabilities = DOMAINS[i % len(DOMAINS)]
        system = f"{domain}-system-{i:03d}"
        capability = rng.choice(capabilities)
        uses = [s[0] for s in SHARED if adopt[s[0]] and rng.random() < 0.15]
        spec = [f"owner: {domain}-avd", f"vendor: {q(rng.choice(VENDORS))}", f"capabilities: [{capability}]",
                f"hosting: {rng.choice(PLATFORMS)[0]}"]
        # Where the municipality does not use a shared solution, now and then a system of its
        # own does that work: a local look-alike.
        look_alike = [s for s in SHARED if not adopt[s[0]]]
        if look_alike and rng.random() < 0.05:
            spec[2] = f"capabilities: [{capability}, {rng.choice(look_alike)[3]}]"
        if uses:
            spec.append(f"uses: [{', '.join(uses)}]")
        if rng.random() < 0.9:
            spec += ["security:", "  confidentiality: medium", "  integrity: medium", "  availability: " + rng.choice(["low", "medium", "high"])]
        if rng.random() < 0.08:
            spec.append("lifecycle: phasing-out")
        add(f"systemer/{domain}/{system}", "System", system, f"Fagsystem {i} for {dtitle.lower()}",
            f"Fagsystem i {dtitle.lower()}.", spec)
        systems.append(system)
    data = []
    for i in range(n_data):
        domain, dtitle, _ = DOMAINS[i % len(DOMAINS)]
        entity = f"{domain}-data-{i:03d}"
        spec = [f"owner: {domain}-avd", f"definition: {q('Opplysninger i ' + dtitle.lower() + '.')}",
                "classification: {personal: " + rng.choice(["none", "personal"]) + ", confidentiality: internal}"]
        add(f"data/{domain}/{entity}", "DataEntity", entity, f"Data {i} i {dtitle.lower()}", f"Data i {dtitle.lower()}.", spec)
        data.append(entity)
    for i in range(n_processes):
        domain, dtitle, capabilities = DOMAINS[i % len(DOMAINS)]
        add(f"prosesser/{domain}-prosess-{i:03d}", "Process", f"{domain}-prosess-{i:03d}", f"Prosess {i} i {dtitle.lower()}",
            f"En tjeneste i {dtitle.lower()}.", [f"owner: {domain}-avd", f"capabilities: [{rng.choice(capabilities)}]"])
    for i in range(n_integrations):
        a, b = rng.sample(systems, 2)
        spec = [f"from: {a}", f"to: {b}", f"data: [{rng.choice(data)}]", "purpose: Saksbehandlingen trenger opplysningene."]
        if rng.random() < 0.85:
            spec.append(f"protocol: {rng.choice(PROTOCOLS)}")
        spec += ["authentication: " + rng.choice(["maskinporten", "oauth2", "mtls"]), "encryption: tls"]
        add(f"integrasjoner/integrasjon-{i:04d}", "Integration", f"integrasjon-{i:04d}", f"Integrasjon {i}", "Dataflyt mellom fagsystemer.", spec)
    return name, files


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="folder for the portfolio (must not exist)")
    ap.add_argument("--landscapes", type=int, default=356)
    ap.add_argument("--elements", type=int, default=100000, help="elements of all municipalities together (about)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    if os.path.exists(args.out):
        sys.exit(f"portfolio.py: {args.out} exists; give a new folder")
    os.makedirs(args.out)
    rng = random.Random(args.seed)
    library = fast_import(os.path.join(args.out, "felles"), catalog(), "Felles katalog", tag="v1")
    # Sizes as municipalities go: many small, a few large (a Pareto tail), scaled to the total.
    weights = [rng.paretovariate(1.6) for _ in range(args.landscapes)]
    scale = args.elements / sum(weights)
    sizes = [max(30, int(w * scale)) for w in weights]
    entries = []
    total = 0
    for index, size in enumerate(sizes, start=1):
        name, files = municipality(rng, index, size)
        files[".arkitekt.yaml"] = ("apiVersion: arkitekt/v1\nkind: Config\nspec:\n  libraries:\n"
                                   "    - {name: felles, git: ../felles, rev: v1}\n")
        files[".arkitekt.lock"] = ("apiVersion: arkitekt/v1\nkind: Lock\nspec:\n  libraries:\n"
                                   f"    - name: \"felles\"\n      git: \"../felles\"\n      rev: \"v1\"\n      commit: \"{library}\"\n")
        fast_import(os.path.join(args.out, name), files, f"Landskapet til {name}")
        total += sum(1 for path in files if path.startswith("architecture/"))
        entries.append(f"    - {{name: {name}, git: {name}, rev: main}}\n")
    with open(os.path.join(args.out, "portfolio.yaml"), "w") as f:
        f.write("apiVersion: arkitekt/v1\nkind: Portfolio\nspec:\n  landscapes:\n" + "".join(entries))
    print(f"portfolio.py: {args.landscapes} landscapes, {total} elements of their own, in {args.out}")


if __name__ == "__main__":
    main()

# arkitekt: the two commands of the README, and the chores around them.
#   make demo   builds arkitekt, checks the bundled sample landscape and writes its site
#   make test   runs every test (the Swift tests, the pre-commit framework, the CI recipes, the packages)
# Both install libgit2-dev, libyaml-dev and libgraphviz-dev first when they are missing (Debian/Ubuntu).

SWIFT ?= swift
BIN := .build/debug/arkitekt
APT_PACKAGES := libgit2-dev libyaml-dev libgraphviz-dev pkg-config git python3 bsdutils
# What the tests use besides: Graphviz's own dot (an independent reader of the DOT arkitekt
# writes), Chromium (opens the site as a browser does) and a font for its screenshots.
TEST_APT_PACKAGES := graphviz chromium fonts-dejavu-core libxml2-utils

.PHONY: all deps build demo test generate check-generated release install deb dist clean

all: build

deps:
	@./scripts/install-deps.sh $(APT_PACKAGES)

build: deps
	$(SWIFT) build --product arkitekt

DEMO_HISTORY := .build/demo-history
DEMO_SITE := .build/demo-site

demo: build
	@echo "== arkitekt check samples/landscape (the sample municipality Fjordvik) =="
	$(BIN) check samples/landscape --summary --fail-on never
	@echo
	@echo "== arkitekt site: the sample's architecture library, from its history (samples/history) =="
	@rm -rf $(DEMO_HISTORY) && ./samples/history/build.sh $(DEMO_HISTORY) >/dev/null
	$(BIN) -C $(DEMO_HISTORY) site -o "$(CURDIR)/$(DEMO_SITE)"

test: deps
	@./scripts/install-deps.sh $(TEST_APT_PACKAGES)
	@./scripts/install-python-deps.sh
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	./scripts/test-pre-commit.sh
	./scripts/test-recipes.sh
	./scripts/test-package.sh

generate:
	python3 scripts/embed-rules.py
	$(SWIFT) build --product arkitekt
	tmp=$$(mktemp -d) && $(BIN) -C "$$tmp" rules --format markdown > docs/rules.md; rc=$$?; rmdir "$$tmp"; exit $$rc

check-generated:
	python3 scripts/embed-rules.py --check

# The Swift runtime and Foundation are linked into the binary: it then needs only libgit2 and
# libyaml on the machine it runs on, and starts about 5 ms sooner (no dynamic loading of them).
# SwiftPM does not relink when only --static-swift-stdlib changes: the binary is removed first, so
# that a plain `swift build -c release` before never leaves a binary that needs the Swift runtime.
release: deps
	rm -f .build/release/arkitekt
	$(SWIFT) build -c release --static-swift-stdlib --product arkitekt

# The release binary, shell completions (bash, zsh, fish) and the man page under $(DESTDIR)$(PREFIX).
PREFIX ?= /usr/local
install: release
	./scripts/package.sh install "$(DESTDIR)$(PREFIX)"

# A Debian package and a tarball with its SHA-256, in .build/dist/.
deb: release
	@./scripts/install-deps.sh binutils
	./scripts/package.sh deb

dist: release
	./scripts/package.sh dist

clean:
	rm -rf .build

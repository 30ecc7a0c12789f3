# Set-up is part of every target: a fresh clone needs only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve preview test test-fast lint validate schema lock clean release offline

# How mike writes aliases: "redirect" works on any web server; "symlink" needs
# a host that follows symbolic links.
ALIAS_TYPE ?= redirect

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# pip itself first, from the lock: an older pip (Python 3.11's own 23.2) refuses
	# the lock, reading weasyprint's fonttools[woff] as a second, unpinned requirement.
	sed -n '/^pip==/,/# via/p' requirements.lock > $(VENV)/pip.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r $(VENV)/pip.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Built into .site.building/, which replaces site/ only when the whole build (pages
# and every PDF) succeeded; a failed or interrupted build leaves site/ as it was.
site: $(STAMP)
	$(BIN)/python -m handbook publish site -- $(BIN)/mkdocs build --strict

# The copy that opens from disk (file://): site-offline/ and a zip in dist/ named
# after the release (HANDBOOK_RELEASE, "utkast" without it).
offline: $(STAMP)
	$(BIN)/python -m handbook publish site-offline -- $(BIN)/mkdocs build --strict -f mkdocs.offline.yml
	$(BIN)/python -m handbook offline site-offline dist

serve: $(STAMP)
	$(BIN)/mkdocs serve

# An editor's preview of one unit: its page, the region chapters, the start page and
# the list pages with that unit alone; no other unit file is read, no PDF rendered
# (HANDBOOK_PDF=1 asks for its binder).
preview: $(STAMP)
	@test -n "$(UNIT)" || { echo "ange enheten: make preview UNIT=vc-angen" >&2; exit 2; }
	HANDBOOK_PREVIEW=$(UNIT) $(BIN)/mkdocs serve

# One test module per worker (module-scoped builds are made once), as many workers as
# cores. `make test-fast`: the unit tests only (no build, PDF or browser), for the
# edit-test loop.
test: $(STAMP) lint
	$(BIN)/pytest -n auto --dist loadfile

test-fast: $(STAMP)
	$(BIN)/pytest -m unit -q -n auto

lint: $(STAMP)
	$(BIN)/ruff check handbook hooks tests bench
	$(BIN)/mypy

validate: $(STAMP)
	$(BIN)/python -m handbook validate

schema: $(STAMP)
	$(BIN)/python -m handbook schema

lock: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements.lock requirements.in

# A release (README, "Publishing"): mike builds the version (strict: mkdocs.yml has
# strict: true, and mike passes no --strict of its own), moves `latest`, then the
# offline zip is built and the branch finished: the release's PDFs under VERSION/pdf/
# and latest/pdf/, the zip under latest/pdf/, pdf/ kept for the newest KEEP_PDFS releases only,
# and with SQUASH=1 the branch squashed to one commit (the release workflow does).
KEEP_PDFS ?= 1
release: $(STAMP)
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=2026.12" >&2; exit 2; }
	PATH="$(abspath $(BIN)):$$PATH" HANDBOOK_RELEASE=$(VERSION) $(BIN)/mike deploy --update-aliases \
		--alias-type=$(ALIAS_TYPE) $(VERSION) latest
	$(BIN)/mike set-default latest
	HANDBOOK_RELEASE=$(VERSION) $(MAKE) offline
	$(BIN)/python -m handbook ghpages finish $(VERSION) --keep-pdfs $(KEEP_PDFS) \
		--add dist/kontinuitetshandbok-offline-$(VERSION).zip $(if $(SQUASH),--squash)

# The internal build of a release, with the private layer, made inside the organisation
# (README, "The internal build"): `make internal RELEASE=2026.12 PRIVATE=/path OUT=/path`.
.PHONY: internal
internal: $(STAMP)
	@test -n "$(RELEASE)" -a -n "$(PRIVATE)" -a -n "$(OUT)" || { echo "usage: make internal RELEASE=2026.12 PRIVATE=/srv/handbok-privat OUT=/var/www/kontinuitet" >&2; exit 2; }
	$(BIN)/python -m handbook internal $(RELEASE) --private $(PRIVATE) --out $(OUT)

# Remove every release but the newest KEEP from gh-pages with mike (`make prune KEEP=12`).
.PHONY: prune
prune: $(STAMP)
	@test -n "$(KEEP)" || { echo "usage: make prune KEEP=12" >&2; exit 2; }
	$(BIN)/python -m handbook ghpages prune $(KEEP) --mike $(BIN)/mike

clean:
	rm -rf site site-offline .site.building .site.previous .site-offline.building \
		.site-offline.previous dist $(VENV)

# More generated input than `make test` tries, with a new random seed each run.
.PHONY: fuzz
fuzz: $(STAMP)
	HANDBOOK_HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -p no:cacheprovider tests/*/test_fuzz_*.py

# `make bench N=1000`: the synthetic region's size (bench/bench_region.py; BENCH_UNITS
# in the environment works too). The region's builds take minutes: 300 units about 15.
BENCH_UNITS ?= 300
N ?= $(BENCH_UNITS)
# The site search at 1,000 units (issue 28): index size and time to the first result.
SEARCH_UNITS ?= 1000

.PHONY: bench
bench: $(STAMP)
	$(BIN)/python bench/bench_pdf.py
	$(BIN)/python bench/bench_subset.py
	$(BIN)/python bench/bench_limits.py
	$(BIN)/python bench/bench_offline.py
	$(BIN)/python bench/bench_search.py --units $(SEARCH_UNITS) --out bench/search_results.json
	$(BIN)/python bench/bench_region.py --units $(N)

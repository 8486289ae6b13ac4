#!/bin/sh
# Regenerates expected-*.json: the package × advisory pairs osv-scanner
# reports offline for input/ and sbom/bom.cdx.json against db/.
#
# How this directory was made (2026-12-06):
#   python3 gen.py 40      # picks 35 Go and 37 PyPI packages of /work/shared/data/osv that have
#                          # two or more advisories, each at a version taken from their range events
#                          # (boundaries on purpose), and writes input/go.mod, input/requirements.txt,
#                          # sbom/bom.cdx.json and the list of advisories they need
#   python3 mkzip.py       # db/Go/all.zip (the Go entries as they are) and db/PyPI/all.zip (the PyPI
#                          # YAML entries as JSON) of those advisories
#   db/npm/all.zip holds ../osv/npm/GHSA-35jh-r3h4-6jhm.json; input/package-lock.json is
#   ../project/package-lock.json, and lodash 4.17.15 was added to the SBOM.
#
# osv-scanner v2.6.0 was built from its module, outside this repository:
#   GOTOOLCHAIN=go1.27.3 GOBIN=/tmp/bin go install github.com/google/osv-scanner/v2/cmd/osv-scanner@v2.6.0
set -e
cd "$(dirname "$0")"
OSV=${OSV_SCANNER:-/tmp/bin/osv-scanner}
ldb=$(mktemp -d)
mkdir -p "$ldb/osv-scalibr"
cp -r db/Go db/PyPI db/npm "$ldb/osv-scalibr/"
run() { "$OSV" scan source --offline --offline-vulnerabilities --local-db-path "$ldb" --format json "$@" || [ $? -eq 1 ]; }
run -r input > "$ldb/input.json"
run -L sbom/bom.cdx.json > "$ldb/sbom.json"
python3 expected.py "$ldb/input.json" > expected-input.json
python3 expected.py "$ldb/sbom.json" > expected-sbom.json
rm -rf "$ldb"

#!/usr/bin/env bash
# Runs every test of the solution. First installs, with apt-get and only when missing, what the tests need
# from the machine: PostgreSQL server binaries (the tests start their own server), Chromium (UI tests drive it
# through Playwright), CJK fonts (screenshots), Python feedparser (output feeds are checked with it).
# Set INERTIA_TEST_NO_INSTALL=1 to skip the install step.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
/usr/bin/python3 -c "import feedparser" 2>/dev/null || missing+=(python3-feedparser)

if [ "${#missing[@]}" -gt 0 ] && [ "${INERTIA_TEST_NO_INSTALL:-0}" != "1" ]; then
  echo "test.sh: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

results="$(pwd)/TestResults"
rm -rf "$results"
status=0
dotnet test Inertia.slnx --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

# One closing line for the whole solution, summed over every project's TRX counters.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
# Failures again at the very end, with their messages, so the last lines of a long log say what broke.
if [ "$failed" -gt 0 ]; then
  echo
  echo "Failed tests:"
  python3 - "$results" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in glob.glob(sys.argv[1] + "/*.trx"):
    for r in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult[@outcome='Failed']", ns):
        message = r.findtext(".//t:Message", default="", namespaces=ns).strip()
        stack = r.findtext(".//t:StackTrace", default="", namespaces=ns).strip().splitlines()[:8]
        print("- " + r.get("testName"))
        for line in message.splitlines()[:20] + stack:
            print("    " + line)
PY
fi
echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "test.sh: no test ran" >&2
  exit 1
fi
exit "$status"

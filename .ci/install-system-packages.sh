#!/usr/bin/env bash
# Installs the Debian packages the test suite runs for real: chromium (browser tests through
# playwright-core), redis-server and postgresql. Only what is missing; when everything is there it
# returns at once, without touching apt. Needs root; otherwise prints the command to run.
set -euo pipefail

missing=()
[[ -x ${CHROMIUM_PATH:-/usr/bin/chromium} ]] || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

command="apt-get update && apt-get install -y ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "Missing Debian packages: ${missing[*]}. Install them as root:" >&2
  echo "  sudo sh -c '$command'" >&2
  exit 1
fi

echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Bounded: slow mirrors time out and retry, another apt holding the lock is waited for a while,
# and the whole install cannot outlive 20 minutes.
apt_options=(-o Acquire::http::Timeout=30 -o Acquire::Retries=3 -o DPkg::Lock::Timeout=300)
timeout --kill-after=30 600 apt-get "${apt_options[@]}" update
timeout --kill-after=30 1200 apt-get "${apt_options[@]}" install -y "${missing[@]}"

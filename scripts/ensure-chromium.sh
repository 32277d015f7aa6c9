#!/usr/bin/env bash
# Make sure Debian's chromium is installed for the browser tests (tests/browser), installing
# the `chromium` package with apt-get when /usr/bin/chromium is missing: as root (CI runs as
# root) or through sudo. Playwright never downloads a browser of its own. Exit 1 when it cannot.
set -u
CHROMIUM="${BATON_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0

if [ "$(id -u)" = "0" ]; then
  as_root() { "$@"; }
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root() { sudo -n "$@"; }
else
  echo "ensure-chromium: $CHROMIUM is missing and this user cannot install packages" \
    "(not root, no password-less sudo): install Debian's chromium (apt-get install chromium)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM is missing and apt-get is not available:" \
    "install a chromium browser at $CHROMIUM (or set BATON_CHROMIUM)" >&2
  exit 1
fi

install() {
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    chromium >&2
}
echo "ensure-chromium: installing Debian's chromium (for the browser tests)" >&2
# A stale package index makes the install fail: refresh it once and try again.
if ! install; then
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 && install
fi
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
echo "ensure-chromium: $CHROMIUM is still missing after apt-get install chromium;" \
  "the browser tests (tests/browser) need it" >&2
exit 1

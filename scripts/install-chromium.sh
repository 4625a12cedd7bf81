#!/usr/bin/env bash
# Installs Debian's chromium (and a CJK font, so Chinese renders in screenshots) for the browser
# tests in tests/browser. Does nothing when both are already there. Needs root or passwordless sudo.
set -euo pipefail

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
  else
    printf 'install-chromium: need root to run: %s\n' "$*" >&2
    return 1
  fi
}

has_cjk_font() { command -v fc-list >/dev/null && fc-list :lang=zh 2>/dev/null | grep -q .; }

packages=()
[[ -x /usr/bin/chromium ]] || packages+=(chromium)
has_cjk_font || packages+=(fonts-noto-cjk)
if [[ ${#packages[@]} -eq 0 ]]; then
  echo 'install-chromium: chromium and a CJK font are already installed'
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-chromium: installing ${packages[*]}"
# A stale package index is the usual reason the first attempt fails.
if ! as_root apt-get install -y --no-install-recommends "${packages[@]}"; then
  as_root apt-get update
  as_root apt-get install -y --no-install-recommends "${packages[@]}"
fi
[[ -x /usr/bin/chromium ]] || { echo 'install-chromium: /usr/bin/chromium is still missing' >&2; exit 1; }
echo "install-chromium: $(/usr/bin/chromium --version 2>/dev/null || echo chromium installed)"

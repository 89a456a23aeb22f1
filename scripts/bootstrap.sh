#!/usr/bin/env bash
# One entry point for a fresh Debian machine (root, Python 3.11):
#   bash scripts/bootstrap.sh run    set everything up, then start the studio
#   bash scripts/bootstrap.sh test   set everything up, then run the whole test suite
# Re-running is cheap: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE="${1:-run}"
shift || true

SYSTEM_PACKAGES=(
  libportaudio2 libpulse0 libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0
  libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libfontconfig1 libdbus-1-3 fonts-dejavu-core
  pulseaudio pulseaudio-utils alsa-utils libasound2-plugins xvfb
)
TEST_PACKAGES=(nginx-light libnginx-mod-rtmp ngircd ffmpeg poppler-utils)

install_system_packages() {
  local wanted=("${SYSTEM_PACKAGES[@]}")
  [[ "$MODE" == "test" || "$MODE" == "bench" ]] && wanted+=("${TEST_PACKAGES[@]}")
  command -v dpkg-query >/dev/null || return 0
  local missing=()
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  if [[ $EUID -ne 0 ]]; then
    echo "bootstrap: missing system packages: ${missing[*]} (run as root, or install them)" >&2
    exit 1
  fi
  echo "bootstrap: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  # Debian starts nginx/ngircd as services on install; the tests start their own copies.
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  for svc in nginx ngircd; do
    (command -v systemctl >/dev/null && systemctl disable --now "$svc" >/dev/null 2>&1) || true
    (command -v service >/dev/null && service "$svc" stop >/dev/null 2>&1) || true
  done
}

install_python_packages() {
  local python="${PYTHON:-python3}"
  if [[ ! -x .venv/bin/python ]]; then
    "$python" -m venv .venv
  fi
  local stamp=".venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)-$MODE"
  if [[ ! -f "$stamp" ]]; then
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    local extras=""
    [[ "$MODE" != "run" ]] && extras="[test]"
    .venv/bin/python -m pip install -q -e ".${extras}"
    touch "$stamp"
  fi
  # An editable install leaves our modules uncompiled: compile them as an installer would,
  # so the app starts without compiling (about 0.35 s) even where bytecode is not written.
  .venv/bin/python -m compileall -q studio >/dev/null
}

install_system_packages
install_python_packages

case "$MODE" in
  run)
    exec .venv/bin/studio "$@"
    ;;
  test)
    .venv/bin/ruff check .
    .venv/bin/ruff format --check .
    .venv/bin/lint-imports
    .venv/bin/mypy
    exec .venv/bin/python -m pytest "$@"
    ;;
  bench)
    exec .venv/bin/studio bench "$@"
    ;;
  setup)
    echo "bootstrap: ready (.venv/bin/studio)"
    ;;
  *)
    echo "usage: bash scripts/bootstrap.sh run|test|bench|setup [args…]" >&2
    exit 2
    ;;
esac

#!/usr/bin/env bash
# Install the system programs archlint needs when they are missing:
# Graphviz (`dot`, for diagrams) and Python's venv module; with the argument
# `node`, Node.js and npm (the tests check Mermaid output with Mermaid itself).
# Debian/Ubuntu via apt-get, macOS via Homebrew. Safe to run repeatedly.
set -euo pipefail

need_apt=()
if [ "${1:-}" = node ]; then
  command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
  command -v npm >/dev/null 2>&1 || need_apt+=(npm)
else
  command -v dot >/dev/null 2>&1 || need_apt+=(graphviz)
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || need_apt+=(python3-venv)
fi
[ ${#need_apt[@]} -eq 0 ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "Installing ${need_apt[*]} with apt-get..."
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need_apt[@]}" >/dev/null
elif command -v brew >/dev/null 2>&1; then
  command -v dot >/dev/null 2>&1 || brew install graphviz
  if [ "${1:-}" = node ]; then command -v node >/dev/null 2>&1 || brew install node; fi
else
  echo "Please install: ${need_apt[*]} (Graphviz provides the 'dot' program)" >&2
  exit 1
fi

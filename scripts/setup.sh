#!/usr/bin/env bash
# Makes a fresh clone runnable: pnpm, dependencies, Redis, nginx, a MongoDB-compatible server, and a build.
# Safe to run again: every step skips what is already there.
#
# Environment:
#   CI=true        install with --frozen-lockfile
#   REDIS_URL      a running Redis to use instead of installing redis-server
#   MONGO_URL      a running MongoDB to use instead of mongod or FerretDB
#   FERRETDB_BIN   a FerretDB binary to use instead of building one
#   CADDY_BIN      a Caddy binary to use instead of building one (for the Caddy gateway test)
#   MAILPIT_BIN    a Mailpit binary to use instead of building one (the local SMTP server with a web inbox)
#   SMTP_URL       a running SMTP server for `pnpm start` to use instead of Mailpit
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

NODE_MIN_MAJOR=20
NODE_MIN_MINOR=19
FERRETDB_VERSION=v1.24.2
FERRETDB_CACHE="$ROOT/.cache/ferretdb"
CADDY_VERSION=v2.11.9
CADDY_CACHE="$ROOT/.cache/caddy"
MAILPIT_VERSION=v1.33.1
MAILPIT_CACHE="$ROOT/.cache/mailpit"
APT_UPDATED=0
SETUP_STARTED=$SECONDS
# corepack would otherwise ask before it downloads pnpm, and CI has no one to answer.
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0

step() { printf '==> %s\n' "$*"; }
fail() {
  printf 'setup: %s\n' "$1" >&2
  shift
  local line
  for line in "$@"; do printf '       %s\n' "$line" >&2; done
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }
can_apt() { [ "$(id -u)" -eq 0 ] && have apt-get; }

# Installs Debian packages, running `apt-get update` at most once per run.
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ "$APT_UPDATED" -eq 0 ]; then
    step "apt-get update"
    apt-get update -qq
    APT_UPDATED=1
  fi
  apt-get install -y -qq --no-install-recommends "$@"
}

check_node() {
  if ! have node; then
    fail "Node.js is not installed." "Install Node.js ${NODE_MIN_MAJOR}.${NODE_MIN_MINOR} or newer (https://nodejs.org, or \`nvm install 20\`)."
  fi
  if ! node -e "const [a, b] = process.versions.node.split('.').map(Number); process.exit(a > $NODE_MIN_MAJOR || (a === $NODE_MIN_MAJOR && b >= $NODE_MIN_MINOR) ? 0 : 1)"; then
    fail "Node.js $(node --version) is too old." "Install Node.js ${NODE_MIN_MAJOR}.${NODE_MIN_MINOR} or newer (https://nodejs.org, or \`nvm install 20\`)."
  fi
  step "Node.js $(node --version)"
}

pnpm_works() { pnpm --version >/dev/null 2>&1; }

ensure_pnpm() {
  if pnpm_works; then
    step "pnpm $(pnpm --version)"
    return
  fi
  local wanted why="pnpm is missing"
  wanted="$(node -p "(require('./package.json').packageManager || 'pnpm@10').split('+')[0]")"
  if have corepack; then
    step "$why: trying corepack enable pnpm (${wanted})"
    if corepack enable pnpm >/dev/null 2>&1 && pnpm_works; then
      step "pnpm $(pnpm --version) (corepack)"
      return
    fi
    # A shim that cannot fetch pnpm would shadow the one npm installs, or make npm fail with EEXIST.
    corepack disable pnpm >/dev/null 2>&1 || true
    why="corepack could not provide pnpm"
  fi
  step "$why: trying npm install -g ${wanted}"
  if npm install -g --no-fund --no-audit "$wanted" >/dev/null; then
    local npm_bin
    npm_bin="$(npm prefix -g)/bin"
    case ":$PATH:" in
      *":$npm_bin:"*) ;;
      *)
        PATH="$npm_bin:$PATH"
        step "pnpm: note: $npm_bin is not on your PATH; add it, or \`pnpm\` will not be found after this script"
        ;;
    esac
    if pnpm_works; then
      step "pnpm $(pnpm --version) (npm)"
      return
    fi
  fi
  fail "Could not install pnpm." \
    "Install it yourself, then run this again: \`corepack enable pnpm\` or \`npm install -g ${wanted}\` (as root, or with a Node.js under your home directory)."
}

install_dependencies() {
  if [ "${CI:-}" = "true" ]; then
    step "pnpm install --frozen-lockfile"
    pnpm install --frozen-lockfile
  else
    step "pnpm install"
    pnpm install
  fi
}

ensure_redis() {
  if [ -n "${REDIS_URL:-}" ]; then
    step "Redis: using REDIS_URL"
  elif have redis-server; then
    step "Redis: $(command -v redis-server)"
  elif can_apt; then
    step "Redis: installing redis-server with apt-get"
    apt_install redis-server
  else
    fail "Redis is missing." \
      "Install redis-server (Debian/Ubuntu: \`sudo apt-get install redis-server\`, macOS: \`brew install redis\`)," \
      "or set REDIS_URL to a running Redis (for example redis://127.0.0.1:6379)."
  fi
}

# nginx only serves the gateway test: not worth stopping the set-up for.
ensure_nginx() {
  if have nginx || [ -x /usr/sbin/nginx ]; then
    step "nginx: $(command -v nginx || echo /usr/sbin/nginx)"
  elif can_apt; then
    step "nginx: installing nginx with apt-get"
    apt_install nginx
  else
    step "nginx: missing, and installing it needs root and apt-get; the gateway test needs nginx, so install it to run that test."
  fi
}

# Same search order as locateTool in packages/local-servers (locateFerretdb, locateCaddy): the path in the variable
# VARIABLE, else NAME on PATH, else the build in .cache/NAME/bin; prints nothing when there is none.
find_tool() {
  local name="$1" variable="$2" given="${!2:-}"
  if [ -n "$given" ]; then
    [ -x "$given" ] || fail "$variable=$given is not an executable file." "Fix or unset it."
    echo "$given"
  elif have "$name"; then
    command -v "$name"
  elif [ -x "$ROOT/.cache/$name/bin/$name" ]; then
    echo "$ROOT/.cache/$name/bin/$name"
  fi
}

ensure_mongo() {
  local ferretdb
  if [ -n "${MONGO_URL:-}" ]; then
    step "MongoDB: using MONGO_URL"
    return
  elif have mongod; then
    step "MongoDB: $(command -v mongod)"
    return
  fi
  ferretdb="$(find_tool ferretdb FERRETDB_BIN)" || exit 1
  if [ -n "$ferretdb" ]; then
    step "MongoDB: FerretDB at $ferretdb"
    return
  fi
  build_ferretdb
}

find_go() {
  if have go; then
    command -v go
  elif [ -x /usr/local/go/bin/go ]; then
    echo /usr/local/go/bin/go
  fi
}

# The folder `go mod download` puts MODULE@VERSION in (read-only files), on stdout.
go_module_dir() {
  "$1" mod download -json "$2" \
    | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => { const m = JSON.parse(s); if (m.Error || !m.Dir) { console.error(m.Error ?? "no Dir in go mod download output"); process.exit(1) } console.log(m.Dir) })'
}

# Runs a build command in DIR with its output in LOG, in the background; go's own progress goes to the log
# (hundreds of lines), and a line every 15 s shows it is moving. Returns the command's status.
run_with_progress() {
  local dir="$1" log="$2" started="$3"
  shift 3
  (cd "$dir" && exec "$@") >"$log" 2>&1 &
  local build_pid=$! next_report=$((SECONDS + 15))
  while kill -0 "$build_pid" 2>/dev/null; do
    sleep 1
    if [ "$SECONDS" -ge "$next_report" ]; then
      step "  still building: $((SECONDS - started)) s, $(grep -c . "$log" || true) modules and packages so far"
      next_report=$((SECONDS + 15))
    fi
  done
  wait "$build_pid"
}

# `go install ...@version` fails here: its deprecation check reads the proxy's version list, which answers 403.
# And a build straight from the module zip panics at start, because the zip lacks build/version/version.txt.
# So: download the module, copy it, add that file, build.
build_ferretdb() {
  local go started module_dir src log
  go="$(find_go)"
  if [ -z "$go" ]; then
    fail "No MongoDB-compatible server: no mongod, no FerretDB, and no Go to build FerretDB with." \
      "Any one of these fixes it:" \
      "- install Go 1.24 or newer (https://go.dev/dl/), then run this again to build FerretDB;" \
      "- put mongod or ferretdb on PATH, or set FERRETDB_BIN to a FerretDB binary;" \
      "- set MONGO_URL to a running MongoDB (for example mongodb://127.0.0.1:27017)."
  fi
  step "MongoDB: building FerretDB $FERRETDB_VERSION into .cache/ferretdb (the first build takes a few minutes)"
  started=$SECONDS
  src="$FERRETDB_CACHE/src"
  log="$FERRETDB_CACHE/build.log"
  mkdir -p "$FERRETDB_CACHE/bin"
  # A build that was interrupted leaves read-only module files behind, which rm alone cannot delete.
  if [ -d "$src" ]; then chmod -R u+w "$src" && rm -rf "$src"; fi

  step "  downloading github.com/FerretDB/FerretDB@$FERRETDB_VERSION"
  module_dir="$(go_module_dir "$go" "github.com/FerretDB/FerretDB@$FERRETDB_VERSION")" \
    || fail "Could not download FerretDB $FERRETDB_VERSION with go mod download (see above)."
  cp -r "$module_dir" "$src"
  chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" >"$src/build/version/version.txt"

  step "  compiling (log: .cache/ferretdb/build.log)"
  if ! run_with_progress "$src" "$log" "$started" "$go" build -v -buildvcs=false -o "$FERRETDB_CACHE/bin/ferretdb.tmp" ./cmd/ferretdb; then
    tail -n 30 "$log" >&2
    fail "Building FerretDB failed; the whole log is in $log."
  fi
  mv "$FERRETDB_CACHE/bin/ferretdb.tmp" "$FERRETDB_CACHE/bin/ferretdb"
  rm -rf "$src"
  step "  built $FERRETDB_CACHE/bin/ferretdb in $((SECONDS - started)) s"
}

# The Go verifier (packages/verifier-go, issue 16): Go 1.26 or newer, and its modules downloaded ahead of the tests.
ensure_go_verifier() {
  local go version
  go=$(find_go)
  [ -n "$go" ] || fail "Go 1.26 or newer is needed for packages/verifier-go: install it from https://go.dev/dl/ and put it on PATH."
  version=$("$go" env GOVERSION)
  case "$version" in
    go1.2[6-9]* | go1.[3-9][0-9]* | go[2-9]*) ;;
    *) fail "packages/verifier-go needs Go 1.26 or newer; $go is $version." ;;
  esac
  step "Go verifier: $version, downloading its modules (one line per fetch; none when they are cached)"
  # -x prints each fetch as it happens: the progress; the exit status is go's own.
  (cd packages/verifier-go && "$go" mod download -x 2>&1 | { grep --line-buffered '^# get .*: 200' || true; } | sed -u 's/^# get /==>   /'; exit "${PIPESTATUS[0]}") ||
    fail "go mod download failed in packages/verifier-go (is the Go module proxy reachable, or GOPROXY set right?)"
}

# True (and says so) when find_tool finds NAME: then there is nothing to build.
tool_present() {
  local label="$1" found
  found="$(find_tool "$2" "$3")" || exit 1
  [ -n "$found" ] && step "$label: $found"
}

# Caddy only serves the Caddy gateway test (infra/caddy): like nginx, not worth stopping the set-up for.
ensure_caddy() {
  local go
  tool_present Caddy caddy CADDY_BIN && return
  go="$(find_go)"
  if [ -z "$go" ]; then
    step "Caddy: missing, and building it needs Go 1.25 or newer (https://go.dev/dl/); the Caddy gateway test needs it: install Go and run this again, or set CADDY_BIN."
  elif ! build_caddy "$go"; then
    step "Caddy: the build failed (log: .cache/caddy/build.log); the Caddy gateway test needs Caddy: run this again, or set CADDY_BIN."
  fi
}

# Caddy's module zip builds as it is, so plain `go install` comes first; where the proxy refuses its version list
# (see build_ferretdb), the download-then-build route is the fallback (build_go_tool).
build_caddy() {
  build_go_tool Caddy caddy "$CADDY_CACHE" "github.com/caddyserver/caddy/v2/cmd/caddy@$CADDY_VERSION" \
    "github.com/caddyserver/caddy/v2@$CADDY_VERSION" ./cmd/caddy "$1" "-mod=mod${GOFLAGS:+ $GOFLAGS}"
}

# Builds LABEL's binary NAME into CACHE/bin: `go install INSTALL` first, else MODULE downloaded and PACKAGE in it
# built, with GOFLAGS as given. Both build into bin.tmp, moved at the end, so an interrupted build never leaves a
# half-written binary where find_tool looks. Called in a condition, so `set -e` does not apply inside: every step
# checks its own status.
build_go_tool() {
  local label="$1" name="$2" cache="$3" install="$4" module="$5" package="$6" go="$7" goflags="$8"
  local started=$SECONDS log="$cache/build.log" tmp_bin="$cache/bin.tmp"
  step "$label: building ${install##*@} into ${cache#"$ROOT/"} (the first build takes a few minutes)"
  mkdir -p "$cache/bin" || return 1
  rm -rf "$tmp_bin"
  step "  go install $install (log: ${log#"$ROOT/"})"
  if ! run_with_progress "$ROOT" "$log" "$started" env GOBIN="$tmp_bin" GOFLAGS="$goflags" "$go" install -v "$install"; then
    tail -n 5 "$log" >&2
    step "  go install failed (above); downloading the module and building it instead"
    build_from_download "$go" "$log" "$started" "$tmp_bin" "$cache" "$module" "$package" "$name" || return 1
  fi
  mv "$tmp_bin/$name" "$cache/bin/$name" && rm -rf "$tmp_bin" || return 1
  step "  built $cache/bin/$name in $((SECONDS - started)) s"
}

# Downloads MODULE@VERSION, copies it to CACHE/src and builds PACKAGE in it into TMP_BIN/NAME (see build_go_tool).
build_from_download() {
  local go="$1" log="$2" started="$3" tmp_bin="$4" cache="$5" module="$6" package="$7" name="$8" src="$5/src" module_dir
  # A build that was interrupted leaves read-only module files behind, which rm alone cannot delete.
  if [ -d "$src" ]; then chmod -R u+w "$src" && rm -rf "$src"; fi
  step "  downloading $module"
  module_dir="$(go_module_dir "$go" "$module")" || return 1
  cp -r "$module_dir" "$src" && chmod -R u+w "$src" || return 1
  step "  compiling (log: ${log#"$ROOT/"})"
  if ! run_with_progress "$src" "$log" "$started" "$go" build -v -buildvcs=false -o "$tmp_bin/$name" "$package"; then
    tail -n 30 "$log" >&2
    return 1
  fi
  rm -rf "$src"
}

# Mailpit (issue 14) receives the mail of `pnpm start` and of the tests, which need it: a missing Go stops here.
ensure_mailpit() {
  local go
  tool_present Mailpit mailpit MAILPIT_BIN && return
  go="$(find_go)"
  [ -n "$go" ] || fail "Mailpit is missing, and building it needs Go 1.24 or newer." \
    "Install Go (https://go.dev/dl/) and run this again, or set MAILPIT_BIN to a Mailpit binary."
  build_mailpit "$go" || fail "Building Mailpit failed; the whole log is in $MAILPIT_CACHE/build.log." \
    "Run this again, or set MAILPIT_BIN to a Mailpit binary."
}

# Like build_caddy: `go install` first, the download-then-build route where the proxy refuses its version list.
build_mailpit() {
  build_go_tool Mailpit mailpit "$MAILPIT_CACHE" "github.com/axllent/mailpit@$MAILPIT_VERSION" \
    "github.com/axllent/mailpit@$MAILPIT_VERSION" . "$1" "${GOFLAGS:-}"
}

check_node
ensure_pnpm
install_dependencies
ensure_redis
ensure_nginx
ensure_mongo
ensure_caddy
ensure_mailpit
step "pnpm build"
pnpm build
ensure_go_verifier
step "Ready in $((SECONDS - SETUP_STARTED)) s: \`pnpm test\` runs the tests, \`pnpm start\` the local stack."

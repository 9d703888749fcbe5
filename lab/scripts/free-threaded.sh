#!/usr/bin/env bash
# How the interpreters of docs/python-vs-rust were made: CPython 3.13 built twice from
# one source, once as it ships (the GIL on) and once with --disable-gil (free-threaded,
# "3.13t"), with the same configure flags and the same compiler, so that the two differ
# in the GIL alone. A record of how the figures were made, not part of the build: CI
# never runs it.
#
#   bash lab/scripts/free-threaded.sh            # as root; how long: the closing lines say
#   cargo run --release -p lab -- python --python-materials ../materials \
#       --python ~/.cache/rust-concurrency-lab/cpython/gil/bin/python3 \
#       --python ~/.cache/rust-concurrency-lab/cpython/nogil/bin/python3 \
#       --out docs/python-vs-rust
#
# The source is Debian trixie's source package python3.13 (its upstream tarball,
# verified by apt against the archive's signature; Debian's own patches are not
# applied), fetched through a private apt state that names the mirror this machine's
# own sources name, so /etc/apt is left as it was. Both builds use
# --enable-optimizations (profile-guided: the build runs part of the test suite to
# profile itself, then compiles again), as distributions build their interpreters;
# OPTIMIZE=0 makes two plain -O3 builds instead, about three times sooner and slower on
# one thread.
#
# Run again, it skips what is there: the source once fetched, a build whose interpreter
# answers with the GIL state it was built for and whose stamp names the same flags. A
# build is made in a folder of its own and moved into place only when whole, so an
# interrupted one is started again, not half-used.
set -euo pipefail

prefix=${FREE_THREADED_PREFIX:-$HOME/.cache/rust-concurrency-lab/cpython}
# Seconds any one step may take before it is stopped; the slowest, a profile-guided make,
# took under 20 minutes here.
step_limit=${STEP_LIMIT:-3600}
# The flags both builds share.
shared_flags=(--with-ensurepip=install)
if [ "${OPTIMIZE:-1}" != 0 ]; then
    shared_flags+=(--enable-optimizations)
fi
package=python3.13
suite=trixie
build_deps=(build-essential libssl-dev zlib1g-dev libffi-dev libbz2-dev liblzma-dev
    libsqlite3-dev libreadline-dev uuid-dev xz-utils)

fail() {
    echo "free-threaded.sh: $*" >&2
    exit 1
}

# step WHAT COMMAND...: runs COMMAND with the time limit, its output in the log.
step() {
    local what=$1
    shift
    echo "== $what" >&2
    local start=$SECONDS code=0
    timeout --kill-after=30 "$step_limit" "$@" >>"$prefix/build.log" 2>&1 || code=$?
    if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
        fail "$what took longer than $step_limit s (STEP_LIMIT); see $prefix/build.log"
    elif [ "$code" -ne 0 ]; then
        fail "$what failed (exit $code); the end of $prefix/build.log says why"
    fi
    echo "   $((SECONDS - start)) s" >&2
}

# The mirror of the machine's own Debian sources (deb822 or one-line), never typed here.
mirror() {
    local uri
    uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
        awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }' || true)
    if [ -z "$uri" ]; then
        uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' \
            /etc/apt/sources.list 2>/dev/null || true)
    fi
    [ -n "$uri" ] || fail "no Debian mirror in /etc/apt to fetch $package's source from"
    echo "$uri"
}

fetch_source() {
    local src=$prefix/src
    if compgen -G "$src/${package}_*.orig.tar.xz" >/dev/null; then
        return
    fi
    mkdir -p "$prefix/apt/lists/partial" "$src.new"
    echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $(mirror) $suite main" \
        >"$prefix/apt/sources.list"
    local apt=(apt-get -o "Dir::Etc::SourceList=$prefix/apt/sources.list"
        -o Dir::Etc::SourceParts=/dev/null -o "Dir::State::Lists=$prefix/apt/lists"
        -o Acquire::Retries=5 -o Debug::NoLocking=1)
    step "apt-get update (deb-src $suite, private state)" "${apt[@]}" update
    (cd "$src.new" && step "apt-get source --download-only $package" \
        "${apt[@]}" source --download-only "$package") ||
        fail "could not get the source package $package from $suite"
    rm -rf "$src"
    mv "$src.new" "$src"
}

install_build_deps() {
    local missing=()
    for dep in "${build_deps[@]}"; do
        dpkg -s "$dep" >/dev/null 2>&1 || missing+=("$dep")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        [ "$(id -u)" -eq 0 ] || fail "missing ${missing[*]}: install them, or run as root"
        step "apt-get install ${missing[*]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -o Acquire::Retries=5 --no-install-recommends "${missing[@]}"
    fi
}

# unpack: the upstream tree, once, shared by both builds (they build out of tree).
unpack() {
    local tree=$prefix/src/tree
    [ -x "$tree/configure" ] && return
    rm -rf "$tree.new"
    mkdir -p "$tree.new"
    step "unpack the upstream tarball" tar -xf "$(compgen -G "$prefix/src/${package}_*.orig.tar.xz" | head -n 1)" \
        -C "$tree.new" --strip-components=1
    mv "$tree.new" "$tree"
}

# gil_of PYTHON: what the interpreter says of its GIL, "True" or "False".
gil_of() {
    "$1" -c 'import sys; print(sys._is_gil_enabled())' 2>/dev/null || echo none
}

# build NAME GIL_EXPECTED [CONFIGURE FLAGS...]
build() {
    local name=$1 expected=$2
    shift 2
    local done=$prefix/$name
    local flags="${shared_flags[*]} $*"
    if [ "$(gil_of "$done/bin/python3")" = "$expected" ] &&
        [ "$(cat "$done/built-with" 2>/dev/null)" = "$flags" ]; then
        echo "== $name: already built ($done/bin/python3, $flags)" >&2
        return
    fi
    local work=$prefix/build-$name
    rm -rf "$work"
    mkdir -p "$work"
    # The same flags for both; --disable-gil is the one difference.
    (cd "$work" && step "$name: configure $flags" "$prefix/src/tree/configure" \
        --prefix="$done" "${shared_flags[@]}" "$@")
    step "$name: make -j$(nproc)" make -C "$work" -j"$(nproc)"
    # Installed into a stage first (DESTDIR keeps the final prefix in every path), then
    # moved into place whole.
    step "$name: make install" make -C "$work" install DESTDIR="$work/stage"
    echo "$flags" >"$work/stage$done/built-with"
    rm -rf "$done"
    mv "$work/stage$done" "$done"
    rm -rf "$work"
    [ "$(gil_of "$done/bin/python3")" = "$expected" ] ||
        fail "$name: $done/bin/python3 says sys._is_gil_enabled() is $(gil_of "$done/bin/python3"), not $expected"
}

main() {
    mkdir -p "$prefix"
    : >"$prefix/build.log"
    local start=$SECONDS
    install_build_deps
    fetch_source
    unpack
    build gil True
    build nogil False --disable-gil
    for name in gil nogil; do
        "$prefix/$name/bin/python3" -c \
            'import sys, sysconfig; print(sys.executable, sys.version.split()[0], "GIL on" if sys._is_gil_enabled() else "GIL off", sysconfig.get_config_var("CONFIG_ARGS"))'
    done
    echo "free-threaded.sh: done in $((SECONDS - start)) s" >&2
}

main "$@"

#!/usr/bin/env bash
# Runs every benchmark and prints one markdown table each (on stdout; progress and build output on stderr):
#   bash tests/OpenApiClientGen.Benchmarks/run.sh [command] [--quick] [--no-r2r] [--no-composite] [--no-aot] [benchmark options, see Program.cs]
# (command: all, the default, or one of Program.cs's, e.g. whole-process, or parity: each build against the managed one on every spec)
# 1. installs NSwag's CLI (npm nswag, pinned in tests/nswag/package-lock.json) with `npm ci` when it is missing or stale,
#    and Kiota 1.38 (`dotnet tool install Microsoft.OpenApi.Kiota --tool-path artifacts/kiota`) when it is missing;
# 2. builds the benchmarks (and with them the console front end tests/OpenApiClientGen.Cli) in Release;
# 3. publishes the front end three more times for the whole-process table, each skipped with its flag or left out with a
#    warning when its publish fails: ReadyToRun (--no-r2r), composite ReadyToRun self-contained (--no-composite; about
#    4 minutes on 2 cores), Native AOT (--no-aot; needs clang or gcc, installed with apt-get when neither is there);
# 4. runs: generation in-process (cold and warm, read + bind against the parse), the re-run after a C# edit, whole
#    processes against NSwag and Kiota (every build of the front end, output checked byte for byte), deserialization
#    against System.Text.Json's source generator (bytes, a stream of known and of unknown length), streaming, and the
#    consumer build after a one-line edit (the generator against the same code checked in, NSwag's and Kiota's).
# Needs ../shared/corpus beside the repository (or OPENAPICLIENTGEN_CORPUS), the .NET 10 SDK, and for NSwag Node.js/npm.
# About 45 minutes on a 2-core machine (the composite publish and Stripe's consumer builds are the longest);
# --quick takes fewer samples.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
nswag_dir="$root/tests/nswag"
nswag_dll="$nswag_dir/node_modules/nswag/bin/binaries/Net100/dotnet-nswag.dll"

r2r=true
composite=true
aot=true
command=all
args=()
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then command="$1"; shift; fi
for arg in "$@"; do
  case "$arg" in
    --no-r2r) r2r=false ;;
    --no-composite) composite=false ;;
    --no-aot) aot=false ;;
    *) args+=("$arg") ;;
  esac
done
case "$command" in all|whole-process|parity) ;; *) r2r=false; composite=false; aot=false ;; esac

log() { echo "run.sh: $*" >&2; }

# 1. NSwag
if [ ! -f "$nswag_dll" ] || [ "$nswag_dir/package-lock.json" -nt "$nswag_dir/node_modules/.package-lock.json" ]; then
  if command -v npm >/dev/null 2>&1; then
    log "installing NSwag: npm ci in tests/nswag"
    (cd "$nswag_dir" && npm ci --no-audit --no-fund >&2) || log "warning: npm ci failed in tests/nswag; the whole-process table falls back to NSwag's recorded times"
  else
    log "warning: npm is not installed; the whole-process table falls back to NSwag's recorded times"
  fi
fi
if [ -f "$nswag_dll" ] && ! dotnet "$nswag_dll" version >/dev/null 2>&1; then
  log "warning: $nswag_dll does not run here (no .NET 10 runtime with ASP.NET Core?); NSwag is left out"
  nswag_dll="$nswag_dir/missing-dotnet-nswag.dll"
fi

# 1b. Kiota 1.38 as a .NET tool (the package mirror serves it), into artifacts/kiota
kiota_dir="$root/artifacts/kiota"
if ! find "$kiota_dir" -name kiota.dll 2>/dev/null | grep -q .; then
  log "installing Kiota 1.38: dotnet tool install Microsoft.OpenApi.Kiota --tool-path artifacts/kiota"
  dotnet tool install Microsoft.OpenApi.Kiota --version 1.38.0 --tool-path "$kiota_dir" >&2 || log "warning: Kiota could not be installed; its columns are left out"
fi

# 2. Build (Release; warnings are errors, as everywhere in the repository)
log "building tests/OpenApiClientGen.Benchmarks (Release)"
dotnet build "$here/OpenApiClientGen.Benchmarks.csproj" -c Release -nologo -v quiet -clp:NoSummary >&2
benchmarks_dll="$(dotnet msbuild "$here/OpenApiClientGen.Benchmarks.csproj" -nologo -p:Configuration=Release -getProperty:TargetPath)"
cli_dll="$(dotnet msbuild "$root/tests/OpenApiClientGen.Cli/OpenApiClientGen.Cli.csproj" -nologo -p:Configuration=Release -getProperty:TargetPath)"

# 3. Other builds of the front end, into artifacts/benchmarks/cli-*: each with an explicit RID, which keeps it out of the
#    Release build's folder; -p:FrontEnd=… (the Cli's project file) sets the composite and AOT properties on it alone.
rid="$(dotnet --info | awk '$1 == "RID:" { print $2; exit }')"
publish_root="$(cd "$(dirname "$benchmarks_dll")/../../.." && pwd)/benchmarks" # artifacts/benchmarks
cli_project="$root/tests/OpenApiClientGen.Cli/OpenApiClientGen.Cli.csproj"
build_args=()
# publish NAME FLAG-NAME ENTRY-FILE PUBLISH-ARGS...: publishes into artifacts/benchmarks/NAME and adds FLAG-NAME ENTRY to build_args
publish() {
  local name="$1" flag="$2" entry="$3"; shift 3
  local dir="$publish_root/$name" started=$SECONDS
  log "publishing tests/OpenApiClientGen.Cli ($name, $rid) to $dir"
  if [ -n "$rid" ] && nice dotnet publish "$cli_project" -c Release -r "$rid" "$@" -o "$dir" -nologo -v quiet -clp:NoSummary >&2 && [ -f "$dir/$entry" ]; then
    log "published $name in $((SECONDS - started)) s: $(du -b "$dir/$entry" | cut -f1) bytes $entry, $(du -sb --exclude='*.dbg' --exclude='*.pdb' "$dir" | cut -f1) bytes in the folder"
    build_args+=("$flag" "$dir/$entry")
  else
    log "warning: the $name publish failed; its column is left out"
  fi
}
if [ "$r2r" = true ]; then
  publish cli-r2r --cli-r2r OpenApiClientGen.Cli.dll --self-contained false -p:PublishReadyToRun=true
fi
if [ "$composite" = true ]; then
  publish cli-r2r-composite --cli-r2r-composite OpenApiClientGen.Cli -p:FrontEnd=r2r-composite
fi
if [ "$aot" = true ]; then
  # Native AOT links with clang (or, without it, gcc); Debian names its clang clang-NN when only the versioned package is in.
  linker=()
  if ! command -v clang >/dev/null 2>&1; then
    versioned="$(compgen -c clang- | grep -E '^clang-[0-9]+$' | sort -t- -k2 -n | tail -n 1 || true)"
    if [ -n "$versioned" ]; then
      linker=(-p:CppCompilerAndLinker="$versioned")
    elif ! command -v gcc >/dev/null 2>&1; then
      if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        log "installing clang and zlib1g-dev for Native AOT: apt-get install"
        (apt-get update -qq && apt-get install -y -qq clang zlib1g-dev) >&2 || log "warning: apt-get install clang zlib1g-dev failed"
      else
        log "warning: no clang or gcc (apt-get install clang zlib1g-dev): the Native AOT publish will fail"
      fi
    fi
  fi
  publish cli-aot --cli-aot OpenApiClientGen.Cli -p:FrontEnd=aot "${linker[@]}"
fi

# 4. Run
log "running the benchmarks"
dotnet "$benchmarks_dll" "$command" --cli "$cli_dll" --nswag "$nswag_dll" "${build_args[@]}" "${args[@]}"

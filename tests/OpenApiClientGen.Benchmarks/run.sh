#!/usr/bin/env bash
# Runs every benchmark and prints one markdown table each (on stdout; progress and build output on stderr):
#   bash tests/OpenApiClientGen.Benchmarks/run.sh [--quick] [--no-r2r] [benchmark options, see Program.cs]
# 1. installs NSwag's CLI (npm nswag, pinned in tests/nswag/package-lock.json) with `npm ci` when it is missing or stale,
#    and Kiota 1.38 (`dotnet tool install Microsoft.OpenApi.Kiota --tool-path artifacts/kiota`) when it is missing;
# 2. builds the benchmarks (and with them the console front end tests/OpenApiClientGen.Cli) in Release;
# 3. publishes the front end once more with ReadyToRun, for one extra column (skipped with --no-r2r, or if that fails);
# 4. runs: generation in-process (cold and warm), the re-run after a C# edit, whole processes against NSwag,
#    deserialization against System.Text.Json's source generator.
# Needs ../shared/corpus beside the repository (or OPENAPICLIENTGEN_CORPUS), the .NET 10 SDK, and for NSwag Node.js/npm.
# About 10 minutes on a 2-core machine; --quick takes fewer samples.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
nswag_dir="$root/tests/nswag"
nswag_dll="$nswag_dir/node_modules/nswag/bin/binaries/Net100/dotnet-nswag.dll"

r2r=true
args=()
for arg in "$@"; do
  case "$arg" in
    --no-r2r) r2r=false ;;
    *) args+=("$arg") ;;
  esac
done

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

# 3. The front end with ReadyToRun (framework-dependent; an explicit RID keeps it out of the Release build's folder)
r2r_args=()
if [ "$r2r" = true ]; then
  rid="$(dotnet --info | awk '$1 == "RID:" { print $2; exit }')"
  r2r_dir="$(cd "$(dirname "$benchmarks_dll")/../../.." && pwd)/benchmarks/cli-r2r" # artifacts/benchmarks/cli-r2r
  log "publishing tests/OpenApiClientGen.Cli with ReadyToRun ($rid) to $r2r_dir"
  if [ -n "$rid" ] && dotnet publish "$root/tests/OpenApiClientGen.Cli/OpenApiClientGen.Cli.csproj" -c Release -r "$rid" --self-contained false \
       -p:PublishReadyToRun=true -o "$r2r_dir" -nologo -v quiet -clp:NoSummary >&2; then
    r2r_args=(--cli-r2r "$r2r_dir/OpenApiClientGen.Cli.dll")
  else
    log "warning: the ReadyToRun publish failed (no crossgen package?); its column is left out"
  fi
fi

# 4. Run
log "running the benchmarks"
dotnet "$benchmarks_dll" all --cli "$cli_dll" --nswag "$nswag_dll" "${r2r_args[@]}" "${args[@]}"

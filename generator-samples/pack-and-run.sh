#!/usr/bin/env bash
# Packs src/OpenApiClientGen into artifacts/local-feed with a version no earlier run used (0.1.0-local.<UTC timestamp>),
# then restores, builds and runs generator-samples/PackageSample against that package: the way a user's project
# consumes the published package, with a plain PackageReference as `dotnet add package` writes it (the generator runs in
# the build; the runtime library the package ships in lib/ goes into the sample's output). Restores go to a NuGet
# packages folder of this script's own (artifacts/package-sample/nuget-packages, never ~/.nuget/packages), so neither a
# stale cached OpenApiClientGen nor one from another feed can be used. The configured NuGet sources (the package
# mirror) stay; the local feed is added to them.
#
#   bash generator-samples/pack-and-run.sh
#
# Needs only the .NET SDK. Prints each command before running it; exits non-zero if any step fails.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
generator="$repo/src/OpenApiClientGen/OpenApiClientGen.csproj"
project="$repo/generator-samples/PackageSample/PackageSample.csproj"
feed="$repo/artifacts/local-feed"
packages="$repo/artifacts/package-sample/nuget-packages"
# The generator is built for the pack in a folder of its own: no clash with a build of the solution in artifacts/.
pack_artifacts="$repo/artifacts/package-sample/pack"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Prints a command (quoted so it can be pasted into a shell), then runs it.
run() {
  printf '\n+'
  printf ' %q' "$@"
  printf '\n'
  "$@"
}

command -v dotnet >/dev/null || { echo "pack-and-run.sh: the dotnet SDK is not on PATH" >&2; exit 1; }
mkdir -p "$feed" "$packages"

# A version no earlier run used, so nothing cached anywhere can stand in for this package (lower case already, as
# NuGet's folder names are).
version="0.1.0-local.$(date -u +%Y%m%d%H%M%S)"
while [[ -e "$feed/OpenApiClientGen.$version.nupkg" ]]; do
  sleep 1
  version="0.1.0-local.$(date -u +%Y%m%d%H%M%S)"
done
nupkg="$feed/OpenApiClientGen.$version.nupkg"
properties=("-p:OpenApiClientGenVersion=$version" "-p:OpenApiClientGenFeed=$feed")

echo "OpenApiClientGen $version -> $feed"
echo "PackageSample restores into NUGET_PACKAGES=$packages"

run dotnet pack "$generator" -c Release -o "$feed" "-p:Version=$version" "-p:ArtifactsPath=$pack_artifacts"
[[ -f "$nupkg" ]] || { echo "pack-and-run.sh: dotnet pack did not produce $nupkg" >&2; exit 1; }

# Earlier local versions of the generator out of the isolated folder (the other packages stay, as a cache).
rm -rf "$packages/openapiclientgen"

run env NUGET_PACKAGES="$packages" dotnet restore "$project" "${properties[@]}"
run env NUGET_PACKAGES="$packages" dotnet build "$project" --no-restore -c Release "${properties[@]}"

# The generator the build used is the package just packed: restored from the local feed, byte for byte.
restored="$packages/openapiclientgen/$version"
[[ -f "$restored/.nupkg.metadata" ]] || { echo "pack-and-run.sh: OpenApiClientGen $version was not restored into $packages" >&2; exit 1; }
echo
echo "Restored: $restored, from $(sed -n 's/.*"source": *"\(.*\)".*/\1/p' "$restored/.nupkg.metadata")"
if command -v openssl >/dev/null; then
  expected="$(openssl dgst -sha512 -binary "$nupkg" | openssl base64 -A)"
  actual="$(tr -d '\r\n' < "$restored/openapiclientgen.$version.nupkg.sha512")"
  [[ "$expected" == "$actual" ]] || { echo "pack-and-run.sh: the restored package is not $nupkg (SHA-512 differs)" >&2; exit 1; }
  echo "SHA-512 of the restored package matches $nupkg"
fi

# A normal dependency (not a developmentDependency): the runtime library every generated client calls is in the
# sample's output; the generator and its own dependencies (analyzers/) are not.
output="$repo/generator-samples/PackageSample/bin/Release/net10.0"
[[ -f "$output/OpenApiClientGen.Runtime.dll" ]] || { echo "pack-and-run.sh: OpenApiClientGen.Runtime.dll is not in $output" >&2; exit 1; }
for analyzer in OpenApiClientGen.dll Microsoft.OpenApi.dll YamlDotNet.dll; do
  [[ ! -e "$output/$analyzer" ]] || { echo "pack-and-run.sh: the generator's $analyzer reached $output" >&2; exit 1; }
done
echo "Runtime library in the output: $output/OpenApiClientGen.Runtime.dll (the generator is not)"

run env NUGET_PACKAGES="$packages" dotnet run --project "$project" --no-build -c Release "${properties[@]}"

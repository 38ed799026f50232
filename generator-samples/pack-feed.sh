#!/usr/bin/env bash
# Packs the OpenApiClientGen package (generator + runtime library), version 0.1.0 as the README's Quick start names it,
# into a local folder feed, and prints the nuget.config that lets any project on this machine restore it:
#
#   bash generator-samples/pack-feed.sh [feed folder]        (default: artifacts/feed in this repository)
#
# Then, in your project: the printed nuget.config beside it (or `dotnet nuget add source <feed> -n openapiclientgen-local`)
# and `dotnet add package OpenApiClientGen --version 0.1.0`. NuGet caches a version once per machine: this script drops
# a cached OpenApiClientGen 0.1.0 from the global packages folder, so a re-pack is what the next restore gets.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
feed="$(mkdir -p "${1:-$repo/artifacts/feed}" && cd "${1:-$repo/artifacts/feed}" && pwd)"
version=0.1.0
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

command -v dotnet >/dev/null || { echo "pack-feed.sh: the dotnet SDK is not on PATH" >&2; exit 1; }
dotnet pack "$repo/src/OpenApiClientGen/OpenApiClientGen.csproj" -c Release -o "$feed" "-p:Version=$version" \
  "-p:ArtifactsPath=$repo/artifacts/pack-feed" --nologo -v quiet
[[ -f "$feed/OpenApiClientGen.$version.nupkg" ]] || { echo "pack-feed.sh: no $feed/OpenApiClientGen.$version.nupkg" >&2; exit 1; }

packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
rm -rf "$packages/openapiclientgen/$version"

cat <<CONFIG
Packed $feed/OpenApiClientGen.$version.nupkg

nuget.config (beside your project or solution; keeps your other sources):
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="openapiclientgen-local" value="$feed" />
  </packageSources>
</configuration>

Then: dotnet add package OpenApiClientGen --version $version
CONFIG

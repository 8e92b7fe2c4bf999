#!/usr/bin/env bash
# Adds an EF Core migration that serves SQLite and PostgreSQL alike (one migration history, see docs/adr/0002).
# Usage: bash scripts/add-migration.sh <Name>
# The tool scaffolds against SQLite; store types are then stripped so each provider maps the CLR types itself.
# Provider-specific SQL (row-level security) goes in by hand behind `if (migrationBuilder.IsNpgsql())`.
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?migration name}"
dotnet tool restore >/dev/null
export FactorTraceEfDesign=true  # brings in Microsoft.EntityFrameworkCore.Design (see FactorTrace.Data.csproj)
dotnet ef migrations add "$name" --project src/FactorTrace.Data --startup-project src/FactorTrace.Data --output-dir Migrations
for f in src/FactorTrace.Data/Migrations/*.cs; do
  sed -i -E 's/, type: "[^"]*"//; s/type: "[^"]*", //; /\.HasColumnType\("[^"]*"\)/d; /^\s*\.HasAnnotation\("Sqlite:[^"]*", [^)]*\)/d' "$f"
done
rm -f src/FactorTrace.Data/design.db
dotnet format src/FactorTrace.Data/FactorTrace.Data.csproj >/dev/null || true
unset FactorTraceEfDesign; dotnet restore src/FactorTrace.Data >/dev/null  # back to the ordinary build
echo "added $name; review src/FactorTrace.Data/Migrations"

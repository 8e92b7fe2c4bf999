#!/usr/bin/env bash
# Regenerates src/FactorTrace.Data/Identity/common-passwords.txt, the password policy's blocklist, from the "passwords"
# frequency list of the npm package zxcvbn (MIT licence): lower-cased, deduplicated, most frequent first, with the
# package's copyright and licence notice as comment lines. Needs npm and node; the tarball is checked against its
# pinned sha512. The file is committed: the build and the tests never run this.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
name=zxcvbn version=4.4.2
integrity="sha512-Bq0B+ixT/DMyG8kgX2xWcI5jUvCwqrMxSFam7m0lAf78nf04hv6lNCsyLYdyYTrCVMqNDY/206K7eExYCeSyUQ=="
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$name@$version" >/dev/null)
tarball="$work/$name-$version.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
[ "$actual" = "$integrity" ] || { echo "common-passwords: $name $version checksum mismatch" >&2; exit 1; }
tar -xzf "$tarball" -C "$work"
NAME="$name" VERSION="$version" PACKAGE="$work/package" node -e '
const fs = require("fs");
const pkg = process.env.PACKAGE;
const lists = require(pkg + "/lib/frequency_lists.js");
const seen = new Set();
const words = [];
for (const w of lists.passwords) {
  const l = w.toLowerCase();
  if (l.length > 0 && !l.startsWith("#") && !seen.has(l)) { seen.add(l); words.push(l); }
}
const licence = fs.readFileSync(pkg + "/LICENSE.txt", "utf8").replace(/\s+$/, "").split("\n");
const header = [
  `# Common passwords, most frequent first: the "passwords" list of the npm package ${process.env.NAME} ${process.env.VERSION} (lib/frequency_lists.js), ${words.length} entries, lower-cased, deduplicated. Licence: MIT.`,
  "# Lines starting with # are comments; every other line is one password. Regenerate with scripts/common-passwords.sh.",
  "#",
  ...licence.map(line => line.trim() === "" ? "#" : "# " + line),
];
process.stdout.write(header.join("\n") + "\n" + words.join("\n") + "\n");
' >"$root/src/FactorTrace.Data/Identity/common-passwords.txt"
wc -l "$root/src/FactorTrace.Data/Identity/common-passwords.txt"

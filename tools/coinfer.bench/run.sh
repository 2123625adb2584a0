#!/bin/sh
# Standing-target benchmarks (framework and split overhead, decision time, container start),
# about 1-3 minutes. Not part of `mvn verify`. Options: --csv FILE, --quick, --no-container.
set -e
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cp_file="$here/target/runtime-classpath.txt"
jar="$here/target/coinfer.bench-0.1.0-SNAPSHOT.jar"

# Rebuild when the jar or any class path entry is missing, or a source is newer than the jar.
stale() {
  [ -f "$jar" ] && [ -f "$cp_file" ] || return 0
  [ -z "$(find "$here/src/main" "$here/pom.xml" -newer "$jar" | head -1)" ] || return 0
  old_ifs="$IFS"; IFS=:
  for entry in $(cat "$cp_file"); do [ -e "$entry" ] || { IFS="$old_ifs"; return 0; }; done
  IFS="$old_ifs"
  return 1
}
if stale; then
  echo "building tools/coinfer.bench ..." >&2
  (cd "$repo" && mvn -B -q -o -pl tools/coinfer.bench -am install -DskipTests)
fi
exec java -Xmx1g -Dcoinfer.repo="$repo" -cp "$jar:$(cat "$cp_file")" org.coinfer.bench.Main "$@"

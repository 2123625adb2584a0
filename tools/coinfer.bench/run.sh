#!/bin/sh
# Standing-target benchmarks (framework and split overhead, decision time, container start and
# memory, the engines against ONNX Runtime), about 3-5 minutes. Not part of `mvn verify`. Options: --csv FILE, --quick, --no-container.
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
# The engines' natives unpack where the coinfer script has them unpacked.
natives="${COINFER_NATIVES:-${XDG_CACHE_HOME:-$HOME/.cache}/coinfer/natives}"
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
exec java -Xmx1g -Dcoinfer.repo="$repo" -Dcoinfer.tensorflow.natives="$natives/tensorflow" -DENGINE_CACHE_DIR="$natives/djl" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jar:$(cat "$cp_file")" org.coinfer.bench.Main "$@"

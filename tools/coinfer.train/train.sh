#!/usr/bin/env bash
# Runs the trainer from the built module (mvn -pl tools/coinfer.train -am install -DskipTests first).
# All arguments go to org.coinfer.train.Main; try --help.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cp_file="$here/target/classpath.txt"
[ -f "$cp_file" ] || { echo "build first: mvn -B -pl tools/coinfer.train -am install -DskipTests" >&2; exit 1; }
exec java -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn ${JAVA_OPTS:-} \
  -cp "$here/target/classes:$(cat "$cp_file")" org.coinfer.train.Main "$@"

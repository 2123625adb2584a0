#!/bin/sh
# Goodput benchmark of the TCP transport (loopback, then the app-level shaper at 50 kbit/s,
# 1 Mbit/s and 10 Mbit/s). Takes about 40 s. Not part of `mvn verify`.
set -e
cd "$(dirname "$0")"
mvn -B -q -f ../../pom.xml -pl tools/coinfer.testing,bundles/coinfer.api,bundles/coinfer.transport.tcp install -DskipTests
exec java -Xmx1g -cp target/classes:target/test-classes:../coinfer.api/target/classes:../../tools/coinfer.testing/target/classes \
    -Djava.util.logging.config.file=/dev/null org.coinfer.transport.tcp.TransportBench

#!/bin/sh
# Goodput benchmark of the TCP transport (loopback in plaintext and over mutual TLS, then the
# app-level shaper at 50 kbit/s, 1 Mbit/s and 10 Mbit/s). Takes about a minute. Not part of `mvn verify`.
set -e
cd "$(dirname "$0")"
mvn -B -q -f ../../pom.xml -pl tools/coinfer.testing,bundles/coinfer.api,bundles/coinfer.transport.tcp.wire,bundles/coinfer.transport.tcp.server,bundles/coinfer.transport.tcp.client install -DskipTests
exec java -Xmx1g -cp target/classes:target/test-classes:../coinfer.transport.tcp.server/target/classes:../coinfer.transport.tcp.wire/target/classes:../coinfer.api/target/classes:../../tools/coinfer.testing/target/classes \
    -Djava.util.logging.config.file=/dev/null org.coinfer.transport.tcp.client.internal.TransportBench

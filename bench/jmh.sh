#!/usr/bin/env bash
# Runs the JMH benchmarks of the generated kernels (W1-W3, vector and scalar flavours).
#   bench/jmh.sh                              every benchmark, 2 forks each
#   bench/jmh.sh TrainStep -p workload=W3     JMH's own arguments pass through
#   bench/jmh.sh Predict -prof gc             allocation per operation
# Uses $JAVA_HOME/bin/java when set, so JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/jmh.sh runs on 25.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/bench/target/benchmarks.jar"
# Rebuild when any source, model, grammar or pom is newer than the jar (the kernels come from the
# compiler, and ActivationBenchmark runs the compiler itself).
if [ ! -f "$jar" ] || [ -n "$(find "$root" \( -name target -o -name .git \) -prune -o \
    -type f \( -name '*.java' -o -name '*.nn' -o -name '*.g4' -o -name pom.xml \) -newer "$jar" -print -quit)" ]; then
  (cd "$root" && mvn -q -B -DskipTests -pl bench -am install) >&2
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$java" --add-modules jdk.incubator.vector -jar "$jar" "$@"

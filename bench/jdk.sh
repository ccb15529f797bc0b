# The JVM and options the gateway runs with in the benchmarks, as the image runs it (Dockerfile):
# Java 25 where it is installed (JAVA_HOME when that is a Java 25, or Temurin 25's usual place;
# GATEWAY_JAVA names another java), the options of a container of 2 CPUs and 512 MiB (a heap
# of a quarter of it, the serial collector, compact object headers on 25) unless JAVA_OPTS is
# set, and two malloc arenas. Sourced by bench/create.sh and bench/follow.sh.
if [ -z "${GATEWAY_JAVA:-}" ]; then
	GATEWAY_JAVA=$(command -v java)
	for home in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
		if [ -n "$home" ] && [ -x "$home/bin/java" ] && "$home/bin/java" -version 2>&1 | grep -q ' "25'; then
			GATEWAY_JAVA=$home/bin/java
			break
		fi
	done
fi
gateway_feature=$("$GATEWAY_JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ { print $2 }')
if [ -z "${JAVA_OPTS:-}" ]; then
	JAVA_OPTS="-Xms128m -Xmx128m -XX:+UseSerialGC -Xss512k"
	if [ "${gateway_feature%%.*}" -ge 25 ]; then
		JAVA_OPTS="$JAVA_OPTS -XX:+UseCompactObjectHeaders"
	fi
fi
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

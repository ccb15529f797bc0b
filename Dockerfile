# Backup Gateway container image.
#   build: docker build -t backup-gateway:0.1.0 .
#   run:   docker run --rm -p 8080:8080 -e SPRING_PROFILES_ACTIVE=sandbox \
#          -e SPRING_DATASOURCE_URL=jdbc:h2:mem:sandbox backup-gateway:0.1.0
# No configuration or secret is baked in: mount the configuration (see helm/backup-gateway)
# and pass secrets as environment variables.

# Build stage: the Maven wrapper bootstraps its pinned Maven through the image's own Maven.
# Java 25 at build and at run time (the source stays at release 17): the JDK CI runs the tests on
# and the benchmark runs the gateway on (docs/performance.md).
FROM maven:3.9.11-eclipse-temurin-25 AS build
WORKDIR /workspace
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q -DskipTests -Dspring-javaformat.skip=true package \
    && java -Djarmode=tools -jar target/backup-gateway-*.jar extract --layers --destination target/extracted \
    && mv target/extracted/application/backup-gateway-*.jar target/extracted/application/backup-gateway.jar

# Runtime stage: a JRE only, the application split into layers that change at different rates.
FROM eclipse-temurin:25.0.3_9-jre-noble
RUN groupadd --system --gid 10001 gateway \
    && useradd --system --uid 10001 --gid gateway --no-create-home --shell /usr/sbin/nologin gateway
WORKDIR /app
COPY --from=build /workspace/target/extracted/dependencies/ ./
COPY --from=build /workspace/target/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/target/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/target/extracted/application/ ./
# The JVM's options, for the training start below as for every start: a JVM started with another
# collector or object layout refuses the AOT cache. The heap is a quarter of the container's
# memory (128 MB in 512 MiB), the serial collector is what two CPUs get anyway, compact object
# headers shrink every object, two malloc arenas keep the native heap small; fail fast rather
# than limp on (docs/performance.md).
ENV JAVA_TOOL_OPTIONS="-XX:InitialRAMPercentage=25 -XX:MaxRAMPercentage=25 -XX:+UseSerialGC -Xss512k -XX:+UseCompactObjectHeaders -XX:+ExitOnOutOfMemoryError" \
    MALLOC_ARENA_MAX=2
# An AOT cache from a training start (the sandbox on an in-memory store, stopped once the context
# is up): classes come loaded and linked from it, with their profiles, instead of from the jars
# (docs/performance.md: ready in about 6 s on two cores, 8.6 s without an archive).
# The build host has no memory limit: the heap of a 512 MiB container, not a quarter of the host.
RUN java -Xms128m -Xmx128m -XX:AOTCacheOutput=backup-gateway.aot -Dspring.context.exit=onRefresh -jar backup-gateway.jar \
        --spring.profiles.active=sandbox --spring.datasource.url=jdbc:h2:mem:training \
        --gateway.background.enabled=false --server.port=0 --management.server.port=0
USER 10001
# The API port. The management port (8081) serves probes and metrics inside the cluster only.
EXPOSE 8080
ENTRYPOINT ["java", "-XX:AOTCache=backup-gateway.aot", "-jar", "backup-gateway.jar"]

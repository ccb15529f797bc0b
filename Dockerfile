# Backup Gateway container image.
#   build: docker build -t backup-gateway:0.1.0 .
#   run:   docker run --rm -p 8080:8080 -e SPRING_PROFILES_ACTIVE=sandbox \
#          -e SPRING_DATASOURCE_URL=jdbc:h2:mem:sandbox backup-gateway:0.1.0
# No configuration or secret is baked in: mount the configuration (see helm/backup-gateway)
# and pass secrets as environment variables.

# Build stage: the Maven wrapper bootstraps its pinned Maven through the image's own Maven.
# Java 17 at build and at run time: the JDK the tests and the benchmark run on (docs/performance.md).
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /workspace
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q -DskipTests -Dspring-javaformat.skip=true package \
    && java -Djarmode=tools -jar target/backup-gateway-*.jar extract --layers --destination target/extracted \
    && mv target/extracted/application/backup-gateway-*.jar target/extracted/application/backup-gateway.jar

# Runtime stage: a JRE only, the application split into layers that change at different rates.
FROM eclipse-temurin:17.0.15_6-jre-jammy
RUN groupadd --system --gid 10001 gateway \
    && useradd --system --uid 10001 --gid gateway --no-create-home --shell /usr/sbin/nologin gateway
WORKDIR /app
COPY --from=build /workspace/target/extracted/dependencies/ ./
COPY --from=build /workspace/target/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/target/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/target/extracted/application/ ./
# A class data sharing archive from a training start (the sandbox on an in-memory store,
# stopped once the context is up): startup reads classes from it instead of the jars,
# 8.5 s to 5.6 s to readiness on two cores (docs/performance.md).
RUN java -XX:ArchiveClassesAtExit=backup-gateway.jsa -Dspring.context.exit=onRefresh -jar backup-gateway.jar \
        --spring.profiles.active=sandbox --spring.datasource.url=jdbc:h2:mem:training \
        --gateway.background.enabled=false --server.port=0 --management.server.port=0
USER 10001
# Heap sized from the container's memory limit; fail fast rather than limp on.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# The API port. The management port (8081) serves probes and metrics inside the cluster only.
EXPOSE 8080
ENTRYPOINT ["java", "-XX:SharedArchiveFile=backup-gateway.jsa", "-Xlog:cds=off", "-jar", "backup-gateway.jar"]

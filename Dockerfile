# Backup Gateway container image.
#   build: docker build -t backup-gateway:0.1.0 .
#   run:   docker run --rm -p 8080:8080 -e SPRING_PROFILES_ACTIVE=sandbox \
#          -e SPRING_DATASOURCE_URL=jdbc:h2:mem:sandbox backup-gateway:0.1.0
# No configuration or secret is baked in: mount the configuration (see helm/backup-gateway)
# and pass secrets as environment variables.

# Build stage: the Maven wrapper bootstraps its pinned Maven through the image's own Maven.
FROM maven:3.9.9-eclipse-temurin-21 AS build
WORKDIR /workspace
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q -DskipTests -Dspring-javaformat.skip=true package \
    && java -Djarmode=tools -jar target/backup-gateway-*.jar extract --layers --launcher --destination target/extracted

# Runtime stage: a JRE only, the application split into layers that change at different rates.
FROM eclipse-temurin:21.0.5_11-jre-jammy
RUN groupadd --system --gid 10001 gateway \
    && useradd --system --uid 10001 --gid gateway --no-create-home --shell /usr/sbin/nologin gateway
WORKDIR /app
COPY --from=build /workspace/target/extracted/dependencies/ ./
COPY --from=build /workspace/target/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/target/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/target/extracted/application/ ./
USER 10001
# Heap sized from the container's memory limit; fail fast rather than limp on.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# The API port. The management port (8081) serves probes and metrics inside the cluster only.
EXPOSE 8080
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]

# One build, two images: `o2o` runs the engine's own services (MQTT broker, edge gateway, Geode
# locator and server, API and dashboard, topic setup, simulator); `flink-jobs` is Flink with the
# engine's jobs jar, for the JobManager, the TaskManagers and the job submission.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -Dspotless.check.skip=true install \
 && mvn -B -q -pl launcher dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/out/lib \
 && cp launcher/target/o2o-launcher-*.jar /out/lib/ \
 && cp flink-jobs/target/o2o-flink-jobs-*-jobs.jar /out/o2o-flink-jobs.jar

FROM eclipse-temurin:17-jre AS o2o
COPY --from=build /out/lib /app/lib
COPY docker/o2o /app/bin/o2o
COPY config/o2o.yaml /etc/o2o/o2o.yaml
VOLUME /var/lib/o2o
ENTRYPOINT ["/app/bin/o2o"]

FROM flink:2.2.1-java17 AS flink-jobs
COPY --from=build /out/o2o-flink-jobs.jar /opt/o2o/o2o-flink-jobs.jar
COPY config/o2o.yaml /etc/o2o/o2o.yaml

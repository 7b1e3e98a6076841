# Hindsight in a container: built in one stage, run as a non-root user in a slim one.
#   docker build -t hindsight .
#   docker run -p 8080:8080 -v hindsight-data:/var/lib/hindsight hindsight
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked && strip target/release/hindsight

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/hindsight --create-home hindsight
COPY --from=build /src/target/release/hindsight /usr/local/bin/hindsight
USER hindsight
WORKDIR /var/lib/hindsight
VOLUME ["/var/lib/hindsight"]
ENV HINDSIGHT_DATABASE_URL=sqlite:///var/lib/hindsight/hindsight.db \
    HINDSIGHT_BIND=0.0.0.0:8080 \
    HINDSIGHT_HEALTH_URL=http://127.0.0.1:8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["hindsight", "health"]
ENTRYPOINT ["hindsight"]
CMD ["serve"]

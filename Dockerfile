# newshound in a container: a static binary on an empty base image, run as
# an unprivileged user, with the database on the /data volume.
#
#   docker build -t newshound --build-arg VERSION=$(git describe --tags --always) .
#   docker run -d --name newshound -v newshound-data:/data -p 127.0.0.1:8474:8474 \
#     -e NEWSHOUND_TOKEN=$(openssl rand -hex 24) newshound
#
# The image's configuration is the repository's config.yaml with the
# database at /data/newshound.db and the server on 0.0.0.0:8474 (so the
# daemon refuses to start without NEWSHOUND_TOKEN). To use your own, mount
# it and point NEWSHOUND_CONFIG at it: -v ./config.yaml:/config/config.yaml:ro
# -e NEWSHOUND_CONFIG=/config/config.yaml (keep storage.path under /data).

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
# CGO_ENABLED=0: a static binary; timetzdata: time zones without /usr/share/zoneinfo.
RUN CGO_ENABLED=0 go build -trimpath -tags timetzdata \
      -ldflags "-s -w -X github.com/newshound/newshound/cmd/newshound/internal/buildinfo.Version=${VERSION}" \
      -o /out/usr/local/bin/newshound ./cmd/newshound
RUN mkdir -p /out/etc/newshound /out/data /out/etc/ssl/certs \
 && sed -e 's#^  path: newshound.db$#  path: /data/newshound.db#' \
        -e 's#^  listen: 127.0.0.1:8474$#  listen: 0.0.0.0:8474#' \
        config.yaml > /out/etc/newshound/config.yaml \
 && cp -r lists /out/etc/newshound/lists \
 && grep -q '^  path: /data/newshound.db$' /out/etc/newshound/config.yaml \
 && grep -q '^  listen: 0.0.0.0:8474$' /out/etc/newshound/config.yaml \
 && /out/usr/local/bin/newshound config check --config /out/etc/newshound/config.yaml \
 && cp /etc/ssl/certs/ca-certificates.crt /out/etc/ssl/certs/ \
 && echo 'newshound:x:10001:10001:newshound:/data:/sbin/nologin' > /out/etc/passwd \
 && echo 'newshound:x:10001:' > /out/etc/group

FROM scratch AS run
COPY --from=build /out/ /
COPY --from=build --chown=10001:10001 /out/data /data
USER 10001:10001
ENV NEWSHOUND_CONFIG=/etc/newshound/config.yaml
WORKDIR /data
VOLUME /data
EXPOSE 8474
ENTRYPOINT ["/usr/local/bin/newshound"]
CMD ["run"]

# techties in a container, built by the Makefile's own targets: `make setup` installs it as on
# any machine, `make run` loads the curated data and serves it, so the image and a checkout
# cannot drift apart (tests/test_deploy.py checks that every make target named here exists).
#
#   docker build -t techties .
#   docker run -p 5000:5000 -v techties-data:/data techties     # http://127.0.0.1:5000/
#
# compose.yaml runs it on its embedded store, compose.remote.yaml on an Oxigraph server.
FROM python:3.11-slim

# make runs the targets; a Java runtime runs HermiT for `make check`
RUN apt-get update \
    && apt-get install -y --no-install-recommends make default-jre-headless \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/techties
COPY . .
RUN make setup

# Settings (techties.example.toml lists them all): listen on every interface of the
# container, keep the store (and the submission records beside it) in the volume.
ENV TECHTIES_HOST=0.0.0.0 \
    TECHTIES_PORT=5000 \
    TECHTIES_STORE=/data/store
VOLUME /data
EXPOSE 5000
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s \
    CMD [".venv/bin/python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['TECHTIES_PORT'] + '/health', timeout=4)"]

CMD ["make", "run"]

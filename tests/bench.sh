#!/bin/sh
# Throughput measurement.  Prints numbers; never fails on speed.
#   1. one generated compose file of about 20 MB (many services, anchors,
#      short and long syntaxes), linted end to end;
#   2. the real-world corpus, when present, one process per file.
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
big="$tmp/compose.yml"
awk 'BEGIN {
	print "x-base: &base"
	print "  restart: unless-stopped"
	print "  cap_drop: [ALL]"
	print "services:"
	for (i = 0; i < 22000; i++) {
		printf "  svc%d:\n    <<: *base\n    image: registry.example.org/team/app%d:1.%d\n", i, i, i % 50
		printf "    command: [\"serve\", \"--port\", \"%d\"]\n", 8000 + i % 1000
		printf "    ports:\n      - \"%d:80\"\n      - target: 443\n        published: \"%d\"\n", 10000 + i, 40000 + i % 20000
		printf "    environment:\n      LOG_LEVEL: info\n      WORKERS: \"%d\"\n      - \n", i % 8
		printf "    volumes:\n      - data%d:/var/lib/app\n      - type: bind\n        source: ./conf\n        target: /etc/app\n        read_only: true\n", i
		printf "    healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost/\"]\n      interval: 30s\n"
		printf "    labels:\n      traefik.http.routers.r%d.rule: Host(`a%d.example.org`)\n", i, i
	}
}' | sed 's/^      - $//' >"$big"
bytes=$(wc -c <"$big")
now() { date +%s%N; }
t0=$(now)
"$bin" --quiet --fail-on never --max-file-size 104857600 "$big" >/dev/null 2>&1
t1=$(now)
ns=$((t1 - t0))
echo "bench: generated file: $bytes bytes in $((ns / 1000000)) ms" \
     "($(awk -v b="$bytes" -v n="$ns" 'BEGIN { printf "%.1f", b / (n / 1e9) / 1e6 }') MB/s)"
corpus=${CORPUS:-$(dirname "$0")/../../shared/corpus/real}
if [ -d "$corpus" ]; then
	n=$(ls "$corpus"/*/*.y*ml | wc -l)
	t0=$(now)
	for f in "$corpus"/*/*.y*ml; do "$bin" --quiet --fail-on never "$f" >/dev/null 2>&1; done
	t1=$(now)
	echo "bench: corpus: $n files, one process each, $(((t1 - t0) / 1000 / n)) us per file"
	t0=$(now)
	"$bin" --quiet --fail-on never "$corpus"/*/*.y*ml >/dev/null 2>&1
	t1=$(now)
	echo "bench: corpus: $n files in one process, $(((t1 - t0) / 1000 / n)) us per file"
fi

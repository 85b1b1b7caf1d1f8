#!/usr/bin/env bash
# Posts a burst of uploads at once to a fresh server and reports how long each waited for its answer (issue 25).
# Usage: src/test/bench/upload-burst.sh [war] [uploads] [seconds of WAV]; the WAR defaults to target/stream-server.war,
# built beforehand (mvn -DskipTests package). The server runs as ./stream-server's serve starts it, with a data
# directory and port of its own and the submission limits raised out of the way; it is stopped by its pid.
set -euo pipefail
WAR="$(realpath "${1:-target/stream-server.war}")"
UPLOADS="${2:-80}"
SECONDS_OF_WAV="${3:-20}"
B="$PWD/target/upload-burst"
rm -rf "$B" && mkdir -p "$B/data/tmp" "$B/answers"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"

ffmpeg -v error -y -f lavfi -i "sine=frequency=1000:sample_rate=44100:duration=$SECONDS_OF_WAV" -ac 2 -c:a pcm_s16le "$B/in.wav"
cp "$WAR" "$B/stream-server.war"
STREAM_DATA_DIR="$B/data" STREAM_RATE_LIMIT_BURST=100000 STREAM_RATE_LIMIT_PER_MINUTE=100000 STREAM_MAX_QUEUED=100000 \
    java -XX:TieredStopAtLevel=1 -Djava.io.tmpdir="$B/data/tmp" -jar target/payara-micro.jar --nocluster \
    --prebootcommandfile src/main/payara/preboot.txt --port "$PORT" --contextroot / --deploy "$B/stream-server.war" \
    > "$B/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null && wait "$SERVER" || true' EXIT
for _ in $(seq 1 240); do
    curl -sf "$URL/health/ready" > /dev/null 2>&1 && break
    sleep 1
done
curl -sf "$URL/health/ready" > /dev/null

# one line per upload: status, seconds until the answer, Retry-After, job id
seq 1 "$UPLOADS" | xargs -P "$UPLOADS" -I{} sh -c "curl -s -o '$B/answers/{}.json' -D '$B/answers/{}.headers' \
    -w '%{http_code} %{time_total}\n' -F 'file=@$B/in.wav' -F track_id=burst-{} '$URL/v1/stream/transcode' \
    > '$B/answers/{}.line'"
for i in $(seq 1 "$UPLOADS"); do
    retry="$(grep -i '^retry-after:' "$B/answers/$i.headers" | tr -d '\r' | cut -d' ' -f2 || true)"
    echo "$(cat "$B/answers/$i.line") ${retry:--} $(jq -r '.job_id // "-"' "$B/answers/$i.json")"
done > "$B/answers.txt"

echo "answers by status: $(cut -d' ' -f1 "$B/answers.txt" | sort | uniq -c | xargs)"
echo "503/429 without Retry-After: $(awk '($1 == 503 || $1 == 429) && $3 == "-"' "$B/answers.txt" | wc -l)"
sort -n -k2 "$B/answers.txt" | awk '{ t[NR] = $2 } END { printf "answer time: median %.2f s, max %.2f s\n", \
    (NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2), t[NR] }'

# every accepted job reaches a final state, and all of them complete
started=$(date +%s)
for id in $(awk '$1 == 200 { print $4 }' "$B/answers.txt"); do
    while :; do
        status="$(curl -s "$URL/v1/stream/job/$id" | jq -r .status)"
        case "$status" in Completed|Failed|Cancelled) break ;; esac
        [ $(( $(date +%s) - started )) -lt 900 ] || { status="timed out ($status)"; break; }
        sleep 1
    done
    echo "$status"
done | sort | uniq -c | xargs echo "accepted jobs:"

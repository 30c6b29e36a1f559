#!/usr/bin/env python3
"""camchat ask versus llama.cpp's own llama-mtmd-cli, on the same random-weight model.

Generates (once, cached) a model pair at SmolVLM-256M's real shapes, then runs both
programs with the same image, prompt, token budget, image-token cap, thread count and
sampling, several times each, and prints medians and ratios of:
  - wall time of the whole process (model load included, both sides),
  - vision encode time (camchat: its own timings; mtmd-cli: the sum of its
    "mtmd batch encoding done in N ms" log lines),
  - decode tokens/s, measured the same way for both from outside: the time between the
    first and the last byte of the streamed answer on stdout, for N-1 tokens,
  - time to first token of a follow-up question versus the first question (camchat
    only, from bench_followup, which keeps the model and the conversation loaded),
  - time to first token of a first question whose image was encoded on snap (while the
    user typed) versus a cold first question (camchat only, bench_followup).

With --remote, the same model is also served by llama-server (127.0.0.1, a free port)
and `camchat ask --endpoint` is measured against llama-mtmd-cli: wall time, time to
first token, camchat's own overhead (first token minus the server's prompt_ms and
camchat's preprocessing: upload, HTTP, parsing), and the follow-up's time to first token
through the openai backend (bench_followup with a profile pointing at the server; the
server's prompt cache should make it a small fraction of the first question's).

Usage: bench/compare_mtmd_cli.py [--runs 5] [--tokens 64] [--threads 2] [--image-tokens 64] [--remote]
Output text is meaningless (random weights); the timings are real.
"""
import argparse
import http.client
import http.server
import json
import os
import re
import select
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROMPT = "Describe this image in detail."


def sh(*args, env=None, capture=False):
    print("+", " ".join(str(a) for a in args), file=sys.stderr)
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env, check=True,
                            stdout=subprocess.PIPE if capture else None, text=True)
    return result.stdout.strip() if capture else None


def cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "camchat"


def write_test_image(path, width=1280, height=720, shift=0):
    """A PPM (read by Qt and by stb_image alike) with gradients and some structure.
    `shift` moves the checkerboard: another picture, so a server's prompt cache misses."""
    rows = bytearray()
    for y in range(height):
        for x in range(width):
            r = (x * 255) // (width - 1)
            g = (y * 255) // (height - 1)
            b = 200 if (((x + shift) // 80) + (y // 80)) % 2 else 60
            rows += bytes((r, g, b))
    path.write_bytes(b"P6\n%d %d\n255\n" % (width, height) + bytes(rows))


def run_streaming(cmd):
    """Runs cmd; returns (wall seconds, stdout bytes, stderr text, first/last answer byte times)."""
    start = time.monotonic()
    proc = subprocess.Popen([str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    out = bytearray()
    err = bytearray()
    first = last = None
    streams = {proc.stdout.fileno(): "out", proc.stderr.fileno(): "err"}
    while streams:
        ready, _, _ = select.select(list(streams), [], [])
        for fd in ready:
            chunk = os.read(fd, 4096)
            now = time.monotonic()
            if not chunk:
                del streams[fd]
                continue
            if streams[fd] == "out":
                out += chunk
                if chunk.strip():
                    first = first if first is not None else now
                    last = now
            else:
                err += chunk
    proc.wait()
    wall = time.monotonic() - start
    if proc.returncode != 0:
        sys.stderr.write(err.decode(errors="replace")[-2000:])
        raise SystemExit(f"{cmd[0]} failed with exit code {proc.returncode}")
    return wall, bytes(out), err.decode(errors="replace"), first, last


def decode_rate(tokens, first, last):
    if first is None or last is None or last <= first or tokens < 2:
        return float("nan")
    return (tokens - 1) / (last - first)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--image-tokens", type=int, default=64)
    parser.add_argument("--remote", action="store_true",
                        help="also measure camchat ask --endpoint against llama-server")
    parser.add_argument("--remote-only", action="store_true",
                        help="only the --remote measurements (and mtmd-cli's, to compare with)")
    args = parser.parse_args()

    prefix = Path(sh("scripts/build-llama", env=dict(os.environ, CAMCHAT_LLAMA_TOOLS="1"), capture=True))
    mtmd_cli = prefix / "bin" / "llama-mtmd-cli"
    sh("cmake", "--preset", "bench")
    sh("cmake", "--build", "--preset", "bench", "--target", "camchat", "bench_followup", "makegguf")
    build = ROOT / "build" / "bench"
    camchat = build / "bin" / "camchat"

    models = cache_dir() / "bench-models"
    profile = models / "smolvlm-256m-random.json"
    if not profile.exists():
        models.mkdir(parents=True, exist_ok=True)
        sh(build / "tests" / "fixtures" / "makegguf", "--smolvlm-256m", "--out", models)
    model = models / "smolvlm-256m-random.gguf"
    mmproj = models / "smolvlm-256m-random-mmproj.gguf"
    image = models / "bench-1280x720.ppm"
    if not image.exists():
        write_test_image(image)

    sampling = ["--temp", "0.2", "--top-k", "40", "--top-p", "0.9", "--repeat-penalty", "1.1", "--seed", "42"]
    # The random-weight model practically never samples end-of-generation, so both sides
    # produce the full token budget (mtmd-cli is told to ignore EOS to be sure; camchat's
    # own token count is used for its rate).
    ours_cmd = [camchat, "ask", "--model-file", model, "--mmproj", mmproj, "--image", image, "--prompt", PROMPT,
                "--max-tokens", args.tokens, "--threads", args.threads, "--image-max-tokens", args.image_tokens,
                "--temperature", "0.2", "--seed", "42"]
    theirs_cmd = [mtmd_cli, "-m", model, "--mmproj", mmproj, "--image", image, "-p", PROMPT,
                  "-n", args.tokens, "-t", args.threads, "--image-max-tokens", args.image_tokens,
                  "--ignore-eos", "--no-warmup", *sampling]

    ours = {"wall": [], "vision": [], "decode": []}
    theirs = {"wall": [], "vision": [], "decode": []}
    if args.remote_only:
        for _ in range(args.runs):
            theirs["wall"].append(run_streaming(theirs_cmd)[0])
        remote_bench(args, prefix, camchat, build, models, model, mmproj, theirs_cmd, theirs)
        return
    for i in range(args.runs):
        # Alternate so that neither side always runs on a warmer page cache.
        wall, _, err, first, last = run_streaming(ours_cmd)
        # camchat ask prints its stage timings on stderr, e.g. "vision_encode  1234.5 ms"
        # and "decode  812.0 ms, 64 tokens, 78.8 tokens/s".
        vision_ms = float(re.search(r"^vision_encode\s+([\d.]+) ms", err, re.M).group(1))
        decoded = int(re.search(r"^decode\s+[\d.]+ ms, (\d+) tokens", err, re.M).group(1))
        ours["wall"].append(wall)
        ours["vision"].append(vision_ms / 1e3)
        ours["decode"].append(decode_rate(decoded, first, last))

        wall, _, err, first, last = run_streaming(theirs_cmd)
        theirs["wall"].append(wall)
        theirs["vision"].append(sum(int(ms) for ms in re.findall(r"encoding done in (\d+) ms", err)) / 1e3)
        theirs["decode"].append(decode_rate(args.tokens, first, last))
        print(f"run {i + 1}/{args.runs}: camchat {ours['wall'][-1]:.2f} s, mtmd-cli {theirs['wall'][-1]:.2f} s",
              file=sys.stderr)

    followup = json.loads(sh(build / "bench" / "bench_followup", "--model", profile,
                             "--threads", args.threads, "--max-tokens", args.tokens, "--runs", args.runs,
                             capture=True))

    med = {k: statistics.median(v) for k, v in ours.items()}
    med_t = {k: statistics.median(v) for k, v in theirs.items()}
    print(f"\nSmolVLM-256M shapes (random F16 weights), image 1280x720, {args.tokens} new tokens, "
          f"image-token cap {args.image_tokens}, {args.threads} threads, median of {args.runs} runs\n")
    print(f"{'':26}{'camchat':>12}{'mtmd-cli':>12}{'ratio':>10}  target")
    print(f"{'wall time (s)':26}{med['wall']:12.2f}{med_t['wall']:12.2f}{med['wall'] / med_t['wall']:10.3f}  <= 1.05")
    print(f"{'vision encode (s)':26}{med['vision']:12.2f}{med_t['vision']:12.2f}"
          f"{med['vision'] / med_t['vision'] if med_t['vision'] else float('nan'):10.3f}")
    print(f"{'decode (tokens/s)':26}{med['decode']:12.1f}{med_t['decode']:12.1f}{med['decode'] / med_t['decode']:10.3f}  >= 0.95")
    ratio = followup["followup_first_token_us"] / followup["first_first_token_us"]
    print(f"{'follow-up first token':26}{followup['followup_first_token_us'] / 1e3:10.0f} ms vs first question "
          f"{followup['first_first_token_us'] / 1e3:.0f} ms: ratio {ratio:.3f}  <= 0.10")
    ratio = followup["prepared_first_token_us"] / followup["first_first_token_us"]
    print(f"{'encoded on snap, 1st token':26}{followup['prepared_first_token_us'] / 1e3:10.0f} ms vs cold first question "
          f"{followup['first_first_token_us'] / 1e3:.0f} ms: ratio {ratio:.3f}  <= 0.10")

    if args.remote:
        remote_bench(args, prefix, camchat, build, models, model, mmproj, theirs_cmd, theirs)


class CaptureHandler(http.server.BaseHTTPRequestHandler):
    """A stand-in model server that keeps the chat request camchat sends (its exact bytes)
    and answers with one token, so the same request can be replayed to llama-server."""
    captured = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        body = json.dumps({"object": "list", "data": [{"id": "bench", "object": "model"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        CaptureHandler.captured.append(self.rfile.read(int(self.headers["Content-Length"])))
        chunk = {"choices": [{"index": 0, "delta": {"content": "x"}, "finish_reason": None}]}
        events = f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(events)))
        self.end_headers()
        self.wfile.write(events)


def captured_request(camchat, image, tokens):
    """The chat-completions body `camchat ask --endpoint` sends for `image`."""
    CaptureHandler.captured = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CaptureHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        run_streaming([camchat, "ask", "--endpoint", f"http://127.0.0.1:{server.server_port}/v1",
                       "--remote-model", "bench", "--image", image, "--prompt", PROMPT, "--max-tokens", tokens,
                       "--temperature", "0.2", "--seed", "42", "--json"])
    finally:
        server.shutdown()
    return CaptureHandler.captured[-1]


def replay(port, payload):
    """Sends `payload` to llama-server as a bare client would; returns (ms to the first
    answer token, the server's prompt_ms)."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    start = time.monotonic()
    conn.request("POST", "/v1/chat/completions", payload, {"Content-Type": "application/json"})
    response = conn.getresponse()
    first = None
    prompt_ms = None
    for line in response:
        if not line.startswith(b"data: ") or line.strip() == b"data: [DONE]":
            continue
        event = json.loads(line[6:])
        if first is None and any(c.get("delta", {}).get("content") for c in event.get("choices", [])):
            first = time.monotonic()
        if "timings" in event:
            prompt_ms = event["timings"].get("prompt_n") and event["timings"]["prompt_ms"]
    conn.close()
    return ((first - start) * 1e3 if first else float("nan")), prompt_ms


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(port, proc, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                conn.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                if conn.recv(64).split(b" ")[1:2] == [b"200"]:
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def remote_bench(args, prefix, camchat, build, models, model, mmproj, theirs_cmd, theirs):
    port = free_port()
    server_cmd = [prefix / "bin" / "llama-server", "-m", model, "--mmproj", mmproj, "--host", "127.0.0.1",
                  "--port", port, "-t", args.threads, "-np", "1", "--image-max-tokens", args.image_tokens,
                  "--ignore-eos"]
    print("+", " ".join(str(a) for a in server_cmd), file=sys.stderr)
    server = subprocess.Popen([str(a) for a in server_cmd], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not wait_healthy(port, server):
            raise SystemExit("llama-server did not become healthy")
        endpoint = f"http://127.0.0.1:{port}/v1"
        ours = {"wall": [], "ttft": [], "overhead": [], "bare": [], "server_extra": []}
        for i in range(args.runs):
            # Another picture each run: a first question, not a prompt-cache hit.
            image = models / f"bench-remote-{i}.ppm"
            write_test_image(image, shift=17 * (i + 1))
            cmd = [camchat, "ask", "--endpoint", endpoint, "--image", image, "--prompt", PROMPT,
                   "--max-tokens", args.tokens, "--temperature", "0.2", "--seed", "42", "--json"]
            wall, out, _, _, _ = run_streaming(cmd)
            timings = json.loads(out)["timings"]
            ours["wall"].append(wall)
            ours["ttft"].append(timings["first_token_us"] / 1e3)
            # The request camchat sends for another picture of the same size (so that the
            # server's prompt cache helps neither side), sent by a bare HTTP client: what
            # camchat's first token takes beyond the bare client's, after its own resize +
            # JPEG, is camchat's.
            other = models / f"bench-remote-{i}-bare.ppm"
            write_test_image(other, shift=17 * (i + 1) + 7)
            bare_ttft, bare_prompt_ms = replay(port, captured_request(camchat, other, args.tokens))
            ours["bare"].append(bare_ttft)
            if bare_prompt_ms is not None and timings.get("server_prompt_ms") is not None:
                # What the server does before its prompt_ms clock starts (JSON, base64,
                # JPEG decode, the encoder's own resize): not camchat's to save.
                bare_extra = bare_ttft - bare_prompt_ms
                ours["server_extra"].append(bare_extra)
                # Each side's first token without the server's prompt work (which varies
                # by tens of ms from run to run): camchat's is also without its resize +
                # JPEG. What camchat takes beyond the bare client is its overhead.
                ours["overhead"].append(timings["first_token_us"] / 1e3 - timings["preprocess_us"] / 1e3
                                        - timings["server_prompt_ms"] - bare_extra)
        mtmd_ttft = []
        for _ in range(args.runs):
            start = time.monotonic()
            _, _, _, first, _ = run_streaming(theirs_cmd)
            mtmd_ttft.append((first - start) * 1e3 if first else float("nan"))

        profile = models / "bench-remote.json"
        profile.write_text(json.dumps({
            "schema": 1, "id": "bench-remote", "name": "llama-server (bench)", "backend": "openai",
            "remote": {"endpoint": endpoint},
            "vision": {"width": 512, "height": 512, "resize": "fit", "jpegQuality": 90},
            "sampling": {"temperature": 0.2, "seed": 42, "maxNewTokens": args.tokens}}))
        followup = json.loads(sh(build / "bench" / "bench_followup", "--model", profile,
                                 "--max-tokens", args.tokens, "--runs", args.runs, capture=True))
    finally:
        server.kill()  # by its PID
        server.wait()

    med = {k: statistics.median(v) if v else float("nan") for k, v in ours.items()}
    print(f"\ncamchat ask --endpoint (llama-server on loopback) vs llama-mtmd-cli, median of {args.runs} runs\n")
    print(f"{'':30}{'camchat+server':>16}{'mtmd-cli':>12}")
    print(f"{'wall time (s)':30}{med['wall']:16.2f}{statistics.median(theirs['wall']):12.2f}"
          "   (mtmd-cli loads the model every run; the server has it loaded)")
    print(f"{'time to first token (ms)':30}{med['ttft']:16.1f}{statistics.median(mtmd_ttft):12.1f}")
    print(f"{'bare client, same request':30}{med['bare']:16.1f}{'':12}   time to first token (ms)")
    print(f"{'camchat overhead (ms)':30}{med['overhead']:16.1f}{'':12}   target < 15 (first token - "
          "preprocess - prompt_ms, minus the same for the bare client)")
    print(f"{'server before prompt_ms (ms)':30}{med['server_extra']:16.1f}{'':12}   "
          "(the bare client's first token - prompt_ms: request parsing, image decode and resize)")
    ratio = followup["followup_first_token_us"] / followup["first_first_token_us"]
    print(f"{'follow-up first token':30}{followup['followup_first_token_us'] / 1e3:14.0f} ms vs first question "
          f"{followup['first_first_token_us'] / 1e3:.0f} ms: ratio {ratio:.3f}  target <= 0.15")


if __name__ == "__main__":
    main()

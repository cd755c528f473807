#!/usr/bin/env python3
"""Load harness: CLIENTS concurrent clients for SECONDS against one real `samverkan serve` node,
mixing appends (POST /v1/events), pulls (POST /v1/pull), view reads (GET /v1/views/...) and the
change feed; prints p50/p99 per kind and the errors. Then file-descriptor exhaustion: a node
started with a low `ulimit -n` is flooded with connections and must refuse politely (503 or a
closed connection), never crash, and serve again once they are gone.

    load.py --binary .build-rel/release/samverkan [--clients 100] [--seconds 60] [--seed 1]

Every process started here is stopped here (SIGTERM, then SIGKILL), also on Ctrl-C and SIGTERM.
"""
import argparse, http.client, json, os, random, resource, shutil, signal, socket, subprocess, sys, tempfile, threading, time


def start_node(binary, name, code, fd_limit=None):
    data = tempfile.mkdtemp(prefix=f"samverkan-load-{name}-")
    shutil.rmtree(data)
    subprocess.run([binary, "init", "--data", data, "--node", name, "--municipality", str(code)], check=True, capture_output=True)
    subprocess.run([binary, "programme", "import", "--data", data], check=True, capture_output=True)
    limit = (lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (fd_limit, fd_limit))) if fd_limit else None
    proc = subprocess.Popen([binary, "serve", "--data", data, "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, preexec_fn=limit, text=True)
    url = proc.stdout.readline().strip()
    return proc, data, int(url.rsplit(":", 1)[1])


def stop_node(proc, data):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    shutil.rmtree(data, ignore_errors=True)


def request(port, method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        payload = json.dumps(body).encode() if body is not None else None
        conn.request(method, path, body=payload, headers={"Content-Type": "application/json"} if payload else {})
        answer = conn.getresponse()
        answer.read()
        return answer.status
    finally:
        conn.close()


def client(port, seconds, seed, index, results, lock):
    rng = random.Random(seed * 1000 + index)
    end = time.time() + seconds
    n = 0
    while time.time() < end:
        n += 1
        roll = rng.random()
        if roll < 0.3:
            kind, method, path = "append", "POST", "/v1/events"
            meeting = f"load-{index}-{n}"
            body = {"channel": "region", "stream": f"meeting/{meeting}", "type": "meeting.scheduled", "author": "load.test",
                    "payload": {"meeting": meeting, "date": "2025-03-12", "host": 287, "place": "Stadshuset"}}
        elif roll < 0.6:
            kind, method, path, body = "pull", "POST", "/v1/pull", {"vector": {}, "maxEvents": 100, "waitMillis": 0}
        elif roll < 0.9:
            kind, method, path, body = "view", "GET", rng.choice(["/v1/views/meetings", "/v1/views/programme", "/v1/views/followup"]), None
        else:
            kind, method, path, body = "changes", "GET", f"/v1/changes?after={rng.randint(0, 500)}&limit=50", None
        started = time.perf_counter()
        try:
            status = request(port, method, path, body)
            ok = status in (200, 201)
        except Exception as error:  # a refused or dropped connection is an error here
            status, ok = str(error), False
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            results.setdefault(kind, []).append(elapsed)
            if not ok:
                results.setdefault("errors", []).append(f"{kind} {status}")


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))] if values else float("nan")


def load(binary, clients, seconds, seed):
    proc, data, port = start_node(binary, "krs-server", 287)
    try:
        results, lock = {}, threading.Lock()
        threads = [threading.Thread(target=client, args=(port, seconds, seed, i, results, lock), daemon=True) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        errors = results.pop("errors", [])
        total = sum(len(v) for v in results.values())
        print(f"load: {clients} clients, {seconds} s, {total} requests ({total / seconds:.0f}/s), {len(errors)} errors {errors[:5]}")
        for kind, values in sorted(results.items()):
            print(f"  {kind:8} n={len(values):6}  p50={percentile(values, 0.5):7.1f} ms  p99={percentile(values, 0.99):7.1f} ms")
        alive = proc.poll() is None
        verify = subprocess.run([binary, "verify", "--data", data], capture_output=True, text=True)
        print(f"  node alive: {alive}, verify exit {verify.returncode}")
        return not errors and alive
    finally:
        stop_node(proc, data)


def fd_exhaustion(binary):
    # 128 descriptors: SQLite, the listener and the peers take some; ~110 connections exhaust the rest.
    proc, data, port = start_node(binary, "nrp-server", 545, fd_limit=128)
    held, answers = [], {"503": 0, "closed": 0, "other": 0, "connect failed": 0}
    try:
        for _ in range(300):
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=2)
                held.append(s)
            except OSError:
                answers["connect failed"] += 1
        for s in held:
            try:
                s.sendall(b"GET /v1/health HTTP/1.1\r\nHost: a\r\n\r\n")
            except OSError:
                pass
        for s in held:
            try:
                s.settimeout(3)
                head = s.recv(64)
                key = "503" if b" 503 " in head else ("closed" if not head else "other")
            except OSError:
                key = "closed"
            answers[key] += 1
        alive = proc.poll() is None
        for s in held:
            s.close()
        time.sleep(1)
        recovered = request(port, "GET", "/v1/health") == 200
        print(f"fd exhaustion (ulimit -n 128, 300 connections): {answers}; node alive {alive}; served again {recovered}")
        return alive and recovered
    finally:
        stop_node(proc, data)


def main():
    # SIGTERM (the timeout of load.sh) unwinds like Ctrl-C, so the finally blocks stop the nodes.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build-rel/release/samverkan")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    ok = load(args.binary, args.clients, args.seconds, args.seed)
    ok = fd_exhaustion(args.binary) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

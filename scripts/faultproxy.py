#!/usr/bin/env python3
"""A fault-injecting TCP proxy for the partition harnesses (127.0.0.1 only).

    faultproxy.py --seed N --link NAME=TARGET_PORT [--link ...]

Listens on a free port per link and prints "NAME PORT" per line, then "ready". Commands arrive
on stdin, one per line, so a test or script drives the faults while the nodes run:

    down NAME|all      partition: open connections are cut, new ones are closed at once
    up NAME|all        heal: forward faithfully
    target NAME PORT   forward to another port from now on (a node restarted on a new port)
    chaos NAME|all     forward with seeded faults: refuse a connection, delay chunks, cut a
                       response in the middle, or deliver each request twice (a second upstream
                       connection whose answers are thrown away)
    quit               stop (also on end of stdin)

Every fault is drawn from random.Random(seed + connection number), so a run replays from its
seed as far as the operating system's timing allows. Counters go to stderr on quit.
"""
import argparse, random, select, socket, sys, threading, time

LOCK = threading.Lock()
STATS = {"connections": 0, "refused": 0, "cut": 0, "duplicated": 0, "delayed": 0}


def count(name):
    with LOCK:
        STATS[name] += 1


class Link:
    def __init__(self, name, target, seed):
        self.name, self.target, self.seed = name, target, seed
        self.mode = "up"
        self.serial = 0
        self.open = set()  # sockets of live connections, closed on "down"
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]

    def set_mode(self, mode):
        with LOCK:
            self.mode = mode
            doomed = list(self.open) if mode == "down" else []
        for s in doomed:  # a partition also breaks connections already open, mid-request or not
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def serve(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with LOCK:
                self.serial += 1
                mode, serial = self.mode, self.serial
            count("connections")
            if mode == "down":
                client.close()
                count("refused")
                continue
            rng = random.Random(self.seed * 1_000_003 + serial)
            threading.Thread(target=self.pipe, args=(client, mode, rng), daemon=True).start()

    def pipe(self, client, mode, rng):
        faults = {"refuse": False, "delay": 0.0, "cut_after": None, "duplicate": False}
        if mode == "chaos":
            roll = rng.random()
            if roll < 0.10:
                faults["refuse"] = True
            elif roll < 0.30:
                faults["cut_after"] = rng.randint(1, 4000)  # bytes of the answer before the cut
            elif roll < 0.45:
                faults["duplicate"] = True
            if rng.random() < 0.3:
                faults["delay"] = rng.uniform(0.0, 0.2)
        if faults["refuse"]:
            count("refused")
            client.close()
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target), timeout=5)
            upstream.settimeout(None)
        except OSError:
            client.close()
            return
        twin = None
        if faults["duplicate"]:
            try:
                twin = socket.create_connection(("127.0.0.1", self.target), timeout=5)
                twin.settimeout(None)
                count("duplicated")
            except OSError:
                twin = None
        socks = [client, upstream] + ([twin] if twin else [])
        with LOCK:
            self.open.update(socks)
        sent_back = 0
        try:
            while True:
                readable, _, _ = select.select(socks, [], [], 120)
                if not readable:
                    break
                done = False
                for s in readable:
                    data = s.recv(65536)
                    if s is twin:  # the duplicate's answers are thrown away
                        if not data:
                            socks.remove(twin); twin = None
                        continue
                    if not data:
                        done = True
                        break
                    if faults["delay"]:
                        count("delayed")
                        time.sleep(faults["delay"])
                    if s is client:
                        upstream.sendall(data)
                        if twin:
                            twin.sendall(data)
                    else:
                        limit = faults["cut_after"]
                        if limit is not None and sent_back + len(data) >= limit:
                            client.sendall(data[: max(0, limit - sent_back)])
                            count("cut")
                            done = True
                            break
                        client.sendall(data)
                        sent_back += len(data)
                if done:
                    break
        except OSError:
            pass
        finally:
            with LOCK:
                self.open.difference_update(socks)
            for s in socks:
                try:
                    s.close()
                except OSError:
                    pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--link", action="append", default=[])
    args = parser.parse_args()
    links = {}
    for item in args.link:
        name, port = item.split("=")
        links[name] = Link(name, int(port), args.seed)
        threading.Thread(target=links[name].serve, daemon=True).start()
        print(name, links[name].port, flush=True)
    print("ready", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        if words[0] == "target" and len(words) == 3 and words[1] in links:
            links[words[1]].target = int(words[2])
            print("ok", flush=True)
        elif words[0] in ("up", "down", "chaos") and len(words) == 2:
            for name in (links if words[1] == "all" else [words[1]]):
                if name in links:
                    links[name].set_mode(words[0])
            print("ok", flush=True)
    print(" ".join(f"{k}={v}" for k, v in STATS.items()), file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()

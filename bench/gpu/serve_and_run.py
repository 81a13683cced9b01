#!/usr/bin/env python3
"""Serves bench/gpu/page/ on loopback, opens it in headless Chromium, waits for the page to POST
its results to /result, writes them to $OUT/gpu-bench.json and exits.

Used for the one-off WebGL-on-a-real-GPU check (see bench/gpu/README.md): the device machine has
Python but no Node, so the page is bundled beforehand (`npm run bench:gpu:bundle`).
Usage: serve_and_run.py CHROMIUM_BINARY [extra chromium flags...]
"""
import http.server, json, os, subprocess, sys, threading, time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'page')
OUT = os.environ.get('OUT', '/tmp')
done = threading.Event()
logs = []

class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **kw):
        super().__init__(*a, directory=ROOT, **kw)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0))).decode()
        if self.path == '/log':
            logs.append(body)
            print('page:', body, flush=True)
        else:
            with open(os.path.join(OUT, os.environ.get('RESULT_NAME', 'gpu-bench.json')), 'w') as f:
                f.write(body)
            print('result:', body, flush=True)
            done.set()
        self.send_response(200)
        self.end_headers()

    def log_message(self, *a):
        pass

server = http.server.ThreadingHTTPServer(('127.0.0.1', 8765), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
chromium = sys.argv[1]
flags = ['--headless=new', '--no-sandbox', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--ignore-gpu-blocklist', '--enable-gpu',
         '--user-data-dir=/tmp/gpu-bench-profile', '--remote-debugging-port=0'] + sys.argv[2:]
proc = subprocess.Popen([chromium] + flags + ['http://127.0.0.1:8765/index.html' + os.environ.get('PAGE_QUERY', '')],
                        stdout=open(os.path.join(OUT, os.environ.get('RESULT_NAME', 'x') + '.chromium.log'), 'w'), stderr=subprocess.STDOUT)
ok = done.wait(timeout=float(os.environ.get('BENCH_TIMEOUT', '240')))
proc.kill()
with open(os.path.join(OUT, os.environ.get('RESULT_NAME', 'x') + '.page-log.txt'), 'w') as f:
    f.write('\n'.join(logs))
print('finished' if ok else 'timed out waiting for the page', flush=True)
sys.exit(0 if ok else 1)

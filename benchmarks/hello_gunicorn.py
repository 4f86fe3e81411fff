"""Gunicorn settings for the hello baseline: the same worker settings as gunicorn.conf.py."""

import os

wsgi_app = "benchmarks.hello:app"
bind = [os.environ["BIND"]]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
preload_app = True
control_socket_disable = True
loglevel = "warning"
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

"""The `baton` command line. Client commands (deploy, start, instances, tasks, incidents,
users, groups) call a running server over HTTP; `serve`, `db` and `admin` work on the
server's database on this machine. Each command's module is imported only when it runs
(`baton.cli.root`), and heavy modules inside the commands, so a client command starts
quickly."""

from __future__ import annotations

from baton.cli.root import app

__all__ = ["app"]

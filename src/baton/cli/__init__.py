"""The `baton` command line. Client commands (deploy, start, instances, tasks, incidents,
users, groups) call a running server over HTTP; `serve`, `db` and `admin` work on the
server's database on this machine. Heavy modules are imported inside the commands, so
`baton --help` and a client command start quickly."""

from __future__ import annotations

from baton.cli import identity, incidents, instances, local, remote, server, tasks
from baton.cli.root import new_app
from baton.cli.server import demo_banner, worker_app

app = new_app()
app.command(epilog=server.settings_epilog())(server.serve)
app.add_typer(local.db_app, name="db")
app.add_typer(local.admin_app, name="admin")
app.command()(remote.deploy)
app.command()(remote.start)
app.add_typer(instances.app, name="instances")
app.add_typer(tasks.app, name="tasks")
app.add_typer(incidents.app, name="incidents")
app.add_typer(identity.users_app, name="users")
app.add_typer(identity.groups_app, name="groups")

__all__ = ["app", "demo_banner", "worker_app"]

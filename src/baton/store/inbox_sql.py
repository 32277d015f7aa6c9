"""The plain INBOX search as SQL text prepared once per shape and dialect.

Building the INBOX's Core statements cost ~1.5 ms a search (most of the search's time): a
union over the caller's candidate principals, its count, and the rows. Only the number of
principals (the user and their groups) and whether the claimant and owner sources apply
change the SQL, so the statements are built once per such shape, kept in a bounded cache,
and each `Prepared` compiles once per dialect; the values are bound per call.

Each source (a candidate principal, the claimant, the owner) gives its newest `wanted`
task ids by its own index, so a page costs the same over a thousand tasks or a million. A
source orders by (updated_at, id) as the page does: tasks updated in the same millisecond
across the cut of `wanted` would otherwise be picked by chance, and a page could skip one.
The count stops at the search count cap (`settings.SEARCH_COUNT_CAP`): the caller binds
`counted` = cap + 1 to learn whether there are more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from baton.store.prepared import Prepared
from baton.store.schema import human_task_candidates, human_tasks

SHAPES = 256  # cached shapes: a user in up to ~60 groups, with any claimant/owner mix


@dataclass(frozen=True)
class InboxStatements:
    """`page` reads a page of task rows, newest first (binds `wanted`, `start`, `size` and
    the sources' values); `count` counts the inbox up to `counted` tasks (binds that, `cap`
    = `counted` - 1, and the sources' values)."""

    page: Prepared
    count: Prepared


def params(
    pairs: Sequence[tuple[str, str]], claimant: str | None, owner: str | None
) -> dict[str, Any]:
    """The sources' bound values for the statements of `statements(len(pairs), ...)`."""
    bound: dict[str, Any] = {}
    for i, (kind, principal) in enumerate(pairs):
        bound[f"k{i}"] = kind
        bound[f"p{i}"] = principal
    if claimant:
        bound["claimant"] = claimant
    if owner:
        bound["owner"] = owner
    return bound


@lru_cache(maxsize=SHAPES)
def statements(
    pairs: int, claimant: bool, owner: bool, open_states: tuple[str, ...]
) -> InboxStatements:
    """The INBOX over `pairs` candidate (kind, principal) sources, plus the tasks the caller
    claimed (`claimant`) or owns (`owner`) while they are in `open_states`."""
    t, c = human_tasks, human_task_candidates
    b = sa.bindparam
    wanted: sa.BindParameter[int] = b("wanted")
    sources: list[sa.Select[Any]] = []
    counted: list[sa.Select[Any]] = []
    beyond: list[sa.Exists] = []  # a source alone holds more than `cap` tasks
    for i in range(pairs):
        match = sa.and_(c.c.kind == b(f"k{i}"), c.c.principal == b(f"p{i}"))
        beyond.append(sa.select(c.c.task_id).where(match).offset(b("cap")).limit(1).exists())
        sources.append(
            sa.select(c.c.task_id.label("id"), c.c.updated_at)
            .where(match)
            .order_by(c.c.updated_at.desc(), c.c.task_id.desc())
            .limit(wanted)
        )
        counted.append(sa.select(c.c.task_id.label("id")).where(match))
    # the states as literals: one SQL text for every call, and the planner sees the values
    states = t.c.state.in_([sa.literal_column(f"'{s}'") for s in open_states])
    for column, name, applies in (
        (t.c.claimant, "claimant", claimant),
        (t.c.owner, "owner", owner),
    ):
        if applies:
            mine = sa.and_(column == b(name), states)
            sources.append(
                sa.select(t.c.id, t.c.updated_at)
                .where(mine)
                .order_by(t.c.updated_at.desc(), t.c.id.desc())
                .limit(wanted)
            )
            counted.append(sa.select(t.c.id).where(mine))
    parts = [source.subquery() for source in sources]
    merged = sa.union(*(sa.select(p.c.id, p.c.updated_at) for p in parts)).subquery()
    page = (
        sa.select(merged.c.id, merged.c.updated_at)
        .order_by(merged.c.updated_at.desc(), merged.c.id.desc())
        .offset(b("start"))
        .limit(b("size"))
        .subquery()
    )
    rows = (
        sa.select(t)
        .join(page, page.c.id == t.c.id)
        .order_by(page.c.updated_at.desc(), page.c.id.desc())
    )
    # DISTINCT over UNION ALL, not UNION: SQLite keeps the distinct ids in a b-tree as rows
    # come and stops at `counted`, where a UNION builds the whole set first (~26,000 ids for
    # a user in the biggest groups of a million tasks); PostgreSQL hashes either the same way.
    # Before that, a source holding more than `cap` tasks by itself answers at once: an
    # index skip, 1/6 of the distinct count's time (the case of the biggest groups).
    found = sa.union_all(*counted).subquery()
    distinct = sa.select(found.c.id).distinct().limit(b("counted")).subquery()
    exact = sa.select(sa.func.count()).select_from(distinct).scalar_subquery()
    more = sa.cast(b("counted"), sa.BigInteger)
    count = sa.select(sa.case((sa.or_(*beyond), more), else_=exact))
    return InboxStatements(Prepared(rows), Prepared(count))

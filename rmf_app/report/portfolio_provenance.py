"""The portfolio report's provenance appendix: what was read, exactly, and by which rmf-app.

Under the same rules as the risk profile's Appendix E: the rmf-app and reportlab versions, the
scoring method, the moment of generation (``SOURCE_DATE_EPOCH`` when set), then every file read
with its path as given, the SHA-256 and size of its bytes as read, its fingerprint, revision
and state, and the files that could not be read with the reason. Every user text goes through
``markup``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import reportlab
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Spacer, Table
from reportlab.platypus.flowables import Flowable

from .. import __version__
from ..domain.portfolio import Portfolio
from ..domain.scoring import METHOD_VERSION
from .document import Heading
from .fonts import fonts, markup
from .parts import datetime
from .rtl import BidiParagraph
from .styles import FRAME_WIDTH, Styles, grid_table_style, kv_table_style

SEC_PROVENANCE = "Appendix. Provenance"
INTRO = (
    "Where this report and its figures come from, so that they can be reproduced and checked: "
    "each file below was read read-only, and the hash is that of its bytes as they were read. "
    "Anyone can recompute it with 'sha256sum FILE' (macOS: 'shasum -a 256 FILE')."
)
FIELDS = (
    "Report generated",
    "Produced by",
    "Scoring method",
    "Systems as of",
    "Folders and files given",
    "Fonts",
)
APP = "rmf-app {version} (reportlab {reportlab})"
METHOD = "rmf-app scoring method {version}"
FILES_READ = "Files read ({n})"
FILES_HEAD = (
    "File, as given",
    "Bytes",
    "Revision, state",
    "SHA-256 of the bytes read / fingerprint",
)
FILES_NOT_READ = "Files not read ({n})"
NOT_READ_HEAD = ("File, as given", "Bytes", "Why it was not read / SHA-256")
NO_FINGERPRINT = "no fingerprint (not final)"
NOT_HASHED = "could not be read at all"
DETERMINISTIC = (
    "With SOURCE_DATE_EPOCH set, the same files and rmf-app version give a byte-identical PDF."
)
NONE = "—"


def _p(text: str, style: Any) -> Paragraph:
    return BidiParagraph(markup(text), style)


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    t.setStyle(grid_table_style())
    return t


def portfolio_provenance(p: Portfolio, st: Styles, *, generated_at: dt.datetime) -> list[Flowable]:
    """The appendix's flowables."""
    methods = sorted({r.method_version for r in p.rows if r.method_version} or {METHOD_VERSION})
    facts = (
        datetime(generated_at),
        APP.format(version=__version__, reportlab=reportlab.Version),
        ", ".join(METHOD.format(version=v) for v in methods),
        p.today.isoformat(),
        "; ".join(p.sources) or NONE,
        fonts().describe(),
    )
    kv = Table(
        [[_p(k, st.label), _p(v, st.cell)] for k, v in zip(FIELDS, facts, strict=True)],
        colWidths=[FRAME_WIDTH * 0.3, FRAME_WIDTH * 0.7],
    )
    kv.setStyle(kv_table_style())
    # small enough that a whole SHA-256 fits on one line of its column
    digest = ParagraphStyle("digest", parent=st.mono_small, fontSize=6, leading=7.5)
    out: list[Flowable] = [
        Heading(markup(SEC_PROVENANCE), st.h1, outline=SEC_PROVENANCE, level=0, key="provenance"),
        _p(INTRO, st.muted),
        kv,
        Spacer(1, 8),
        Heading(
            markup(FILES_READ.format(n=len(p.rows))),
            st.h2,
            outline=FILES_READ.format(n=len(p.rows)),
            level=1,
            key="provenance-read",
        ),
    ]
    w = FRAME_WIDTH
    widths = [w * 0.26, w * 0.08, w * 0.14, w * 0.52]
    rows: list[list[Any]] = [[_p(h, st.cell_head) for h in FILES_HEAD]]
    for r in sorted(p.rows, key=lambda r: r.source or r.path):
        rows.append(
            [
                _p(r.source or r.path, st.cell),
                _p(NONE if r.size is None else str(r.size), st.cell_right),
                _p(f"{r.revision}, {r.state.lower()}", st.cell),
                [
                    _p(r.sha256 or NONE, digest),
                    _p(r.fingerprint or NO_FINGERPRINT, digest),
                ],
            ]
        )
    out.append(_table(rows, widths))
    if p.unreadable:
        title = FILES_NOT_READ.format(n=len(p.unreadable))
        out += [
            Spacer(1, 8),
            Heading(markup(title), st.h2, outline=title, level=1, key="provenance-not-read"),
        ]
        rows = [[_p(h, st.cell_head) for h in NOT_READ_HEAD]]
        for u in sorted(p.unreadable, key=lambda u: u.source or u.path):
            rows.append(
                [
                    _p(u.source or u.path, st.cell),
                    _p(NONE if u.size is None else str(u.size), st.cell_right),
                    [_p(u.reason, st.cell), _p(u.sha256 or NOT_HASHED, digest)],
                ]
            )
        out.append(_table(rows, [w * 0.26, w * 0.08, w * 0.66]))
    out += [Spacer(1, 6), _p(DETERMINISTIC, st.note)]
    return out

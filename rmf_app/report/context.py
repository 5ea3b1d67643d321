"""What every section of the report is built from: :class:`ReportContext`.

One context per report: the assessment, the one :func:`rmf_app.domain.scoring.score` result for
it, the playbook it was scored with, the options and styles, the report's clock, the section
numbers, and the headings (numbered titles, bookmark keys) that sections share. Sections read
it and return their flowables; none computes a score: every figure comes from ``scores``. Fonts
are not in it: reportlab registers them for the whole process, so sections ask
:func:`~rmf_app.report.fonts.fonts` directly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from reportlab.platypus import Paragraph
from reportlab.platypus.flowables import Flowable

from ..domain.assessment import Assessment
from ..domain.crosswalk import Crosswalk
from ..domain.diff import AssessmentDiff
from ..domain.overlay import Overlay
from ..domain.overlay_scoring import OverlayScores
from ..domain.playbook import Playbook
from ..domain.scoring import Scores
from . import text as T
from .document import Heading
from .fonts import markup
from .parts import Parts, anchor_name, appendix_anchor

#: the ids :meth:`ReportContext.link_ids` finds in text: letters, a hyphen, digits
_ITEM_ID = re.compile(r"[A-Za-z]+-\d+")


@dataclass(frozen=True)
class ReportOptions:
    """What kind of report to make.

    Args:
        executive: summary, charts, largest gaps and top risks only.
        include_guidance: print the playbook's summary and "why it matters" per subcategory.
        generated_at: the report's date and time (UTC); overdue actions are counted against
            its date by the caller's scoring.
        reproducible: fixed document id and dates, for byte-identical output.
        crosswalks: the crosswalks switched on for the report (ISO/IEC 42001, the EU AI Act):
            an appendix and a summary line each; none when empty.
    """

    executive: bool = False
    include_guidance: bool = True
    generated_at: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    reproducible: bool = False
    crosswalks: tuple[Crosswalk, ...] = ()


@dataclass(eq=False)
class ReportContext(Parts):
    """The inputs of one report and the helpers its sections share.

    Args:
        styles: the paragraph styles (from :class:`~rmf_app.report.parts.Parts`).
        assessment: the assessment reported on.
        scores: the one scoring result for it; every figure printed comes from here.
        playbook: the content it was scored with (titles, guidance, questions).
        options: the kind of report.
        numbers: the number of each numbered section by its key ("gaps" → 4), given by the
            order in which the builder lists the sections.
    """

    assessment: Assessment
    scores: Scores
    playbook: Playbook
    options: ReportOptions
    numbers: dict[str, int]
    #: the content of the overlay the assessment uses, for its section (None: left out)
    overlay: Overlay | None = None
    #: its figures (``domain.overlay_scoring.overlay_scores``, computed by the caller)
    overlay_scores: OverlayScores | None = None
    #: the changes since the latest earlier final revision kept in the file (None: the file
    #: keeps none, and the "Changes since revision N" section is left out)
    changes: AssessmentDiff | None = None
    out_of_scope: set[str] = field(init=False)
    _key: int = field(default=0, init=False)
    _ids: re.Pattern[str] | None = field(default=None, init=False)
    _id_kinds: dict[str, str] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.out_of_scope = set(self.scores.out_of_scope)

    @property
    def today(self) -> dt.date:
        """The report's date: "overdue" and "as of" are counted against it."""
        return self.options.generated_at.date()

    def key(self, prefix: str) -> str:
        """A new bookmark key; keys follow the order in which headings are made."""
        self._key += 1
        return f"{prefix}-{self._key}"

    def h1(self, title: str, number_key: str | None = None, *, toc: bool = True) -> Heading:
        """A section's heading; a numbered section's or an appendix's is also the destination
        of the links to it ("section 4", "Appendix A")."""
        label = title
        key = appendix_anchor(title)
        if number_key is not None:
            n = self.numbers[number_key]
            label = T.SECTION_NUMBER.format(n=n, title=title)
            key = anchor_name("section", str(n))
        if key is not None:
            self.anchored.add(key)
        return Heading(
            markup(label), self.styles.h1, outline=label, level=0, key=key or self.key("s"), toc=toc
        )

    def h2(self, title: str, *, level: int | None = None, toc: bool = False) -> Flowable:
        if level is None:
            return self.p(title, self.styles.h2)
        return Heading(
            markup(title), self.styles.h2, outline=title, level=level, key=self.key("h"), toc=toc
        )

    def link_ids(self, text: str) -> str:
        """Markup (with no link in it yet) with each subcategory, risk, action and evidence id
        it names as a link to where the report lists that item. Only ids shaped like
        "R-001" are looked for: an id such as "1" or "High" would link words of the text."""
        if self._ids is None:
            a = self.assessment
            kinds = {x.id: "evidence" for x in a.evidence}
            kinds.update({x.id: "action" for x in a.actions})
            kinds.update({x.id: "risk" for x in a.risks})
            kinds = {k: v for k, v in kinds.items() if _ITEM_ID.fullmatch(k)}
            self._id_kinds = kinds
            known = "|".join(re.escape(x) for x in sorted(kinds, key=len, reverse=True))
            self._ids = re.compile(
                r"(?<![\w.-])(?:((?:GOVERN|MAP|MEASURE|MANAGE)[ \u00a0]\d+\.\d+)"
                + (f"|({known})" if known else "")
                + r")(?![\w-]|\.\d)"
            )

        def link(m: re.Match[str]) -> str:
            if m[1]:
                return self.ref("sub", m[1].replace("\u00a0", " "), m[0])
            return self.ref(self._id_kinds[m[2]], m[2], m[0])

        return self._ids.sub(link, text)

    def sub_title(self, sid: str) -> str:
        return self.playbook.subcategory(sid).title

    def id_title(self, sid: str) -> Paragraph:
        """A subcategory's id, as a link to its answer, and its title."""
        return self.pm(
            f"<b>{self.ref('sub', sid)}</b> {markup(self.sub_title(sid))}",
            self.styles.cell,
        )

"""Crosswalks: the bundled ISO/IEC 42001 and EU AI Act data, the scope rules, readiness."""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from importlib import resources

import pytest

from rmf_app.domain import canonical, framework
from rmf_app.domain.assessment import Assessment, Response, SystemProfile
from rmf_app.domain.crosswalk import CONDITIONS, Crosswalk, EuAiActScope
from rmf_app.domain.crosswalk_readiness import readiness, subcategory_status
from rmf_app.domain.scoring import score
from rmf_app.services import content as services_content
from rmf_app.services import crosswalks as xw
from rmf_app.services.demo import demo_assessment
from rmf_app.storage.content import ContentError, bundled_crosswalk, crosswalk_from_data
from tests.conftest import ROOT


def _raw(cid: str) -> dict:
    text = resources.files("playbook_data").joinpath("crosswalks", f"{cid}.json").read_text("utf-8")
    return json.loads(text)


# -- the bundled data --------------------------------------------------------------------------


@pytest.mark.parametrize("cid", ["iso42001", "euaia"])
def test_every_pair_names_a_subcategory_and_a_listed_ref(cid):
    cw = bundled_crosswalk(cid)
    refs = {r.id for r in cw.refs}
    for p in cw.pairs:
        assert framework.is_subcategory_id(p.subcategory)
        assert p.ref in refs
    # every reference the file lists is used by a pair, and no other is named
    assert {p.ref for p in cw.pairs} == refs
    assert cw.source and cw.licence_note and cw.version and cw.date


def test_iso42001_holds_280_distinct_pairs_over_all_72_subcategories():
    cw = bundled_crosswalk("iso42001")
    assert len(cw.refs) == 65
    assert len(cw.pairs) == 280  # NIST's table has 281 rows: MANAGE 1.1 -> B.6.2.4 is listed twice
    assert len({(p.subcategory, p.ref) for p in cw.pairs}) == 280
    assert "280 distinct pairs" in cw.source and "281 rows" in cw.source
    assert {p.subcategory for p in cw.pairs} == set(framework.subcategory_ids())
    assert not cw.own_mapping
    assert all(p.relation is None and p.rationale is None for p in cw.pairs)
    assert {r.kind for r in cw.refs} == {"clause", "annex_b"}


def test_euaia_is_our_own_mapping_with_a_rationale_for_every_pair():
    cw = bundled_crosswalk("euaia")
    assert cw.own_mapping
    assert "own mapping" in cw.source
    assert len(cw.refs) == 21 and len(cw.pairs) == 123
    for p in cw.pairs:
        assert p.relation in ("supports", "partly_supports")
        assert p.rationale and len(p.rationale.split()) >= 8
    wanted = {"Art. 9", "Art. 10", "Art. 11", "Art. 12", "Art. 13", "Art. 14", "Art. 15"}
    wanted |= {"Art. 17", "Art. 26", "Art. 27", "Art. 50", "Art. 53", "Art. 55", "Art. 72"}
    assert wanted | {"Art. 73"} <= {r.id for r in cw.refs}
    assert [a.id for a in cw.annex_iii_areas] == [str(n) for n in range(1, 9)]
    for r in cw.refs:
        assert r.roles and r.classes and r.summary


def test_the_review_is_shipped_beside_the_mapping():
    review = resources.files("playbook_data").joinpath("crosswalks", "euaia-review.md")
    assert "EU AI Act practitioner review" in review.read_text("utf-8")


@pytest.mark.slow
def test_crosswalk_text_is_our_own():
    tool = ROOT.parent / "shared" / "tools" / "check_originality.py"
    if not tool.is_file():
        pytest.skip("../shared/tools is not here (CI only)")
    res = subprocess.run(
        [sys.executable, str(tool), "playbook_data/crosswalks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stdout + res.stderr


# -- damaged data is refused with a message that names the entry --------------------------------


def _damage(cid: str, how: str) -> dict:
    data = copy.deepcopy(_raw(cid))
    rng = random.Random(how)
    i = rng.randrange(len(data["pairs"]))
    if how == "unknown_subcategory":
        data["pairs"][i]["subcategory"] = "GOVERN 9.9"
    elif how == "unknown_ref":
        data["pairs"][i]["ref"] = "Z.99"
    elif how == "duplicate_pair":
        data["pairs"].insert(i + 1, dict(data["pairs"][i]))
    elif how == "no_rationale":
        data["pairs"][i].pop("rationale", None)
    elif how == "blank_rationale":
        data["pairs"][i]["rationale"] = "   "
    elif how == "bad_relation":
        data["pairs"][i]["relation"] = "proves"
    elif how == "duplicate_ref":
        data["refs"].append(dict(data["refs"][0]))
    elif how == "unknown_role":
        data["refs"][0]["roles"] = ["importer"]
    elif how == "unknown_condition":
        data["refs"][0]["conditions"] = {"provider": ["sunny_day"]}
    elif how == "out_of_order":
        data["pairs"].append(data["pairs"].pop(0))
    elif how == "extra_field":
        data["pairs"][i]["note"] = "x"
    return data


@pytest.mark.parametrize(
    "how",
    [
        "unknown_subcategory",
        "unknown_ref",
        "duplicate_pair",
        "no_rationale",
        "blank_rationale",
        "bad_relation",
        "duplicate_ref",
        "unknown_role",
        "unknown_condition",
        "out_of_order",
        "extra_field",
    ],
)
def test_damaged_euaia_is_refused(how):
    with pytest.raises(ContentError) as err:
        crosswalk_from_data(_damage("euaia", how), "crosswalks/euaia.json")
    assert "crosswalks/euaia.json" in str(err.value)


def test_a_published_crosswalk_carries_no_rationale_of_ours():
    data = copy.deepcopy(_raw("iso42001"))
    data["pairs"][3]["rationale"] = "Our own reading of the clause."
    with pytest.raises(ContentError, match="bare pairs"):
        crosswalk_from_data(data, "iso")


def test_a_refusal_names_the_pair():
    data = _damage("iso42001", "unknown_subcategory")
    with pytest.raises(ContentError, match=r"pair GOVERN 9\.9 -> "):
        crosswalk_from_data(data, "iso")


def test_unknown_crosswalk_id():
    with pytest.raises(ContentError, match="no bundled crosswalk 'nist'"):
        services_content.crosswalk("nist")


# -- the EU AI Act role and class ---------------------------------------------------------------


def _applies(scope: EuAiActScope | None) -> set[str]:
    return {r.id for r in bundled_crosswalk("euaia").applicable_refs(scope)}


def test_no_scope_lists_every_article():
    assert len(_applies(None)) == 21


def test_a_bank_providing_and_deploying_credit_scoring():
    scope = EuAiActScope(
        role="both", risk_class="high_risk", annex_iii_area="5", credit_or_insurance=True
    )
    got = _applies(scope)
    assert {"Art. 9", "Art. 26", "Art. 27", "Art. 49", "Art. 72", "Art. 73", "Art. 86"} <= got
    assert not {"Art. 53", "Art. 55"} & got


def test_fria_and_explanation_only_for_some_deployers():
    hr = {"role": "deployer", "risk_class": "high_risk"}
    # an employer screening CVs: Annex III area 4, private, not credit or insurance
    employer = _applies(EuAiActScope(**hr, annex_iii_area="4"))
    assert "Art. 27" not in employer and "Art. 86" in employer
    assert "Art. 9" not in employer  # a provider duty
    assert "Art. 49" not in employer  # only public-body deployers register their use
    # a public body using the same system
    public = _applies(EuAiActScope(**hr, annex_iii_area="4", public_body=True))
    assert {"Art. 27", "Art. 49", "Art. 86"} <= public
    # critical infrastructure: neither the impact assessment nor the right to explanation
    grid = _applies(EuAiActScope(**hr, annex_iii_area="2", public_body=True))
    assert not {"Art. 27", "Art. 86"} & grid
    # a high-risk product under Annex I (no Annex III area)
    product = _applies(EuAiActScope(**hr))
    assert not {"Art. 27", "Art. 86"} & product and "Art. 26" in product


def test_gpai_and_limited_and_minimal():
    gpai = _applies(EuAiActScope(role="provider", risk_class="gpai"))
    assert "Art. 53" in gpai and "Art. 55" not in gpai and "Art. 9" not in gpai
    systemic = _applies(EuAiActScope(role="provider", risk_class="gpai_systemic"))
    assert {"Art. 53", "Art. 55"} <= systemic
    assert _applies(EuAiActScope(role="deployer", risk_class="limited")) == {"Art. 4", "Art. 50"}
    assert _applies(EuAiActScope(role="both", risk_class="minimal")) == {"Art. 4"}


def test_why_an_article_does_not_apply():
    cw = bundled_crosswalk("euaia")
    scope = EuAiActScope(role="deployer", risk_class="high_risk", annex_iii_area="4")
    assert cw.ref("Art. 9").why_not(scope) == "binds providers only"
    assert cw.ref("Art. 27").why_not(scope).startswith("only where the deployer is a public")
    assert "General-purpose AI model" in cw.ref("Art. 53").why_not(scope)


def test_scope_rejects_contradictions():
    with pytest.raises(ValueError, match="only for a high-risk"):
        EuAiActScope(role="provider", risk_class="gpai", annex_iii_area="5")
    with pytest.raises(ValueError, match="area 5"):
        EuAiActScope(role="deployer", risk_class="high_risk", annex_iii_area="4",
                     credit_or_insurance=True)  # fmt: skip
    with pytest.raises(ValueError):
        EuAiActScope(role="importer", risk_class="high_risk")
    with pytest.raises(ValueError):
        EuAiActScope(role="provider", risk_class="high_risk", annex_iii_area="9")
    assert set(CONDITIONS) == {
        "annex_iii",
        "annex_iii_not_critical_infrastructure",
        "fria_deployer",
        "public_body",
    }


# -- stored in the assessment -------------------------------------------------------------------


def test_old_files_load_and_keep_their_fingerprint(minimal):
    data = minimal.model_dump(mode="json")
    del data["profile"]["eu_ai_act"]
    old = Assessment.model_validate(data)
    assert old.profile.eu_ai_act is None
    assert b"eu_ai_act" not in canonical.canonical_bytes(old)
    scoped = old.model_copy(
        update={
            "profile": old.profile.model_copy(
                update={"eu_ai_act": EuAiActScope(role="provider", risk_class="minimal")}
            )
        }
    )
    assert b'"eu_ai_act":{' in canonical.canonical_bytes(scoped)
    assert canonical.fingerprint(scoped) != canonical.fingerprint(old)


def test_profile_refuses_a_bad_scope():
    with pytest.raises(ValueError, match="eu_ai_act"):
        SystemProfile(name="x", eu_ai_act={"role": "provider", "risk_class": "extreme"})


def test_scope_edit_is_undoable_and_in_history(new_file):
    from rmf_app.services.session import AssessmentSession

    scope = EuAiActScope(role="both", risk_class="high_risk", annex_iii_area="5")
    with AssessmentSession.open(new_file) as s:
        old = s.update_profile(eu_ai_act=scope)
        assert old == {"eu_ai_act": None}
        assert s.assessment.profile.eu_ai_act == scope
        rows = [h for h in s.history() if h.field == "eu_ai_act"]
        assert rows and '"annex_iii_area": "5"' in rows[-1].new
    with AssessmentSession.open(new_file) as s:
        assert s.assessment.profile.eu_ai_act == scope
        s.update_profile(**old)
        assert s.assessment.profile.eu_ai_act is None


# -- readiness ----------------------------------------------------------------------------------


def test_status_comes_from_the_scores(minimal):
    a = minimal.model_copy(
        update={
            "responses": {
                "GOVERN 1.1": Response(current=3),
                "GOVERN 1.2": Response(current=1),
                "GOVERN 1.3": Response(applicability="not_applicable", na_justification="n"),
                "GOVERN 1.4": Response(applicability="inherited", inherited_from="baseline"),
            }
        }
    )
    sc = score(a, services_content.playbook())
    assert subcategory_status(sc, "GOVERN 1.1") == "at_target"
    assert subcategory_status(sc, "GOVERN 1.2") == "below_target"
    assert subcategory_status(sc, "GOVERN 1.3") == "not_applicable"
    assert subcategory_status(sc, "GOVERN 1.4") == "not_assessed"  # inherited, no level
    assert subcategory_status(sc, "GOVERN 1.5") == "not_assessed"


def test_coverage_counts_like_the_at_target_rate(minimal):
    """Coverage of a reference = its mapped subcategories at target / those in scope and not
    N/A; blanks count against it; N/A ones leave the denominator."""
    cw = bundled_crosswalk("iso42001")
    ref = cw.ref("4.1")
    mapped = [p.subcategory for p in cw.pairs_of_ref("4.1")]
    assert len(mapped) >= 3
    responses = {mapped[0]: Response(current=4), mapped[1]: Response(current=0)}
    responses[mapped[2]] = Response(applicability="not_applicable", na_justification="n")
    a = minimal.model_copy(update={"responses": responses})
    r = readiness(cw, a, score(a, services_content.playbook()))
    row = next(x for x in r.refs if x.ref_id == ref.id)
    assert (row.coverage.numerator, row.coverage.denominator) == (1, len(mapped) - 1)
    assert row.count("below_target") == 1 and row.count("not_applicable") == 1
    assert r.scope == ""  # a standard: no role filter


def test_empty_assessment_is_never_ready(minimal):
    for cw in xw.crosswalks():
        r = readiness(cw, minimal, score(minimal, services_content.playbook()))
        assert r.overall.numerator == 0 and r.overall.denominator > 0
        assert r.refs_at_target == 0
        assert all(g.status == "not_assessed" for g in r.gaps)


def test_a_ref_no_subcategory_maps_to_says_assess_separately(minimal):
    data = _raw("euaia")
    data["refs"].append(
        {
            "id": "Art. 99",
            "kind": "article",
            "label": "Penalties",
            "roles": ["provider"],
            "classes": ["high_risk"],
        }
    )
    cw = Crosswalk.model_validate(data)
    r = readiness(cw, minimal, score(minimal, services_content.playbook()))
    assert r.refs_not_covered == ["Art. 99"]
    rows = xw.readiness_csv_rows(r)
    assert rows[-1][2] == "Art. 99" and rows[-1][-1] == xw.NOT_COVERED


def test_demo_ai_act_readiness_follows_its_role_and_class():
    a, _ = demo_assessment()
    assert a.profile.eu_ai_act == EuAiActScope(
        role="both", risk_class="high_risk", annex_iii_area="5", credit_or_insurance=True
    )
    r = xw.readiness_of(a, score(a, services_content.playbook()), "euaia")
    assert set(r.not_applicable) == {"Art. 53", "Art. 55"}
    assert "High-risk AI system (Annex III area 5" in r.scope
    assert 0 < r.overall.numerator < r.overall.denominator
    assert r.gaps and r.gaps[0].status in ("below_target", "not_assessed")
    cited = [len(g.refs) for g in r.gaps]
    assert cited == sorted(cited, reverse=True)


def test_readiness_csv_is_neutralised_and_complete():
    a, _ = demo_assessment()
    r = xw.readiness_of(a, score(a, services_content.playbook()), "iso42001")
    rows = xw.readiness_csv_rows(r)
    assert rows[0] == xw.CSV_HEADER
    assert len(rows) == 1 + 65
    assert all(len(row) == len(xw.CSV_HEADER) for row in rows)
    assert rows[1][1] == "published crosswalk"


def test_evidence_item_supports_refs_through_its_subcategories():
    a, _ = demo_assessment()
    item = a.evidence[0]
    got = xw.evidence_refs(a, item)
    iso = {
        p.ref for sid in item.subcategories for p in bundled_crosswalk("iso42001").pairs_for(sid)
    }
    assert {r.id for r in got["iso42001"]} == iso
    assert all(r.applies(a.profile.eu_ai_act) for r in got["euaia"])


def test_also_evidences_lists_both_crosswalks_in_ref_order():
    strips = xw.also_evidences("GOVERN 1.1")
    assert [cw.id for cw, _ in strips] == ["iso42001", "euaia"]
    iso_rows = strips[0][1]
    assert [r.id for _, r, _ in iso_rows] == [
        r.id
        for r in bundled_crosswalk("iso42001").refs
        if r.id in {p.ref for p in bundled_crosswalk("iso42001").pairs_for("GOVERN 1.1")}
    ]

"""The core's identifiers: the category and function of an id, read the same way for the 72
subcategories (from a table) and for any other id of the same form."""

import pytest

from rmf_app.domain import framework


def test_every_subcategory_belongs_to_a_category_of_the_core():
    cats = set(framework.category_ids())
    for sid in framework.subcategory_ids():
        cat = framework.category_of(sid)
        assert cat in cats
        assert sid in framework.subcategories_of_category(cat)


@pytest.mark.parametrize(
    ("sid", "cat"),
    [("MEASURE 2.10", "MEASURE 2"), ("GOVERN 1.1", "GOVERN 1"), ("MAP 9.9", "MAP 9")],
)
def test_category_of_reads_the_form(sid, cat):
    assert framework.category_of(sid) == cat


@pytest.mark.parametrize("bad", ["", "GOVERN", "GOVERN 1", "govern 1.1", "GV-1.1", "GOVERN 1.1 "])
def test_category_of_refuses_what_is_not_a_subcategory_id(bad):
    with pytest.raises(ValueError, match="not a subcategory id"):
        framework.category_of(bad)

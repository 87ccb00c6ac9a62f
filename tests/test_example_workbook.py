"""The shipped example workbook holds exactly the example data it is made from."""

from __future__ import annotations

import dataclasses

from gongwen.build import shipped_example
from gongwen.workbook.reader import read_campaign


def test_the_shipped_workbook_matches_its_source_data(example_workbook):
    shipped = read_campaign(shipped_example())
    fresh = read_campaign(example_workbook)
    ignore = {"source"}
    for field in dataclasses.fields(shipped):
        if field.name not in ignore:
            assert getattr(shipped, field.name) == getattr(fresh, field.name), field.name


def test_the_example_is_the_town_of_the_original_work_plan():
    campaign = read_campaign(shipped_example())
    assert (campaign.info.unit, campaign.info.parent_unit) == ("静观镇", "北碚区")
    assert campaign.members("组长")[0].name == "田河堰"
    assert len(campaign.leading_group) >= 8 and len(campaign.villages) >= 8
    assert [p.name for p in campaign.phases] == ["启动阶段", "实施阶段", "评定阶段", "总结阶段"]

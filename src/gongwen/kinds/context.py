"""The campaign's facts as every kind's template sees them: plain strings, numbers and lists."""

from __future__ import annotations

import datetime as dt

from gongwen.kinds.application import evaluation
from gongwen.kinds.fields import FIGURE_FIELDS
from gongwen.render.filters import name_width
from gongwen.workbook.dates import format_date
from gongwen.workbook.model import ROLES, Campaign, Village
from gongwen.workbook.phase_figures import figures_date
from gongwen.workbook.totals import plain_number, rate, total
from gongwen.workbook.unit_words import unit_words

_PARENT_SUFFIXES = ("自治县", "区", "县", "市")
FIGURE_NAMES = tuple(f.name for f in FIGURE_FIELDS)


def short_name(place: str) -> str:
    """北碚区 -> 北碚: the name without its administrative suffix (kept when too short)."""
    for suffix in _PARENT_SUFFIXES:
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            return place[: -len(suffix)]
    return place


def doc_number(issuer_code: str, year: int, sequence: int | None) -> str:
    """静府发〔2024〕12号; empty when no sequence number is given."""
    return f"{issuer_code}〔{year}〕{sequence}号" if sequence else ""


def village_facts(v: Village) -> dict:
    """One row of 村社区 as templates see it (the archive shows 无 for empty optional facts)."""
    return {
        "name": v.name,
        "kind": v.kind,
        "households": v.households,
        "population": v.population,
        "area": plain_number(v.area),
        "contact": v.contact,
        "phone": v.phone,
        "key_places": v.key_places,
        "hazard_sources": v.hazard_sources,
        "hazards_found": v.hazards_found,
        "hazards_fixed": v.hazards_fixed,
        "emergency_team": v.emergency_team,
        "vulnerable_groups": v.vulnerable_groups,
        "fire_equipment": v.fire_equipment,
        "training": v.training,
    }


def village_totals(campaign: Campaign) -> dict:
    """Households, population and area summed over 村社区, and how many there are of each type."""
    villages = campaign.villages
    n_village = sum(1 for v in villages if v.kind == "村")
    n_community = len(villages) - n_village
    parts = [f"{k}{n}个" for k, n in (("村", n_village), ("社区", n_community)) if n]
    return {
        "households": sum(v.households for v in villages),
        "population": sum(v.population for v in villages),
        "area": total(v.area for v in villages),
        "count": len(villages),
        "villages": n_village,
        "communities": n_community,
        "count_text": f"{len(villages)}个（{'、'.join(parts)}）" if parts else "0个",
    }


def hazard_table(rows: list[tuple[str, int, int]]) -> dict:
    """Hidden dangers found and fixed per village, (name, found, fixed), with totals and 整改率."""
    found = sum(f for _, f, _ in rows)
    fixed = sum(x for _, _, x in rows)
    return {
        "rows": [{"name": name, "found": f, "fixed": x, "rate": rate(x, f)} for name, f, x in rows],
        "found": found,
        "fixed": fixed,
        "rate": rate(fixed, found),
    }


def village_hazards(campaign: Campaign) -> list[tuple[str, int, int]]:
    """Each village's hazards found and fixed to date."""
    return [(v.name, v.hazards_found, v.hazards_fixed) for v in campaign.villages]


def submission_date(campaign: Campaign) -> dt.date:
    """The day the materials are sent: 申报日期, else the latest date of a document sent."""
    info = campaign.info
    if info.apply_date:
        return info.apply_date
    dates = [info.date, *(d for d in (info.print_date,) if d)]
    for s in campaign.phase_summaries:
        phase = campaign.phase(s.phase)
        dates.append(s.date or (phase.end if phase else info.date))
    return max(dates)


def campaign_context(campaign: Campaign) -> dict:
    """Everything the shipped templates use, by name."""
    info = campaign.info
    members = {
        role: [{"name": m.name, "position": m.position} for m in campaign.members(role)]
        for role in ROLES
    }
    return {
        "unit": info.unit,
        "parent_unit": info.parent_unit,
        "parent_short": short_name(info.parent_unit),
        **unit_words(info.unit, info.unit_type).fields(),
        "issuer": info.issuer,
        "issuer_code": info.issuer_code,
        "year": info.year,
        "date": format_date(info.date),
        "office_at": info.office_at,
        "office_director": info.office_director,
        "pass_score": plain_number(info.pass_score),
        "standard_score": plain_number(info.standard_score),
        "contact": info.contact,
        "phone": info.phone,
        "doc_number": doc_number(info.issuer_code, info.year, info.doc_sequence),
        "copy_to": info.copy_to.rstrip("。.，,、；; "),
        "addressee": info.addressee.rstrip("：: "),
        "printer": info.printer or info.issuer,
        "print_date": format_date(info.print_date or info.date),
        "basis": [
            {
                "title": d.title,
                "doc_number": d.doc_number,
                "citation": d.citation,
                "issuer": d.issuer,
                "date": format_date(d.date),
            }
            for d in campaign.basis_documents
            if d.in_force
        ],
        "name_width": name_width(m.name for m in campaign.leading_group),
        "leaders": members["组长"],
        "deputies": members["副组长"],
        "members": members["成员"],
        "phases": [
            {
                "name": p.name,
                "start": format_date(p.start),
                "end": format_date(p.end),
                "period": p.period,
                "tasks": p.tasks,
            }
            for p in campaign.phases
        ],
        "villages": [village_facts(v) for v in campaign.villages],
        "village_totals": village_totals(campaign),
        "tasks": [
            {
                "number": t.number,
                "element": t.element,
                "lead": t.lead,
                "person": t.person,
                "work": t.work,
            }
            for t in campaign.tasks
        ],
        "hazards": hazard_table(village_hazards(campaign)),
        "figures_date": format_date(as_of) if (as_of := figures_date(campaign)) else "",
        "submission_date": format_date(submission_date(campaign)),
        "evaluation": evaluation(campaign),
        # figure_self_evaluation, figure_hazards, figure_progress: empty (they print nothing)
        # until a build draws the ones a template prints (gongwen.charts.fields)
        **dict.fromkeys(FIGURE_NAMES, ""),
    }

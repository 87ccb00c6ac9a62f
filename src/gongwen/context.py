"""The campaign's facts as a template sees them: plain strings, numbers and lists."""

from __future__ import annotations

from gongwen.dates import format_date
from gongwen.model import ROLES, Campaign

_PARENT_SUFFIXES = ("自治县", "区", "县", "市")


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def short_name(place: str) -> str:
    """北碚区 -> 北碚: the name without its administrative suffix (kept when too short)."""
    for suffix in _PARENT_SUFFIXES:
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            return place[: -len(suffix)]
    return place


def self_reference(unit: str) -> str:
    """How a unit speaks of itself: 静观镇 -> 我镇, 天生街道 -> 我街道."""
    return "我街道" if unit.endswith("街道") else "我" + unit[-1]


def doc_number(issuer_code: str, year: int, sequence: int | None) -> str:
    """静府发〔2024〕12号; empty when no sequence number is given."""
    return f"{issuer_code}〔{year}〕{sequence}号" if sequence else ""


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
        "self_ref": self_reference(info.unit),
        "issuer": info.issuer,
        "issuer_code": info.issuer_code,
        "year": info.year,
        "date": format_date(info.date),
        "office_at": info.office_at,
        "office_director": info.office_director,
        "pass_score": _number(info.pass_score),
        "standard_score": _number(info.standard_score),
        "contact": info.contact,
        "phone": info.phone,
        "doc_number": doc_number(info.issuer_code, info.year, info.doc_sequence),
        "copy_to": info.copy_to,
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
        "villages": [
            {
                "name": v.name,
                "kind": v.kind,
                "households": v.households,
                "population": v.population,
                "area": _number(v.area),
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
            for v in campaign.villages
        ],
    }

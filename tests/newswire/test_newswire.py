"""Real-newswire cases on small generated corpora (issue 17): syndication at any size,
duplicate groups as stars, templates with other facts, and follow-ups that repeat background."""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.newswire.syndication import light_edit
from unspin import compare, scan

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "newsroom.jsonl"
COPY = {"duplicate", "near_duplicate", "spun", "paraphrase", "partial"}


def _example(doc_id: str) -> str:
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == doc_id:
            return str(record["text"])
    raise KeyError(doc_id)


def test_a_story_syndicated_to_many_sites_is_one_family_with_the_earliest_as_original() -> None:
    original = _example("harbor-fire-wire")
    rng = random.Random(7)
    records = [{"id": "wire", "text": original, "published": "2026-03-14T15:10:00Z"}]
    for k in range(120):  # more than COPY_MAX_DF documents share each fingerprint
        records.append(
            {
                "id": f"site-{k:03d}",
                "text": light_edit(original, k, rng),
                "published": f"2026-03-14T{16 + k // 60:02d}:{k % 60:02d}:00Z",
            }
        )
    records.append({"id": "other", "text": _example("marathon")})
    result = scan(records)
    family = {result.families[r["id"]] for r in records if r["id"] != "other"}
    assert len(family) == 1
    members = [doc for doc, fam in result.families.items() if fam in family]
    assert len(members) == 121
    assert "wire" in result.originals
    assert not {m for m in members if m != "wire"} & result.originals
    # bounded: each copy is linked to a few representatives, not to every other copy
    assert len(result.pairs) < 121 * 8


def test_identical_pages_are_reported_as_a_star_linear_in_their_number() -> None:
    page = "Sorry, the page you requested could not be found. Return to the home page."
    result = scan([{"id": f"p{k:04d}", "text": page} for k in range(2000)])
    assert len(result.pairs) == 1999
    assert {p.relation for p in result.pairs} == {"duplicate"}
    assert {p.a for p in result.pairs} == {"p0000"}
    assert result.originals == frozenset({"p0000"})


MARKET = (
    "In Tokyo, where trading ends before Europe's business day begins, the dollar rose {a} "
    "Japanese yen to a closing {b} yen. Later, in London, it was quoted at {c} yen. In New "
    "York, the dollar fell to {d} yen from {e} on {day}. In Hong Kong, where the day's "
    "trading begins, gold fell ${f} a troy ounce to close at a bid price of ${g} an ounce. "
    "Gold fell in London to a late bid price of ${h} a troy ounce, compared with ${i} bid "
    "late {day}. Dealers in {city} said the {currency} was steady against the mark."
)


def test_two_editions_of_a_market_template_with_other_figures_are_not_a_copy() -> None:
    first = MARKET.format(
        a="1.25", b="126.95", c="126.15", d="125.78", e="126.33", f="2.70", g="404.48",
        h="403.50", i="404.75", day="Tuesday", city="Frankfurt", currency="pound",
    )  # fmt: skip
    second = MARKET.format(
        a="0.70", b="127.65", c="127.75", d="127.43", e="127.70", f="2.42", g="406.57",
        h="404.25", i="407.10", day="Thursday", city="Zurich", currency="franc",
    )  # fmt: skip
    c = compare(first, second)
    assert c.relation not in {"duplicate", "near_duplicate", "spun", "paraphrase", "partial"}
    assert c.spans and {s.kind for s in c.spans} == {"boilerplate"}


def test_a_revision_that_updates_one_figure_is_still_a_copy() -> None:
    text = _example("harbor-fire-wire")
    revised = text.replace("two", "three", 1) if "two" in text else text + " Update."
    c = compare(text, revised)
    assert c.relation in {"near_duplicate", "duplicate"}


def test_a_follow_up_repeating_a_background_paragraph_is_partial_with_that_passage() -> None:
    background = (
        "The fire broke out on Saturday night in a warehouse on the north quay, where the "
        "city stores road salt and old harbour equipment. Firefighters from three stations "
        "fought it for six hours, and two of them were treated for smoke inhalation. The "
        "cause is still under investigation, the fire service said on Sunday."
    )
    follow_up = (
        "The harbour board voted on Tuesday to rebuild the north quay warehouse with a "
        "sprinkler system, at a cost the chairman put at four million. Members argued for an "
        "hour over whether insurers would pay for the new roof. " + background
    )
    first = _example("harbor-fire-local") + "\n\n" + background
    c = compare(first, follow_up)
    assert c.relation == "partial"
    reused = [s for s in c.spans if s.kind != "boilerplate"]
    assert reused and all(
        first[s.a_start : s.a_end] in first and s.b_start >= follow_up.index("The fire")
        for s in reused
    )


SENATORS = [
    "Adams", "Armstrong", "Baucus", "Bentsen", "Biden", "Bingaman", "Bond", "Boren", "Boschwitz",
    "Bradley", "Breaux", "Bryan", "Bumpers", "Burdick", "Burns", "Byrd", "Chafee", "Coats",
    "Cochran", "Cohen", "Conrad", "Cranston", "D'Amato", "Danforth", "Daschle", "DeConcini",
    "Dixon", "Dodd", "Dole", "Domenici", "Durenberger", "Exon", "Ford", "Fowler", "Garn",
]  # fmt: skip


def _roll_call(tally: str, measure: str, seed: int) -> str:
    rng = random.Random(seed)
    names = [*SENATORS, *(f"{name}-{state}" for name in SENATORS for state in ("Ariz", "Ohio"))]
    votes = "; ".join(f"{name}, {rng.choice(['Yes', 'No'])}" for name in names)
    return (
        f"Here is the {tally} roll call by which the Senate voted {measure}. On this vote, a "
        f"'yes' vote was a vote to approve the measure and a 'no' vote was a vote against it. "
        f"Democrats _ {votes}."
    )


def test_two_roll_calls_on_different_votes_are_not_a_copy() -> None:
    first = _roll_call("62-37", "Tuesday to raise the minimum wage", 1)
    second = _roll_call("50-47", "Thursday to fund the child care bill", 2)
    c = compare(first, second)
    assert c.relation not in {"duplicate", "near_duplicate", "spun", "paraphrase", "partial"}
    # the same roll call sent twice is still a duplicate
    assert compare(first, first + " ").relation == "duplicate"


STATEMENT = (
    "We will not rest until every family that lost a home in this flood has a roof over its "
    "head again, and we will rebuild the levee stronger than it was before the water came, "
    "whatever the cost and however long it takes us to do it."
)


def _report(lead: str, tail: str) -> str:
    return f"{lead}\n\n    ``{STATEMENT}'' the governor said in a statement.\n\n    {tail}"


def test_a_quotation_shared_by_two_independent_reports_is_not_a_copy() -> None:
    first = _report(
        "Rescue crews in boats reached the last stranded farms along the river on Monday, "
        "three days after the levee south of the county seat gave way under the rain.",
        "Volunteers stacked sandbags around the hospital through the night while the river "
        "kept rising; officials said 240 people slept in the high school gymnasium.",
    )
    second = _report(
        "Insurance adjusters began arriving in the flooded valley on Tuesday, and the state "
        "opened a relief office in an empty furniture store on Main Street.",
        "Farmers said the water had ruined the winter wheat on about nine thousand acres, and "
        "the agriculture department promised emergency loans within a month.",
    )
    c = compare(first, second)
    assert c.relation not in COPY
    assert [s.kind for s in c.spans] == ["quotation"]


def test_a_copy_keeps_the_quotations_it_copied() -> None:
    first = _report(
        "Rescue crews in boats reached the last stranded farms along the river on Monday, "
        "three days after the levee south of the county seat gave way under the rain.",
        "Volunteers stacked sandbags around the hospital through the night while the river "
        "kept rising; officials said 240 people slept in the high school gymnasium.",
    )
    copied = first.replace("Rescue crews", "Crews").replace("Monday", "Monday morning")
    c = compare(first, copied)
    assert c.relation in {"near_duplicate", "partial"}
    assert "quotation" not in {s.kind for s in c.spans}


def _edition(day: int, figures: tuple[str, ...]) -> dict[str, str]:
    a, b, c, d, e = figures
    text = (
        f"Assets of the nation's {a} money market mutual funds rose by ${b} billion in the "
        f"latest week to a new all-time high of ${c} billion, the Investment Company Institute "
        "said Thursday. The rise in the seven-day period ended Wednesday followed a rise the "
        "previous week, the Washington-based trade group said. Assets of the funds that serve "
        f"individual investors rose by ${d} billion to ${e} billion, the institute said, and "
        "assets of the institutional funds also rose over the week."
    )
    return {"id": f"funds-{day:02d}", "text": text, "published": f"1989-03-{day:02d}"}


def test_a_new_edition_of_a_weekly_report_with_other_figures_is_not_a_copy() -> None:
    first = _edition(2, ("454", "2.20", "284.59", "1.42", "191.24"))
    second = _edition(16, ("467", "1.85", "332.78", "0.96", "218.04"))
    result = scan([first, second])
    assert not [p for p in result.pairs if p.relation in COPY]
    # without dates the text alone cannot tell an edition from a revision
    assert compare(first["text"], second["text"]).relation in COPY


def test_a_same_day_update_of_the_figures_is_still_a_copy() -> None:
    first = _edition(2, ("454", "2.20", "284.59", "1.42", "191.24"))
    update = dict(_edition(2, ("454", "2.35", "284.74", "1.42", "191.24")), id="funds-02b")
    later = dict(_edition(6, ("454", "2.20", "284.59", "1.42", "191.24")), id="funds-06")
    result = scan([first, update, later])
    relations = {(p.a, p.b): p.relation for p in result.pairs}
    assert relations[("funds-02", "funds-02b")] in COPY
    assert relations[("funds-02", "funds-06")] in COPY  # days later, the same figures kept


EXPLAINER = (
    "The Richter scale is a measure of ground motion as recorded on seismographs. Every "
    "increase of one number means a tenfold increase in magnitude. Thus a reading of 7.5 "
    "reflects an earthquake ten times stronger than one of 6.5, and an earthquake of 3.5 can "
    "cause slight damage in the local area."
)


def _quake(lede: str, detail: str, day: str) -> dict[str, str]:
    text = f"{lede} {detail}\n\n    {EXPLAINER}"
    return {"id": f"quake-{day}", "text": text, "published": f"1989-{day}"}


def test_a_stock_explainer_shared_by_reports_months_apart_is_not_a_copy() -> None:
    first = _quake(
        "A strong earthquake shook the coast north of Seattle early on Sunday, rattling "
        "windows and knocking goods from shop shelves, but no injuries were reported.",
        "Seismologists at the university put the tremor's centre under the sound, about "
        "twenty miles deep, and said aftershocks were likely through the week.",
        "02-05",
    )
    second = _quake(
        "Residents of Oshima, a volcanic island south of Tokyo, ran into the streets before "
        "dawn on Tuesday when a tremor cut power to the harbour and the main hotel.",
        "The meteorological agency said the quake was followed by dozens of smaller ones and "
        "warned fishing boats to stay in port until the evening.",
        "05-21",
    )
    result = scan([first, second])
    assert not [p for p in result.pairs if p.relation in COPY]
    # the same two reports three days apart: the passage counts as reuse again
    close = dict(second, id="quake-02-08", published="1989-02-08")
    result = scan([first, close])
    assert [p.relation for p in result.pairs] == ["partial"]


def _chart(order: list[int], day: str) -> dict[str, str]:
    songs = [
        ("Miss You Much", "Janet Jackson"), ("Cherish", "Madonna"), ("Love Shack", "The B-52s"),
        ("Listen To Your Heart", "Roxette"), ("Cover Girl", "New Kids on the Block"),
        ("Girl I'm Gonna Miss You", "Milli Vanilli"), ("Heaven", "Warrant"),
        ("Rock Wit'cha", "Bobby Brown"), ("Bad English", "When I See You Smile"),
        ("Dr. Feelgood", "Motley Crue"),
    ]  # fmt: skip
    rows = "\n".join(
        f"    {rank}. ``{songs[k][0]}'' {songs[k][1]} (Records)" for rank, k in enumerate(order, 1)
    )
    text = (
        "The following are the top record hits as they appear in next week's issue of "
        "Billboard magazine. Copyright 1989, Billboard Publications, Inc. Reprinted with "
        f"permission.\n\n    HOT SINGLES\n{rows}"
    )
    return {"id": f"chart-{day}", "text": text, "published": f"1989-{day}"}


def test_a_chart_re_ranked_a_week_later_is_not_a_copy() -> None:
    first = _chart([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], "10-05")
    second = _chart([3, 7, 0, 9, 2, 6, 1, 8, 5, 4], "10-12")
    result = scan([first, second])
    assert not [p for p in result.pairs if p.relation in COPY]
    retransmitted = dict(first, id="chart-10-06", published="1989-10-06")
    assert [p.relation for p in scan([first, retransmitted]).pairs] == ["duplicate"]

"""Job-description matching: golden job descriptions, the matching and cue rules one by one,
the synonym catalog and vocabulary, and properties that hold for any text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from quiz.bank import load_content
from quiz.bank.schema import Requirement
from quiz.jd import Matcher, Proposal, cues, load_vocabulary, propose, targets_for
from tests.support import FIXTURE_QUESTIONS, SHIPPED_QUESTIONS

JD_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "jd"
GOLDEN = sorted(p.name.removesuffix(".golden.json") for p in JD_DIR.glob("*.golden.json"))
SHIPPED = load_content(SHIPPED_QUESTIONS)
VOCABULARY = load_vocabulary()
MATCHER = Matcher(SHIPPED.requirements, VOCABULARY)


def run(text: str) -> Proposal:
    return propose(text, SHIPPED.requirements, SHIPPED.profiles, MATCHER)


def ids(proposal: Proposal) -> dict[str, str]:
    return {r.id: r.weight for r in proposal.requirements}


def squash(text: str) -> str:
    return " ".join(text.split())


# --- golden job descriptions -------------------------------------------------------------------


def test_there_are_golden_files_for_xyz_and_three_other_stacks() -> None:
    assert "company-xyz" in GOLDEN and len(GOLDEN) >= 4


@pytest.mark.parametrize("name", GOLDEN)
def test_golden_job_description(name: str) -> None:
    text = (JD_DIR / f"{name}.txt").read_text(encoding="utf-8")
    golden = json.loads((JD_DIR / f"{name}.golden.json").read_text(encoding="utf-8"))
    proposal = run(text)
    found = ids(proposal)
    assert proposal.title == golden["title"]
    assert proposal.seniority == golden["seniority"]
    targets = targets_for(proposal.seniority, SHIPPED.profiles)
    for req_id, weight in golden["must_find"].items():
        assert found.get(req_id) == weight, f"{req_id}: expected {weight}, got {found.get(req_id)}"
    unexpected = set(golden["must_not_find"]) & set(found)
    assert not unexpected, f"must not find {sorted(unexpected)}"
    for req in proposal.requirements:
        assert req.target == targets[req.weight]
        assert req.evidence and req.evidence in squash(text)  # quoted verbatim
    evidence = {r.id: r.evidence for r in proposal.requirements}
    for req_id, phrase in golden["evidence_contains"].items():
        assert phrase in evidence[req_id]
    assert set(golden["uncovered_includes"]) <= set(proposal.uncovered)
    assert not set(golden["uncovered_excludes"]) & set(proposal.uncovered)


def test_company_xyz_template_is_the_seed_text() -> None:
    seed = (SHIPPED_QUESTIONS / "seeds" / "001_bfbb086b21b287b5.txt").read_text(encoding="utf-8")
    assert (JD_DIR / "company-xyz.txt").read_text(encoding="utf-8").strip() in seed


@pytest.mark.parametrize("name", GOLDEN)
def test_no_technology_is_dropped_silently(name: str) -> None:
    text = (JD_DIR / f"{name}.txt").read_text(encoding="utf-8")
    proposal = run(text)
    found = ids(proposal)
    for hit in MATCHER.find(text):
        if hit.term.technology is None:
            continue
        if hit.term.requirement is None:
            assert hit.term.technology in proposal.uncovered
        else:
            assert hit.term.requirement in found


# --- matching rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("We use JavaScript everywhere.", {"lang-javascript"}, {"lang-java"}),
        ("Our stack: ASP.NET Core and C#.", set(), {"lang-java"}),
        ("You will help us go live and lead the rest of the roll-out.", set(), {"lang-go"}),
        ("Must know Go and REST.", {"lang-go", "api-rest-design"}, set()),
        ("A solid understanding of design patterns.", {"eng-oop"}, set()),
        ("A solid grasp of the basics.", set(), {"eng-oop"}),
        ("Events flow through Apache Kafka.", set(), {"web-server-config"}),
        ("Apache in front of the app.", {"web-server-config"}, set()),
        (
            "Build microservices and write unit tests.",
            {"arch-microservices", "eng-unit-testing"},
            set(),
        ),
        ("Experience with Object Oriented Programming.", {"eng-oop"}, set()),
        ("Serve HTTPS everywhere.", {"net-tls"}, {"net-http"}),
        ("Write PL/SQL packages.", {"sql-querying"}, set()),
        ("Prevent SQL injection.", {"sec-web-vulnerabilities"}, {"sql-querying"}),
        ("We value testing, security, APIs, cloud, data and performance.", set(), None),
        ("In the spring, express your views freely.", set(), {"fw-spring", "fw-express"}),
    ],
)
def test_matching_rules(text: str, present: set[str], absent: set[str] | None) -> None:
    found = set(ids(run(text)))
    assert present <= found
    if absent is None:
        assert found == set(), "generic words alone must not add a requirement"
    else:
        assert not absent & found


def test_uncovered_lists_technologies_once_in_text_order() -> None:
    proposal = run("Kafka, then gRPC, then Kafka again and Terraform. PostgreSQL is used too.")
    assert proposal.uncovered == ["Kafka", "gRPC", "Terraform"]
    assert "sql-querying" in ids(proposal)


def test_aliases_report_the_technology_name() -> None:
    proposal = run("Some Apache Kafka and k8s.")
    assert proposal.uncovered == ["Kafka"]
    assert "devops-kubernetes" in ids(proposal)


# --- cues: weight, sections, seniority, title -------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "section", "weight"),
    [
        ("Experience with Redis.", None, "should"),
        ("Strong experience with Redis.", None, "must"),
        ("Redis is required.", None, "must"),
        ("3+ years with Redis.", None, "must"),
        ("Redis is nice to have.", None, "nice"),
        ("Strong Redis skills are a plus.", None, "nice"),
        ("Bonus: Redis.", None, "nice"),
        ("Experience with Redis.", "must", "must"),
        ("Strong experience with Redis.", "nice", "nice"),
    ],
)
def test_weight_cues(sentence: str, section: str | None, weight: str) -> None:
    assert cues.weight_of(sentence, section) == weight


def test_headings_set_the_weight_of_the_lines_below() -> None:
    text = (
        "Backend Developer\n\nRequirements:\n- Python\n- Docker\n\nNice to have\n- Redis\n"
        "- Kafka\n\nWe deploy every day.\n"
    )
    found = ids(run(text))
    assert found["lang-python"] == found["devops-containers"] == "must"
    assert found["cache-stores"] == "nice"
    assert found["deployment"] == "should"  # the paragraph after the list leaves the section


def test_strongest_mention_wins_and_quotes_it() -> None:
    text = "Backend Developer\nYou may touch Docker now and then.\nDocker is required.\n"
    req = next(r for r in run(text).requirements if r.id == "devops-containers")
    assert (req.weight, req.evidence) == ("must", "Docker is required.")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Senior Backend Engineer\nPython.", "senior"),
        ("Lead Developer\nPython.", "senior"),
        ("Junior Python Developer\nPython.", "junior"),
        ("Backend Engineer\nYou have 5+ years of Python.", "senior"),
        ("Backend Engineer\nYou have 2-4 years of Python.", "mid"),
        ("Backend Engineer\n1 year of Python is enough.", "junior"),
        ("We are hiring a junior developer for our API team.", "junior"),
        ("Backend Engineer\nYou will mentor junior developers.", "mid"),
        ("Backend Engineer\nPython.", "mid"),
    ],
)
def test_seniority(text: str, level: str) -> None:
    assert run(text).seniority == level


def test_targets_follow_the_level_profiles() -> None:
    assert targets_for("junior", SHIPPED.profiles) == {"must": 60, "should": 50, "nice": 40}
    assert targets_for("mid", SHIPPED.profiles) == {"must": 70, "should": 60, "nice": 50}
    assert targets_for("senior", SHIPPED.profiles) == {"must": 80, "should": 70, "nice": 55}
    fixture = load_content(FIXTURE_QUESTIONS)  # has no senior profile: the default table
    assert targets_for("senior", fixture.profiles) == {"must": 80, "should": 70, "nice": 55}


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("# Senior Python Developer\n\nWe build APIs.", "Senior Python Developer"),
        ("Acme is looking for an experienced Platform Engineer to join us.", "Platform Engineer"),
        ("We build APIs with Python.", "Back-end engineer"),
    ],
)
def test_title(text: str, title: str) -> None:
    assert cues.title_of(text) == title


def test_long_sentences_are_cut_around_the_match() -> None:
    filler = " ".join(["word"] * 60)
    text = f"Backend Engineer\nWe {filler} need Redis {filler} done."
    req = run(text).requirements[0]
    assert req.id == "cache-stores" and "Redis" in req.evidence
    assert len(req.evidence) <= 200 and req.evidence in text


# --- catalog and vocabulary --------------------------------------------------------------------


def test_every_requirement_has_synonyms_each_pointing_to_one_requirement() -> None:
    owner: dict[str, str] = {}
    generic = {g.casefold() for g in VOCABULARY.generic}
    for req in SHIPPED.requirements.values():
        assert req.synonyms, f"{req.id} has no synonyms"
        for synonym in req.synonyms:
            key = synonym.casefold()
            assert key not in generic, f"{req.id}: '{synonym}' is a generic word"
            assert owner.setdefault(key, req.id) == req.id, f"'{synonym}' is in two requirements"


def test_each_technology_points_to_at_most_one_requirement() -> None:
    for tech in VOCABULARY.technologies:
        owners = {t.requirement for t in MATCHER.terms if t.technology == tech.name}
        assert len(owners) == 1, f"{tech.name}: {owners}"
    names = [n.casefold() for t in VOCABULARY.technologies for n in t.names]
    assert len(names) == len(set(names)), "a technology name or alias is listed twice"


def test_schema_rejects_a_repeated_synonym() -> None:
    base = SHIPPED.requirements["sql-querying"].model_dump()
    with pytest.raises(ValidationError, match="synonym listed twice: sql"):
        Requirement.model_validate(base | {"synonyms": ["SQL", "sql"]})
    assert Requirement.model_validate(base | {"synonyms": []}).synonyms == []


# --- properties --------------------------------------------------------------------------------

words = st.sampled_from(
    [
        "Python", "Go", "go", "Kafka", "Docker", "required", "nice to have", "a plus", "strong",
        "3+ years", "senior", "junior", "testing", "REST", "rest", "PostgreSQL", "and", "with",
        "Requirements:", "\n", "\n- ", ".", ",", "Spring Boot", "spring", "SQL injection",
    ]
)  # fmt: skip


@given(st.lists(words, max_size=40))
def test_any_text_gives_a_consistent_proposal(parts: list[str]) -> None:
    text = " ".join(parts)
    proposal = run(text)
    assert proposal == run(text)  # deterministic
    assert proposal.seniority in cues.LEVELS and proposal.title
    seen = [r.id for r in proposal.requirements]
    assert len(seen) == len(set(seen))
    ranks = [cues.WEIGHTS.index(r.weight) for r in proposal.requirements]
    assert ranks == sorted(ranks)
    for req in proposal.requirements:
        assert req.evidence in squash(text)
    assert len(proposal.uncovered) == len(set(proposal.uncovered))


def test_the_worked_example_in_the_docs_holds() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "jd-matching.md").read_text()
    text = doc.split("```text\n", 1)[1].split("```", 1)[0]
    expected = json.loads(doc.split("```json\n", 1)[1].split("```", 1)[0])
    assert run(text).to_dict() == expected

"""The indexer (Python) and the browser (theme/assets/search/, run by Node) fold alike, and
the browser weighs exactly the fields whose codes the index writes."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from builder.core.text import invisible_characters, search_fold
from builder.model import Corpus
from builder.outputs.search import (
    FIELDS,
    OFFLINE_SEARCH_UP_TO,
    PREFETCH_UP_TO,
    SHARD_KEY_LENGTH,
    prefetched,
    token_counts,
    tokens,
)
from builder.read import search_terms
from builder.read.search_terms import (
    SUCCESSOR_BITS,
    document_fields,
    postings,
    successor_bit,
    text_tokens,
)
from conftest import FIXTURES

MODULES = Path(__file__).resolve().parents[1] / "theme" / "assets" / "search"
BENCH = Path(__file__).resolve().parent / "bench"
CASES = json.loads((FIXTURES / "search" / "folding.json").read_text(encoding="utf-8"))


def run_js(body: str, payload: object) -> Any:
    """Run `body` as an ES module beside the search modules; `input` is `payload` and
    whatever `body` assigns to `output` comes back as JSON."""
    script = (
        'let input = "";\nfor await (const chunk of process.stdin) input += chunk;\n'
        "input = JSON.parse(input);\nlet output;\n"
        f"{body}\nprocess.stdout.write(JSON.stringify(output));\n"
    )
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        cwd=MODULES,
    )
    return json.loads(done.stdout)


def _texts() -> list[str]:
    """Every case as written and decomposed (NFD: as some phones and docx files send it)."""
    return [form for c in CASES for form in (c["text"], unicodedata.normalize("NFD", c["text"]))]


@pytest.mark.parametrize("case", CASES, ids=[c["text"] or "empty" for c in CASES])
def test_python_folds_each_case_as_the_table_says(case: dict[str, Any]) -> None:
    for form in (case["text"], unicodedata.normalize("NFD", case["text"])):
        assert search_fold(form) == case["fold"], case["why"]
        assert tokens(form) == case["tokens"], case["why"]
        assert token_counts(form) == Counter(case["tokens"])


def test_browser_modules_fold_every_case_like_python() -> None:
    body = """
import { fold } from "./fold.js";
import { tokens } from "./tokenize.js";
output = input.map((text) => [fold(text), tokens(text)]);
"""
    texts = _texts()
    assert run_js(body, texts) == [[search_fold(t), tokens(t)] for t in texts]


def test_browser_and_indexer_split_every_character_alike() -> None:
    """Each character of Unicode between two letters: a mark or an invisible character is
    dropped, a letter folds, anything else separates the words, in both languages, and in
    the indexer whether the text is split at whitespace first (`text_tokens`, as it counts a
    body) or not (`tokens`)."""
    text = "".join(f"a{chr(c)}b " for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    body = 'import { tokens } from "./tokenize.js";\noutput = tokens(input);'
    assert run_js(body, text) == tokens(text) == text_tokens(text)


def test_an_invisible_character_inside_a_word_is_dropped_in_both_languages() -> None:
    """Every character the secrecy check reads through (`invisible_characters`: a zero-width
    space pasted from a web page, a soft hyphen from Word) leaves the word the page shows."""
    texts = [f"Ngh{char}ị quyết{char}" for char in invisible_characters()]
    body = 'import { tokens } from "./tokenize.js";\noutput = input.map(tokens);'
    assert run_js(body, texts) == [["nghi", "quyet"]] * len(texts)
    assert all(tokens(text) == text_tokens(text) == ["nghi", "quyet"] for text in texts)


def test_browser_weighs_exactly_the_fields_the_index_codes() -> None:
    body = 'import { FIELD_WEIGHTS } from "./score.js";\noutput = Object.keys(FIELD_WEIGHTS);'
    assert set(run_js(body, None)) | {"section"} == set(FIELDS)


def test_index_tells_the_browser_its_field_codes(repo_site: Path) -> None:
    """docs.json carries the code table and the shard key length the browser reads."""
    index = json.loads((repo_site / "search" / "docs.json").read_text(encoding="utf-8"))
    assert index["fields"] == FIELDS and index["key_length"] == SHARD_KEY_LENGTH
    assert all(len(key) <= SHARD_KEY_LENGTH for key in index["shards"])
    body = """
import { fieldOf } from "./score.js";
output = input.codes.map((code) => {
  const { name, section } = fieldOf(code, input.fields);
  return { name, section };
});
"""
    codes = [*FIELDS.values(), FIELDS["section"] + 3]
    names = [*FIELDS, "section"]
    sections = [-1] * (len(FIELDS) - 1) + [0, 3]
    fields = run_js(body, {"fields": index["fields"], "codes": codes})
    assert fields == [{"name": n, "section": s} for n, s in zip(names, sections, strict=True)]


def test_the_service_worker_keeps_every_search_module(repo_site: Path) -> None:
    """Searching offline needs each module the page imports, not only the index."""
    worker = (repo_site / "sw.js").read_text(encoding="utf-8")
    modules = sorted((repo_site / "assets" / "search").glob("*.js"))
    assert [m.name for m in modules] == sorted(p.name for p in MODULES.glob("*.js"))
    for module in modules:
        assert f'"assets/search/{module.name}"' in worker


def test_number_queries_are_those_the_tables_generate() -> None:
    """numbers.tsv is what make_queries.py writes from CODE_TYPES and TYPE_WORDS: a new type
    code or seed document cannot be left untested."""
    sys.path.insert(0, str(FIXTURES / "search"))
    from make_queries import lines

    written = (FIXTURES / "search" / "numbers.tsv").read_text(encoding="utf-8").splitlines()
    assert written == lines()
    assert len(written) > 300


def test_postings_name_documents_by_gaps_and_records_hold_what_results_show(
    repo_site: Path,
) -> None:
    """Decoding a shard's gaps gives the documents whose record shows the word; docs.json
    keeps only what ranking and filters need (no title, no number: they are per record)."""
    search = repo_site / "search"
    index = json.loads((search / "docs.json").read_text(encoding="utf-8"))
    count = len(index["docs"]["lv"])
    assert all(len(index["docs"][k]) == count for k in ("ty", "y", "d", "w"))
    assert "t" not in index["docs"] and "n" not in index["docs"]
    records = [
        json.loads((search / "record" / f"{i}.json").read_text(encoding="utf-8"))
        for i in range(count)
    ]
    postings = json.loads((search / "shards" / "57.json").read_text(encoding="utf-8"))["57"]
    ids, at = [], 0
    for k in range(0, len(postings), 3):
        at += postings[k]
        if postings[k + 1] == FIELDS["number"]:
            ids.append(at)
    assert {records[i]["n"] for i in ids} == {"57-CT/TW"}
    assert [records[i]["u"] for i in ids] == ["van-ban/57-ct-tw/", "van-ban/57-ct-tw/toan-van/"]
    for i, record in enumerate(records):
        assert len(tokens(record["t"])) == index["docs"]["w"][i]


def test_a_number_names_its_document_and_its_suffix_the_issuer(repo_site: Path) -> None:
    """ "19-CTr/TU": 19 and ctr are coded number, tu (tư, từ, tú: a common word) issuer."""
    shards = repo_site / "search" / "shards"
    tu = json.loads((shards / "tu.json").read_text(encoding="utf-8"))["tu"]
    ctr = json.loads((shards / "ct.json").read_text(encoding="utf-8"))["ctr"]
    assert FIELDS["number"] not in tu[1::3] and FIELDS["issuer"] in tu[1::3]
    assert FIELDS["number"] in ctr[1::3]


@pytest.mark.parametrize(
    ("directives", "install", "later"),
    [
        (PREFETCH_UP_TO, {"docs", "numbers", "shards", "record", "text"}, set()),
        (PREFETCH_UP_TO + 1, {"docs", "numbers", "shards", "record"}, {"text"}),
        (OFFLINE_SEARCH_UP_TO, {"docs", "numbers", "shards", "record"}, {"text"}),
        (OFFLINE_SEARCH_UP_TO + 1, {"docs"}, set()),
    ],
)
def test_the_service_worker_keeps_enough_to_search_offline(
    directives: int, install: set[str], later: set[str]
) -> None:
    """Small corpora keep everything at install; up to OFFLINE_SEARCH_UP_TO all but the texts
    at install and the texts once the worker runs; beyond, docs.json only."""
    files = [
        "search/docs.json",
        "search/numbers.json",
        "search/shards/an.json",
        "search/record/0.json",
        "search/text/0.json",
    ]
    corpus = cast(Corpus, SimpleNamespace(directives=[None] * directives))
    kept = prefetched(corpus, files)
    names = [{f.split("/")[1].removesuffix(".json") for f in part} for part in kept]
    assert names == [install, later]
    assert set(kept.install).isdisjoint(kept.later)


SEEDS = Path(__file__).resolve().parents[1] / "directives"


def test_token_counts_count_the_tokens_in_the_order_they_first_occur() -> None:
    # token_counts folds each word as written between spaces once (a cache): the counts, and
    # their order (the postings' order), must be those of the tokens of the whole text.
    bodies = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.md"))]
    odd = ["Thủy lợi,57-CT/TW\u00a0ct04 tỷ quý", "x\u0301y  Đảng\tđ\u2003Ð", "“Nghị quyết”(04)."]
    assert len(bodies) >= 5
    for text in bodies + odd:
        assert list(token_counts(text).items()) == list(Counter(tokens(text)).items())


def test_a_successor_bit_is_the_one_the_browser_computes() -> None:
    """The bits of the words that may follow a token (a body posting's low count bits) are
    spelled alike in Python and in score.js `successorBit`."""
    words = sorted({t for case in CASES for t in tokens(case["text"])} | {"an", "ninh", "57"})
    assert len(words) > 20
    js = run_js(
        'import { successorBit } from "./score.js";\n'
        "output = input.map((w) => successorBit(w, " + str(SUCCESSOR_BITS) + "));",
        words,
    )
    assert js == [successor_bit(w) for w in words]
    assert len(set(js)) == SUCCESSOR_BITS  # every bit is used


def test_a_body_posting_counts_its_best_section_and_names_the_words_after_it() -> None:
    """A body posting's count, shifted, is its count in its best section; its low bits hold the
    bit of every token that follows it in a section's text (and only those)."""
    sections = [
        ("Bối cảnh", "Bảo đảm an ninh mạng, bảo mật thông tin. An ninh quốc phòng."),
        ("Nhiệm vụ", "Chỉ thị 04-CT/TW về an toàn thông tin; an ninh mạng – bảo mật …"),
    ]
    fields = document_fields("04-CT/TW", "An ninh mạng", "Chỉ thị", "Ban Bí thư")
    body = {t: (code, count) for t, code, count in postings(fields, sections) if code >= 10}
    low = (1 << SUCCESSOR_BITS) - 1
    assert body["ninh"] == (FIELDS["section"] + 0, 2 << SUCCESSOR_BITS | body["ninh"][1] & low)
    assert body["thong"][1] >> SUCCESSOR_BITS == 1
    follows: dict[str, int] = {}
    for _, text in sections:
        words = tokens(text)
        assert text_tokens(text) == words
        for before, after in itertools.pairwise(words):
            follows[before] = follows.get(before, 0) | successor_bit(after)
    assert {t: count & low for t, (_, count) in body.items()} == {
        t: follows.get(t, 0) for t in body
    }
    assert body["nhiem"][1] & low == 0  # only in a section's title: nothing follows it in text
    assert body["ninh"][1] & successor_bit("mang")


def test_successor_masks_do_not_depend_on_what_the_word_memos_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The memos of words as written (`_LAST`, `_FIRST_BIT`) start afresh past their limit
    (a long serve session): the postings stay those of fresh memos."""
    sections = [("Bối cảnh", "An ninh mạng – 57-CT/TW ct04 bảo mật thông tin, an toàn")]
    fields = document_fields("57-CT/TW", "An ninh mạng", "Chỉ thị", "Ban Bí thư")
    fresh = postings(fields, sections)
    monkeypatch.setattr(search_terms, "_MEMO_LIMIT", 2)
    for memo in (search_terms._LAST, search_terms._FIRST_BIT):
        memo.clear()
        memo.update({"An": 0, "ninh": 0})  # wrong values: must be forgotten past the limit
    again = postings(fields, [("Bối cảnh", "một hai ba bốn năm sáu bảy")])
    assert len(search_terms._LAST) <= 3 and again
    assert postings(fields, sections) == fresh


def test_the_early_answer_is_the_first_rows_of_the_full_answer(repo_site: Path) -> None:
    """Every query of the shared set and every keystroke of the bench, on the seed site: the
    rows the drop-down is given early (before the texts of the other results, when their
    postings show they cannot change them) are those of the full answer, with its count."""
    done = subprocess.run(
        ["node", str(BENCH / "search_order.mjs"), str(repo_site), str(MODULES)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "early answers" in done.stdout and not done.stderr

"""Write N synthetic, valid directives built from the seeds' real Vietnamese sentences.

Usage: python tests/bench/make_corpus.py N DIR
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "fixtures" / "seeds"
DIRECTIVES = HERE.parents[1] / "directives"

TYPES = [
    ("nghi-quyet", "NQ"),
    ("chi-thi", "CT"),
    ("ket-luan", "KL"),
    ("chuong-trinh", "CTr"),
    ("ke-hoach", "KH"),
    ("quy-dinh", "QĐ"),
    ("de-an", "ĐA"),
    ("huong-dan", "HD"),
]
LEVELS = [
    ("trung-uong", "TW", "Ban Bí thư"),
    ("tinh", "TU", "Ban Thường vụ Tỉnh ủy"),
    ("xa", "ĐU", "Đảng ủy xã"),
]
TAGS = [
    "an ninh mạng",
    "chuyển đổi số",
    "văn hóa",
    "kinh tế tư nhân",
    "giáo dục",
    "y tế",
    "xây dựng Đảng",
    "dân vận",
    "nông nghiệp",
    "du lịch",
    "công nhân",
    "báo chí, xuất bản",
]


def sentences() -> list[str]:
    """Real sentences from the seeds and the repository's summaries (no Markdown marks)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [
        p.read_text(encoding="utf-8").split("---", 2)[-1] for p in sorted(DIRECTIVES.glob("*.md"))
    ]
    pool: set[str] = set()
    for text in texts:
        clean = re.sub(r"[*#<>_`|\[\]]|\bhttps?://\S+", "", text)
        for sentence in re.split(r"(?<=[.;])\s+", clean):
            sentence = " ".join(sentence.split())
            if 60 <= len(sentence) <= 400 and not re.search(r"\d{4}\.\d{3}", sentence):
                pool.add(sentence.rstrip(";") + ("" if sentence.endswith(".") else "."))
    return sorted(pool)


def paragraph(rng: random.Random, pool: list[str], count: int) -> str:
    return " ".join(rng.choice(pool) for _ in range(count))


def body(rng: random.Random, pool: list[str], words: int) -> str:
    parts = [
        "## Bối cảnh, sự cần thiết ban hành",
        "",
        paragraph(rng, pool, 4),
        "",
        paragraph(rng, pool, 3),
        "",
        "## Nội dung trọng tâm, cốt lõi",
        "",
    ]
    point = 0
    while sum(len(p.split()) for p in parts) < words - 120:
        point += 1
        parts += [
            f"### 2.{point}. {rng.choice(pool)[:70].rstrip(' ,.;')}",
            "",
            paragraph(rng, pool, 3),
            "",
        ]
        parts += [f"- {rng.choice(pool)}" for _ in range(3)] + [f"  - {rng.choice(pool)}", ""]
    parts += [
        "## Gợi ý liên hệ, vận dụng với chi bộ, đảng viên",
        "",
        paragraph(rng, pool, 2),
        "",
        paragraph(rng, pool, 2),
        "",
    ]
    return "\n".join(parts)


def directive(index: int, rng: random.Random, pool: list[str], made: list[str]) -> tuple[str, str]:
    doc_type, type_code = rng.choice(TYPES)
    level, issuer_code, issuer = rng.choice(LEVELS)
    number = f"{index}-{type_code}/{issuer_code}"
    date = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(2400))
    parents = rng.sample(made, k=min(len(made), rng.choice([0, 0, 1, 2])))
    title = "Về " + rng.choice(pool)[:120].rstrip(" ,.;").lower()
    front = [
        "---",
        f"number: {number}",
        f"type: {doc_type}",
        f"issuer: {issuer}",
        f"level: {level}",
        f"date: {date.isoformat()}",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"tags: [{', '.join(rng.sample(TAGS, 2))}]",
        f"implements: [{', '.join(parents)}]",
        "---",
        "",
    ]
    return number, "\n".join(front) + body(rng, pool, rng.randrange(1500, 3000))


def make_corpus(count: int, target: Path) -> None:
    rng = random.Random(count)
    pool = sentences()
    target.mkdir(parents=True, exist_ok=True)
    made: list[str] = []
    for index in range(1, count + 1):
        number, text = directive(index, rng, pool, made)
        slug = re.sub(r"[^a-z0-9]+", "-", number.lower().replace("đ", "d")).strip("-")
        (target / f"{slug}.md").write_text(text, encoding="utf-8")
        made.append(number)


def make_project(count: int, target: Path) -> Path:
    """A project at `target` (made anew): the repository's theme, content and mkdocs.yml, with
    `count` synthetic directives, or the repository's own directives when `count` is 0."""
    repo = HERE.parents[1]
    shutil.rmtree(target, ignore_errors=True)
    for name in ("theme", "content"):
        shutil.copytree(repo / name, target / name)
    shutil.copy(repo / "mkdocs.yml", target / "mkdocs.yml")
    if count:
        make_corpus(count, target / "directives")
    else:
        shutil.copytree(repo / "directives", target / "directives")
    return target


if __name__ == "__main__":
    make_corpus(int(sys.argv[1]), Path(sys.argv[2]))

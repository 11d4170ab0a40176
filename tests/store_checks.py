"""A generated corpus big enough for an ingest to take seconds, and the store invariants the
interruption and concurrency tests check after every kill or race."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from settings import Settings
from vectorstore.lexical import LexicalIndex
from vectorstore.store import CorpusStore

CHILDREN = """Ashford Bexley Carlow Dunmore Elstree Fenwick Glaisdale Hexham Ilkley Jarrow Kelso Ledbury
Malton Nairn Oakham Penrith Quorn Ripon Selby Thirsk Ulverston Ventnor Whitby Yarm Alnwick Bingley Cromer Dorking
Epping Frome Goole Hadleigh Ixworth Keswick Lewes Morpeth Newent Olney Pershore Reeth""".split()
WORKERS = """Abbott Barker Chandler Dawson Ellison Fletcher Garner Holloway Ingram Jennings Kendall Lockwood
Mercer Norris Osborne Pritchard Quinn Radcliffe Sutton Thornton Underwood Vaughan Whitfield Yates Ashworth Bradshaw
Crowther Denton Eastwood Fairbairn Gresham Hartley Irving Jessop Kirkland Lambert Mottram Nuttall Oldroyd Pickering""".split()
TOPICS = ["housing", "school attendance", "health visits", "police call-outs", "supervision", "domestic abuse"]


def question(i: int) -> str:
    return f"Who was the key worker for Child {CHILDREN[i]}?"


def review(i: int, paragraphs: int = 25) -> str:
    """Review ``i``: one fact only it holds (Child X's key worker) among routine paragraphs."""
    child, worker = CHILDREN[i], WORKERS[i]
    body = [
        f"Serious Case Review: Child {child}",
        f"The key worker for Child {child} was a social worker named {worker} from the district team.",
    ]
    for j in range(paragraphs - 1):
        topic = TOPICS[(i + j) % len(TOPICS)]
        body.append(
            f"In week {j + 1} the agencies working with Child {child} discussed {topic}; the notes of meeting "
            f"{i * 100 + j} record who attended, what was agreed and which actions were still open afterwards."
        )
    return "\n\n".join(body) + "\n"


def write_corpus(folder: Path, count: int, paragraphs: int = 25) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"review-{i:02d}.txt"
        path.write_text(review(i, paragraphs), encoding="utf-8")
        paths.append(path)
    return paths


def consistent_state(settings: Settings):
    """(records, passages, orphans) of the store as on disk, after checking what must hold
    at every moment: each recorded document has exactly its passages, none twice."""
    store = CorpusStore(settings)
    store.reopen()  # another process wrote: read the disk, not this process's cached view
    records = store.document_records()
    passages = list(store.iter_passages(with_text=False))
    ids = [p.id for p in passages]
    assert len(ids) == len(set(ids)), "a passage is stored twice"
    per_document = Counter(p.doc_hash for p in passages)
    for doc_hash, record in records.items():
        assert per_document[doc_hash] == record.passages, f"{record.source}: passages missing or duplicated"
    orphans = [p for p in passages if p.doc_hash not in records]
    return records, passages, orphans


def assert_complete(settings: Settings, sources: list[Path]) -> None:
    """The store holds exactly ``sources``, one version each, and derived indexes match it."""
    records, passages, orphans = consistent_state(settings)
    assert orphans == []
    assert sorted(r.source for r in records.values()) == sorted(str(p.resolve()) for p in sources)
    lexical = LexicalIndex.load(settings.store_dir / "lexical")
    assert lexical is not None and lexical.fingerprint == CorpusStore(settings).fingerprint()
    assert sorted(r.id for r in lexical.records) == sorted(p.id for p in passages)

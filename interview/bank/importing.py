"""`interview bank import`: turn a folder, archive, URL or problem set into a user pack.

Everything is staged in a temporary folder and validated there first; only a
pack with no problems and no id clashes is moved into the user's packs folder,
so a bad import can never leave a half-written pack behind.
"""

from __future__ import annotations

import re
import shutil
import tarfile
import tempfile
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from interview.bank.cache import bank_roots
from interview.bank.loader import MANIFEST, load_roots, pack_dirs
from interview.errors import UserError
from interview.paths import Paths
from interview.words import plural

if TYPE_CHECKING:
    from interview.bank.importers.qa import ImportedRow

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # counted as bytes actually inflated, never as headers claim
MAX_ENTRIES = 5000
MAX_REDIRECTS = 5
DOWNLOAD_DEADLINE_S = 120.0  # the whole download, however slowly the server trickles
# Hosts a plain-http URL may name.  Empty in the product; tests widen it to 127.0.0.1 (the test seam).
PLAIN_HTTP_HOSTS: frozenset[str] = frozenset()
PACK_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")

# Converters from other formats: module path of a `build_pack(source, dest, name)`.
CONVERTERS = {
    "humaneval": "interview.bank.importers.benchmarks",
    "mbpp": "interview.bank.importers.benchmarks",
    "evalplus": "interview.bank.importers.evalplus",
    "qa": "interview.bank.importers.qa",
}


def import_source(
    paths: Paths,
    source: str,
    fmt: str = "pack",
    name: str | None = None,
    force: bool = False,
    transport: object | None = None,
    on_notice: Callable[[str], None] | None = None,
    on_rows: Callable[[list[ImportedRow]], None] | None = None,
) -> tuple[str, int]:
    """Import `source` as a pack; returns (pack name, question count).

    A converter that maps table rows to questions (`qa`) reports them to `on_rows` once the
    pack is installed, so the user learns which row became which id.
    """
    if name is not None:
        check_pack_name(name, "--name")
    try:
        paths.ensure()
        tmp = tempfile.TemporaryDirectory(dir=paths.cache_dir, prefix="import-")
    except OSError as exc:
        raise UserError(f"{paths.home}: cannot write to the data folder ({exc.strerror}); nothing was "
                        "imported") from None
    with tmp:
        staging = Path(tmp.name)
        rows: list[ImportedRow] | None = None
        if fmt == "pack":
            pack = _stage_pack(source, staging, transport)
        else:
            local = _local_file(source, staging, transport)
            pack_name = name or _slug(local.stem)
            pack = staging / pack_name
            pack.mkdir()
            rows = import_module(CONVERTERS[fmt]).build_pack(local, pack, pack_name, fmt)
        installed = _install(paths, pack, name, force, on_notice)
        if rows and on_rows is not None:
            on_rows(rows)
        return installed


def check_pack_name(name: str, where: str) -> str:
    """A pack name follows the id rules, so it can never be a path (no `/`, no `..`, not absolute)."""
    if not PACK_NAME.fullmatch(name) or ".." in name:
        raise UserError(f"{where} {name[:80]!r}: not a pack name; use lowercase letters, digits, '.', '_' "
                        "and '-' (at most 64, starting with a letter or digit)")
    return name


def _install(
    paths: Paths, pack: Path, name: str | None, force: bool, on_notice: Callable[[str], None] | None
) -> tuple[str, int]:
    staged = load_roots([pack])
    if staged.problems:
        first = staged.problems[0]
        raise UserError(
            f"{first}".replace(str(pack), "<pack>")
            + f" ({plural(len(staged.problems), 'problem')} in all; fix them and import again)"
        )
    if not staged.packs:
        raise UserError("the source holds no pack (a folder with a pack.toml)")
    pack_name = name or check_pack_name(next(iter(staged.packs)), "the pack's name")
    target = paths.packs_dir / pack_name
    if target.is_symlink():
        raise UserError(f"{target} is a symlink, not a pack folder; remove it yourself, nothing was replaced")
    if target.exists() and not force:
        raise UserError(f"a pack named '{pack_name}' is already installed; use --force to replace it")
    others = [r for r in bank_roots(paths) if r != paths.packs_dir]
    others += [p for p in pack_dirs(paths.packs_dir) if p.name != pack_name]
    existing = load_roots(others)
    clashes = sorted(set(staged.questions) & set(existing.questions))
    if clashes:
        raise UserError(
            f"question id '{clashes[0]}' is already in the bank "
            f"({existing.questions[clashes[0]].source}); ids must be unique"
            + (f" ({len(clashes)} clashes)" if len(clashes) > 1 else "")
        )
    if target.exists():
        if target.resolve().parent != paths.packs_dir.resolve():  # belt and braces: only packs/<name>
            raise UserError(f"{target} is not inside {paths.packs_dir}; nothing was replaced")
        backup = _backup(paths, target)
        shutil.rmtree(target)
        if on_notice is not None:
            on_notice(f"the old pack '{pack_name}' was backed up to {backup}")
    shutil.copytree(pack, target)
    return pack_name, len(staged.questions)


def _backup(paths: Paths, target: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    backup = paths.home / "backups" / "packs" / f"{target.name}-{stamp}"
    counter = 1
    while backup.exists():
        counter += 1
        backup = backup.with_name(f"{target.name}-{stamp}-{counter}")
    shutil.copytree(target, backup, symlinks=True)
    return backup


def _stage_pack(source: str, staging: Path, transport: object | None) -> Path:
    if source.startswith(("https://", "http://")):
        archive = _download(source, staging, transport)
        return _unpack(archive, staging / "unpacked")
    path = Path(source).expanduser()
    if path.is_dir():
        packs = pack_dirs(path)
        if len(packs) != 1:
            raise UserError(f"{path}: expected one pack folder with a {MANIFEST}, found {len(packs)}")
        return packs[0]
    if path.is_file():
        return _unpack(path, staging / "unpacked")
    raise UserError(f"{source}: no such file or folder")


def _local_file(source: str, staging: Path, transport: object | None) -> Path:
    if source.startswith(("https://", "http://")):
        return _download(source, staging, transport)
    path = Path(source).expanduser()
    if not path.is_file():
        raise UserError(f"{source}: no such file")
    return path


def _check_url(url: str) -> None:
    """Every URL, the first and each redirect hop: https only (no downgrade), with a host."""
    import httpx

    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        raise UserError(f"{url[:200]}: not a valid URL") from None
    plain_ok = parsed.scheme == "http" and parsed.host in PLAIN_HTTP_HOSTS
    if (parsed.scheme != "https" and not plain_ok) or not parsed.host:
        raise UserError(f"{url[:200]}: only https:// URLs can be imported (redirects included); download "
                        "it yourself and import the file")


def _download(url: str, staging: Path, transport: object | None) -> Path:
    """Fetch at most MAX_DOWNLOAD_BYTES over HTTPS within DOWNLOAD_DEADLINE_S, checking every hop."""
    import httpx

    _check_url(url)
    deadline = time.monotonic() + DOWNLOAD_DEADLINE_S
    target = staging / (Path(httpx.URL(url).path).name or "download")
    kwargs = {"transport": transport} if transport is not None else {}
    timeout = httpx.Timeout(min(30.0, DOWNLOAD_DEADLINE_S))
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, **kwargs) as client:  # type: ignore[arg-type]
            for _hop in range(MAX_REDIRECTS + 1):
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        url = str(response.url.join(location))
                        _check_url(url)
                        continue
                    if response.status_code != 200:
                        raise UserError(f"{url}: the server answered HTTP {response.status_code}")
                    _save(response, url, target, deadline)
                    return target
            raise UserError(f"{url}: too many redirects (more than {MAX_REDIRECTS})")
    except httpx.HTTPError as exc:
        if time.monotonic() > deadline:
            raise _too_slow(url) from None
        raise UserError(f"{url}: download failed ({exc.__class__.__name__}: {exc})") from None


def _save(response: object, url: str, target: Path, deadline: float) -> None:
    declared = response.headers.get("content-length", "")  # type: ignore[attr-defined]
    if declared.isdigit() and int(declared) > MAX_DOWNLOAD_BYTES:
        raise _too_big(url)
    size = 0
    with target.open("wb") as out:
        for chunk in response.iter_bytes():  # type: ignore[attr-defined]
            size += len(chunk)
            if size > MAX_DOWNLOAD_BYTES:
                raise _too_big(url)
            if time.monotonic() > deadline:
                raise _too_slow(url)
            out.write(chunk)


def _too_big(url: str) -> UserError:
    return UserError(f"{url}: larger than {MAX_DOWNLOAD_BYTES // 2**20} MB; download it yourself and "
                     "import the file")


def _too_slow(url: str) -> UserError:
    return UserError(f"{url}: the download took longer than {DOWNLOAD_DEADLINE_S:g} s and was stopped; "
                     "try again later or download it yourself and import the file")


def _unpack(archive: Path, dest: Path) -> Path:
    """Extract a .zip or .tar(.gz) pack safely: no absolute paths, no `..`, no links, size-capped.

    The cap counts bytes as they are inflated, so a header that lies about a
    member's size changes nothing; the number of entries is capped too.
    """
    dest.mkdir(parents=True)
    try:
        if zipfile.is_zipfile(archive):
            _unzip(archive, dest)
        else:
            _untar(archive, dest)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, tarfile.TarError, EOFError, OSError, ValueError) as exc:
        if isinstance(exc, OSError) and exc.errno is not None:
            raise UserError(f"{archive.name}: cannot unpack it ({exc.strerror})") from None
        raise UserError(f"{archive.name}: damaged archive ({str(exc)[:120]})") from None
    packs = list(dest.rglob(MANIFEST))
    if len(packs) != 1:
        raise UserError(f"{archive.name}: expected one {MANIFEST} in the archive, found {len(packs)}")
    return packs[0].parent


class _Budget:
    def __init__(self, archive: Path) -> None:
        self.archive = archive
        self.bytes = 0
        self.entries = 0

    def entry(self) -> None:
        self.entries += 1
        if self.entries > MAX_ENTRIES:
            raise UserError(f"{self.archive.name}: holds more than {MAX_ENTRIES} files; refusing it")

    def spend(self, size: int) -> None:
        self.bytes += size
        if self.bytes > MAX_UNPACKED_BYTES:
            raise UserError(f"{self.archive.name}: unpacks to more than {MAX_UNPACKED_BYTES // 2**20} MB; "
                            "refusing to import it")


def _copy_capped(source: object, target: Path, budget: _Budget) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        while chunk := source.read(1 << 16):  # type: ignore[attr-defined]
            budget.spend(len(chunk))
            out.write(chunk)


def _unzip(archive: Path, dest: Path) -> None:
    budget = _Budget(archive)
    with zipfile.ZipFile(archive) as zf:
        infos = zf.infolist()
        if len(infos) > MAX_ENTRIES:  # the directory lists them all: refuse before unpacking any
            budget.entries = len(infos) - 1
        for info in infos:
            budget.entry()
            if info.is_dir():
                continue
            target = _safe_target(dest, info.filename)
            with zf.open(info) as member:
                _copy_capped(member, target, budget)


def _untar(archive: Path, dest: Path) -> None:
    budget = _Budget(archive)
    try:
        tf = tarfile.open(archive, "r:*")  # noqa: SIM115 - closed by the with below
    except tarfile.TarError:
        raise UserError(f"{archive.name}: not a pack folder, .zip or .tar.gz archive") from None
    with tf:
        while (member := tf.next()) is not None:  # lazily: never scan a whole bomb for its members
            budget.entry()
            if member.offset_data > MAX_UNPACKED_BYTES:  # skipped bytes are still inflated bytes
                budget.spend(member.offset_data)
            if not member.isfile():
                continue
            target = _safe_target(dest, member.name)
            extracted = tf.extractfile(member)
            if extracted is not None:
                _copy_capped(extracted, target, budget)


def _safe_target(dest: Path, member: str) -> Path:
    target = (dest / member).resolve()
    if not target.is_relative_to(dest.resolve()):
        raise UserError(f"archive member '{member}' points outside the pack; refusing to import")
    return target


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "imported"

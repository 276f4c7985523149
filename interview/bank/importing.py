"""`interview bank import`: turn a folder, archive, URL or problem set into a user pack.

Everything is staged in a temporary folder and validated there first; only a
pack with no problems and no id clashes is moved into the user's packs folder,
so a bad import can never leave a half-written pack behind.
"""

from __future__ import annotations

import io
import re
import shutil
import tarfile
import tempfile
import zipfile
from importlib import import_module
from pathlib import Path

from interview.bank.cache import bank_roots
from interview.bank.loader import MANIFEST, load_roots, pack_dirs
from interview.errors import UserError
from interview.paths import Paths

MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024

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
) -> tuple[str, int]:
    """Import `source` as a pack; returns (pack name, question count)."""
    paths.ensure()
    with tempfile.TemporaryDirectory(dir=paths.cache_dir, prefix="import-") as tmp:
        staging = Path(tmp)
        if fmt == "pack":
            pack = _stage_pack(source, staging, transport)
        else:
            local = _local_file(source, staging, transport)
            pack_name = name or _slug(local.stem)
            pack = staging / pack_name
            pack.mkdir()
            import_module(CONVERTERS[fmt]).build_pack(local, pack, pack_name, fmt)
        return _install(paths, pack, name, force)


def _install(paths: Paths, pack: Path, name: str | None, force: bool) -> tuple[str, int]:
    staged = load_roots([pack])
    if staged.problems:
        first = staged.problems[0]
        raise UserError(
            f"{first}".replace(str(pack), "<pack>")
            + f" ({len(staged.problems)} problem(s) in all; fix them and import again)"
        )
    if not staged.packs:
        raise UserError("the source holds no pack (a folder with a pack.toml)")
    pack_name = name or next(iter(staged.packs))
    target = paths.packs_dir / pack_name
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
        shutil.rmtree(target)
    shutil.copytree(pack, target)
    return pack_name, len(staged.questions)


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


def _download(url: str, staging: Path, transport: object | None) -> Path:
    """Fetch at most MAX_DOWNLOAD_BYTES over HTTPS (plain HTTP only for this machine)."""
    import httpx

    parsed = httpx.URL(url)
    if parsed.scheme != "https" and parsed.host not in ("127.0.0.1", "localhost", "::1"):
        raise UserError(f"{url}: only https:// URLs can be imported")
    name = Path(parsed.path).name or "download"
    target = staging / name
    kwargs = {"transport": transport} if transport is not None else {}
    try:
        with (
            httpx.Client(timeout=30, follow_redirects=True, **kwargs) as client,  # type: ignore[arg-type]
            client.stream("GET", url) as response,
        ):
            if response.status_code != 200:
                raise UserError(f"{url}: the server answered HTTP {response.status_code}")
            size = 0
            with target.open("wb") as out:
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_DOWNLOAD_BYTES:
                        raise UserError(
                            f"{url}: larger than {MAX_DOWNLOAD_BYTES // 2**20} MB; "
                            "download it yourself and import the file"
                        )
                    out.write(chunk)
    except httpx.HTTPError as exc:
        raise UserError(f"{url}: download failed ({exc.__class__.__name__}: {exc})") from None
    return target


def _unpack(archive: Path, dest: Path) -> Path:
    """Extract a .zip or .tar(.gz) pack safely: no absolute paths, no `..`, no links, size-capped."""
    dest.mkdir(parents=True)
    data = archive.read_bytes()
    total = 0
    if zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                target = _safe_target(dest, info.filename)
                total += info.file_size
                if total > MAX_UNPACKED_BYTES:
                    raise UserError(f"{archive.name}: unpacks to more than 100 MB")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(zf.read(info))
    else:
        try:
            tf = tarfile.open(fileobj=io.BytesIO(data))  # noqa: SIM115 - closed by the with below
        except tarfile.TarError:
            raise UserError(f"{archive.name}: not a pack folder, .zip or .tar.gz archive") from None
        with tf:
            for member in tf.getmembers():
                if not member.isfile():
                    continue
                target = _safe_target(dest, member.name)
                total += member.size
                if total > MAX_UNPACKED_BYTES:
                    raise UserError(f"{archive.name}: unpacks to more than 100 MB")
                extracted = tf.extractfile(member)
                if extracted is None:
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(extracted.read())
    packs = [p for p in dest.rglob(MANIFEST)]
    if len(packs) != 1:
        raise UserError(f"{archive.name}: expected one {MANIFEST} in the archive, found {len(packs)}")
    return packs[0].parent


def _safe_target(dest: Path, member: str) -> Path:
    target = (dest / member).resolve()
    if not target.is_relative_to(dest.resolve()):
        raise UserError(f"archive member '{member}' points outside the pack; refusing to import")
    return target


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "imported"

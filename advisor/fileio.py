"""Reading a user's input path and writing an output file safely, with messages in their language.

* :func:`check_input`: a path that is missing, a folder or a device gets its own message (not
  "not found" for all three), and a pipe or device is never read (it could block forever).
* :func:`write_atomic`: the file is written to a temporary file in the same folder and renamed
  over the target only when every byte is on disk, so a full disk, ``/dev/full`` or an
  interruption never leaves a half-written file, and an existing file keeps its old content.
* The output is refused before anything is computed when it is a folder, a device, below a
  regular file, in a folder that does not exist, or the same file (path or inode) as an input.

Every problem is an :class:`~advisor.errors.InputError` whose message names the path and says,
in the user's language, what was wrong (the OS error translated from its errno).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from advisor.errors import InputError
from advisor.i18n import keys, t

_ERRNO_NAMES = {
    errno.ENOSPC: "ENOSPC",
    errno.EDQUOT: "EDQUOT",
    errno.EACCES: "EACCES",
    errno.EPERM: "EPERM",
    errno.EROFS: "EROFS",
    errno.ENOENT: "ENOENT",
    errno.ENOTDIR: "ENOTDIR",
    errno.EISDIR: "EISDIR",
    errno.ENAMETOOLONG: "ENAMETOOLONG",
    errno.EFBIG: "EFBIG",
    errno.EIO: "EIO",
    errno.EXDEV: "EXDEV",
    errno.EBUSY: "EBUSY",
    errno.ETXTBSY: "ETXTBSY",
    errno.ELOOP: "ELOOP",
    errno.EMFILE: "EMFILE",
}


def os_reason(error: OSError, lang: str | None) -> str:
    """The OS error as a phrase in the user's language (never the English strerror)."""
    name = _ERRNO_NAMES.get(error.errno or 0)
    if name and f"inputs.errno.{name}" in keys(_lang(lang)):
        return t(f"inputs.errno.{name}", lang)
    return t("inputs.errno.other", lang, code=error.errno if error.errno is not None else "?")


def _lang(lang: str | None) -> str:
    from advisor.i18n import normalise_language

    return normalise_language(lang)


def check_input(path: Path, lang: str | None, option: str = "") -> None:
    """InputError unless ``path`` is a regular file that exists (devices and pipes are refused)."""
    where = f"{option} {path}".strip()
    try:
        info = os.stat(path)
    except FileNotFoundError:
        parent = Path(path).parent
        if parent != Path(path) and parent.exists() and not parent.is_dir():
            raise InputError(t("inputs.files.under_a_file", lang, path=where, parent=parent)) from None
        raise InputError(t("cli.file_not_found", lang, path=where)) from None
    except NotADirectoryError:
        raise InputError(
            t("inputs.files.under_a_file", lang, path=where, parent=_file_parent(path))
        ) from None
    except OSError as error:
        raise InputError(
            t("inputs.files.unreadable", lang, path=where, reason=os_reason(error, lang))
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(t("inputs.files.input_is_directory", lang, path=where))
    if not stat.S_ISREG(info.st_mode):
        raise InputError(t("inputs.files.input_not_regular", lang, path=where))


def _file_parent(path: Path) -> Path:
    """The first ancestor of ``path`` that is a regular file (why 'x.csv/out.md' cannot exist)."""
    for parent in Path(path).parents:
        if parent.is_file():
            return parent
    return Path(path).parent


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.resolve() == b.resolve():
            return True
        return os.path.samefile(a, b)  # hard links and bind mounts: same device and inode
    except OSError:
        return False


def check_output(
    out: Path,
    inputs: Iterable[Path | None],
    lang: str | None,
    option: str = "--out",
    make_parents: bool = False,
) -> None:
    """InputError when ``out`` cannot be written as a new or replaced regular file.

    ``make_parents``: a missing folder will be created (commands that always did so); a path
    below a regular file is refused either way.
    """
    out = Path(out)
    where = f"{option} {out}"
    for source in inputs:
        if source is not None and _same_file(out, Path(source)):
            raise InputError(t("inputs.files.out_is_input", lang, path=out, option=option, input=source))
    try:
        info = os.stat(out)
    except FileNotFoundError:
        info = None
    except NotADirectoryError:
        raise InputError(t("inputs.files.under_a_file", lang, path=where, parent=_file_parent(out))) from None
    except OSError as error:
        raise InputError(
            t("inputs.files.out_unwritable", lang, path=where, reason=os_reason(error, lang))
        ) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise InputError(t("inputs.files.out_is_directory", lang, path=where))
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise InputError(t("inputs.files.out_not_regular", lang, path=where))
    parent = out.parent
    if any(p.exists() and not p.is_dir() for p in out.parents):
        raise InputError(t("inputs.files.under_a_file", lang, path=where, parent=_file_parent(out)))
    if not parent.is_dir() and not make_parents:
        raise InputError(t("inputs.files.out_parent_missing", lang, path=where, parent=parent))


def write_atomic(
    out: Path,
    content: bytes | str,
    lang: str | None,
    inputs: Iterable[Path | None] = (),
    option: str = "--out",
    make_parents: bool = False,
) -> Path:
    """Write ``content`` to ``out`` via a temporary file in the same folder and ``os.replace``."""
    out = Path(out)
    check_output(out, inputs, lang, option, make_parents)
    data = content.encode("utf-8") if isinstance(content, str) else content
    where = f"{option} {out}"
    try:
        if make_parents:
            out.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as error:
        raise InputError(
            t("inputs.files.out_unwritable", lang, path=where, reason=os_reason(error, lang))
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        _keep_mode(out, temporary)
        os.replace(temporary, out)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(
            t("inputs.files.out_unwritable", lang, path=where, reason=os_reason(error, lang))
        ) from None
    except BaseException:  # Ctrl-C halfway: no temporary file left behind either
        Path(temporary).unlink(missing_ok=True)
        raise
    return out


def _keep_mode(out: Path, temporary: str) -> None:
    """The new file gets the old file's permissions, or the usual ones (mkstemp makes it 0600)."""
    try:
        mode = stat.S_IMODE(os.stat(out).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)

"""The templates a host can start a show from: the built-in bundles and the imported ones.

Built-in templates ship as ``.lsstemplate`` files in ``resources/templates``. Imported ones are
unpacked, checked, into their own folder under ``templates/`` in the app's data folder (which
follows ``XDG_DATA_HOME`` on Linux): an import is checked whole before it lands, lands by one
rename, and replaces an existing template of the same name only when asked to.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from studio.data_folder import default_data_folder
from studio.resources import resources_dir
from studio.template.bundle import check_bundle, extract_bundle
from studio.template.bundle_format import (
    MANIFEST_ENTRY,
    BundleError,
    Manifest,
    parse_manifest,
)
from studio.template.scene_file import TEMPLATE_SUFFIX

TEMPLATES_FOLDER = "templates"
FIRST_RUN_TEMPLATES = {False: "studio-table", True: "phone-vertical"}  # by vertical


class TemplateExistsError(BundleError):
    """An imported template already has this name (import again with replace)."""


@dataclass(frozen=True, slots=True)
class TemplateEntry:
    """One template the host can pick: a built-in bundle file or an imported folder."""

    slug: str  # file-system-safe name: the folder (imported) or file stem (built-in)
    manifest: Manifest
    path: Path
    builtin: bool

    @property
    def name(self) -> str:
        return self.manifest.name


def templates_folder(data_folder: Path | None = None) -> Path:
    return (data_folder or default_data_folder()) / TEMPLATES_FOLDER


def builtin_folder() -> Path:
    return resources_dir() / TEMPLATES_FOLDER


def slug_for(name: str) -> str:
    """A folder name from a template name that is safe on every file system: ASCII letters,
    digits and dashes, never empty, never a reserved Windows name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    if not slug or slug in {"con", "prn", "aux", "nul"} or re.fullmatch(r"(com|lpt)\d", slug):
        slug = f"template-{slug}" if slug else "template"
    return slug


def list_templates(data_folder: Path | None = None) -> list[TemplateEntry]:
    """Built-ins first (in file order), then the imported ones by name. A damaged folder in
    the library is skipped (it is not offered), never fatal."""
    entries: list[TemplateEntry] = []
    builtins = builtin_folder()
    if builtins.is_dir():
        for path in sorted(builtins.glob(f"*{TEMPLATE_SUFFIX}")):
            try:
                manifest = check_bundle(path).manifest
            except BundleError:
                continue
            entries.append(TemplateEntry(path.stem, manifest, path, builtin=True))
    folder = templates_folder(data_folder)
    imported: list[TemplateEntry] = []
    if folder.is_dir():
        for path in folder.iterdir():
            if not path.is_dir() or path.name.startswith("."):
                continue
            try:  # checked whole when it was imported, and again whenever it is opened
                manifest = parse_manifest((path / MANIFEST_ENTRY).read_bytes())
            except (BundleError, OSError):
                continue
            imported.append(TemplateEntry(path.name, manifest, path, builtin=False))
    imported.sort(key=lambda entry: entry.name.casefold())
    return entries + imported


def find_template(name_or_slug: str, data_folder: Path | None = None) -> TemplateEntry:
    """An imported template before a built-in of the same name (the agency's own copy)."""
    wanted = name_or_slug.casefold()
    matches = [
        entry
        for entry in list_templates(data_folder)
        if wanted in (entry.slug.casefold(), entry.name.casefold())
    ]
    if not matches:
        raise KeyError(f"no template named {name_or_slug!r}")
    return sorted(matches, key=lambda entry: entry.builtin)[0]


def first_run_template(*, vertical: bool = False) -> Path:
    """The built-in a first run opens: the landscape studio show, or the phone one."""
    return builtin_folder() / f"{FIRST_RUN_TEMPLATES[vertical]}{TEMPLATE_SUFFIX}"


def import_template(
    bundle: Path, data_folder: Path | None = None, *, replace: bool = False
) -> TemplateEntry:
    """Check ``bundle`` whole, then put it into the template folder under its name.

    Raises :class:`BundleError` for a bundle that is refused, and
    :class:`TemplateExistsError` when an imported template has the same name and ``replace``
    is False; either way the template folder is left as it was. A profile is refused here:
    its template part is installed by the profile's import."""
    return install_bundle(bundle, data_folder, replace=replace, kind="template")


def install_bundle(
    bundle: Path,
    data_folder: Path | None = None,
    *,
    replace: bool = False,
    kind: Literal["template", "profile"] = "template",
) -> TemplateEntry:
    """Unpack a bundle of ``kind`` into the library: checked whole once, while it is unpacked
    beside its place (:func:`extract_bundle`), then renamed into place."""
    folder = templates_folder(data_folder)
    made_folder = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".import-{uuid.uuid4().hex[:8]}"
    try:
        manifest = extract_bundle(bundle, staging).manifest
        if manifest.kind != kind:
            hint = "`studio profile import`" if manifest.kind == "profile" else "a template"
            raise BundleError(
                f"{bundle.name}: this is a {manifest.kind}, not a {kind} (import it with {hint})"
            )
        slug = slug_for(manifest.name)
        target = folder / slug
        if target.exists() and not replace:
            raise TemplateExistsError(
                f"a template named {manifest.name!r} is already imported ({target}): "
                "import with --replace to replace it"
            )
        _swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if made_folder:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if still empty: a failed import changes nothing
        raise
    return TemplateEntry(slug, manifest, target, builtin=False)


def _swap_into_place(staging: Path, target: Path) -> None:
    """Rename the new folder into place; an old one is moved aside first and removed only
    once the new one is there, so a failure leaves the old template as it was."""
    if not target.exists():
        staging.rename(target)
        return
    aside = target.with_name(f".replaced-{uuid.uuid4().hex[:8]}")
    target.rename(aside)
    try:
        staging.rename(target)
    except OSError:
        aside.rename(target)
        raise
    shutil.rmtree(aside, ignore_errors=True)

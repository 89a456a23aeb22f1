"""The Windows executables' version resource (what Explorer's Properties → Details shows).

Written as the text file PyInstaller's ``version=`` option reads (the format
``pyi-grab_version`` prints: Python calls of its VSVersionInfo classes). Those classes
import Windows-only modules, so the text is produced here as plain strings and checked on
Linux by evaluating it against stand-ins (tests/build_support)."""

from __future__ import annotations

from pathlib import Path

from build_support.project import APP_NAME, COPYRIGHT, Project, numeric_version

US_ENGLISH_UNICODE = "040904B0"  # language 0x0409, code page 1200 (UTF-16)
VOS_NT_WINDOWS32 = 0x40004
VFT_APP = 0x1


def version_file_text(project: Project, exe_name: str) -> str:
    numbers = numeric_version(project.version)
    strings = {
        "CompanyName": "LiveShop Studio developers",
        "FileDescription": APP_NAME,
        "FileVersion": project.version,
        "InternalName": exe_name,
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": f"{exe_name}.exe",
        "ProductName": APP_NAME,
        "ProductVersion": project.version,
    }
    string_lines = ",\n".join(
        f"          StringStruct({key!r}, {value!r})" for key, value in strings.items()
    )
    return f"""# UTF-8
# The version resource of {exe_name}.exe, written by build_support/windows.py.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers!r},
    prodvers={numbers!r},
    mask=0x3f,
    flags=0x0,
    OS={VOS_NT_WINDOWS32:#x},
    fileType={VFT_APP:#x},
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo(
      [
        StringTable(
          {US_ENGLISH_UNICODE!r},
          [
{string_lines}
          ]
        )
      ]
    ),
    VarFileInfo([VarStruct('Translation', [0x0409, 1200])])
  ]
)
"""


def write_version_file(project: Project, exe_name: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{exe_name}-version.txt"
    path.write_text(version_file_text(project, exe_name), encoding="utf-8")
    return path

"""Modules the frozen app must not carry: test and build tools (they reach the analysis
through optional imports of libraries we do use, e.g. pydantic's mypy plugin), Tk, and the
parts of Qt and matplotlib the studio never touches."""

from __future__ import annotations

TEST_AND_BUILD_TOOLS = (
    "pytest",
    "_pytest",
    "pytestqt",
    "pluggy",
    "iniconfig",
    "hypothesis",
    "_hypothesis_pytestplugin",
    "_hypothesis_ftz_detector",
    "_hypothesis_globals",
    "mypy",
    "mypyc",
    "mypy_extensions",
    "pydantic.mypy",
    "ruff",
    "importlinter",
    "grimp",
    "PyInstaller",
    "_pyinstaller_hooks_contrib",
    "altgraph",
    "macholib",
    "setuptools",
    "pkg_resources",
    "pip",
    "wheel",
    "IPython",
    "pydoc",
    "doctest",
)

# No Tk anywhere (matplotlib's TkAgg backend and PIL.ImageTk would bring it).
TK = ("tkinter", "_tkinter", "turtle", "idlelib", "PIL.ImageTk", "PIL.ImageQt")

# The window uses QtCore, QtGui, QtWidgets and QtSvg; nothing else of Qt.
UNUSED_QT = (
    "PySide6.QtNetwork",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtDBus",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtPrintSupport",
    "PySide6.QtUiTools",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
)

# The report's chart draws with the Agg and SVG backends only.
UNUSED_MATPLOTLIB = (
    "matplotlib.backends.backend_qt",
    "matplotlib.backends.backend_qtagg",
    "matplotlib.backends.backend_qtcairo",
    "matplotlib.backends.backend_qt5",
    "matplotlib.backends.backend_qt5agg",
    "matplotlib.backends.backend_tkagg",
    "matplotlib.backends.backend_tkcairo",
    "matplotlib.backends.backend_gtk3",
    "matplotlib.backends.backend_gtk4",
    "matplotlib.backends.backend_wx",
    "matplotlib.backends.backend_wxagg",
    "matplotlib.backends.backend_macosx",
    "matplotlib.backends.backend_webagg",
    "matplotlib.backends.backend_nbagg",
)

EXCLUDED_MODULES = TEST_AND_BUILD_TOOLS + TK + UNUSED_QT + UNUSED_MATPLOTLIB

# What must never be found in the built folder, by top-level name (the slow build test looks).
FORBIDDEN_IN_BUNDLE = (
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "ruff",
    "importlinter",
    "PyInstaller",
    "tkinter",
)

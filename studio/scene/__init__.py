"""Scene collections: the versioned JSON document describing canvases, scenes and sources."""

from studio.scene.defaults import default_collection
from studio.scene.model import (
    Canvas,
    Crop,
    Fit,
    Scene,
    SceneCollection,
    SceneItem,
    Transform,
)
from studio.scene.problems import Problem, SceneDocumentError
from studio.scene.sources import AnySource, known_kinds, source_key
from studio.scene.storage import (
    collection_to_json,
    load_collection,
    parse_collection,
    save_collection,
)
from studio.scene.versions import CURRENT_FORMAT_VERSION, MIGRATIONS, register_migration

__all__ = [
    "CURRENT_FORMAT_VERSION",
    "MIGRATIONS",
    "AnySource",
    "Canvas",
    "Crop",
    "Fit",
    "Problem",
    "Scene",
    "SceneCollection",
    "SceneDocumentError",
    "SceneItem",
    "Transform",
    "collection_to_json",
    "default_collection",
    "known_kinds",
    "load_collection",
    "parse_collection",
    "register_migration",
    "save_collection",
    "source_key",
]

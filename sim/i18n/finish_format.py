"""Strings for scenario checks, the JSON schema and the scenario picker (added with the finishing work of issue 20)."""
from __future__ import annotations

FINISH_FORMAT_STRINGS: dict[str, dict[str, str]] = {
    "check.duplicate_id": {
        "en": "{where}: id: the scenario id {id!r} is also the id of {other}; each scenario needs its own id "
              "(results are stored by id): give this one another id, or remove the copy",
        "zh": "{where}: id：情景标识 {id!r} 与 {other} 的标识相同；每个情景须有自己的标识（结果按标识保存）："
              "请为此情景另取标识，或删除副本"},
    "app.picker_copies": {
        "en": "{count} files hold this scenario (id {id!r}); the kit uses {path}. Remove the copies or give each its own id.",
        "zh": "有 {count} 个文件包含此情景（标识 {id!r}）；工具包使用 {path}。请删除副本，或为每个副本另取标识。"},
}

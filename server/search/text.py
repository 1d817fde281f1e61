"""Names as the index and the matcher compare them: normalized, transliterated, and with the
words that say what kind of body a name belongs to told apart from the words that name it.

- :func:`normalize`: link discovery's normalization (:func:`server.linking.matching.normalize`:
  case, accents, punctuation, "&", a leading "the");
- :func:`latin`: the name in Latin letters (anyascii: "Россия" is "Rossiya", "俄罗斯" is
  "ELuoSi"), so that a name written in one script finds one written in another;
- :func:`core`: the words that name the body, without its legal form ("Co., Ltd.", "PJSC",
  "ПАО", "有限公司") and without the descriptors a long name adds ("Technologies", "Group"):
  "Huawei Technologies Co., Ltd." is ``huawei``. cleanco's table of legal forms has neither
  the Russian nor the Chinese ones, hence this short table.

>>> core("Huawei Technologies Co., Ltd.")
'huawei'
>>> latin("Россия")
'rossiya'
"""

import re

from anyascii import anyascii

from ..linking.matching import normalize

LEGAL_FORMS = frozenset("""
co ltd limited inc incorporated corp corporation llc plc pjsc ojsc cjsc jsc oao ooo zao pao ao
gmbh ag sa spa nv bv ab oy pte pty kk
ооо оао зао пао ао нко гк фгуп гуп
""".split())
"""Legal forms, as the words :func:`normalize` leaves of them ("Co., Ltd." is "co ltd")."""

CJK_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "公司")
CJK_DESCRIPTORS = ("技术", "科技", "集团", "控股", "通讯", "国际")
"""Chinese legal forms and descriptors, as they end a name ("华为技术有限公司": Huawei
Technologies Co., Ltd.)."""

DESCRIPTORS = frozenset("""
company companies group holding holdings technology technologies tech international
global systems the of and
компания группа холдинг
""".split())
"""Words a long name adds to the name of a body without changing which body it is."""

_CJK = re.compile(r"[\u3400-\u9fff]")
_NON_LATIN = re.compile(r"[^\W\d_a-zA-Z\u00c0-\u024f]")


def latin(text: str) -> str:
    """``text`` normalized in Latin letters; "" when it already is (nothing to add)."""
    if not _NON_LATIN.search(text):
        return ""
    return normalize(anyascii(text))


def words(text: str) -> list[str]:
    return normalize(text).split()


def _strip_cjk(text: str, endings) -> str:
    stripped = text.strip()
    if _CJK.search(stripped):
        for ending in endings:
            if stripped.endswith(ending) and stripped != ending:
                return stripped[: -len(ending)]
    return stripped


def _strip_cjk_form(text: str) -> str:
    return _strip_cjk(text, CJK_LEGAL_FORMS)


def without_legal_form(text: str) -> str:
    """``text`` normalized, its legal forms dropped (kept if nothing else remains)."""
    found = words(_strip_cjk_form(text))
    return " ".join([w for w in found if w not in LEGAL_FORMS] or found)


def core(text: str) -> str:
    """The naming words of ``text``: without legal forms and descriptors (kept when nothing
    else would remain)."""
    found = without_legal_form(_strip_cjk(_strip_cjk_form(text), CJK_DESCRIPTORS)).split()
    return " ".join([w for w in found if w not in DESCRIPTORS] or found)


FORM_WEIGHTS = {"name": 1.0, "legal": 0.97, "latin": 0.95, "core": 0.9, "latin core": 0.88}
"""How much an exact match in each form counts (0-1): the name itself, without its legal
form, in Latin letters, its naming words only, and those in Latin letters."""


def forms(text: str) -> dict[str, float]:
    """Every form of ``text`` that a name may be compared in, with its weight
    (:data:`FORM_WEIGHTS`); a form given by two ways keeps the higher weight."""
    found: dict[str, float] = {}
    candidates = [("name", normalize(text)), ("legal", without_legal_form(text)),
                  ("core", core(text))]
    if latin(text):
        candidates += [("latin", latin(text)),
                       ("latin core", core(anyascii(
                           _strip_cjk(_strip_cjk_form(text), CJK_DESCRIPTORS))))]
    for kind, form in candidates:
        if form and found.get(form, 0) < FORM_WEIGHTS[kind]:
            found[form] = FORM_WEIGHTS[kind]
    return found

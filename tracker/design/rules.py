"""The design area's rules, as plain functions: what a test's result and decision may be, which
steps take tests, and how an uploaded image is checked and re-encoded."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from tracker.phases.catalogue import PhaseCatalogue

RESULT_LABELS = {"supported": "Stödd", "not_supported": "Inte stödd", "unclear": "Oklar"}
DECISION_LABELS = {
    "end": "Avsluta",
    "again": "Testa igen",
    "pilot": "Gå vidare till pilot / Förverkliga",
}

# Uploaded images: what the app accepts and what it keeps.
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # larger images are refused before they are decoded
MAX_SIDE = 2000  # a larger image is scaled down to this many pixels on its longer side
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}


class ImageRefused(ValueError):
    """An upload that is not an image the app keeps; the message is for the user."""


@dataclass(frozen=True, slots=True)
class CleanImage:
    data: bytes
    media_type: str
    width: int
    height: int


def takes_tests(catalogue: PhaseCatalogue, chosen: str) -> bool:
    """Whether tests may be recorded in the step (`tests = true` in its file)."""
    return chosen in catalogue.test_steps


def default_test_step(catalogue: PhaseCatalogue, current_step: str) -> str:
    """The step a new test is offered in: the project's own if it takes tests, else the first
    step that does ("" when no step does)."""
    steps = catalogue.test_steps
    if current_step in steps:
        return current_step
    return steps[0] if steps else ""


def hypothesis_sentence(if_we: str, outcome: str, because: str) -> str:
    """The hypothesis as one sentence: "Om vi …, så kommer …, eftersom …"."""

    def part(text: str) -> str:
        return text.strip().rstrip(".,")

    return f"Om vi {part(if_we)}, så kommer {part(outcome)}, eftersom {part(because)}."


def clean_image(content: bytes) -> CleanImage:
    """Check an upload and re-encode it so that nothing but its pixels survives.

    Only PNG, JPEG and WebP up to MAX_IMAGE_BYTES and MAX_IMAGE_PIXELS are taken. The image is
    turned upright (a photo's EXIF orientation), scaled down to MAX_SIDE, and its pixels are
    copied into a new image that is saved without EXIF, ICC, XMP or text chunks. ImageRefused
    with a Swedish message otherwise."""
    if not content:
        raise ImageRefused("Filen är tom. Välj en bild (PNG, JPEG eller WebP).")
    if len(content) > MAX_IMAGE_BYTES:
        raise ImageRefused(
            f"Bilden är för stor ({len(content) / 1024 / 1024:.1f} MB). "
            f"Den får vara högst {MAX_IMAGE_BYTES // 1024 // 1024} MB.".replace(".", ",", 1)
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=list(FORMATS)) as opened:
                kind = opened.format or ""
                if opened.width * opened.height > MAX_IMAGE_PIXELS:
                    raise ImageRefused("Bilden har för många bildpunkter. Förminska den först.")
                opened.load()
                upright = ImageOps.exif_transpose(opened)
    except ImageRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Warning) as error:
        raise ImageRefused(
            "Filen är ingen bild som går att läsa. Välj en PNG-, JPEG- eller WebP-bild."
        ) from error
    if kind not in FORMATS:
        raise ImageRefused("Bara PNG-, JPEG- och WebP-bilder går att ladda upp.")
    return _reencoded(upright, kind)


def _reencoded(image: Image.Image, kind: str) -> CleanImage:
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if has_alpha and kind != "JPEG" else "RGB"
    pixels = image.convert(mode)
    pixels.thumbnail((MAX_SIDE, MAX_SIDE))
    # A new image from the pixels alone: no info dictionary, palette tricks or trailing bytes.
    fresh = Image.frombytes(mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    if kind == "JPEG":
        fresh.save(out, "JPEG", quality=85, optimize=True)
    elif kind == "WEBP":
        fresh.save(out, "WEBP", quality=85)
    else:
        fresh.save(out, "PNG", optimize=True)
    return CleanImage(out.getvalue(), FORMATS[kind], fresh.width, fresh.height)

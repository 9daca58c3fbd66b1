"""The design area's plain rules: images, hypotheses, the steps that take tests, and its forms."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from PIL import Image, PngImagePlugin

from tests.design.factories import png_bytes
from tracker.clock import today
from tracker.design.forms import read_hypothesis_form, read_test_form, read_version_form
from tracker.design.rules import (
    MAX_IMAGE_BYTES,
    MAX_SIDE,
    ImageRefused,
    clean_image,
    default_test_step,
    hypothesis_sentence,
    takes_tests,
)
from tracker.phases.catalogue import PhaseCatalogue


def _saved(image: Image.Image, kind: str, **params: object) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **params)
    return out.getvalue()


def test_a_png_is_re_encoded_without_its_text_chunks() -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Anna Andersson, Storgatan 1")
    clean = clean_image(png_bytes(pnginfo=info))
    assert clean.media_type == "image/png"
    assert (clean.width, clean.height) == (40, 30)
    assert b"Anna" not in clean.data and b"Storgatan" not in clean.data
    with Image.open(io.BytesIO(clean.data)) as reopened:
        assert reopened.format == "PNG"
        assert "Comment" not in reopened.info


def test_a_jpeg_loses_its_exif_and_is_turned_upright() -> None:
    exif = Image.Exif()
    exif[0x010F] = "Kameratillverkare AB"  # Make
    exif[0x0112] = 6  # Orientation: rotated 90°, so the stored image lies on its side
    content = _saved(Image.new("RGB", (60, 20), "red"), "JPEG", exif=exif.tobytes())
    clean = clean_image(content)
    assert clean.media_type == "image/jpeg"
    assert (clean.width, clean.height) == (20, 60)
    assert b"Kameratillverkare" not in clean.data
    with Image.open(io.BytesIO(clean.data)) as reopened:
        assert not reopened.getexif()


def test_a_webp_with_transparency_stays_webp() -> None:
    content = _saved(Image.new("RGBA", (10, 10), (0, 0, 0, 0)), "WEBP")
    clean = clean_image(content)
    assert clean.media_type == "image/webp"


def test_hidden_bytes_after_the_image_do_not_survive() -> None:
    content = png_bytes() + b"<script>alert(1)</script>"
    assert b"<script>" not in clean_image(content).data


def test_a_large_image_is_scaled_down() -> None:
    clean = clean_image(png_bytes((MAX_SIDE * 2, 100)))
    assert clean.width == MAX_SIDE
    assert clean.height == 50


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "tom"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "ingen bild"),
        (b"%PDF-1.7 not an image", "ingen bild"),
        (_saved(Image.new("RGB", (5, 5)), "GIF"), "ingen bild"),
        (_saved(Image.new("RGB", (5, 5)), "BMP"), "ingen bild"),
        (png_bytes()[:40], "ingen bild"),
    ],
    ids=["empty", "svg", "pdf", "gif", "bmp", "truncated"],
)
def test_anything_but_a_whole_png_jpeg_or_webp_is_refused(content: bytes, message: str) -> None:
    with pytest.raises(ImageRefused, match=message):
        clean_image(content)


def test_a_file_over_the_size_limit_is_refused() -> None:
    with pytest.raises(ImageRefused, match="för stor"):
        clean_image(b"\x89PNG" + b"0" * MAX_IMAGE_BYTES)


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded() -> None:
    content = _saved(Image.new("1", (8000, 8000)), "PNG")  # 64 megapixels, a few kilobytes
    with pytest.raises(ImageRefused, match="bildpunkter"):
        clean_image(content)


def test_the_hypothesis_reads_as_one_sentence() -> None:
    assert (
        hypothesis_sentence("skickar en påminnelse.", " fler svara", "de glömmer,")
        == "Om vi skickar en påminnelse, så kommer fler svara, eftersom de glömmer."
    )


def test_tests_belong_to_the_steps_marked_in_the_step_files(catalogue: PhaseCatalogue) -> None:
    assert catalogue.test_steps == ("testa-ideer",)
    assert takes_tests(catalogue, "testa-ideer")
    assert not takes_tests(catalogue, "undersoka")
    assert default_test_step(catalogue, "testa-ideer") == "testa-ideer"
    assert default_test_step(catalogue, "ringa-in") == "testa-ideer"


def _hypothesis(**overrides: str) -> dict[str, str]:
    return {"if_we": "skickar sms", "outcome": "fler svarar", "because": "de glömmer"} | overrides


def test_a_hypothesis_needs_its_three_parts_and_an_offered_insight() -> None:
    data, fields = read_hypothesis_form(_hypothesis(), ["3"], [3, 4])
    assert data is not None and data.insight_ids == [3]
    data, fields = read_hypothesis_form(_hypothesis(outcome=" "), [], [3])
    assert data is None
    assert set(fields.errors) == {"outcome", "insights"}
    data, fields = read_hypothesis_form(_hypothesis(), ["9"], [3])  # not the project's insight
    assert data is None and "insights" in fields.errors


def _version(**overrides: str) -> dict[str, str]:
    return {"description": "Ny knapp", "made_on": "2026-02-10", "url": "", "image_alt": ""} | (
        overrides
    )


def test_a_version_has_an_image_with_alt_text_or_a_link() -> None:
    start = date(2026, 1, 1)
    assert read_version_form(_version(image_alt="Ett sms"), True, start)[0] is not None
    assert read_version_form(_version(url="https://example.org/p"), False, start)[0] is not None
    _, fields = read_version_form(_version(), True, start)
    assert "image_alt" in fields.errors
    _, fields = read_version_form(_version(), False, start)
    assert "image" in fields.errors
    _, fields = read_version_form(_version(url="javascript:alert(1)"), False, start)
    assert "url" in fields.errors
    _, fields = read_version_form(_version(made_on="2025-12-31", url="https://x.se"), False, start)
    assert "made_on" in fields.errors


def _test(**overrides: str) -> dict[str, str]:
    values = {
        "step": "testa-ideer",
        "prototype_version": "5",
        "method": "Rollspel",
        "tested_on": "2026-02-20",
        "target_group": "föräldrar i förskolan",
        "participants": "6",
        "observations": "De flesta hittade knappen.",
        "decision": "pilot",
        "result-1": "supported",
        "result-2": "",
    }
    return values | overrides


def _read_test(raw: dict[str, str]):  # type: ignore[no-untyped-def]
    return read_test_form(
        raw,
        steps=("testa-ideer",),
        versions=[5],
        hypotheses=[1, 2],
        project_start=date(2026, 1, 1),
    )


def test_a_test_is_read_with_its_results_per_hypothesis() -> None:
    data, fields = _read_test(_test())
    assert fields.errors == {}
    assert data is not None
    assert data.results == {1: "supported"}
    assert data.participants == 6


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"tested_on": (today() + timedelta(days=1)).isoformat()}, "tested_on"),
        ({"tested_on": "2025-12-31"}, "tested_on"),
        ({"step": "undersoka"}, "step"),
        ({"prototype_version": "6"}, "prototype_version"),
        ({"participants": "0"}, "participants"),
        ({"participants": "sex"}, "participants"),
        ({"observations": "Ring henne på 070-123 45 67."}, "observations"),
        ({"observations": "Anna Andersson hittade inte knappen."}, "observations"),
        ({"target_group": "Anna Andersson"}, "target_group"),
        ({"result-1": "", "result-2": ""}, "results"),
        ({"result-1": "kanske"}, "result-1"),
        ({"decision": "fundera"}, "decision"),
    ],
    ids=[
        "future",
        "before-project",
        "step-without-tests",
        "other-version",
        "nobody",
        "not-a-number",
        "phone",
        "name",
        "named-group",
        "no-result",
        "unknown-result",
        "unknown-decision",
    ],
)
def test_a_test_refuses_what_is_wrong(overrides: dict[str, str], field: str) -> None:
    data, fields = _read_test(_test(**overrides))
    assert data is None
    assert field in fields.errors

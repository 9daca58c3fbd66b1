"""The municipality using the tracker: name, address and logo, set once in a data file
(`lists/municipality.toml`, or the file `TRACKER_MUNICIPALITY` names) and validated at start-up
like the other lists. The report documents' headers and the public pages' footer use it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tracker import datafiles as df
from tracker.datafiles import DataFileError

LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")


@dataclass(frozen=True, slots=True)
class Municipality:
    name: str
    address: tuple[str, ...] = ()
    contact: str = ""  # a general channel: the switchboard's e-mail, phone or web address
    web: str = ""
    logo: Path | None = None  # a PNG or JPEG beside the data file

    @property
    def address_line(self) -> str:
        return ", ".join(self.address)


def load_municipality(path: Path) -> Municipality:
    shown = df.shown_path(path, path.parent)

    def fail(field: str | None, problem: str) -> DataFileError:
        return DataFileError(path, field, problem, shown)

    data = df.read_toml(path, fail)
    df.reject_unknown(data, ("name", "address", "contact", "logo", "web"), "", fail)
    name = df.text(df.required(data, "name", "", fail), "name", fail)
    address = df.texts(data.get("address", []), "address", fail)
    web = df.text(data["web"], "web", fail) if "web" in data else ""
    contact = df.text(data["contact"], "contact", fail) if "contact" in data else ""
    logo = None
    if "logo" in data:
        logo = path.parent / df.text(data["logo"], "logo", fail)
        if logo.suffix.lower() not in LOGO_SUFFIXES:
            raise fail("logo", "måste vara en PNG- eller JPEG-fil")
        if not logo.is_file():
            raise fail("logo", f"pekar på en fil som inte finns ({logo.name})")
    return Municipality(name=name, address=address, contact=contact, web=web, logo=logo)

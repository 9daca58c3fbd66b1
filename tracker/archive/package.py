"""The delivery package (FGS Paketstruktur 2.0 = E-ARK CSIP 2.1 + E-ARK SIP 2.1), for any kind of
record: a folder named after the package's OBJID, zipped, holding

    METS.xml                          the package: header, metadata, files with SHA-256, map
    metadata/descriptive/erms.xml     the case in CITS ERMS (FGS Ärendehantering 2.0)
    metadata/preservation/premis.xml  PREMIS: each file's checksum, size and format, the events
    documentation/om-paketet.txt      what the package holds, in plain Swedish
    schemas/…                         the schema of the record's XML data
    representations/rep1/METS.xml     the representation and its files
    representations/rep1/data/…       the documents (PDF/A-2) and the data (CSV, XML, JSON)

Each kind of record hands over its files and its case (tracker/archive/providers); this module
writes the same package for all of them.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version

from lxml import etree

from tracker.archive import premis

METS = "http://www.loc.gov/METS/"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NSMAP = {None: METS, "csip": CSIP, "sip": SIP, "xlink": XLINK, "xsi": XSI}
SCHEMA_LOCATION = (
    "http://www.loc.gov/METS/ http://www.loc.gov/standards/mets/mets.xsd "
    "http://www.w3.org/1999/xlink http://www.loc.gov/standards/mets/xlink.xsd "
    "https://DILCIS.eu/XML/METS/CSIPExtensionMETS "
    "https://earkcsip.dilcis.eu/schema/DILCISExtensionMETS.xsd "
    "https://DILCIS.eu/XML/METS/SIPExtensionMETS "
    "https://earksip.dilcis.eu/schema/DILCISExtensionSIPMETS.xsd"
)
PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
CONTENT_TYPE = "citserms_v2_1"  # CITS ERMS: what FGS Ärendehantering 2.0 is
SOFTWARE = "Tjänstedesignspåraren (tracker)"
OTHER_TYPES = {"Documentation": "Dokumentation", "Schemas": "XML-scheman"}
REPRESENTATION = "representations/rep1"


def software_version() -> str:
    try:
        return version("tracker")
    except PackageNotFoundError:  # pragma: no cover - run from a checkout without install
        return "0"


@dataclass(frozen=True, slots=True)
class PackageFile:
    """One file of the package: where it goes (from the package's root), its bytes, its type."""

    path: str
    data: bytes
    mime: str
    format_name: str = ""  # as PREMIS names it, e.g. "PDF/A-2b"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class Contents:
    """What a kind of record puts in its package."""

    label: str  # "Rapport KS 2026/0123, version 2: …"
    producer: str  # the municipality (the archive creator, arkivbildaren)
    documents: Sequence[PackageFile]  # under representations/rep1/data/
    schemas: Sequence[PackageFile]  # under schemas/
    erms: bytes  # the case in CITS ERMS XML
    record_created: datetime  # when the record came about (the PREMIS creation event)
    notes: Sequence[str] = field(default=())  # lines for documentation/om-paketet.txt


@dataclass(frozen=True, slots=True)
class Built:
    objid: str
    file_name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _id() -> str:
    return f"uuid-{uuid.uuid4()}"


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _xml(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _header(parent: etree._Element, created: str, producer: str) -> None:
    header = etree.SubElement(
        parent, _q(METS, "metsHdr"), CREATEDATE=created, LASTMODDATE=created, RECORDSTATUS="NEW"
    )
    header.set(_q(CSIP, "OAISPACKAGETYPE"), "SIP")
    software = etree.SubElement(
        header, _q(METS, "agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE"
    )
    etree.SubElement(software, _q(METS, "name")).text = SOFTWARE
    note = etree.SubElement(software, _q(METS, "note"))
    note.text = software_version()
    note.set(_q(CSIP, "NOTETYPE"), "SOFTWARE VERSION")
    organisation = etree.SubElement(
        header, _q(METS, "agent"), ROLE="ARCHIVIST", TYPE="ORGANIZATION"
    )
    etree.SubElement(organisation, _q(METS, "name")).text = producer


def _file(group: etree._Element, item: PackageFile, created: str, href: str) -> str:
    file_id = _id()
    element = etree.SubElement(
        group,
        _q(METS, "file"),
        ID=file_id,
        MIMETYPE=item.mime,
        SIZE=str(len(item.data)),
        CREATED=created,
        CHECKSUM=item.sha256,
        CHECKSUMTYPE="SHA-256",
    )
    location = etree.SubElement(element, _q(METS, "FLocat"), LOCTYPE="URL")
    location.set(_q(XLINK, "type"), "simple")
    location.set(_q(XLINK, "href"), href)
    return file_id


def _md_ref(parent: etree._Element, item: PackageFile, created: str, mdtype: str) -> None:
    ref = etree.SubElement(
        parent,
        _q(METS, "mdRef"),
        LOCTYPE="URL",
        MDTYPE=mdtype,
        MIMETYPE=item.mime,
        SIZE=str(len(item.data)),
        CREATED=created,
        CHECKSUM=item.sha256,
        CHECKSUMTYPE="SHA-256",
    )
    if mdtype == "OTHER":
        ref.set("OTHERMDTYPE", "ERMS")
    ref.set(_q(XLINK, "type"), "simple")
    ref.set(_q(XLINK, "href"), item.path)


def _root(objid: str, label: str, created: str, producer: str) -> etree._Element:
    root = etree.Element(
        _q(METS, "mets"), nsmap=NSMAP, OBJID=objid, LABEL=label, TYPE="Mixed", PROFILE=PROFILE
    )
    root.set(_q(CSIP, "CONTENTINFORMATIONTYPE"), CONTENT_TYPE)
    root.set(_q(XSI, "schemaLocation"), SCHEMA_LOCATION)
    _header(root, created, producer)
    return root


def representation_mets(objid: str, contents: Contents, created: str) -> PackageFile:
    """representations/rep1/METS.xml: the representation's own files (paths from its folder)."""
    root = _root(f"{objid}-rep1", contents.label, created, contents.producer)
    files = etree.SubElement(root, _q(METS, "fileSec"), ID=_id())
    group = etree.SubElement(files, _q(METS, "fileGrp"), ID=_id(), USE="Data")
    ids = [
        _file(group, item, created, item.path.removeprefix(f"{REPRESENTATION}/"))
        for item in contents.documents
    ]
    structure = etree.SubElement(
        root, _q(METS, "structMap"), ID=_id(), TYPE="PHYSICAL", LABEL="CSIP"
    )
    top = etree.SubElement(structure, _q(METS, "div"), ID=_id(), LABEL=f"{objid}-rep1")
    data = etree.SubElement(top, _q(METS, "div"), ID=_id(), LABEL="Data")
    for file_id in ids:
        etree.SubElement(data, _q(METS, "fptr"), FILEID=file_id)
    return PackageFile(f"{REPRESENTATION}/METS.xml", _xml(root), "application/xml", "METS")


def _documentation(objid: str, contents: Contents) -> PackageFile:
    lines = [
        f"Leveranspaket {objid}",
        contents.label,
        f"Arkivbildare: {contents.producer}",
        "",
        "Paketet följer FGS Paketstruktur 2.0 (E-ARK CSIP 2.1 och SIP 2.1) och beskriver",
        "ärendet enligt FGS Ärendehantering 2.0 (CITS ERMS) i metadata/descriptive/erms.xml.",
        "Varje fil har sin SHA-256 i METS.xml och i metadata/preservation/premis.xml.",
        "",
        "Filer i representations/rep1/data:",
        *(f"- {item.name}: {item.format_name or item.mime}" for item in contents.documents),
        *contents.notes,
    ]
    text = "\n".join(lines) + "\n"
    return PackageFile("documentation/om-paketet.txt", text.encode("utf-8"), "text/plain")


def _group(files: etree._Element, use: str, items: Sequence[PackageFile], created: str) -> str:
    group_id = _id()
    group = etree.SubElement(files, _q(METS, "fileGrp"), ID=group_id, USE=use)
    # eark-validator 1.1.3 reads CSIP62/CSIP63 so that a file group passes only when it names its
    # content information type as OTHER with the other type stated: so every group says what it
    # holds that way (the package itself says citserms_v2_1 on its root).
    group.set(_q(CSIP, "CONTENTINFORMATIONTYPE"), "OTHER")
    group.set(_q(CSIP, "OTHERCONTENTINFORMATIONTYPE"), OTHER_TYPES.get(use, CONTENT_TYPE))
    for item in items:
        _file(group, item, created, item.path)
    return group_id


def _fptr_div(parent: etree._Element, label: str, group_id: str) -> None:
    div = etree.SubElement(parent, _q(METS, "div"), ID=_id(), LABEL=label)
    etree.SubElement(div, _q(METS, "fptr"), FILEID=group_id)


def package_files(objid: str, contents: Contents, moment: datetime) -> list[PackageFile]:
    """Every file of the package, METS.xml first."""
    created = _stamp(moment)
    erms = PackageFile("metadata/descriptive/erms.xml", contents.erms, "application/xml", "ERMS")
    documentation = _documentation(objid, contents)
    rep_mets = representation_mets(objid, contents, created)
    preservation = PackageFile(
        "metadata/preservation/premis.xml",
        premis.document(objid, contents.documents, contents.record_created, moment, SOFTWARE),
        "application/xml",
        "PREMIS",
    )
    root = _root(objid, contents.label, created, contents.producer)
    dmd_id, amd_id, digiprov_id = _id(), _id(), _id()
    dmd = etree.SubElement(root, _q(METS, "dmdSec"), ID=dmd_id, CREATED=created, STATUS="CURRENT")
    _md_ref(dmd, erms, created, "OTHER")
    amd = etree.SubElement(root, _q(METS, "amdSec"), ID=amd_id)
    digiprov = etree.SubElement(amd, _q(METS, "digiprovMD"), ID=digiprov_id, STATUS="CURRENT")
    _md_ref(digiprov, preservation, created, "PREMIS")
    files = etree.SubElement(root, _q(METS, "fileSec"), ID=_id())
    documentation_group = _group(files, "Documentation", [documentation], created)
    schemas_group = _group(files, "Schemas", contents.schemas, created)
    representation_group = _group(files, "Representations/rep1", [rep_mets], created)
    structure = etree.SubElement(
        root, _q(METS, "structMap"), ID=_id(), TYPE="PHYSICAL", LABEL="CSIP"
    )
    top = etree.SubElement(structure, _q(METS, "div"), ID=_id(), LABEL=objid)
    etree.SubElement(
        top, _q(METS, "div"), ID=_id(), LABEL="Metadata", DMDID=dmd_id, ADMID=digiprov_id
    )
    _fptr_div(top, "Documentation", documentation_group)
    _fptr_div(top, "Schemas", schemas_group)
    # CSIP 2.1 as eark-validator reads it: one "Representations" division pointing both at the
    # representations' file group and at the representation's own METS.xml.
    representation = etree.SubElement(top, _q(METS, "div"), ID=_id(), LABEL="Representations")
    pointer = etree.SubElement(representation, _q(METS, "mptr"), LOCTYPE="URL")
    pointer.set(_q(XLINK, "type"), "simple")
    pointer.set(_q(XLINK, "href"), rep_mets.path)
    pointer.set(_q(XLINK, "title"), representation_group)
    etree.SubElement(representation, _q(METS, "fptr"), FILEID=representation_group)
    mets = PackageFile("METS.xml", _xml(root), "application/xml", "METS")
    return [
        mets,
        erms,
        preservation,
        documentation,
        *contents.schemas,
        rep_mets,
        *contents.documents,
    ]


def build(contents: Contents, moment: datetime, stem: str) -> Built:
    """The package as a ZIP: one folder, named after the OBJID, holding every file."""
    objid = _id()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in package_files(objid, contents, moment):
            info = zipfile.ZipInfo(f"{objid}/{item.path}", date_time=moment.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, item.data)
    return Built(objid=objid, file_name=f"{stem}.zip", data=out.getvalue())

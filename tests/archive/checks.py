"""What every delivery package must pass: the E-ARK validator (eark-validator, CSIP and SIP
2.1), the ERMS schema, the checksums in METS, and PDF/A-2 declared in the PDFs' XMP."""

from __future__ import annotations

import hashlib
import io
import urllib.request
import urllib.response
import zipfile
from email.message import Message
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree
from pypdf import PdfReader

HERE = Path(__file__).parent
METS = "{http://www.loc.gov/METS/}"
XLINK = "{http://www.w3.org/1999/xlink}"


@lru_cache(maxsize=1)
def erms_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(HERE / "ERMS.xsd")))


def unpack(package: bytes, into: Path) -> Path:
    """The package's one root folder, unpacked."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        roots = {name.split("/", 1)[0] for name in archive.namelist()}
        assert len(roots) == 1, roots
        archive.extractall(into)
    return into / roots.pop()


class _PackagedVocabularies(urllib.request.BaseHandler):
    """eark-validator 1.1.3 reads the CSIP vocabularies from earkcsip.dilcis.eu when it is first
    imported; it ships the same files, so they are read from the package (tests run offline)."""

    handler_order = 100  # before the default HTTPS handler

    def https_open(self, request: urllib.request.Request) -> urllib.response.addinfourl | None:
        from eark_validator.ipxml.resources import vocabs
        from importlib_resources import files

        url = request.full_url
        if not url.startswith(VOCABULARIES):
            return None  # not ours: the next handler tries
        path = Path(str(files(vocabs).joinpath(url.removeprefix(VOCABULARIES))))
        response = urllib.response.addinfourl(io.BytesIO(path.read_bytes()), Message(), url, 200)
        response.msg = "OK"
        return response


VOCABULARIES = "https://earkcsip.dilcis.eu/schema/"


def eark_errors(package_file: Path) -> list[str]:
    """What eark-validator finds wrong (errors only), validating the ZIP as an archive would."""
    urllib.request.install_opener(urllib.request.build_opener(_PackagedVocabularies()))
    try:
        from eark_validator.packages import PackageValidator
    finally:
        urllib.request.install_opener(None)  # type: ignore[arg-type]  # back to the default
    from eark_validator.specifications.specification import SpecificationVersion

    report = PackageValidator(package_file, SpecificationVersion.V2_1_0).validation_report
    problems = [
        f"structure {message.rule_id}: {message.message}"
        for message in report.structure.messages
        if message.severity.value == "Error"
    ]
    if report.metadata is None:
        return [*problems, f"structure status {report.structure.status}"]
    for results in (report.metadata.schema_results, report.metadata.schematron_results):
        problems += [
            f"{message.rule_id}: {message.message} ({message.location})"
            for message in results.messages
            if message.severity.value == "Error" and not _validator_defect(message)
        ]
    return problems


def _validator_defect(message: Any) -> bool:
    """eark-validator 1.1.3's SIP14 asks every CREATOR agent's note for an unprefixed NOTETYPE
    of IDENTIFICATIONCODE. The software agent that CSIP10-16 require is a CREATOR with exactly
    one note, typed csip:NOTETYPE="SOFTWARE VERSION" (CSIP16), and METS allows no unprefixed
    attribute on a note: no package can pass both. Only that one finding, on that agent, is
    set aside; every other error fails the test."""
    return (
        message.rule_id == "SIP14"
        and "mets:agent[@ROLE = 'CREATOR']/mets:note" in str(message.location)
        and "[local-name()='agent' and namespace-uri()='http://www.loc.gov/METS/'][1]"
        in str(message.location)
    )


def checksum_problems(root: Path) -> list[str]:
    """Each file and metadata reference in each METS.xml has the SHA-256 and size of its file."""
    problems = []
    for mets in [root / "METS.xml", *root.glob("representations/*/METS.xml")]:
        tree = etree.parse(str(mets))
        base = mets.parent
        for element in tree.iter(f"{METS}file", f"{METS}mdRef"):
            href = (
                element.get(f"{XLINK}href")
                if element.tag == f"{METS}mdRef"
                else element.find(f"{METS}FLocat").get(f"{XLINK}href")
            )
            data = (base / href).read_bytes()
            if element.get("CHECKSUMTYPE") != "SHA-256":
                problems.append(f"{href}: {element.get('CHECKSUMTYPE')}")
            if hashlib.sha256(data).hexdigest() != element.get("CHECKSUM"):
                problems.append(f"{href}: checksum")
            if str(len(data)) != element.get("SIZE"):
                problems.append(f"{href}: size")
    return problems


def pdfa_part(pdf: bytes) -> tuple[str, str]:
    """(pdfaid:part, pdfaid:conformance) from the PDF's XMP metadata."""
    xmp = PdfReader(io.BytesIO(pdf)).xmp_metadata
    assert xmp is not None, "no XMP metadata"
    ns = "http://www.aiim.org/pdfa/ns/id/"
    root = xmp.rdf_root
    for description in root.getElementsByTagNameNS(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "Description"
    ):
        part = description.getAttributeNS(ns, "part") or _child_text(description, ns, "part")
        if part:
            conformance = description.getAttributeNS(ns, "conformance") or _child_text(
                description, ns, "conformance"
            )
            return part, conformance
    return "", ""


def _child_text(element, ns: str, name: str) -> str:  # type: ignore[no-untyped-def]
    for child in element.getElementsByTagNameNS(ns, name):
        return "".join(node.data for node in child.childNodes if node.nodeType == node.TEXT_NODE)
    return ""


def assert_valid_package(package: bytes, tmp_path: Path) -> Path:
    """Every check; returns the unpacked root for the caller's own checks."""
    package_file = tmp_path / "package.zip"
    package_file.write_bytes(package)
    errors = eark_errors(package_file)
    assert errors == [], "\n".join(errors)
    root = unpack(package, tmp_path / "unpacked")
    assert checksum_problems(root) == []
    erms = etree.parse(str(root / "metadata" / "descriptive" / "erms.xml"))
    schema = erms_schema()
    assert schema.validate(erms), schema.error_log
    for pdf in root.glob("representations/rep1/data/*.pdf"):
        assert pdfa_part(pdf.read_bytes()) == ("2", "B"), pdf.name
    return root

"""Evidence files: what we accept, judged by the bytes and never by the name."""

import zipfile

from django.core.exceptions import ValidationError

MAX_BYTES = 10 * 1024 * 1024
KINDS = {
    "pdf": "PDF",
    "docx": "Word document (.docx)",
    "xlsx": "Excel workbook (.xlsx)",
    "png": "PNG image",
    "jpeg": "JPEG image",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
EXTENSIONS = {
    "pdf": (".pdf",),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
    "png": (".png",),
    "jpeg": (".jpg", ".jpeg"),
}
ALLOWED = "a PDF, a Word document (.docx), an Excel workbook (.xlsx), a PNG or a JPEG"


def sniff_kind(head: bytes, zip_names: list[str] | None = None) -> str | None:
    """The kind of file its first bytes (and, for a zip, its member names) show, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04") and zip_names is not None:
        names = set(zip_names)
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
    return None


def kind_of(file) -> str | None:
    """The kind of an open file, judged by its bytes as on upload; the file is left at 0."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    zip_names = None
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as archive:
                zip_names = archive.namelist()
        except zipfile.BadZipFile:
            zip_names = None
        file.seek(0)
    return sniff_kind(head, zip_names)


def download(kind: str | None, name: str) -> tuple[str, str]:
    """The Content-Type and file name to serve stored evidence with: the type of its content
    (application/octet-stream if it no longer passes), and a name ending as that type does,
    so that neither the browser nor the desktop opens a PDF named .html as a web page."""
    if kind is None:
        return "application/octet-stream", name
    if not name.lower().endswith(EXTENSIONS[kind]):
        name = f"{name}{EXTENSIONS[kind][0]}"
    return CONTENT_TYPES[kind], name


def validate_evidence_file(upload) -> str:
    """Raise ValidationError unless the upload is an accepted kind of at most 10 MB; returns
    the kind."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            f"The file must be 10 MB or smaller; this one is {upload.size / 1024 / 1024:.1f} MB."
        )
    kind = kind_of(upload)
    if kind is None:
        raise ValidationError(
            f"The file must be {ALLOWED}. “{upload.name}” is not one of these, whatever its "
            "name says."
        )
    return kind

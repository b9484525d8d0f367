"""Import speed and memory: XLSX files of 5,000 and 50,000 initiatives (preview and confirm), and
malicious spreadsheets (huge declared dimensions, a zip bomb, a 200,000-row CSV) through the admin.

Each measurement runs in a fresh Python process (`manage.py bench_import_step`), so its peak
resident memory (ru_maxrss) is that step's alone: maxrss never goes down within one process.
Every step runs inside one transaction that is rolled back, so the database keeps no rows.
"""

import io
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile

SIZES = (5000, 50000)
MEMORY_LIMIT_MIB = 500


def build_workbook(providers, themes, rows=5000):
    """XLSX bytes with `rows` valid initiatives for the given provider and theme names."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Gegevens")
    sheet.append(
        ["externe referentie", "titel", "aanbieder", "korte omschrijving", "thema's", "soort activiteit",
         "praktijkgerichtheid", "po vanaf groep", "po tot en met groep", "breedtegraad", "lengtegraad", "gratis"]
    )  # fmt: skip
    for index in range(rows):
        sheet.append(
            [
                f"BENCH-{index:05d}",
                f"Benchmarkactiviteit {index}",
                providers[index % len(providers)],
                "Leerlingen bouwen en testen iets zelf.",
                themes[index % len(themes)],
                "workshop",
                3,
                5,
                8,
                f"51,{900000 + index % 50000:06d}",
                f"4,{400000 + index % 90000:06d}",
                "ja",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def wide_workbook():
    """An XLSX that declares 16,384 columns (cell XFD1) over 2,000 rows, as in the issue."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in range(1, 2001):
        sheet.cell(row=row, column=1, value="titel" if row == 1 else f"Rij {row}")
    sheet.cell(row=1, column=16384, value="x")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bomb():
    """A small XLSX whose sheet unpacks to 1 GiB of whitespace."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["titel"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                with archive.open(item.filename, "w", force_zip64=True) as target:
                    head, tail = data.split(b"<sheetData>")
                    target.write(head + b"<sheetData>")
                    chunk = b" " * (1024 * 1024)
                    for _ in range(1024):
                        target.write(chunk)
                    target.write(tail)
                continue
            archive.writestr(item, data)
    return out.getvalue()


def long_csv(rows=200_000):
    header = "titel;aanbieder;korte omschrijving;soort activiteit;praktijkgerichtheid\r\n"
    return (header + "".join(f"Rij {n};TechLab;Tekst;workshop;3\r\n" for n in range(rows))).encode("cp1252")


def _step(*args):
    """Run one measured step in a fresh process; returns its JSON answer."""
    command = [sys.executable, "manage.py", "bench_import_step", *args]
    # Our own manage.py with arguments built here: no untrusted input.
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy(), check=False)  # noqa: S603
    if done.returncode != 0:
        return {"error": (done.stderr or done.stdout).strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(report):
    with tempfile.TemporaryDirectory() as folder:
        report.section(
            f"Malicious spreadsheets through the admin import (target: refused in seconds, < {MEMORY_LIMIT_MIB} MiB)"
        )
        for name, make, file_name in (
            ("16,384 declared columns", wide_workbook, "breed.xlsx"),
            ("zip bomb (1 GiB unpacked)", zip_bomb, "bom.xlsx"),
            ("200,000-row CSV", long_csv, "lang.csv"),
        ):
            path = os.path.join(folder, file_name)
            with open(path, "wb") as handle:
                handle.write(make())
            started = time.perf_counter()
            answer = _step("file", path)
            if "error" in answer:
                report.row(name, f"failed: {answer['error']}")
                continue
            verdict = "OK" if answer["refused"] and answer["peak_mib"] < MEMORY_LIMIT_MIB else "NOT REFUSED"
            report.row(
                f"{name} ({os.path.getsize(path) / 1024:.0f} KiB)",
                f"{answer['seconds']:5.2f} s   peak RSS {answer['peak_mib']:5.0f} MiB   {verdict}: {answer['message']}"
                f"   (process {time.perf_counter() - started:.1f} s)",
            )
        for rows in SIZES:
            report.section(f"Import: {rows:,} rows of initiatives from XLSX (fresh process per step)")
            total = 0.0
            for step in ("preview", "confirm"):
                answer = _step("rows", str(rows), step)
                if "error" in answer:
                    report.row(step, f"failed: {answer['error']}")
                    continue
                total += answer["seconds"]
                report.row(
                    step,
                    f"{answer['seconds']:6.1f} s (CPU {answer['cpu']:6.1f} s)   "
                    f"{rows / answer['cpu']:7.0f} rows/CPU-s   "
                    f"peak RSS {answer['peak_mib']:6.0f} MiB   new {answer['new']}   invalid {answer['invalid']}",
                )
            report.row("preview + confirm", f"{total:6.1f} s")

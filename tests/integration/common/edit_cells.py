"""Changes cells of a workbook with openpyxl, as a person editing a return would.

    python3 edit_cells.py IN OUT SHEET!CELL=VALUE ...

VALUE `n:10.5` is a number, `p:0.057` a number formatted as a percentage (shown 5.7%), `s:text` a string, `f:2*5` a formula (saved without its result, as
openpyxl saves it), empty clears the cell.
"""

import sys

import openpyxl


def main(source, target, *edits):
    book = openpyxl.load_workbook(source)
    for edit in edits:
        place, value = edit.split("=", 1)
        sheet, cell = place.split("!")
        if value.startswith("p:"):
            value = float(value[2:])
            book[sheet][cell].number_format = "0.0%"
        elif value.startswith("n:"):
            value = float(value[2:])
        elif value.startswith("s:"):
            value = value[2:]
        elif value.startswith("f:"):
            value = "=" + value[2:]
        else:
            value = None
        book[sheet][cell].value = value
    book.save(target)


if __name__ == "__main__":
    main(*sys.argv[1:])

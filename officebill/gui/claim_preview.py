"""Pages of our own PDFs on screen and on paper: pypdfium2 rasterizes, Qt shows or prints.

PySide6-Essentials has no QtPdf, so `PdfPages` turns the bytes the claim renderer
made into QImages (one page at a time, at any resolution). `PagePreview` is the
scrollable page view with page navigation and zoom used by the Claims screen, the
print dialog and the alignment dialog; `PagePreview.show_claims(office, ids, ...)` makes the
claims' PDF in the background on the worker's own office (the first claim first, so page 1
shows as soon as it is ready, then the whole batch), and only the page shown is rasterized.
`print_pdf(pdf, printer)` draws every page
at 1:1 physical size on a US Letter page with no margins and no scaling, so the
data lands where the CMS-1500 layout put it.
"""
from __future__ import annotations

from collections.abc import Callable

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence, QPageLayout, QPageSize, QPainter, QPalette, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

POINTS_PER_INCH = 72.0
LETTER_POINTS = (612.0, 792.0)
ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)  # of the page at 96 dpi on screen
READABLE_WIDTH = 816  # pixels of a letter page at its real size (100 %, 96 dpi): the large view shows no less
LARGE_VIEW_KEY = "F11"  # the page in a large window
MAX_PRINT_DPI = 600  # enough for Courier on a form; keeps one page bitmap below ~140 MB


class PdfPages:
    """A PDF held in memory; `image(n, dpi)` renders page n (0-based) as a QImage."""

    def __init__(self, pdf: bytes):
        self._pdf = bytes(pdf)  # pdfium reads from this buffer for the document's lifetime
        self._doc = pdfium.PdfDocument(self._pdf)

    def __len__(self) -> int:
        return len(self._doc)

    def size_points(self, index: int) -> tuple[float, float]:
        return tuple(self._doc[index].get_size())

    def image(self, index: int, dpi: float = 96.0, *, grayscale: bool = False) -> QImage:
        page = self._doc[index]
        if grayscale:
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, grayscale=True)
            fmt = QImage.Format.Format_Grayscale8
        else:
            bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True, prefer_bgrx=True)
            fmt = QImage.Format.Format_RGBX8888
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()  # own the pixels
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
        return image

    def close(self) -> None:
        self._doc.close()


def letter_printer_layout(printer) -> None:
    """US Letter, portrait, full page, no margins: the printer must not move or scale anything."""
    printer.setFullPage(True)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter), QPageLayout.Orientation.Portrait,
                                      QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))


def print_pdf(pdf: bytes, printer, progress: Callable[[float, str], None] | None = None) -> int:
    """Draw every page of `pdf` on `printer` at 1:1 physical size (no scaling); returns the pages printed.

    Each page is rasterized at the printer's resolution (at most MAX_PRINT_DPI) and drawn from the
    paper's top-left corner at its size in points. Safe to call from a worker thread (QPainter on a
    QPrinter is allowed off the GUI thread) as long as nothing else uses the printer meanwhile.
    """
    pages = PdfPages(pdf)
    count = len(pages)
    letter_printer_layout(printer)
    device_dpi = printer.resolution()
    raster_dpi = min(device_dpi, MAX_PRINT_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise RuntimeError("The printer could not be opened; check that it is switched on and try again.")
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, raster_dpi != device_dpi)
        for index in range(len(pages)):
            if index:
                printer.newPage()
            width_pt, height_pt = pages.size_points(index)
            image = pages.image(index, raster_dpi, grayscale=False)
            # the target is the page's physical size in device pixels; from (0, 0) of the paper
            target = QRectF(0, 0, width_pt / POINTS_PER_INCH * device_dpi, height_pt / POINTS_PER_INCH * device_dpi)
            painter.drawImage(target, image)
            if progress is not None:
                progress((index + 1) / len(pages), f"Printing page {index + 1} of {len(pages)}")
    finally:
        painter.end()
        pages.close()
    return count


def _claims_pdf(claim_ids: list[int], mode: str, offset_x_mm: float, offset_y_mm: float):
    """A worker action: the claims' preview PDF, read and rendered on the worker's own office."""

    def action(office, _progress) -> bytes | None:
        claims = [c for c in (office.claims.get(i) for i in claim_ids) if c is not None]
        return office.printing.preview(claims, mode, offset_x_mm, offset_y_mm) if claims else None

    return action


class PagePreview(QWidget):
    """Scrollable view of a PDF's pages with page navigation (PgUp/PgDn), zoom (Ctrl++ / Ctrl+- / Ctrl+0 fits
    the width, and buttons) and a large view (F11, Large…: the page in a window of most of the screen).
    The keys work with the focus inside the preview, or inside the widget given to `install_keys`."""

    page_changed = Signal(int)
    rendered = Signal(int)  # show_claims finished: the whole batch is shown (its page count)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._pages: PdfPages | None = None
        self._page = 0
        self._zoom = 1.0
        self._image: QImage | None = None
        self._fit_pending = False
        self._generation = 0  # each show_claims / set_pdf; a slower, older rendering is dropped
        self.render_task = None
        self._pdf: bytes | None = None  # the document shown (for the large view)
        self._shortcuts: list[QShortcut] = []
        self.large_view: QDialog | None = None

        self.previous_button = QToolButton(text="◀")
        self.previous_button.setToolTip("Previous page (Page Up)")
        self.previous_button.setAccessibleName("Previous page")
        self.next_button = QToolButton(text="▶")
        self.next_button.setToolTip("Next page (Page Down)")
        self.next_button.setAccessibleName("Next page")
        self.page_label = QLabel("No pages")
        self.zoom_combo = QComboBox()
        self.zoom_combo.setAccessibleName("Zoom")
        self.zoom_combo.setToolTip("Zoom (Ctrl++ / Ctrl+-; Ctrl+0: fit the page's width to the pane)")
        self.zoom_combo.addItem("Fit width", 0.0)
        for zoom in ZOOMS:
            self.zoom_combo.addItem(f"{round(zoom * 100)} %", zoom)
        self.zoom_combo.setCurrentIndex(0)
        self.zoom_out_button = QToolButton(text="−")
        self.zoom_out_button.setToolTip("Zoom out (Ctrl+-)")
        self.zoom_out_button.setAccessibleName("Zoom out")
        self.zoom_in_button = QToolButton(text="+")
        self.zoom_in_button.setToolTip("Zoom in (Ctrl++)")
        self.zoom_in_button.setAccessibleName("Zoom in")
        self.large_button = QToolButton(text="Large…")
        self.large_button.setToolTip(f"The page in a large window, at a readable size ({LARGE_VIEW_KEY})")

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.page_label)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        zoom_label = QLabel("&Zoom:")
        zoom_label.setBuddy(self.zoom_combo)
        bar.addWidget(zoom_label)
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_combo)
        bar.addWidget(self.zoom_in_button)
        bar.addWidget(self.large_button)

        self.page_view = QLabel()
        self.page_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_view.setAccessibleName("Page preview")
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.page_view)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll.setBackgroundRole(QPalette.ColorRole.Dark)  # the paper stands out in light and dark palettes
        self.scroll.setMinimumSize(QSize(280, 160))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)

        self.previous_button.clicked.connect(lambda: self.show_page(self._page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self._page + 1))
        self.zoom_combo.currentIndexChanged.connect(lambda _i: self._render())
        self.zoom_out_button.clicked.connect(lambda: self._step_zoom(-1))
        self.zoom_in_button.clicked.connect(lambda: self._step_zoom(1))
        self.large_button.clicked.connect(self.open_large_view)
        for keys, step in ((QKeySequence.StandardKey.MoveToPreviousPage, -1),
                           (QKeySequence.StandardKey.MoveToNextPage, 1)):
            shortcut = QShortcut(keys, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.show_page(self._page + step))
        self.install_keys(self)
        self._update_controls()

    def install_keys(self, owner: QWidget) -> None:
        """Zoom in, out, fit and the large view by keys anywhere inside `owner` (a screen showing this preview
        beside its list), instead of only inside the preview."""
        for shortcut in self._shortcuts:
            shortcut.setEnabled(False)
            shortcut.deleteLater()
        self._shortcuts = []
        for keys, slot in (((QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")), lambda: self._step_zoom(1)),
                           ((QKeySequence.StandardKey.ZoomOut,), lambda: self._step_zoom(-1)),
                           ((QKeySequence("Ctrl+0"),), self.fit_width),
                           ((QKeySequence(LARGE_VIEW_KEY),), self.open_large_view)):
            for key in keys:
                shortcut = QShortcut(key, owner, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
                self._shortcuts.append(shortcut)

    def fit_width(self) -> None:
        self.zoom_combo.setCurrentIndex(0)

    def open_large_view(self) -> QDialog | None:
        """The page shown, in a window of most of the screen with its width fitted (readable); its own zoom
        and pages. None when there is nothing to show."""
        if self._pdf is None:
            return None
        dialog = QDialog(self.window())
        dialog.setWindowTitle(f"Preview: page {self._page + 1} of {self.page_count()}")
        large = PagePreview()
        large.large_button.hide()
        large.set_pdf(self._pdf)
        large.show_page(self._page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(large, 1)
        layout.addWidget(buttons)
        dialog.preview = large
        screen = (self.screen() or dialog.screen()).availableGeometry()
        dialog.resize(max(640, int(screen.width() * 0.9)), max(480, int(screen.height() * 0.92)))
        if dialog.width() < READABLE_WIDTH + 80:  # a small screen: the page at its real size, scrolled across
            large.zoom_combo.setCurrentIndex(large.zoom_combo.findData(1.0))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.large_view = dialog
        dialog.open()
        large.scroll.setFocus()
        return dialog

    # ------------------------------------------------------------ content
    def show_claims(self, office, claim_ids: list[int], mode: str, offset_x_mm: float, offset_y_mm: float, *,
                    keep_page: bool = False, empty_message: str = "No pages") -> None:
        """Render the claims' form in the background and show it: the first claim's pages as soon as
        they are made, then all of them (keeping the page shown). Nothing is marked printed."""
        from .background import in_own_office, run_in_background

        self._generation += 1
        generation = self._generation
        ids = list(claim_ids)
        if not ids:
            self.clear(empty_message)
            self.rendered.emit(0)
            return
        stages = [ids[:1], ids] if len(ids) > 1 else [ids]
        if not keep_page or not self.page_count():
            self.page_label.setText(f"Preparing the preview of {len(ids)} claim(s)…")

        def run(stage: int) -> None:
            self.render_task = run_in_background(
                in_own_office(office.path, _claims_pdf(stages[stage], mode, offset_x_mm, offset_y_mm)),
                parent=self, show_after_ms=24 * 3600 * 1000,  # the page label says it is being prepared
                on_done=lambda pdf: shown(stage, pdf), on_error=lambda exc: failed(exc))

        def shown(stage: int, pdf: bytes | None) -> None:
            if generation != self._generation:
                return  # another preview was asked for meanwhile
            last = stage == len(stages) - 1
            if pdf is None:
                self._clear(empty_message)
            else:
                self._set_pdf(pdf, keep_page=keep_page or stage > 0)
            if last:
                self.render_task = None
                self.rendered.emit(self.page_count())
            else:
                self.page_label.setText(self.page_label.text() + f" · preparing {len(ids)} claims…")
                run(stage + 1)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self.render_task = None
                self._clear(f"The preview could not be made: {exc}")
                self.rendered.emit(0)

        run(0)

    def is_rendering(self) -> bool:
        return self.render_task is not None and not self.render_task.done

    def set_pdf(self, pdf: bytes | None, *, keep_page: bool = False) -> None:
        self._generation += 1  # a background rendering still running must not replace this
        self._set_pdf(pdf, keep_page=keep_page)

    def _set_pdf(self, pdf: bytes | None, *, keep_page: bool = False) -> None:
        if self._pages is not None:
            self._pages.close()
        self._pdf = bytes(pdf) if pdf else None
        self._pages = PdfPages(pdf) if pdf else None
        if not keep_page:
            self._page = 0
        self._page = max(0, min(self._page, self.page_count() - 1))
        self._render()

    def clear(self, message: str = "No pages") -> None:
        self.set_pdf(None)
        self.page_view.setText(message)

    def _clear(self, message: str) -> None:
        self._set_pdf(None)
        self.page_view.setText(message)

    def page_count(self) -> int:
        return len(self._pages) if self._pages is not None else 0

    def current_page(self) -> int:
        return self._page

    def current_image(self) -> QImage | None:
        return self._image

    def show_page(self, index: int) -> None:
        if not self.page_count():
            return
        index = max(0, min(index, self.page_count() - 1))
        if index != self._page:
            self._page = index
            self._render()
            self.page_changed.emit(index)

    # ------------------------------------------------------------ drawing
    def _step_zoom(self, step: int) -> None:
        index = self.zoom_combo.currentIndex()
        if index == 0:  # from "fit width" go to the nearest fixed zoom
            index = 3
        self.zoom_combo.setCurrentIndex(max(1, min(self.zoom_combo.count() - 1, index + step)))

    def _dpi(self) -> float:
        zoom = self.zoom_combo.currentData() or 0.0
        ratio = self.devicePixelRatioF() or 1.0
        if zoom:
            return 96.0 * zoom * ratio
        width_pt = self._pages.size_points(self._page)[0] if self._pages else LETTER_POINTS[0]
        # the scroll area's inside width, less a vertical scroll bar (always counted, so fitting never oscillates)
        available = (self.scroll.width() - 2 * self.scroll.frameWidth()
                     - self.scroll.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent) - 8)
        available = max(200, available)
        return available / (width_pt / POINTS_PER_INCH) * ratio

    def _render(self) -> None:
        self._update_controls()
        if not self.page_count():
            self._image = None
            self.page_view.setPixmap(QPixmap())
            self.page_view.setText("No pages")
            return
        self._image = self._pages.image(self._page, self._dpi())
        pixmap = QPixmap.fromImage(self._image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF() or 1.0)
        self.page_view.setPixmap(pixmap)

    def _update_controls(self) -> None:
        count = self.page_count()
        self.page_label.setText(f"Page {self._page + 1} of {count}" if count else "No pages")
        self.previous_button.setEnabled(count > 0 and self._page > 0)
        self.next_button.setEnabled(count > 0 and self._page < count - 1)
        self.large_button.setEnabled(count > 0)
        index = self.zoom_combo.currentIndex()
        self.zoom_out_button.setEnabled(index != 1)
        self.zoom_in_button.setEnabled(index != self.zoom_combo.count() - 1)

    def resizeEvent(self, event) -> None:  # keep "fit width" fitting, once the layout has settled
        super().resizeEvent(event)
        if self.page_count() and not self.zoom_combo.currentData() and not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self._refit)

    def _refit(self) -> None:
        self._fit_pending = False
        if self.page_count() and not self.zoom_combo.currentData():
            self._render()

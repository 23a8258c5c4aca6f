"""PDFs other than the claim form (statements, receipts, reports), drawn with ReportLab from records: no SQL."""

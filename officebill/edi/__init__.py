"""X12 files: 837P claims written, 835 remittances and 999/277CA acknowledgments read. Records in, text out (and back); no SQL."""

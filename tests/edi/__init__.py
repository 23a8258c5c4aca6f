"""Tests of the X12 files: 837P out."""

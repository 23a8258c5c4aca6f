"""OfficeBill: billing for small US physician offices."""
__version__ = "0.1.0"
